package dev.fang.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fang.ingest.pypi.PyPiJsonApi;
import dev.fang.ingest.replay.FeedFormat;
import dev.fang.schema.PackageRelease;
import dev.fang.testkit.archives.FixtureArchives;
import dev.fang.testkit.pypi.LocalPackageIndex;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's world: the bundled fixture packages (benign ones, a harmless canary, and an archive that
 * tries to escape its directory) served by a local package index on loopback, and a feed of their
 * release events, including a repeated event and a broken line, written as a replayable file.
 */
final class DemoFeed implements AutoCloseable {
    private static final String RESOURCES = "/demo/";
    private static final Instant FIRST_UPLOAD = Instant.parse("2024-09-02T08:00:00Z");

    private final LocalPackageIndex index;
    private final Path feed;
    private final List<PackageRelease> releases;

    private DemoFeed(LocalPackageIndex index, Path feed, List<PackageRelease> releases) {
        this.index = index;
        this.feed = feed;
        this.releases = releases;
    }

    static DemoFeed create(Path dir) throws IOException {
        LocalPackageIndex index = new LocalPackageIndex();
        try {
            List<LocalPackageIndex.PublishedRelease> published = new ArrayList<>();
            Instant uploaded = FIRST_UPLOAD;
            for (JsonNode pkg : new ObjectMapper().readTree(resource("packages.json"))) {
                String name = pkg.get("name").asText();
                String version = pkg.get("version").asText();
                boolean wheel = pkg.get("kind").asText().equals("wheel");
                Map<String, byte[]> files = new LinkedHashMap<>();
                for (JsonNode file : pkg.get("files")) {
                    files.put(file.asText(), resource("packages/" + pkg.get("dir").asText() + "/" + file.asText()));
                }
                String filename = wheel
                        ? name.replace('-', '_') + "-" + version + "-py3-none-any.whl"
                        : name + "-" + version + ".tar.gz";
                byte[] archive = wheel ? FixtureArchives.wheel(name, version, files) : FixtureArchives.sdistTarGz(name, version, files);
                published.add(index.addRelease(name, version, Map.of(filename, archive), uploaded));
                uploaded = uploaded.plus(Duration.ofMinutes(3));
            }
            // Hostile input the pipeline must set aside without stopping: an archive entry escaping its root.
            published.add(index.addRelease("sneaky-paths", "1.0", Map.of("sneaky-paths-1.0.tar.gz", FixtureArchives.traversalTarGz()), uploaded));

            PyPiJsonApi api = new PyPiJsonApi(URI.create(index.baseUrl()));
            List<PackageRelease> releases = new ArrayList<>();
            List<String> lines = new ArrayList<>();
            for (LocalPackageIndex.PublishedRelease each : published) {
                PackageRelease release = api.release(each.name(), each.version(), "demo").orElseThrow();
                releases.add(release);
                lines.add(FeedFormat.format(release));
            }
            lines.add(lines.get(0)); // the same event twice: fetched once
            lines.add("{\"name\": \"half-a-release\"}"); // no version: dead-lettered
            Path feed = dir.resolve("demo-feed.jsonl");
            Files.write(feed, lines);
            return new DemoFeed(index, feed, List.copyOf(releases));
        } catch (IOException | RuntimeException e) {
            index.close();
            throw e;
        }
    }

    Path feed() {
        return feed;
    }

    /** The host the demo's artifacts are served from, for {@code fetch.allowed.hosts}. */
    String host() {
        return URI.create(index.baseUrl()).getHost();
    }

    /** Distinct (release, file) pairs in the feed: each must come out of ingest once, fetched or failed. */
    int distinctFiles() {
        return releases.stream().mapToInt(release -> release.getFiles().size()).sum();
    }

    private static byte[] resource(String path) {
        try (InputStream in = DemoFeed.class.getResourceAsStream(RESOURCES + path)) {
            if (in == null) {
                throw new IllegalStateException("demo resource " + path + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        index.close();
    }
}
