package dev.fang.training.dataset;

import java.io.BufferedWriter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Features of many packages, stored column by column: {@code features.txt} (names, one per line, after a
 * first line with the catalogue version), {@code rows.tsv} (one {@link DatasetRow} per line) and
 * {@code columns.f64} (big-endian doubles, all rows of feature 0, then all rows of feature 1, ...).
 * Column-major is what LightGBM reads without a copy, and a new feature is one more block.
 */
public record Dataset(String catalogueVersion, List<String> featureNames, List<DatasetRow> rows, double[] columns) {
    public static final String FEATURES_FILE = "features.txt";
    public static final String ROWS_FILE = "rows.tsv";
    public static final String COLUMNS_FILE = "columns.f64";

    public Dataset {
        featureNames = List.copyOf(featureNames);
        rows = List.copyOf(rows);
        if (columns.length != (long) featureNames.size() * rows.size()) {
            throw new IllegalArgumentException("expected " + featureNames.size() + " x " + rows.size() + " values, got " + columns.length);
        }
    }

    /** Builds the column-major matrix from row vectors. */
    public static Dataset fromRows(String catalogueVersion, List<String> featureNames, List<DatasetRow> rows, List<double[]> vectors) {
        int features = featureNames.size();
        double[] columns = new double[features * rows.size()];
        for (int row = 0; row < rows.size(); row++) {
            double[] vector = vectors.get(row);
            if (vector.length != features) {
                throw new IllegalArgumentException("row " + rows.get(row).id() + " has " + vector.length + " values, expected " + features);
            }
            for (int feature = 0; feature < features; feature++) {
                columns[feature * rows.size() + row] = vector[feature];
            }
        }
        return new Dataset(catalogueVersion, featureNames, rows, columns);
    }

    /**
     * A copy in which the named features are constant 0 for every row, so a model trained on it cannot split on
     * them (the vector keeps its layout; scoring is unchanged for any value they take).
     */
    public Dataset withFeaturesZeroed(java.util.function.Predicate<String> excluded) {
        double[] copy = columns.clone();
        for (int feature = 0; feature < featureNames.size(); feature++) {
            if (excluded.test(featureNames.get(feature))) {
                java.util.Arrays.fill(copy, feature * rows.size(), (feature + 1) * rows.size(), 0.0);
            }
        }
        return new Dataset(catalogueVersion, featureNames, rows, copy);
    }

    /** A copy with {@code extra} rows (and their vectors) after the existing ones; existing row indices stay valid. */
    public Dataset withRowsAppended(List<DatasetRow> extra, List<double[]> vectors) {
        List<DatasetRow> allRows = new ArrayList<>(rows);
        allRows.addAll(extra);
        List<double[]> allVectors = new ArrayList<>(rows.size() + extra.size());
        for (int row = 0; row < rows.size(); row++) {
            allVectors.add(row(row));
        }
        allVectors.addAll(vectors);
        return fromRows(catalogueVersion, featureNames, allRows, allVectors);
    }

    public double value(int row, int feature) {
        return columns[feature * rows.size() + row];
    }

    /** The feature vector of one row (a copy). */
    public double[] row(int row) {
        double[] vector = new double[featureNames.size()];
        for (int feature = 0; feature < vector.length; feature++) {
            vector[feature] = value(row, feature);
        }
        return vector;
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> header = new ArrayList<>();
        header.add("# " + catalogueVersion);
        header.addAll(featureNames);
        Files.write(dir.resolve(FEATURES_FILE), header, StandardCharsets.UTF_8);
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(ROWS_FILE), StandardCharsets.UTF_8)) {
            out.write("id\tlabel\tgroup\tkind\tcategory\tdate\tsha256\tpython_bytes\n");
            for (DatasetRow row : rows) {
                out.write(String.join("\t", clean(row.id()), String.valueOf(row.label()), clean(row.group()), clean(row.kind()),
                        clean(row.category()), clean(row.date()), clean(row.sha256()), String.valueOf(row.pythonBytes())));
                out.write('\n');
            }
        }
        try (OutputStream file = Files.newOutputStream(dir.resolve(COLUMNS_FILE));
             DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(file, 1 << 16))) {
            for (double value : columns) {
                out.writeDouble(value);
            }
        }
    }

    public static Dataset read(Path dir) throws IOException {
        List<String> header = Files.readAllLines(dir.resolve(FEATURES_FILE), StandardCharsets.UTF_8);
        String version = header.get(0).substring(2);
        List<String> names = header.subList(1, header.size());
        List<DatasetRow> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(dir.resolve(ROWS_FILE), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split("\t", -1);
            rows.add(new DatasetRow(cells[0], Integer.parseInt(cells[1]), cells[2], cells[3], cells[4], cells[5], cells[6], Long.parseLong(cells[7])));
        }
        double[] columns = new double[names.size() * rows.size()];
        try (InputStream file = Files.newInputStream(dir.resolve(COLUMNS_FILE));
             DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(file, 1 << 16))) {
            for (int i = 0; i < columns.length; i++) {
                columns[i] = in.readDouble();
            }
        }
        return new Dataset(version, names, rows, columns);
    }

    private static String clean(String cell) {
        return cell == null ? "" : cell.replace('\t', ' ').replace('\n', ' ');
    }
}
