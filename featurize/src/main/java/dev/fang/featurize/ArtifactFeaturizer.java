package dev.fang.featurize;

import dev.fang.archive.UnsafeArchiveException;
import dev.fang.featurize.features.FeatureResult;
import dev.fang.featurize.features.PackageContents;
import dev.fang.featurize.features.PackageFeaturizer;
import dev.fang.featurize.source.PackageLoader;
import dev.fang.platform.blob.BlobStore;
import dev.fang.schema.FeatureVector;
import dev.fang.schema.FetchedArtifact;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** One fetched artifact to one feature vector: the same code path for the stream and {@code fang features}. */
public final class ArtifactFeaturizer {
    /** Why an artifact could not be featurized, in words a user can act on. */
    public static final class FeaturizeException extends Exception {
        FeaturizeException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final BlobStore blobs;
    private final PackageLoader loader;
    private final PackageFeaturizer featurizer;

    public ArtifactFeaturizer(BlobStore blobs, PackageLoader loader, PackageFeaturizer featurizer) {
        this.blobs = blobs;
        this.loader = loader;
        this.featurizer = featurizer;
    }

    public FeatureVector featurize(FetchedArtifact artifact) throws FeaturizeException {
        if (artifact.getBlobUri() == null) {
            throw new FeaturizeException(artifact.getFilename() + " has no stored content to analyse", null);
        }
        PackageContents contents;
        try {
            contents = loader.fromArchive(artifact.getName(), artifact.getVersion(), blobs.localFile(artifact.getBlobUri()));
        } catch (UnsafeArchiveException e) {
            throw new FeaturizeException(artifact.getFilename() + " was not analysed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new FeaturizeException(artifact.getFilename() + " could not be read from " + artifact.getBlobUri() + ": " + e.getMessage(), e);
        }
        return toRecord(artifact.getReleaseKey(), artifact.getName(), artifact.getVersion(), artifact.getFilename(),
                artifact.getArtifactSha256(), featurizer.featurize(contents));
    }

    /** {@code artifactSha256}: the file's hash as ingest verified it, or null when not known. */
    public static FeatureVector toRecord(String releaseKey, String name, String version, String filename, String artifactSha256,
                                         FeatureResult result) {
        List<Double> values = Arrays.stream(result.values()).boxed().toList();
        return FeatureVector.newBuilder()
                .setReleaseKey(releaseKey)
                .setName(name)
                .setVersion(version)
                .setFilename(filename)
                .setArtifactSha256(artifactSha256)
                .setFeatureSetVersion(result.catalogueVersion())
                .setValues(values)
                .setEvidence(result.evidence())
                .setComputedAt(Instant.now())
                .build();
    }
}
