package dev.fang.training.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code model.json} of a model directory.
 *
 * @param modelId            {@code <catalogue version>-<first 12 hex digits of SHA-256(model.txt)>}, prefixed with
 *                           {@code fang-} unless the catalogue version already starts with it
 * @param catalogueVersion   feature catalogue the model was trained on; vectors from another catalogue are refused
 * @param lightgbm           LightGBM version that trained the model
 * @param featureNames       feature names in vector order
 * @param hyperParams        the chosen combination
 * @param rounds             boosting rounds of the final model
 * @param lightgbmParams     the full LightGBM parameter string of the final training
 * @param training           what it was trained on
 * @param crossValidation    folds, seed, out-of-fold ROC-AUC and what each fold chose
 * @param calibrationSize    number of held-out benign scores in {@code calibration.tsv}
 * @param modelSha256        SHA-256 of {@code model.txt}
 * @param featureCaps        features whose training values were capped, and their caps (the model scores any larger
 *                           value as the cap; absent from older models)
 * @param augmentation       adversarial training, if any (absent from older models)
 */
public record ModelInfo(String modelId, String catalogueVersion, String lightgbm, List<String> featureNames,
                        HyperParams hyperParams, int rounds, String lightgbmParams, DatasetSummary training,
                        CrossValidation crossValidation, int calibrationSize, String modelSha256, Map<String, Double> featureCaps,
                        Augmentation augmentation) {

    public static final String FILE = "model.json";
    public static final String LIGHTGBM_VERSION = "4.3.0 (io.github.metarank:lightgbm4j:4.3.0-1)";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public ModelInfo {
        featureNames = List.copyOf(featureNames);
        featureCaps = featureCaps == null ? Map.of() : Map.copyOf(featureCaps);
    }

    /**
     * Rows added to every training part against the model trained on it (adversarial training); null when none were.
     *
     * @param description  what was added and how
     * @param finalRows    rows added to the final model's training
     */
    public record Augmentation(String description, int finalRows) {
    }

    /** How the out-of-fold scores were made. */
    public record CrossValidation(int folds, long seed, double oofRocAuc, List<FoldResult> perFold) {
        public CrossValidation {
            perFold = List.copyOf(perFold);
        }
    }

    static String modelId(String catalogueVersion, String modelSha256) {
        String prefix = catalogueVersion.startsWith("fang-") ? catalogueVersion : "fang-" + catalogueVersion;
        return prefix + "-" + modelSha256.substring(0, 12);
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, JSON.writeValueAsString(this) + "\n");
    }

    public static ModelInfo read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), ModelInfo.class);
    }
}
