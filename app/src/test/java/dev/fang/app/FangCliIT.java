package dev.fang.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fang.ingest.IngestTopology;
import dev.fang.platform.config.FangConfig;
import dev.fang.platform.config.FangConfig.Setting;
import dev.fang.platform.kafka.EmbeddedKafka;
import dev.fang.platform.kafka.StageRunner;
import dev.fang.platform.kafka.StreamsSettings;
import dev.fang.platform.kafka.TopicAdmin;
import dev.fang.schema.Stage;
import dev.fang.schema.Topics;
import dev.fang.testkit.archives.FixtureArchives;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fang command as a user runs it, in-process, against real brokers. */
class FangCliIT {
    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    static Run fang(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = FangCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void shouldRunTheDemoEndToEndAndSummarize() {
        Run run = fang("run", "--demo");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out())
                .contains("artifact     fang-canary==0.0.1")
                .contains("artifact     hello-wheel==0.3.0")
                .contains("features     fang-canary==0.0.1")
                .contains("dead letter  sneaky-paths==1.0        ingest: UNSAFE_ARCHIVE")
                .contains("verdict      fang-canary==0.0.1")
                .containsPattern("alert        fang-canary==0.0.1 +-> fang.alerts.pypi-maintainers")
                .containsPattern("alert        fang-canary==0.0.1 +-> fang.alerts.enterprise")
                .doesNotContainPattern("alert +tinyutils")
                .doesNotContainPattern("alert +hello-wheel")
                .contains("fang demo: 5 release events replayed, 1 bad feed lines; ingest fetched 3 artifacts, refused 1; "
                        + "featurize analysed 3; classify judged 3; alerts {fang.alerts.enterprise=1, fang.alerts.pypi-maintainers=1};");
    }

    @Test
    void shouldPublishALocalArchiveThatIngestThenFetchesAndTailShows() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Path dataDir = dir.resolve("data");
            FangConfig config = FangConfig.defaults().with(Setting.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
                    .with(Setting.DATA_DIR, dataDir.toString()).with(Setting.TOPIC_PARTITIONS, "2");
            TopicAdmin.ensureTopics(kafka.bootstrapServers(), Topics.all(), 2, (short) 1);
            Path archive = Files.write(dir.resolve("local_pkg-0.1.tar.gz"),
                    FixtureArchives.sdistTarGz("local_pkg", "0.1", Map.of("local_pkg/__init__.py", "X = 1\n")));

            try (StageRunner ingest = StageRunner.start("ingest", IngestTopology.build(config), StreamsSettings.forStage(Stage.INGEST, config))) {
                Run published = fang("publish", "--bootstrap-servers", kafka.bootstrapServers(), "--data-dir", dataDir.toString(),
                        "Local_Pkg", "0.1", archive.toString());
                Run tail = fang("tail", "fang.artifacts", "--bootstrap-servers", kafka.bootstrapServers(),
                        "--from-beginning", "--max", "1", "--idle-timeout", "60");

                assertThat(published.exitCode()).as(published.err()).isZero();
                assertThat(published.out()).contains("published local-pkg==0.1 with 1 file(s)");
                assertThat(tail.exitCode()).as(tail.err()).isZero();
                JsonNode line = new ObjectMapper().readTree(tail.out().lines().findFirst().orElseThrow());
                assertThat(line.get("key").asText()).isEqualTo("local-pkg==0.1");
                assertThat(line.get("value").get("filename").asText()).isEqualTo("local_pkg-0.1.tar.gz");
                assertThat(line.get("value").get("failure").isNull()).isTrue();
                assertThat(line.get("value").get("inventory").toString()).contains("local_pkg-0.1/local_pkg/__init__.py");
            }
        }
    }

    @Test
    void shouldPrintFeaturesAndEvidenceOfLocalArchivesAndReportUnreadableOnes() throws Exception {
        Path canary = Files.write(dir.resolve("canary-1.0.tar.gz"), FixtureArchives.sdistTarGz("canary", "1.0", Map.of("setup.py",
                "import base64\nexec(base64.b64decode('aW1wb3J0IG9zOyBvcy5zeXN0ZW0oJ2VjaG8gY2FuYXJ5Jyk='))\n")));
        Path broken = Files.write(dir.resolve("broken-1.0.tar.gz"), FixtureArchives.truncatedTarGz());

        Run run = fang("features", canary.toString(), broken.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        List<JsonNode> lines = run.out().lines().map(FangCliIT::json).toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("catalogueVersion").asText()).isEqualTo(dev.fang.featurize.features.FeatureCatalogue.VERSION);
        assertThat(lines.get(0).get("features").size()).isPositive();
        assertThat(lines.get(0).get("evidence").toString()).contains("canary-1.0/setup.py");
        assertThat(lines.get(1).get("error").asText()).isNotBlank();
    }

    @Test
    void shouldPrintRawTokenFeaturesThatMissWhatOnlyDecodingFinds() throws Exception {
        // setup.py runs base64 of "import os; os.system('echo canary')"
        Path canary = Files.write(dir.resolve("canary-1.0.tar.gz"), FixtureArchives.sdistTarGz("canary", "1.0", Map.of("setup.py",
                "import base64\nexec(base64.b64decode('aW1wb3J0IG9zOyBvcy5zeXN0ZW0oJ2VjaG8gY2FuYXJ5Jyk='))\n")));

        JsonNode full = json(fang("features", canary.toString()).out().strip());
        Run raw = fang("features", "--raw-tokens", canary.toString());

        assertThat(raw.exitCode()).as(raw.err()).isZero();
        JsonNode rawLine = json(raw.out().strip());
        assertThat(rawLine.get("understanding").asText()).isEqualTo("raw-tokens");
        assertThat(full.has("understanding")).isFalse();
        assertThat(full.get("features").has("install_api_cmd_shell")).isTrue();
        assertThat(rawLine.get("features").has("install_api_cmd_shell")).isFalse();
        assertThat(rawLine.get("features").has("install_api_code_eval")).isTrue();
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    @Test
    void shouldExplainAnUnknownTopic() {
        Run run = fang("tail", "fang.nope", "--bootstrap-servers", "127.0.0.1:1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown topic 'fang.nope'").contains("fang.alerts.enterprise");
    }

    @Test
    void shouldExplainAnUnknownSettingInOneLine() {
        Run run = fang("replay", "feed.jsonl", "--bootstrap-servers", "127.0.0.1:1", "--set", "fetch.atempts=3");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("fang replay: unknown setting 'fetch.atempts'").doesNotContain("\tat ");
    }
}
