package dev.fang.ingest.pypi;

import dev.fang.schema.PackageRelease;
import dev.fang.schema.ReleaseFile;
import dev.fang.testkit.pypi.LocalPackageIndex;
import dev.fang.testkit.pypi.LocalPackageIndex.ChangelogRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static dev.fang.ingest.pypi.PyPiFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChangelogWatcherTest {
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

    private ChangelogWatcher watcher(SerialCursor cursor) {
        return watcher(cursor, emitted::add);
    }

    private ChangelogWatcher watcher(SerialCursor cursor, Consumer<PackageRelease> sink) {
        return new ChangelogWatcher(URI.create(index.xmlRpcUrl()), api, cursor, sink);
    }

    /** Serial of the newest {@code add ... file} row of a release. */
    private long lastFileSerial(String name, String version) {
        return index.changelog().stream()
                .filter(r -> r.name().equals(name) && version.equals(r.version()) && r.action().startsWith("add "))
                .mapToLong(ChangelogRow::serial).max().orElseThrow();
    }

    @Test
    void firstStartBeginsAtTheCurrentSerialWithoutReplayingHistory() {
        index.addRelease("old-project", "1.0", PyPiFixtures.sdist("old-project", "1.0"), T0);
        SerialCursor cursor = SerialCursor.inMemory();
        ChangelogWatcher w = watcher(cursor);

        assertThat(w.poll()).isZero();
        assertThat(cursor.load()).hasValue(index.lastSerial());

        index.addRelease("new-project", "0.1", PyPiFixtures.sdist("new-project", "0.1"), T0.plusSeconds(5));
        assertThat(w.poll()).isEqualTo(1);
        assertThat(emitted).extracting(PackageRelease::getName).containsExactly("new-project");
    }

    @Test
    void fileEventsBecomeReleasesCarryingTheirSerial() {
        SerialCursor cursor = SerialCursor.inMemory();
        ChangelogWatcher w = watcher(cursor);
        w.poll();
        index.addRelease("alpha", "1.0", PyPiFixtures.sdistAndWheel("alpha", "1.0"), T0);
        index.addRelease("Beta_Pkg", "2.0b1", PyPiFixtures.sdist("Beta_Pkg", "2.0b1"), T0.plusSeconds(1));

        int n = w.poll();

        assertThat(n).isEqualTo(2);
        assertThat(emitted).extracting(PackageRelease::getName).containsExactly("alpha", "Beta_Pkg");
        PackageRelease alpha = emitted.get(0);
        assertThat(alpha.getSource()).isEqualTo(ChangelogWatcher.SOURCE).isEqualTo("pypi-changelog");
        assertThat(alpha.getSerial()).isEqualTo(lastFileSerial("alpha", "1.0"));
        assertThat(alpha.getFiles()).extracting(ReleaseFile::getPackagetype).containsExactly("sdist", "bdist_wheel");
        PackageRelease beta = emitted.get(1);
        assertThat(beta.getNormalizedName()).isEqualTo("beta-pkg");
        assertThat(beta.getVersion()).isEqualTo("2.0b1");
        assertThat(beta.getSerial()).isEqualTo(lastFileSerial("Beta_Pkg", "2.0b1"));
        assertThat(cursor.load()).hasValue(index.lastSerial());
    }

    @Test
    void changelogRowsHaveThePyPiShape() {
        long before = index.lastSerial();
        index.addRelease("shape", "1.0", PyPiFixtures.sdistAndWheel("shape", "1.0"), T0);

        List<ChangelogWatcher.Event> events = watcher(SerialCursor.inMemory()).changelogSince(before);

        assertThat(events).extracting(ChangelogWatcher.Event::action).containsExactly(
                "create", "new release", "add source file shape-1.0.tar.gz", "add py3 file shape-1.0-py3-none-any.whl");
        assertThat(events.get(0).version()).as("project-level rows carry nil").isNull();
        assertThat(events).extracting(ChangelogWatcher.Event::serial)
                .containsExactly(before + 1, before + 2, before + 3, before + 4);
        assertThat(events).allSatisfy(e -> assertThat(e.timestamp()).isEqualTo(T0.getEpochSecond()));
    }

    @Test
    void removalsAndNonFileEventsAreIgnoredButStillPassed() {
        SerialCursor cursor = SerialCursor.inMemory();
        ChangelogWatcher w = watcher(cursor);
        w.poll();
        index.appendChangelog("someone", null, "add Owner alice");
        index.addRelease("taken-down", "6.6.6", PyPiFixtures.sdist("taken-down", "6.6.6"), T0);
        index.removeRelease("taken-down", "6.6.6");
        index.addRelease("kept", "1.0", PyPiFixtures.sdist("kept", "1.0"), T0);

        assertThat(w.poll()).isEqualTo(1);
        assertThat(emitted).extracting(PackageRelease::getName).containsExactly("kept");
        assertThat(cursor.load()).hasValue(index.lastSerial());
        assertThat(index.requestCount("/pypi/someone/json")).isZero();
    }

    @Test
    void cursorIsPersistedAndARestartedWatcherResumesWithoutReEmitting(@TempDir Path dir) {
        Path file = dir.resolve("state/changelog.serial");
        ChangelogWatcher first = watcher(new FileSerialCursor(file));
        first.poll();
        index.addRelease("one", "1.0", PyPiFixtures.sdist("one", "1.0"), T0);
        assertThat(first.poll()).isEqualTo(1);
        long stoppedAt = index.lastSerial();

        // "restart": a new watcher and cursor object over the same file
        List<PackageRelease> afterRestart = new ArrayList<>();
        ChangelogWatcher second = watcher(new FileSerialCursor(file), afterRestart::add);
        assertThat(second.position()).hasValue(stoppedAt);
        assertThat(second.poll()).isZero();
        index.addRelease("two", "1.0", PyPiFixtures.sdist("two", "1.0"), T0);
        assertThat(second.poll()).isEqualTo(1);

        assertThat(emitted).extracting(PackageRelease::getName).containsExactly("one");
        assertThat(afterRestart).extracting(PackageRelease::getName).containsExactly("two");
        assertThat(index.requestCount("/pypi/one/1.0/json")).isEqualTo(1);
    }

    @Test
    void sinkFailureLeavesTheCursorSoTheBatchIsRetried() {
        SerialCursor cursor = SerialCursor.inMemory();
        List<PackageRelease> attempted = new ArrayList<>();
        boolean[] broken = {true};
        ChangelogWatcher w = watcher(cursor, r -> {
            attempted.add(r);
            if (broken[0]) {
                throw new IllegalStateException("kafka is down");
            }
        });
        w.poll();
        long start = cursor.load().orElseThrow();
        index.addRelease("payload", "1.0", PyPiFixtures.sdist("payload", "1.0"), T0);

        assertThatThrownBy(w::poll).isInstanceOf(IllegalStateException.class).hasMessage("kafka is down");
        assertThat(cursor.load()).hasValue(start);

        broken[0] = false;
        assertThat(w.poll()).isEqualTo(1);
        assertThat(attempted).extracting(PackageRelease::getName).containsExactly("payload", "payload");
        assertThat(cursor.load()).hasValue(index.lastSerial());
    }

    @Test
    void xmlRpcFaultIsAnErrorAndDoesNotAdvanceTheCursor() {
        SerialCursor cursor = SerialCursor.inMemory();
        ChangelogWatcher w = watcher(cursor);
        w.poll();
        long start = cursor.load().orElseThrow();
        index.addRelease("demo", "1.0", PyPiFixtures.sdist("demo", "1.0"), T0);
        index.xmlRpcFaultNext(-32500, "RuntimeError: rate limited");

        assertThatThrownBy(w::poll)
                .isInstanceOfSatisfying(XmlRpcFaultException.class, e -> {
                    assertThat(e.faultCode()).isEqualTo(-32500);
                    assertThat(e.faultString()).isEqualTo("RuntimeError: rate limited");
                })
                .hasMessageContaining("changelog_since_serial");
        assertThat(cursor.load()).hasValue(start);
        assertThat(emitted).isEmpty();

        assertThat(w.poll()).isEqualTo(1);
    }

    @Test
    void malformedXmlRpcAnswerIsAnErrorAndDoesNotAdvanceTheCursor() {
        SerialCursor cursor = SerialCursor.inMemory();
        ChangelogWatcher w = watcher(cursor);
        w.poll();
        long start = cursor.load().orElseThrow();
        index.addRelease("demo", "1.0", PyPiFixtures.sdist("demo", "1.0"), T0);
        index.respondNext("/pypi", 200, "text/xml", bytes("<?xml version='1.0'?><methodResponse><params><param>"));
        index.respondNext("/pypi", 200, "text/xml", bytes(
                "<methodResponse><params><param><value><array><data><value><array><data>"
                        + "<value><string>demo</string></value><value><int>not-a-number</int></value>"
                        + "</data></array></value></data></array></value></param></params></methodResponse>"));

        assertThatThrownBy(w::poll).isInstanceOf(PyPiException.class).hasMessageContaining("malformed or unsafe XML");
        assertThatThrownBy(w::poll).isInstanceOf(PyPiException.class).hasMessageContaining("malformed XML-RPC answer");
        assertThat(cursor.load()).hasValue(start);
        assertThat(emitted).isEmpty();
    }

    @Test
    void xmlRpcAnswerWithAnEntityDeclarationIsRefused() {
        SerialCursor cursor = SerialCursor.inMemory();
        ChangelogWatcher w = watcher(cursor);
        w.poll();
        long start = cursor.load().orElseThrow();
        index.respondNext("/pypi", 200, "text/xml", bytes("<?xml version='1.0'?>\n"
                + "<!DOCTYPE methodResponse [<!ENTITY probe SYSTEM \"" + index.baseUrl() + "/xxe-probe\">]>\n"
                + "<methodResponse><params><param><value><string>&probe;</string></value></param></params></methodResponse>"));

        assertThatThrownBy(w::poll).isInstanceOf(PyPiException.class).hasMessageContaining("DOCTYPE");
        assertThat(index.requestCount("/xxe-probe")).isZero();
        assertThat(cursor.load()).hasValue(start);
    }

    @Test
    void failedLookupDoesNotAdvanceTheCursor() {
        SerialCursor cursor = SerialCursor.inMemory();
        ChangelogWatcher w = watcher(cursor);
        w.poll();
        long start = cursor.load().orElseThrow();
        index.addRelease("demo", "1.0", PyPiFixtures.sdist("demo", "1.0"), T0);
        index.failNext("/pypi/demo/1.0/json", 3);

        assertThatThrownBy(w::poll).isInstanceOf(PyPiException.class).hasMessageContaining("HTTP 503");
        assertThat(cursor.load()).hasValue(start);

        assertThat(w.poll()).isEqualTo(1);
    }

    @Test
    void transientXmlRpcOutageIsRetriedWithinOnePoll() {
        SerialCursor cursor = SerialCursor.inMemory();
        ChangelogWatcher w = watcher(cursor);
        w.poll();
        index.addRelease("demo", "1.0", PyPiFixtures.sdist("demo", "1.0"), T0);
        index.failNext("/pypi", 2);

        assertThat(w.poll()).isEqualTo(1);
    }

    @Test
    void firstStartFaultLeavesNoCursor() {
        SerialCursor cursor = SerialCursor.inMemory();
        index.xmlRpcFaultNext(1, "boom");

        assertThatThrownBy(watcher(cursor)::poll).isInstanceOf(XmlRpcFaultException.class);
        assertThat(cursor.load()).isEmpty();
    }

    @Test
    void releaseThatGetsAnotherFileInALaterBatchIsEmittedAgainWithAllFiles() {
        ChangelogWatcher w = watcher(SerialCursor.inMemory());
        w.poll();
        index.addRelease("grower", "1.0", PyPiFixtures.sdist("grower", "1.0"), T0);
        w.poll();
        index.addFile("grower", "1.0", "grower-1.0-py3-none-any.whl", bytes("wheel"), T0.plusSeconds(60));

        assertThat(w.poll()).isEqualTo(1);

        assertThat(emitted).hasSize(2);
        assertThat(emitted.get(0).getFiles()).hasSize(1);
        assertThat(emitted.get(1).getFiles()).hasSize(2);
        assertThat(emitted.get(1).getSerial()).isGreaterThan(emitted.get(0).getSerial());
    }

    @Test
    void cappedChangelogAnswersAreWalkedOverSeveralPolls() {
        SerialCursor cursor = SerialCursor.inMemory();
        ChangelogWatcher w = watcher(cursor);
        w.poll();
        index.setChangelogLimit(3);
        for (int i = 0; i < 4; i++) {
            index.addRelease("pkg" + i, "1.0", PyPiFixtures.sdist("pkg" + i, "1.0"), T0);
        }

        int total = 0;
        int polls = 0;
        while (cursor.load().orElseThrow() < index.lastSerial()) {
            total += w.poll();
            polls++;
        }

        assertThat(polls).isGreaterThan(1);
        assertThat(total).isEqualTo(4);
        assertThat(emitted).extracting(PackageRelease::getName).containsExactly("pkg0", "pkg1", "pkg2", "pkg3");
    }
}
