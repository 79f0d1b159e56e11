package dev.fang.training.model;

import dev.fang.training.dataset.Dataset;
import dev.fang.training.dataset.DatasetRow;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a model was trained on: counts and a content hash of the dataset.
 *
 * @param sha256 SHA-256 over the catalogue version, the feature names, every row's fields and every value
 *               (column-major, big-endian), so any change to the data changes it
 */
public record DatasetSummary(int rows, int malicious, int benign, int groups, Map<String, Integer> byKind,
                             Map<String, Integer> byCategory, String sha256) {

    public DatasetSummary {
        byKind = Map.copyOf(byKind);
        byCategory = Map.copyOf(byCategory);
    }

    public static DatasetSummary of(Dataset data) {
        Map<String, Integer> kinds = new TreeMap<>();
        Map<String, Integer> categories = new TreeMap<>();
        int malicious = 0;
        for (DatasetRow row : data.rows()) {
            kinds.merge(row.kind() + (row.label() == 1 ? " (malicious)" : " (benign)"), 1, Integer::sum);
            if (row.label() == 1) {
                malicious++;
                categories.merge(row.category() == null || row.category().isEmpty() ? "unknown" : row.category(), 1, Integer::sum);
            }
        }
        int groups = (int) data.rows().stream().map(DatasetRow::group).distinct().count();
        return new DatasetSummary(data.rows().size(), malicious, data.rows().size() - malicious, groups, kinds, categories, hash(data));
    }

    static String hash(Dataset data) {
        MessageDigest digest = newDigest();
        update(digest, data.catalogueVersion());
        for (String name : data.featureNames()) {
            update(digest, name);
        }
        for (DatasetRow row : data.rows()) {
            update(digest, row.id() + '\t' + row.label() + '\t' + row.group() + '\t' + row.kind() + '\t' + row.category()
                    + '\t' + row.date() + '\t' + row.sha256() + '\t' + row.pythonBytes());
        }
        ByteBuffer buffer = ByteBuffer.allocate(8 * 4096);
        for (double value : data.columns()) {
            if (!buffer.hasRemaining()) {
                digest.update(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            buffer.putDouble(value);
        }
        digest.update(buffer.array(), 0, buffer.position());
        return HexFormat.of().formatHex(digest.digest());
    }

    static String sha256Hex(String text) {
        return HexFormat.of().formatHex(newDigest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static void update(MessageDigest digest, String text) {
        byte[] bytes = (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
