package dev.fang.ingest.pypi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fang.testkit.pypi.LocalPackageIndex;
import dev.fang.testkit.pypi.LocalPackageIndex.PublishedRelease;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.fang.ingest.pypi.PyPiFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stand-in's own contract, as other stages' tests (the fetcher, the demo) rely on it. */
class LocalPackageIndexTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:15:30Z");
    private static final String SDIST = "demo-1.0.tar.gz";

    private LocalPackageIndex index;
    private PyPiHttp http;
    private byte[] content;

    @BeforeEach
    void start() {
        index = new LocalPackageIndex();
        http = new PyPiHttp(PyPiFixtures.fastOptions());
        content = bytes("the real sdist");
        index.addRelease("demo", "1.0", java.util.Map.of(SDIST, content), T0);
    }

    @AfterEach
    void stop() {
        index.close();
    }

    private URI fileUri() {
        return URI.create(index.fileUrl("demo", "1.0", SDIST));
    }

    @Test
    void filesAreServedUnderTheirSha256AndMatchTheAdvertisedDigest() {
        String sha = LocalPackageIndex.sha256Hex(content);

        assertThat(fileUri().getPath()).isEqualTo("/packages/" + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/"
                + sha.substring(4) + "/" + SDIST);
        assertThat(http.get(fileUri(), "*/*")).isEqualTo(content);
        assertThat(index.requestCount(index.filePath("demo", "1.0", SDIST))).isEqualTo(1);
    }

    @Test
    void tamperedFileServesOtherBytesWhileTheDigestStaysAdvertised() {
        index.tamperFile("demo", "1.0", SDIST, bytes("swapped payload"));

        byte[] served = http.get(fileUri(), "*/*");

        assertThat(LocalPackageIndex.sha256Hex(served)).isNotEqualTo(LocalPackageIndex.sha256Hex(content));
        assertThat(PyPiFixtures.api(index).release("demo", "1.0", "test").orElseThrow().getFiles().get(0).getSha256())
                .isEqualTo(LocalPackageIndex.sha256Hex(content));
    }

    @Test
    void missingFileAnswers404WhileStillAdvertised() {
        index.makeFileMissing("demo", "1.0", SDIST);

        assertThat(http.getIfFound(fileUri(), "*/*")).isEmpty();
        assertThat(PyPiFixtures.api(index).release("demo", "1.0", "test").orElseThrow().getFiles()).hasSize(1);
    }

    @Test
    void fileFailingTwiceWith503IsServedOnTheThirdAttempt() {
        index.failFileDownloads("demo", "1.0", SDIST, 2);

        assertThat(http.get(fileUri(), "*/*")).isEqualTo(content);
        assertThat(index.requestCount(index.filePath("demo", "1.0", SDIST))).isEqualTo(3);
    }

    @Test
    void slowFileTripsTheRequestTimeout() {
        index.slowFile("demo", "1.0", SDIST, Duration.ofSeconds(30));
        PyPiHttp impatient = new PyPiHttp(PyPiFixtures.fastOptions().withRequestTimeout(Duration.ofMillis(200))
                .withMaxAttempts(1));

        assertThatThrownBy(() -> impatient.get(fileUri(), "*/*")).isInstanceOf(PyPiException.class)
                .hasMessageContaining("no complete answer within");
    }

    @Test
    void projectEndpointHasTheReleasesMapAndLatestUrls() throws IOException {
        PublishedRelease two = index.addRelease("demo", "2.0", PyPiFixtures.sdistAndWheel("demo", "2.0"), T0.plusSeconds(60));

        JsonNode root = new ObjectMapper().readTree(http.get(URI.create(index.baseUrl() + "/pypi/demo/json"), "application/json"));

        assertThat(root.path("info").path("name").asText()).isEqualTo("demo");
        assertThat(root.path("info").path("version").asText()).isEqualTo("2.0");
        assertThat(root.path("releases").has("1.0")).isTrue();
        assertThat(root.path("releases").path("2.0")).hasSize(2);
        assertThat(root.path("urls")).hasSize(2);
        JsonNode wheel = root.path("urls").get(1);
        assertThat(wheel.path("packagetype").asText()).isEqualTo("bdist_wheel");
        assertThat(wheel.path("python_version").asText()).isEqualTo("py3");
        assertThat(wheel.path("upload_time_iso_8601").asText()).isEqualTo("2025-03-01T10:16:30.000000Z");
        assertThat(wheel.path("upload_time").asText()).isEqualTo("2025-03-01T10:16:30");
        assertThat(wheel.path("url").asText()).isEqualTo(two.files().get(1).url());
        assertThat(wheel.path("digests").path("sha256").asText()).isEqualTo(two.files().get(1).sha256());
    }

    @Test
    void feedsListNewestFirstInPyPiFormat() {
        index.addRelease("Other_Pkg", "0.3", PyPiFixtures.sdist("Other_Pkg", "0.3"), T0.plusSeconds(3600));

        String updates = new String(http.get(URI.create(index.baseUrl() + "/rss/updates.xml"), "*/*"), StandardCharsets.UTF_8);
        String packages = new String(http.get(URI.create(index.baseUrl() + "/rss/packages.xml"), "*/*"), StandardCharsets.UTF_8);

        List<RssWatcher.Item> items = RssWatcher.items(URI.create("test:updates"), updates.getBytes(StandardCharsets.UTF_8));
        assertThat(items).containsExactly(
                new RssWatcher.Item("Other_Pkg 0.3", index.baseUrl() + "/project/Other_Pkg/0.3/"),
                new RssWatcher.Item("demo 1.0", index.baseUrl() + "/project/demo/1.0/"));
        assertThat(updates).contains("<pubDate>Sat, 01 Mar 2025 11:15:30 GMT</pubDate>")
                .contains("<pubDate>Sat, 01 Mar 2025 10:15:30 GMT</pubDate>");
        assertThat(RssWatcher.items(URI.create("test:packages"), packages.getBytes(StandardCharsets.UTF_8))).containsExactly(
                new RssWatcher.Item("Other_Pkg added to PyPI", index.baseUrl() + "/project/Other_Pkg/"),
                new RssWatcher.Item("demo added to PyPI", index.baseUrl() + "/project/demo/"));
    }

    @Test
    void xmlRpcAnswersTheLastSerialAndRejectsUnknownMethods() {
        assertThat(new XmlRpcClient(URI.create(index.xmlRpcUrl()), http).call("changelog_last_serial"))
                .isEqualTo(index.lastSerial());
        assertThatThrownBy(() -> new XmlRpcClient(URI.create(index.xmlRpcUrl()), http).call("list_packages"))
                .isInstanceOf(XmlRpcFaultException.class)
                .hasMessageContaining("list_packages");
    }
}
