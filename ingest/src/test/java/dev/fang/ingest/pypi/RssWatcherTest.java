package dev.fang.ingest.pypi;

import dev.fang.schema.PackageRelease;
import dev.fang.testkit.pypi.LocalPackageIndex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;

import static dev.fang.ingest.pypi.PyPiFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RssWatcherTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:15:30Z");

    private LocalPackageIndex index;
    private PyPiJsonApi api;
    private final List<PackageRelease> emitted = new ArrayList<>();

    @BeforeEach
    void start() {
        index = new LocalPackageIndex();
        api = PyPiFixtures.api(index);
    }

    @AfterEach
    void stop() {
        index.close();
    }

    private RssWatcher watcher(RssWatcher.Feed feed, Consumer<PackageRelease> sink) {
        return new RssWatcher(URI.create(index.baseUrl()), api, sink, EnumSet.of(feed), RssWatcher.DEFAULT_MEMORY);
    }

    private static List<String> keys(List<PackageRelease> releases) {
        return releases.stream().map(r -> r.getName() + " " + r.getVersion()).toList();
    }

    @Test
    void newReleasesAreEmittedOnceOldestFirst() {
        RssWatcher w = watcher(RssWatcher.Feed.UPDATES, emitted::add);
        index.addRelease("alpha", "1.0", PyPiFixtures.sdist("alpha", "1.0"), T0);
        index.addRelease("beta", "2.0", PyPiFixtures.sdistAndWheel("beta", "2.0"), T0.plusSeconds(1));

        assertThat(w.poll()).isEqualTo(2);
        assertThat(keys(emitted)).containsExactly("alpha 1.0", "beta 2.0");
        assertThat(emitted).allSatisfy(r -> {
            assertThat(r.getSource()).isEqualTo(RssWatcher.SOURCE).isEqualTo("pypi-rss");
            assertThat(r.getSerial()).isNull();
            assertThat(r.getFiles()).isNotEmpty();
        });
        assertThat(emitted.get(1).getFiles()).hasSize(2);
    }

    @Test
    void repeatedItemsAreNotReEmittedNorLookedUpAgain() {
        RssWatcher w = watcher(RssWatcher.Feed.UPDATES, emitted::add);
        index.addRelease("alpha", "1.0", PyPiFixtures.sdist("alpha", "1.0"), T0);
        w.poll();

        assertThat(w.poll()).isZero();
        index.addRelease("alpha", "1.1", PyPiFixtures.sdist("alpha", "1.1"), T0.plusSeconds(1));
        assertThat(w.poll()).isEqualTo(1);

        assertThat(keys(emitted)).containsExactly("alpha 1.0", "alpha 1.1");
        assertThat(index.requestCount("/pypi/alpha/1.0/json")).isEqualTo(1);
        assertThat(index.requestCount("/rss/updates.xml")).isEqualTo(3);
    }

    @Test
    void newProjectsFeedEmitsTheProjectsCurrentReleaseOnce() {
        RssWatcher w = watcher(RssWatcher.Feed.NEW_PROJECTS, emitted::add);
        index.addRelease("fresh", "0.0.1", PyPiFixtures.sdist("fresh", "0.0.1"), T0);

        assertThat(w.poll()).isEqualTo(1);
        assertThat(w.poll()).isZero();

        assertThat(keys(emitted)).containsExactly("fresh 0.0.1");
        assertThat(index.requestCount("/pypi/fresh/json")).isEqualTo(1);
    }

    @Test
    void projectSeenInBothFeedsIsEmittedOnce() {
        RssWatcher w = new RssWatcher(URI.create(index.baseUrl()), api, emitted::add);
        index.addRelease("fresh", "0.0.1", PyPiFixtures.sdist("fresh", "0.0.1"), T0);

        assertThat(w.poll()).isEqualTo(1);
        assertThat(w.poll()).isZero();

        assertThat(keys(emitted)).containsExactly("fresh 0.0.1");
    }

    @Test
    void releaseGoneFromTheIndexIsSkippedAndNotAskedForAgain() {
        RssWatcher w = watcher(RssWatcher.Feed.UPDATES, emitted::add);
        index.addRelease("flash", "1.0", PyPiFixtures.sdist("flash", "1.0"), T0);
        index.respondNext("/pypi/flash/1.0/json", 404, "text/plain", bytes("Not Found"));

        assertThat(w.poll()).isZero();
        assertThat(w.poll()).isZero();

        assertThat(emitted).isEmpty();
        assertThat(index.requestCount("/pypi/flash/1.0/json")).isEqualTo(1);
    }

    @Test
    void sinkFailureKeepsEarlierItemsAndRetriesTheFailedOne() {
        List<PackageRelease> attempted = new ArrayList<>();
        int[] secondAttempts = {0};
        RssWatcher w = watcher(RssWatcher.Feed.UPDATES, r -> {
            attempted.add(r);
            if (r.getName().equals("second") && secondAttempts[0]++ == 0) {
                throw new IllegalStateException("sink unavailable");
            }
        });
        index.addRelease("first", "1.0", PyPiFixtures.sdist("first", "1.0"), T0);
        index.addRelease("second", "1.0", PyPiFixtures.sdist("second", "1.0"), T0.plusSeconds(1));

        assertThatThrownBy(w::poll).isInstanceOf(IllegalStateException.class).hasMessage("sink unavailable");
        assertThat(w.poll()).isEqualTo(1);

        assertThat(keys(attempted)).containsExactly("first 1.0", "second 1.0", "second 1.0");
    }

    @Test
    void feedWithExternalEntitiesIsRejectedWithoutResolvingThem(@TempDir Path dir) throws IOException {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-TOKEN");
        String feed = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<!DOCTYPE rss [\n"
                + "  <!ENTITY file SYSTEM \"" + secret.toUri() + "\">\n"
                + "  <!ENTITY probe SYSTEM \"" + index.baseUrl() + "/xxe-probe\">\n"
                + "]>\n"
                + "<rss version=\"2.0\"><channel><title>PyPI recent updates</title>\n"
                + "<item><title>&file; 1.0</title><link>" + index.baseUrl() + "/project/x/1.0/</link>"
                + "<description>&probe;</description></item>\n"
                + "</channel></rss>";
        index.respondNext("/rss/updates.xml", 200, "text/xml", bytes(feed));
        RssWatcher w = watcher(RssWatcher.Feed.UPDATES, emitted::add);

        assertThatThrownBy(w::poll)
                .isInstanceOf(PyPiException.class)
                .hasMessageContaining("DOCTYPE")
                .hasMessageNotContaining("TOP-SECRET-TOKEN");
        assertThat(index.requestCount("/xxe-probe")).isZero();
        assertThat(index.requestCount("/pypi/TOP-SECRET-TOKEN/1.0/json")).isZero();
        assertThat(emitted).isEmpty();
    }

    @Test
    void feedWithEntityExpansionBombIsRejected() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE rss [<!ENTITY l0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY l").append(i).append(" \"").append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        index.respondNext("/rss/updates.xml", 200, "text/xml", bytes("<?xml version=\"1.0\"?>" + dtd
                + "<rss version=\"2.0\"><channel><item><title>&l9; 1.0</title></item></channel></rss>"));

        assertThatThrownBy(watcher(RssWatcher.Feed.UPDATES, emitted::add)::poll)
                .isInstanceOf(PyPiException.class)
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void malformedFeedIsAClearError() {
        index.respondNext("/rss/updates.xml", 200, "text/xml", bytes("<rss><channel><item><title>a 1"));
        index.respondNext("/rss/updates.xml", 200, "text/html", bytes("<html><body>maintenance</body></html>"));
        RssWatcher w = watcher(RssWatcher.Feed.UPDATES, emitted::add);

        assertThatThrownBy(w::poll).isInstanceOf(PyPiException.class).hasMessageContaining("malformed or unsafe XML");
        assertThatThrownBy(w::poll).isInstanceOf(PyPiException.class).hasMessageContaining("expected <rss>");
    }

    @Test
    void itemsWithoutAReleaseAreSkippedAndOthersStillEmitted() {
        index.addRelease("good", "1.0", PyPiFixtures.sdist("good", "1.0"), T0);
        String feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
                + "<item><title>good 1.0</title><link>" + index.baseUrl() + "/project/good/1.0/</link></item>"
                + "<item><title>just some words here</title><link>https://elsewhere.example/</link></item>"
                + "</channel></rss>";
        index.respondNext("/rss/updates.xml", 200, "text/xml", bytes(feed));

        assertThat(watcher(RssWatcher.Feed.UPDATES, emitted::add).poll()).isEqualTo(1);
        assertThat(keys(emitted)).containsExactly("good 1.0");
    }

    @Test
    void titlesAndLinksAreParsedLikePyPiWritesThem() {
        assertThat(RssWatcher.releaseOf(new RssWatcher.Item("Foo.Bar 1.0rc1", ""))).hasValueSatisfying(
                r -> assertThat(r).containsExactly("Foo.Bar", "1.0rc1"));
        assertThat(RssWatcher.releaseOf(new RssWatcher.Item("", "https://pypi.org/project/foo/2.0/"))).hasValueSatisfying(
                r -> assertThat(r).containsExactly("foo", "2.0"));
        assertThat(RssWatcher.releaseOf(new RssWatcher.Item("nonsense", "https://pypi.org/"))).isEmpty();
        assertThat(RssWatcher.projectOf(new RssWatcher.Item("foo-bar added to PyPI", ""))).isEqualTo("foo-bar");
        assertThat(RssWatcher.projectOf(new RssWatcher.Item("", "https://pypi.org/project/baz/"))).isEqualTo("baz");
        assertThat(RssWatcher.projectOf(new RssWatcher.Item("", "https://pypi.org/project/../"))).isNull();
    }

    @Test
    void memoryStaysBoundedWithoutReEmittingItemsStillInTheFeed() {
        RssWatcher w = new RssWatcher(URI.create(index.baseUrl()), api, emitted::add,
                EnumSet.of(RssWatcher.Feed.UPDATES), 200);
        int total = 0;
        for (int batch = 0; batch < 5; batch++) {
            for (int i = 0; i < 60; i++) {
                String name = "pkg-" + batch + "-" + i;
                index.addRelease(name, "1.0", PyPiFixtures.sdist(name, "1.0"), T0);
            }
            total += w.poll();
            assertThat(w.remembered()).isLessThanOrEqualTo(200);
        }

        assertThat(total).isEqualTo(300);
        assertThat(emitted).extracting(PackageRelease::getName).doesNotHaveDuplicates().hasSize(300);
    }

    @Test
    void memoryTooSmallForAFeedIsRefused() {
        assertThatThrownBy(() -> new RssWatcher(URI.create(index.baseUrl()), api, emitted::add,
                EnumSet.of(RssWatcher.Feed.UPDATES), 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
