package dev.fang.training.dataset;

import dev.fang.featurize.features.Understanding;
import dev.fang.platform.blob.Sha256;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Feature vectors already computed, keyed by catalogue version, featurizer understanding and package digest, so
 * rebuilding a dataset only featurizes packages that are new (or all of them after the catalogue changes), and
 * vectors of the raw-tokens featurizer never mix with Fang's own.
 */
public final class FeatureCache {
    private static final Pattern SAFE_KEY = Pattern.compile("[A-Za-z0-9._:+-]{1,200}");

    /** A cached vector with the package's Python size. */
    public record Entry(double[] values, long pythonBytes) {
    }

    private final Path dir;

    /** A cache of {@link Understanding#FULL} vectors. */
    public FeatureCache(Path root, String catalogueVersion, List<String> featureNames) {
        this(root, catalogueVersion, featureNames, Understanding.FULL);
    }

    /**
     * Entries live under the catalogue version and a digest of the feature names, so a changed catalogue never
     * reads stale vectors; vectors of any understanding but {@link Understanding#FULL} (whose directory keeps its
     * name from before there was a choice) also under its id.
     */
    public FeatureCache(Path root, String catalogueVersion, List<String> featureNames, Understanding understanding) {
        MessageDigest digest = Sha256.newDigest();
        digest.update(String.join("\n", featureNames).getBytes(StandardCharsets.UTF_8));
        String mode = understanding == Understanding.FULL ? "" : "-" + understanding.id();
        this.dir = root.resolve(catalogueVersion + mode + "-" + Sha256.hex(digest).substring(0, 12));
    }

    public Optional<Entry> get(String key, int features) {
        Path file = file(key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
            long pythonBytes = in.readLong();
            int count = in.readInt();
            if (count != features) {
                return Optional.empty();
            }
            double[] values = new double[count];
            for (int i = 0; i < count; i++) {
                values[i] = in.readDouble();
            }
            return Optional.of(new Entry(values, pythonBytes));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public void put(String key, Entry entry) throws IOException {
        Files.createDirectories(dir);
        Path staging = Files.createTempFile(dir, ".entry-", ".tmp");
        try (OutputStream raw = Files.newOutputStream(staging); DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(raw))) {
            out.writeLong(entry.pythonBytes());
            out.writeInt(entry.values().length);
            for (double value : entry.values()) {
                out.writeDouble(value);
            }
        }
        try {
            Files.move(staging, file(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staging, file(key), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private Path file(String key) {
        if (!SAFE_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("not a cache key: '" + key + "'");
        }
        return dir.resolve(key.replace(':', '_') + ".vec");
    }
}
