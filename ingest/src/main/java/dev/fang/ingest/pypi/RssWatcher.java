package dev.fang.ingest.pypi;

import dev.fang.schema.PackageRelease;
import dev.fang.schema.ReleaseKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The lighter alternative to the changelog: polls PyPI's RSS feeds ({@code /rss/updates.xml}: the newest releases;
 * {@code /rss/packages.xml}: the newest projects), looks each new item up in the JSON API and emits it with source
 * {@value #SOURCE}.
 *
 * <p>It remembers what it has handled in a bounded insertion-ordered set (keys still present in the feed are
 * refreshed, so only keys that fell out of the feed are evicted). Memory is not persisted: after a restart the
 * items still in the feeds are emitted again (at-least-once; downstream dedupes by release key). Items are handled
 * oldest first; a release that answers 404 is remembered and not asked for again, one without files yet is retried
 * on the next poll. A lookup or sink failure throws; what was emitted before it stays remembered. RSS items cannot
 * tell when a release gains more files later — the changelog watcher can.
 *
 * <p>Not thread-safe; schedule {@link #poll()} from one thread.
 */
public final class RssWatcher {
    /** The {@link PackageRelease#getSource()} of records this watcher produces. */
    public static final String SOURCE = "pypi-rss";
    /** Keys remembered by default; PyPI's feeds hold 100 + 40 items. */
    public static final int DEFAULT_MEMORY = 5_000;
    private static final int MIN_MEMORY = 200;

    private static final Logger LOG = LoggerFactory.getLogger(RssWatcher.class);
    private static final String ACCEPT = "application/rss+xml, application/xml;q=0.9, text/xml;q=0.8";
    private static final String ADDED_SUFFIX = " added to PyPI";

    /** The feeds PyPI publishes. */
    public enum Feed {
        /** Newest releases: items titled {@code "<name> <version>"}. */
        UPDATES("/rss/updates.xml"),
        /** Newest projects: items titled {@code "<name> added to PyPI"}; the project's current release is emitted. */
        NEW_PROJECTS("/rss/packages.xml");

        private final String path;

        Feed(String path) {
            this.path = path;
        }

        public String path() {
            return path;
        }
    }

    private final URI baseUrl;
    private final PyPiJsonApi api;
    private final Consumer<PackageRelease> sink;
    private final List<Feed> feeds;
    private final int memory;
    private final LinkedHashSet<String> seen = new LinkedHashSet<>();

    /** Watches both feeds at {@code baseUrl} (e.g. {@code https://pypi.org}), remembering {@value #DEFAULT_MEMORY} keys. */
    public RssWatcher(URI baseUrl, PyPiJsonApi api, Consumer<PackageRelease> sink) {
        this(baseUrl, api, sink, EnumSet.allOf(Feed.class), DEFAULT_MEMORY);
    }

    /**
     * @param memory how many keys to remember; at least 200 so a whole feed always fits
     */
    public RssWatcher(URI baseUrl, PyPiJsonApi api, Consumer<PackageRelease> sink, Set<Feed> feeds, int memory) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.api = Objects.requireNonNull(api, "api");
        this.sink = Objects.requireNonNull(sink, "sink");
        if (feeds == null || feeds.isEmpty()) {
            throw new IllegalArgumentException("at least one feed is needed");
        }
        if (memory < MIN_MEMORY) {
            throw new IllegalArgumentException("memory must be >= " + MIN_MEMORY + ": " + memory);
        }
        this.feeds = List.copyOf(EnumSet.copyOf(feeds)); // UPDATES first: it names versions directly
        this.memory = memory;
    }

    /** How many keys are remembered right now (never more than the configured memory). */
    public int remembered() {
        return seen.size();
    }

    /**
     * One step: read each feed and emit the releases not handled before.
     *
     * @return how many releases were handed to the sink
     */
    public int poll() {
        int emitted = 0;
        for (Feed feed : feeds) {
            URI uri = PyPiHttp.resolve(baseUrl, feed.path());
            List<Item> items = items(uri, api.http().get(uri, ACCEPT));
            Collections.reverse(items); // feeds list newest first; handle oldest first
            for (Item item : items) {
                emitted += feed == Feed.UPDATES ? onRelease(item) : onNewProject(item);
            }
        }
        return emitted;
    }

    private int onRelease(Item item) {
        Optional<String[]> parsed = releaseOf(item);
        if (parsed.isEmpty()) {
            LOG.warn("ignoring an RSS item that names no release: title '{}', link '{}'", item.title(), item.link());
            return 0;
        }
        String name = parsed.get()[0];
        String version = parsed.get()[1];
        String key = ReleaseKeys.of(name, version);
        if (recall(key)) {
            return 0;
        }
        Optional<PackageRelease> release = api.release(name, version, SOURCE);
        if (release.isEmpty()) {
            LOG.info("{} {} from the RSS feed is gone from the index; skipping", name, version);
            remember(key);
            return 0;
        }
        return emit(key, release.get());
    }

    private int onNewProject(Item item) {
        String name = projectOf(item);
        if (name == null) {
            LOG.warn("ignoring an RSS item that names no project: title '{}', link '{}'", item.title(), item.link());
            return 0;
        }
        String projectKey = "project:" + ReleaseKeys.normalizeName(name);
        if (recall(projectKey)) {
            return 0;
        }
        Optional<PackageRelease> release = api.latestRelease(name, SOURCE);
        if (release.isEmpty()) {
            LOG.info("new project {} from the RSS feed is gone from the index; skipping", name);
            remember(projectKey);
            return 0;
        }
        String key = ReleaseKeys.of(release.get());
        if (recall(key)) { // its release already came through the updates feed
            remember(projectKey);
            return 0;
        }
        int n = emit(key, release.get());
        if (n > 0) {
            remember(projectKey);
        }
        return n;
    }

    private int emit(String key, PackageRelease release) {
        if (release.getFiles().isEmpty()) {
            LOG.debug("{} has no files yet; will look again", key);
            return 0;
        }
        sink.accept(release);
        remember(key);
        return 1;
    }

    /** True if the key was handled before; refreshes it so keys still in a feed are not evicted. */
    private boolean recall(String key) {
        if (seen.remove(key)) {
            seen.add(key);
            return true;
        }
        return false;
    }

    private void remember(String key) {
        seen.remove(key);
        seen.add(key);
        while (seen.size() > memory) {
            var it = seen.iterator();
            it.next();
            it.remove();
        }
    }

    record Item(String title, String link) {
    }

    static List<Item> items(URI uri, byte[] body) {
        Document doc = SafeXml.parse(body, uri.toString());
        Element root = doc.getDocumentElement();
        if (!"rss".equals(root.getTagName())) {
            throw new PyPiException("malformed RSS from " + uri + ": root is <" + root.getTagName() + ">, expected <rss>");
        }
        Element channel = SafeXml.child(root, "channel");
        if (channel == null) {
            throw new PyPiException("malformed RSS from " + uri + ": no <channel>");
        }
        List<Item> items = new ArrayList<>();
        for (Element item : SafeXml.children(channel, "item")) {
            items.add(new Item(orEmpty(SafeXml.childText(item, "title")), orEmpty(SafeXml.childText(item, "link"))));
        }
        return items;
    }

    /** {@code [name, version]} from a title {@code "<name> <version>"}, else from a link {@code .../project/<name>/<version>/}. */
    static Optional<String[]> releaseOf(Item item) {
        String[] words = item.title().trim().split("\\s+");
        if (words.length == 2 && plausible(words[0]) && plausible(words[1])) {
            return Optional.of(words);
        }
        List<String> tail = projectPath(item.link());
        if (tail.size() == 2) {
            return Optional.of(new String[] {tail.get(0), tail.get(1)});
        }
        return Optional.empty();
    }

    /** The name from a title {@code "<name> added to PyPI"}, else from a link {@code .../project/<name>/}. */
    static String projectOf(Item item) {
        String title = item.title().trim();
        if (title.endsWith(ADDED_SUFFIX)) {
            String name = title.substring(0, title.length() - ADDED_SUFFIX.length()).trim();
            if (plausible(name) && !name.contains(" ")) {
                return name;
            }
        }
        List<String> tail = projectPath(item.link());
        return tail.size() == 1 ? tail.get(0) : null;
    }

    private static List<String> projectPath(String link) {
        try {
            String path = URI.create(link.trim()).getRawPath();
            int i = path == null ? -1 : path.indexOf("/project/");
            if (i < 0) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (String s : path.substring(i + "/project/".length()).split("/")) {
                if (!s.isEmpty()) {
                    String decoded = URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
                    if (!plausible(decoded)) {
                        return List.of();
                    }
                    out.add(decoded);
                }
            }
            return out;
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    private static boolean plausible(String s) {
        return !s.isEmpty() && !s.equals(".") && !s.equals("..") && s.length() <= 300
                && s.chars().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c) || c == '/');
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    @Override
    public String toString() {
        return "RssWatcher(" + baseUrl + " " + feeds + " -> " + api.baseUrl() + ")";
    }
}
