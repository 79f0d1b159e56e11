package dev.fang.ingest.pypi;

import dev.fang.schema.PackageRelease;
import dev.fang.schema.ReleaseKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Follows PyPI's change journal through the XML-RPC {@code changelog_since_serial} call, the way mirrors do.
 *
 * <p>Each {@link #poll()} fetches the events after the stored serial, keeps the releases that received files
 * ({@code add <pyversion> file <filename>}; removals and other actions are ignored), looks each one up in the JSON
 * API and hands the {@link PackageRelease} (source {@value #SOURCE}, serial = its newest file event) to the sink, in
 * the order the releases first appeared. Only when every release of the batch was accepted does the cursor move
 * past the batch, so delivery is at-least-once: a failure anywhere (XML-RPC fault, malformed answer, lookup
 * failure, sink failure) throws and leaves the cursor where it was, and the next poll retries the whole batch.
 * A release that got files in two different batches is emitted once per batch, each time with all its files.
 *
 * <p>On first start (no stored serial) it begins at {@code changelog_last_serial()} rather than replaying PyPI's
 * whole history. Not thread-safe; schedule {@link #poll()} from one thread.
 */
public final class ChangelogWatcher {
    /** The {@link PackageRelease#getSource()} of records this watcher produces. */
    public static final String SOURCE = "pypi-changelog";
    /** PyPI's XML-RPC endpoint. */
    public static final URI PYPI_XMLRPC = URI.create("https://pypi.org/pypi");

    private static final Logger LOG = LoggerFactory.getLogger(ChangelogWatcher.class);
    private static final Pattern ADD_FILE = Pattern.compile("^add \\S+ file \\S.*$");

    private final XmlRpcClient rpc;
    private final PyPiJsonApi api;
    private final SerialCursor cursor;
    private final Consumer<PackageRelease> sink;

    /**
     * @param xmlRpcEndpoint where {@code changelog_since_serial} is served ({@link #PYPI_XMLRPC} for PyPI); uses the
     *                       same HTTP client (timeouts, retries) as {@code api}
     * @param api            where releases are looked up (PyPI itself or a mirror)
     * @param cursor         durable position ({@link FileSerialCursor} in production)
     * @param sink           receives each release; an exception from it aborts the poll without moving the cursor
     */
    public ChangelogWatcher(URI xmlRpcEndpoint, PyPiJsonApi api, SerialCursor cursor, Consumer<PackageRelease> sink) {
        this.api = Objects.requireNonNull(api, "api");
        this.rpc = new XmlRpcClient(Objects.requireNonNull(xmlRpcEndpoint, "xmlRpcEndpoint"), api.http());
        this.cursor = Objects.requireNonNull(cursor, "cursor");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** The serial up to which events have been handled, if any. */
    public OptionalLong position() {
        return cursor.load();
    }

    /**
     * One step: fetch the events since the cursor, emit the releases that got files, advance the cursor.
     *
     * @return how many releases were handed to the sink
     * @throws PyPiException (or whatever the sink or cursor throws) with the cursor unchanged
     */
    public int poll() {
        OptionalLong stored = cursor.load();
        if (stored.isEmpty()) {
            long last = lastSerial();
            cursor.store(last);
            LOG.info("no changelog cursor yet; starting at PyPI's current serial {}", last);
            return 0;
        }
        long since = stored.getAsLong();
        List<Event> events = changelogSince(since);
        if (events.isEmpty()) {
            return 0;
        }
        long newest = since;
        // key -> release to look up, in order of first appearance; value keeps the newest file serial
        Map<String, Pending> pending = new LinkedHashMap<>();
        for (Event e : events) {
            newest = Math.max(newest, e.serial());
            if (e.version() == null || !ADD_FILE.matcher(e.action()).matches()) {
                continue;
            }
            String key = ReleaseKeys.of(e.name(), e.version());
            Pending p = pending.get(key);
            if (p == null) {
                pending.put(key, new Pending(e.name(), e.version(), e.serial()));
            } else if (e.serial() > p.serial) {
                p.serial = e.serial();
            }
        }
        int emitted = 0;
        for (Pending p : pending.values()) {
            Optional<PackageRelease> found = api.release(p.name, p.version, SOURCE);
            if (found.isEmpty()) {
                LOG.info("{} {} (serial {}) is gone from the index; skipping", p.name, p.version, p.serial);
                continue;
            }
            PackageRelease release = found.get();
            if (release.getFiles().isEmpty()) {
                LOG.info("{} {} (serial {}) has no files any more; skipping", p.name, p.version, p.serial);
                continue;
            }
            release.setSerial(p.serial);
            sink.accept(release);
            emitted++;
        }
        cursor.store(newest);
        LOG.debug("changelog {} -> {}: {} events, {} releases emitted", since, newest, events.size(), emitted);
        return emitted;
    }

    private long lastSerial() {
        Object v = rpc.call("changelog_last_serial");
        if (v instanceof Long serial && serial >= 0) {
            return serial;
        }
        throw new PyPiException("malformed XML-RPC answer from " + rpc.endpoint()
                + " (changelog_last_serial): expected a non-negative int, got " + v);
    }

    /** One row of {@code changelog_since_serial}: {@code [name, version, timestamp, action, serial]}. */
    record Event(String name, String version, long timestamp, String action, long serial) {
    }

    List<Event> changelogSince(long since) {
        Object v = rpc.call("changelog_since_serial", since);
        String what = rpc.endpoint() + " (changelog_since_serial)";
        if (!(v instanceof List<?> rows)) {
            throw new PyPiException("malformed XML-RPC answer from " + what + ": expected an array, got " + v);
        }
        List<Event> events = new ArrayList<>(rows.size());
        for (Object r : rows) {
            if (!(r instanceof List<?> row) || row.size() < 5
                    || !(row.get(0) instanceof String name)
                    || !(row.get(1) == null || row.get(1) instanceof String)
                    || !(row.get(2) instanceof Long timestamp)
                    || !(row.get(3) instanceof String action)
                    || !(row.get(4) instanceof Long serial)) {
                throw new PyPiException("malformed XML-RPC answer from " + what
                        + ": expected [name, version, timestamp, action, serial], got " + r);
            }
            events.add(new Event(name, (String) row.get(1), timestamp, action, serial));
        }
        events.sort((a, b) -> Long.compare(a.serial(), b.serial()));
        return events;
    }

    private static final class Pending {
        final String name;
        final String version;
        long serial;

        Pending(String name, String version, long serial) {
            this.name = name;
            this.version = version;
            this.serial = serial;
        }
    }

    @Override
    public String toString() {
        return "ChangelogWatcher(" + rpc.endpoint() + " -> " + api.baseUrl() + ", " + cursor + ")";
    }
}
