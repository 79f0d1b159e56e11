package dev.fang.ingest;

import dev.fang.ingest.fetch.ArtifactFetcher;
import dev.fang.ingest.fetch.FetchException;
import dev.fang.platform.deadletter.DeadLetters;
import dev.fang.schema.FetchedArtifact;
import dev.fang.schema.PackageRelease;
import dev.fang.schema.ReleaseFile;
import dev.fang.schema.ReleaseKeys;
import dev.fang.schema.Stage;
import dev.fang.schema.Topics;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fetches every not-yet-fetched file of a release; see {@link IngestTopology}. */
final class FetchArtifactsProcessor implements Processor<String, byte[], String, Object> {
    private static final Logger log = LoggerFactory.getLogger(FetchArtifactsProcessor.class);

    private final ArtifactFetcher fetcher;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, String> fetchedFiles;

    FetchArtifactsProcessor(ArtifactFetcher fetcher) {
        this.fetcher = fetcher;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.fetchedFiles = context.getStateStore(IngestTopology.FETCHED_FILES_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        PackageRelease release;
        try {
            release = Topics.RELEASES.valueSerde().deserializer().deserialize(Topics.RELEASES.name(), record.value());
        } catch (SerializationException e) {
            deadLetter(record, "undecodable release event: " + e.getMessage(), e, null);
            return;
        }
        String problem = problemWith(release);
        if (problem != null) {
            deadLetter(record, problem, null, null);
            return;
        }
        String releaseKey = ReleaseKeys.of(release);
        for (ReleaseFile file : release.getFiles()) {
            fetchOnce(record, releaseKey, release, file);
        }
    }

    private void fetchOnce(Record<String, byte[]> record, String releaseKey, PackageRelease release, ReleaseFile file) {
        String fileKey = releaseKey + "/" + file.getFilename();
        if (fetchedFiles.get(fileKey) != null) {
            log.debug("{} already fetched; skipping the repeated event", fileKey);
            return;
        }
        try {
            FetchedArtifact artifact = fetcher.fetch(releaseKey, release, file);
            fetchedFiles.put(fileKey, artifact.getArtifactSha256());
            log.info("fetched {} ({} files, {} bytes unpacked)", fileKey, artifact.getFileCount(), artifact.getUnpackedSize());
            context.forward(record.withKey(releaseKey).withValue(artifact), IngestTopology.ARTIFACTS_SINK);
        } catch (FetchException e) {
            String reason = e.failure() + ": " + e.getMessage();
            log.warn("{} not fetched: {}", fileKey, reason);
            if (e.failure().permanent()) {
                fetchedFiles.put(fileKey, "failed " + e.failure());
            }
            FetchedArtifact failed = FetchedArtifact.newBuilder()
                    .setReleaseKey(releaseKey)
                    .setName(release.getName())
                    .setVersion(release.getVersion())
                    .setFilename(file.getFilename())
                    .setPackagetype(file.getPackagetype())
                    .setFailure(reason)
                    .setFetchedAt(Instant.now())
                    .build();
            context.forward(record.withKey(releaseKey).withValue(failed), IngestTopology.ARTIFACTS_SINK);
            deadLetter(record, reason, e, file.getFilename());
        }
    }

    private static String problemWith(PackageRelease release) {
        if (release == null) {
            return "empty release event (tombstone)";
        }
        if (release.getName().isBlank() || release.getVersion().isBlank()) {
            return "release event without a name or version";
        }
        if (release.getFiles().isEmpty()) {
            return "release " + release.getName() + " " + release.getVersion() + " lists no files to fetch";
        }
        return null;
    }

    private void deadLetter(Record<String, byte[]> record, String reason, Throwable error, String subject) {
        context.forward(record.withValue((Object) DeadLetters.forRecord(Stage.INGEST, context, record, reason, error, subject)), IngestTopology.DEAD_LETTER_SINK);
    }
}
