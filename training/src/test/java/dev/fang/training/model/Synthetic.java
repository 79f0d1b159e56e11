package dev.fang.training.model;

import dev.fang.training.dataset.Dataset;
import dev.fang.training.dataset.DatasetRow;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic synthetic datasets for tests: a few informative features with noise, groups of 1–3 rows sharing a
 * group-level vector, hard negatives (benign {@code graalpy} rows that look half malicious), dates and sizes.
 */
public final class Synthetic {
    public static final String CATALOGUE = "fang-features-test";
    /** Name of the planted layout shortcut, when {@code leak} is on. */
    public static final String LEAK = "pkg_egg_info_files";

    private Synthetic() {
    }

    /**
     * @param groupsPerClass malicious campaign groups and benign projects each
     * @param separation     shift of the informative features between classes (2 = easy)
     * @param leak           add {@link #LEAK}, which is 1 for every malicious row and 0 for every benign one
     */
    public static Dataset dataset(int groupsPerClass, double separation, boolean leak, long seed) {
        Random random = new Random(seed);
        List<String> names = new ArrayList<>(List.of("install_api_network_sites", "import_obf_base64", "install_sus_total",
                "import_entropy_max", "noise_a", "noise_b", "noise_c", "noise_d"));
        if (leak) {
            names.add(LEAK);
        }
        List<DatasetRow> rows = new ArrayList<>();
        List<double[]> vectors = new ArrayList<>();
        String[] categories = {"malicious", "probably_pentest", ""};
        String[] benignKinds = {"debian-binary", "debian-source", "graalpy"};
        LocalDate start = LocalDate.of(2022, 1, 1);
        for (int label = 1; label >= 0; label--) {
            for (int g = 0; g < groupsPerClass; g++) {
                String kind = label == 1 ? "malregistry" : benignKinds[g % benignKinds.length];
                boolean hard = label == 0 && kind.equals("graalpy");
                double shift = label == 1 ? separation : hard ? separation * 0.5 : 0;
                double[] base = new double[names.size()];
                for (int f = 0; f < 4; f++) {
                    base[f] = shift + random.nextGaussian();
                }
                int size = 1 + random.nextInt(label == 1 ? 3 : 2);
                String group = (label == 1 ? "campaign-" : "project-") + g;
                LocalDate first = start.plusDays((long) g * 1000 / groupsPerClass);
                for (int r = 0; r < size; r++) {
                    double[] v = new double[names.size()];
                    for (int f = 0; f < 4; f++) {
                        v[f] = base[f] + 0.3 * random.nextGaussian();
                    }
                    for (int f = 4; f < 8; f++) {
                        v[f] = random.nextGaussian();
                    }
                    if (leak) {
                        v[8] = label;
                    }
                    long bytes = (long) Math.pow(10, 2.3 + 4 * random.nextDouble());
                    String id = (label == 1 ? "mal:" : kind + ":") + group + "/" + r;
                    rows.add(new DatasetRow(id, label, group, kind, label == 1 ? categories[g % 3] : "",
                            label == 1 ? first.plusDays(r).toString() : "", Integer.toHexString(id.hashCode()), bytes));
                    vectors.add(v);
                }
            }
        }
        return Dataset.fromRows(CATALOGUE, names, rows, vectors);
    }

    /** A fast configuration for tests: 2 grid combinations, 3 or 5 folds, short patience. */
    public static TrainingConfig fastConfig(int folds) {
        return TrainingConfig.defaults()
                .withGrid(List.of(new HyperParams(7, 0.1, 5, 0.9), new HyperParams(15, 0.1, 10, 0.5)))
                .withFolds(folds)
                .withRounds(300, 20);
    }
}
