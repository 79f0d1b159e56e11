package dev.fang.training.model;

import dev.fang.training.calibration.Calibration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A loaded model directory ({@code model.txt}, {@code model.json}, {@code calibration.tsv}).
 *
 * <p>Immutable and thread-safe, scoring included: the trees are parsed once and every {@link Scorer} shares them.
 */
public final class Model implements AutoCloseable {
    private final Path dir;
    private final ModelInfo info;
    private final String modelText;
    private final Calibration calibration;
    private final Scorer shared;

    private Model(Path dir, ModelInfo info, String modelText, Calibration calibration) {
        this.dir = dir;
        this.info = info;
        this.modelText = modelText;
        this.calibration = calibration;
        this.shared = new Scorer(Scorer.parse(modelText), info.featureNames());
    }

    /** Loads a model directory, checking that {@code model.txt} is the one {@code model.json} describes. */
    public static Model load(Path dir) throws IOException {
        ModelInfo info = ModelInfo.read(dir.resolve(ModelInfo.FILE));
        String text = Files.readString(dir.resolve(TrainingResult.MODEL_FILE), StandardCharsets.UTF_8);
        String sha = DatasetSummary.sha256Hex(text);
        if (!sha.equals(info.modelSha256())) {
            throw new IOException(dir + ": model.txt (sha256 " + sha + ") is not the model model.json describes (" + info.modelSha256() + ")");
        }
        Calibration calibration = Calibration.read(dir.resolve(Calibration.FILE));
        return new Model(dir, info, text, calibration);
    }

    /**
     * Loads a model directory and refuses it unless it was trained on feature catalogue {@code catalogueVersion}
     * (vectors from another catalogue would be scored silently wrong).
     */
    public static Model load(Path dir, String catalogueVersion) throws IOException {
        Model model = load(dir);
        if (!model.info.catalogueVersion().equals(catalogueVersion)) {
            model.close();
            throw new IncompatibleModelException("model " + model.info.modelId() + " was trained on feature catalogue "
                    + model.info.catalogueVersion() + ", but the features come from " + catalogueVersion);
        }
        return model;
    }

    public Path dir() {
        return dir;
    }

    public ModelInfo info() {
        return info;
    }

    public String id() {
        return info.modelId();
    }

    public String catalogueVersion() {
        return info.catalogueVersion();
    }

    public List<String> featureNames() {
        return info.featureNames();
    }

    public String modelText() {
        return modelText;
    }

    public Calibration calibration() {
        return calibration;
    }

    /** The threshold for a consumer's target FPR, read off the calibration table ({@link Calibration#thresholdFor}). */
    public double thresholdFor(double targetFpr) {
        return calibration.thresholdFor(targetFpr);
    }

    /** A scorer over this model's parsed trees (cheap: nothing is parsed again). */
    public Scorer newScorer() {
        return new Scorer(shared.trees(), info.featureNames());
    }

    /** Probability of malicious. */
    public double score(double[] features) {
        return shared.score(features);
    }

    /** SHAP explanation. */
    public Explanation explain(double[] features) {
        return shared.explain(features);
    }

    @Override
    public void close() {
        shared.close();
    }

    /** The model directory does not fit the features it would be given. */
    public static final class IncompatibleModelException extends IOException {
        public IncompatibleModelException(String message) {
            super(message);
        }
    }
}
