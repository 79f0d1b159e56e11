package dev.fang.training.evaluation;

import dev.fang.training.dataset.Dataset;
import dev.fang.training.dataset.DatasetRow;
import dev.fang.training.model.Holdout;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Every held-out score of an evaluation as a table, one row per package and split, so misses and false alarms can be
 * looked up by package: {@code split, id, label, kind, category, python_bytes, score}.
 */
public final class HeldOutScores {
    static final String HEADER = "split\tid\tlabel\tkind\tcategory\tpython_bytes\tscore";

    private HeldOutScores() {
    }

    public static void write(Path file, Dataset data, List<Holdout> holdouts) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            out.newLine();
            for (Holdout holdout : holdouts) {
                for (int i = 0; i < holdout.rows().length; i++) {
                    DatasetRow row = data.rows().get(holdout.rows()[i]);
                    out.write(String.join("\t", holdout.name(), row.id(), Integer.toString(row.label()), row.kind(), row.category(),
                            Long.toString(row.pythonBytes()), String.format(Locale.ROOT, "%.6f", holdout.scores()[i])));
                    out.newLine();
                }
            }
        }
    }
}
