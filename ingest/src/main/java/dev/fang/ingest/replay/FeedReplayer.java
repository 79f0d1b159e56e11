package dev.fang.ingest.replay;

import dev.fang.ingest.ReleasePublisher;
import dev.fang.schema.PackageRelease;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Replays a historical feed (see {@link FeedFormat}) onto {@code fang.releases}. Each record keeps the
 * release's original upload time as its timestamp. A bad line is dead-lettered and the replay goes on.
 */
public final class FeedReplayer {
    public record Summary(int published, int rejected) {
    }

    private final ReleasePublisher publisher;
    private final ReplaySpeed speed;
    private final String source;

    public FeedReplayer(ReleasePublisher publisher, ReplaySpeed speed, String source) {
        this.publisher = publisher;
        this.speed = speed;
        this.source = source;
    }

    public Summary replay(Path feed) throws IOException, InterruptedException {
        int published = 0;
        int rejected = 0;
        Instant previous = null;
        try (BufferedReader reader = Files.newBufferedReader(feed, StandardCharsets.UTF_8)) {
            int lineNumber = 0;
            for (String line; (line = reader.readLine()) != null; ) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                PackageRelease release;
                try {
                    release = FeedFormat.parse(line, source);
                } catch (IllegalArgumentException e) {
                    publisher.reject(feed.getFileName() + " line " + lineNumber + ": " + e.getMessage(),
                            feed.getFileName() + ":" + lineNumber, line.getBytes(StandardCharsets.UTF_8));
                    rejected++;
                    continue;
                }
                Instant uploaded = release.getUploadTime();
                if (previous != null && uploaded != null) {
                    Thread.sleep(speed.delayFor(Duration.between(previous, uploaded)).toMillis());
                }
                if (uploaded != null) {
                    previous = uploaded;
                }
                publisher.publish(release);
                published++;
            }
        }
        publisher.flush();
        return new Summary(published, rejected);
    }
}
