package dev.fang.ingest.pypi;

import dev.fang.schema.PackageRelease;
import dev.fang.schema.ReleaseFile;
import dev.fang.testkit.pypi.LocalPackageIndex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static dev.fang.ingest.pypi.PyPiFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PyPiJsonApiTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:15:30.123456Z");

    private LocalPackageIndex index;
    private PyPiJsonApi api;

    @BeforeEach
    void start() {
        index = new LocalPackageIndex();
        api = PyPiFixtures.api(index);
    }

    @AfterEach
    void stop() {
        index.close();
    }

    @Test
    void releaseMapsEveryFieldOfTheJsonApi() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        byte[] sdist = bytes("an sdist");
        files.put("Cool_Tool-1.2.0.tar.gz", sdist);
        index.addRelease("Cool_Tool", "1.2.0", files, T0);
        byte[] wheel = bytes("a wheel, uploaded later");
        index.addFile("Cool_Tool", "1.2.0", "cool_tool-1.2.0-py3-none-any.whl", wheel, T0.plusSeconds(90));

        PackageRelease release = api.release("Cool_Tool", "1.2.0", "pypi-changelog").orElseThrow();

        assertThat(release.getEcosystem()).isEqualTo("pypi");
        assertThat(release.getName()).isEqualTo("Cool_Tool");
        assertThat(release.getNormalizedName()).isEqualTo("cool-tool");
        assertThat(release.getVersion()).isEqualTo("1.2.0");
        assertThat(release.getSource()).isEqualTo("pypi-changelog");
        assertThat(release.getSerial()).isNull();
        assertThat(release.getUploadTime()).as("earliest file upload").isEqualTo(T0);
        assertThat(release.getFiles()).extracting(ReleaseFile::getFilename)
                .containsExactly("Cool_Tool-1.2.0.tar.gz", "cool_tool-1.2.0-py3-none-any.whl");

        ReleaseFile s = release.getFiles().get(0);
        assertThat(s.getUrl()).isEqualTo(index.fileUrl("Cool_Tool", "1.2.0", "Cool_Tool-1.2.0.tar.gz"));
        assertThat(s.getSha256()).isEqualTo(LocalPackageIndex.sha256Hex(sdist));
        assertThat(s.getSize()).isEqualTo(sdist.length);
        assertThat(s.getPackagetype()).isEqualTo("sdist");

        ReleaseFile w = release.getFiles().get(1);
        assertThat(w.getUrl()).isEqualTo(index.fileUrl("Cool_Tool", "1.2.0", "cool_tool-1.2.0-py3-none-any.whl"));
        assertThat(w.getSha256()).isEqualTo(LocalPackageIndex.sha256Hex(wheel));
        assertThat(w.getSize()).isEqualTo(wheel.length);
        assertThat(w.getPackagetype()).isEqualTo("bdist_wheel");
    }

    @Test
    void nonCanonicalProjectNameFollowsTheIndexRedirect() {
        index.addRelease("cool-tool", "1.0", PyPiFixtures.sdist("cool-tool", "1.0"), T0);

        PackageRelease release = api.release("Cool.Tool", "1.0", "test").orElseThrow();

        assertThat(release.getName()).isEqualTo("cool-tool");
        assertThat(index.requestCount("/pypi/cool-tool/1.0/json")).isEqualTo(1);
    }

    @Test
    void latestReleaseReadsTheProjectEndpoint() {
        index.addRelease("demo", "1.0", PyPiFixtures.sdist("demo", "1.0"), T0);
        index.addRelease("demo", "2.0", PyPiFixtures.sdistAndWheel("demo", "2.0"), T0.plusSeconds(60));

        PackageRelease latest = api.latestRelease("demo", "pypi-rss").orElseThrow();

        assertThat(latest.getVersion()).isEqualTo("2.0");
        assertThat(latest.getFiles()).hasSize(2);
        assertThat(latest.getSource()).isEqualTo("pypi-rss");
        assertThat(latest.getUploadTime()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void unknownProjectOrVersionIsEmpty() {
        index.addRelease("demo", "1.0", PyPiFixtures.sdist("demo", "1.0"), T0);

        assertThat(api.release("demo", "9.9", "test")).isEmpty();
        assertThat(api.release("no-such-project", "1.0", "test")).isEmpty();
        assertThat(api.latestRelease("no-such-project", "test")).isEmpty();
        assertThat(index.requestCount("/pypi/demo/9.9/json")).as("404 is not retried").isEqualTo(1);
    }

    @Test
    void removedReleaseIsEmpty() {
        index.addRelease("demo", "1.0", PyPiFixtures.sdist("demo", "1.0"), T0);
        index.removeRelease("demo", "1.0");

        assertThat(api.release("demo", "1.0", "test")).isEmpty();
    }

    @Test
    void serviceUnavailableIsRetriedUntilItSucceeds() {
        index.addRelease("demo", "1.0", PyPiFixtures.sdist("demo", "1.0"), T0);
        index.failNext("/pypi/demo/1.0/json", 2);

        Optional<PackageRelease> release = api.release("demo", "1.0", "test");

        assertThat(release).isPresent();
        assertThat(index.requestCount("/pypi/demo/1.0/json")).isEqualTo(3);
    }

    @Test
    void persistentServerErrorFailsClearlyAfterBoundedAttempts() {
        index.addRelease("demo", "1.0", PyPiFixtures.sdist("demo", "1.0"), T0);
        index.failNext("/pypi/demo/1.0/json", 10, 502);

        assertThatThrownBy(() -> api.release("demo", "1.0", "test"))
                .isInstanceOf(PyPiException.class)
                .hasMessageContaining("/pypi/demo/1.0/json")
                .hasMessageContaining("HTTP 502")
                .hasMessageContaining("after 3 attempts");
        assertThat(index.requestCount("/pypi/demo/1.0/json")).isEqualTo(3);
    }

    @Test
    void clientErrorOtherThanNotFoundFailsWithoutRetry() {
        index.addRelease("demo", "1.0", PyPiFixtures.sdist("demo", "1.0"), T0);
        index.failNext("/pypi/demo/1.0/json", 1, 403);

        assertThatThrownBy(() -> api.release("demo", "1.0", "test"))
                .isInstanceOf(PyPiException.class)
                .hasMessageContaining("HTTP 403");
        assertThat(index.requestCount("/pypi/demo/1.0/json")).isEqualTo(1);
    }

    @Test
    void slowResponseTimesOutAndIsRetriedThenFails() {
        index.addRelease("demo", "1.0", PyPiFixtures.sdist("demo", "1.0"), T0);
        index.delayResponses("/pypi/demo/1.0/json", Duration.ofSeconds(30));
        PyPiJsonApi impatient = new PyPiJsonApi(URI.create(index.baseUrl()), new PyPiHttp(PyPiFixtures.fastOptions()
                .withRequestTimeout(Duration.ofMillis(200)).withMaxAttempts(2)));

        assertThatThrownBy(() -> impatient.release("demo", "1.0", "test"))
                .isInstanceOf(PyPiException.class)
                .hasMessageContaining("after 2 attempts")
                .hasMessageContaining("no complete answer within");
        assertThat(index.requestCount("/pypi/demo/1.0/json")).isEqualTo(2);
    }

    @Test
    void bodyThatStallsAfterTheHeadersAlsoTimesOut() {
        index.addRelease("demo", "1.0", PyPiFixtures.sdist("demo", "1.0"), T0);
        index.stallBody("/pypi/demo/1.0/json", Duration.ofSeconds(30));
        PyPiJsonApi impatient = new PyPiJsonApi(URI.create(index.baseUrl()), new PyPiHttp(PyPiFixtures.fastOptions()
                .withRequestTimeout(Duration.ofMillis(300)).withMaxAttempts(1)));

        assertThatThrownBy(() -> impatient.release("demo", "1.0", "test"))
                .isInstanceOf(PyPiException.class)
                .hasMessageContaining("no complete answer within");
    }

    @Test
    void malformedJsonIsAClearError() {
        index.respondNext("/pypi/demo/1.0/json", 200, "application/json", bytes("{\"info\": [not json"));

        assertThatThrownBy(() -> api.release("demo", "1.0", "test"))
                .isInstanceOf(PyPiException.class)
                .hasMessageContaining("malformed JSON");
    }

    @Test
    void jsonWithoutAProjectNameIsAClearError() {
        index.respondNext("/pypi/demo/1.0/json", 200, "application/json", bytes("{\"info\": {}, \"urls\": []}"));

        assertThatThrownBy(() -> api.release("demo", "1.0", "test"))
                .isInstanceOf(PyPiException.class)
                .hasMessageContaining("info.name missing");
    }

    @Test
    void malformedDigestIsRejectedRatherThanPassedOn() {
        String json = "{\"info\": {\"name\": \"demo\", \"version\": \"1.0\"}, \"urls\": [{\"filename\": \"demo-1.0.tar.gz\","
                + " \"url\": \"https://files.example/demo-1.0.tar.gz\", \"digests\": {\"sha256\": \"xyz\"}}]}";
        index.respondNext("/pypi/demo/1.0/json", 200, "application/json", bytes(json));

        assertThatThrownBy(() -> api.release("demo", "1.0", "test"))
                .isInstanceOf(PyPiException.class)
                .hasMessageContaining("bad sha256");
    }

    @Test
    void mirrorAnswerWithRelativeUrlsAndNoOptionalFieldsIsResolved() {
        String json = "{\"info\": {\"name\": \"demo\", \"version\": \"1.0\"}, \"urls\": [{\"filename\": \"demo-1.0.tar.gz\","
                + " \"url\": \"../../../packages/demo-1.0.tar.gz\"}]}";
        index.respondNext("/pypi/demo/1.0/json", 200, "application/json", bytes(json));

        PackageRelease release = api.release("demo", "1.0", "test").orElseThrow();

        ReleaseFile f = release.getFiles().get(0);
        assertThat(f.getUrl()).isEqualTo(index.baseUrl() + "/packages/demo-1.0.tar.gz");
        assertThat(f.getSha256()).isNull();
        assertThat(f.getSize()).isNull();
        assertThat(f.getPackagetype()).isEqualTo("sdist");
        assertThat(release.getUploadTime()).isNull();
    }

    @Test
    void oversizedAnswerIsRefused() {
        index.addRelease("demo", "1.0", PyPiFixtures.sdist("demo", "1.0"), T0);
        PyPiJsonApi small = new PyPiJsonApi(URI.create(index.baseUrl()),
                new PyPiHttp(PyPiFixtures.fastOptions().withMaxBodyBytes(64)));

        assertThatThrownBy(() -> small.release("demo", "1.0", "test"))
                .isInstanceOf(PyPiException.class)
                .hasMessageContaining("larger than 64 bytes");
        assertThat(index.requestCount("/pypi/demo/1.0/json")).as("not retried").isEqualTo(1);
    }

    @Test
    void baseUrlWithTrailingSlashAndOddVersionCharactersAreEncodedSafely() {
        index.addRelease("demo", "1.0+local.1", PyPiFixtures.sdist("demo", "1.0"), T0);
        PyPiJsonApi slash = new PyPiJsonApi(URI.create(index.baseUrl() + "/"), new PyPiHttp(PyPiFixtures.fastOptions()));

        assertThat(slash.release("demo", "1.0+local.1", "test")).isPresent();
        assertThat(slash.release("demo", "../../etc/passwd", "test")).isEmpty();
        assertThatThrownBy(() -> slash.release("..", "1.0", "test")).isInstanceOf(IllegalArgumentException.class);
    }
}
