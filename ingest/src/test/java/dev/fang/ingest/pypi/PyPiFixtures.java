package dev.fang.ingest.pypi;

import dev.fang.testkit.pypi.LocalPackageIndex;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shared set-up for tests against a {@link LocalPackageIndex}. */
final class PyPiFixtures {
    private PyPiFixtures() {
    }

    /** Short timeouts and near-zero backoff so retry tests stay fast; 3 attempts. */
    static PyPiHttp.Options fastOptions() {
        return PyPiHttp.Options.defaults()
                .withConnectTimeout(Duration.ofSeconds(2))
                .withRequestTimeout(Duration.ofSeconds(5))
                .withMaxAttempts(3)
                .withBackoff(Duration.ofMillis(1), Duration.ofMillis(5));
    }

    static PyPiJsonApi api(LocalPackageIndex index) {
        return new PyPiJsonApi(URI.create(index.baseUrl()), new PyPiHttp(fastOptions()));
    }

    static Map<String, byte[]> sdist(String name, String version) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(name.replace('-', '_') + "-" + version + ".tar.gz", bytes("sdist of " + name + " " + version));
        return files;
    }

    static Map<String, byte[]> sdistAndWheel(String name, String version) {
        Map<String, byte[]> files = sdist(name, version);
        files.put(name.replace('-', '_') + "-" + version + "-py3-none-any.whl", bytes("wheel of " + name + " " + version));
        return files;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
