package dev.fang.ingest.fetch;

import dev.fang.archive.ArchiveLimits;
import dev.fang.archive.ArchiveSummary;
import dev.fang.archive.SafeArchiveReader;
import dev.fang.archive.UnsafeArchiveException;
import dev.fang.platform.blob.BlobStore;
import dev.fang.platform.config.FangConfig;
import dev.fang.schema.ArchiveEntry;
import dev.fang.schema.FetchedArtifact;
import dev.fang.schema.PackageRelease;
import dev.fang.schema.ReleaseFile;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * Fetches one distribution file: download (or find it already stored by digest), verify its SHA-256,
 * store it content-addressed, and walk the archive safely for its inventory. Never unpacks to disk,
 * never executes anything.
 */
public final class ArtifactFetcher {
    private final Download download;
    private final BlobStore blobs;
    private final ArchiveLimits limits;
    private final Path tempDir;
    private final Clock clock;

    public ArtifactFetcher(HttpClient http, FetchPolicy policy, BlobStore blobs, ArchiveLimits limits, Path tempDir, Clock clock) {
        this.download = new Download(http, policy);
        this.blobs = blobs;
        this.limits = limits;
        this.tempDir = tempDir;
        this.clock = clock;
    }

    public static ArtifactFetcher from(FangConfig config) {
        FetchPolicy policy = FetchPolicy.from(config);
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(policy.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new ArtifactFetcher(http, policy, config.blobStore(), config.archiveLimits(), config.dataDir().resolve("tmp"), Clock.systemUTC());
    }

    public FetchedArtifact fetch(String releaseKey, PackageRelease release, ReleaseFile file) throws FetchException {
        String expected = Optional.ofNullable(file.getSha256()).map(digest -> digest.strip().toLowerCase(Locale.ROOT))
                .filter(digest -> !digest.isEmpty()).orElse(null);
        Optional<String> stored = expected == null ? Optional.empty() : blobs.find(expected);
        String sha256;
        String blobUri;
        if (stored.isPresent()) {
            sha256 = expected;
            blobUri = stored.get();
        } else {
            Download.Result result = download.fetch(file.getUrl(), tempDir);
            try {
                if (expected != null && !expected.equals(result.sha256())) {
                    throw new FetchException(FetchFailure.HASH_MISMATCH, file.getFilename() + " has SHA-256 " + result.sha256()
                            + " but the release event says " + expected + "; the file was altered or the event is wrong");
                }
                sha256 = result.sha256();
                blobUri = blobs.put(sha256, result.file());
            } catch (IOException e) {
                throw new FetchException(FetchFailure.STORAGE, "cannot store " + file.getFilename() + " in the blob store: " + e.getMessage(), e);
            } finally {
                Download.deleteQuietly(result.file());
            }
        }
        ArchiveSummary summary = inventory(file, blobUri);
        return FetchedArtifact.newBuilder()
                .setReleaseKey(releaseKey)
                .setName(release.getName())
                .setVersion(release.getVersion())
                .setFilename(file.getFilename())
                .setPackagetype(file.getPackagetype())
                .setFormat(summary.format().name().toLowerCase(Locale.ROOT).replace('_', '.'))
                .setArtifactSha256(sha256)
                .setBlobUri(blobUri)
                .setArchiveSize(summary.archiveSize())
                .setUnpackedSize(summary.totalUnpackedBytes())
                .setFileCount(summary.fileCount())
                .setInventory(summary.entries().stream()
                        .map(entry -> new ArchiveEntry(entry.path(), entry.size(), entry.sha256()))
                        .toList())
                .setFetchedAt(clock.instant())
                .build();
    }

    private ArchiveSummary inventory(ReleaseFile file, String blobUri) throws FetchException {
        try {
            return new SafeArchiveReader().read(blobs.localFile(blobUri), limits);
        } catch (UnsafeArchiveException e) {
            throw new FetchException(FetchFailure.UNSAFE_ARCHIVE, file.getFilename() + " was not unpacked: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new FetchException(FetchFailure.UNSAFE_ARCHIVE, file.getFilename() + " could not be read as an archive: " + e.getMessage(), e);
        }
    }
}
