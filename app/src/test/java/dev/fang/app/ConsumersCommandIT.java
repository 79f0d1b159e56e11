package dev.fang.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fang.platform.kafka.EmbeddedKafka;
import dev.fang.platform.kafka.TopicAdmin;
import dev.fang.schema.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Managing consumers on the compacted topic, through the CLI, against a real broker. */
class ConsumersCommandIT {
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        TopicAdmin.ensureTopics(kafka.bootstrapServers(), Topics.all(), 1, (short) 1);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    private static FangCliIT.Run fang(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = FangCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        String[] withCluster = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--bootstrap-servers", kafka.bootstrapServers())).toArray(String[]::new);
        return new FangCliIT.Run(commandLine.execute(withCluster), out.toString(), err.toString());
    }

    private static Map<String, JsonNode> listed() {
        FangCliIT.Run run = fang("consumers", "list");
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.out().lines().map(ConsumersCommandIT::json).collect(Collectors.toMap(node -> node.get("consumerId").asText(), node -> node));
    }

    @Test
    void shouldAddChangeAndRemoveAConsumer() throws Exception {
        assertThat(listed()).containsKeys("pypi-maintainers", "enterprise");

        FangCliIT.Run added = fang("consumers", "add", "acme", "--target-fpr", "0.05", "--packages", "requests,numpy");
        assertThat(added.exitCode()).as(added.err()).isZero();
        JsonNode acme = listed().get("acme");
        assertThat(acme.get("targetFpr").asDouble()).isEqualTo(0.05);
        assertThat(acme.get("alertTopic").asText()).isEqualTo("fang.alerts.acme");
        assertThat(acme.get("packageAllowList").toString()).isEqualTo("[\"requests\",\"numpy\"]");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).contains("fang.alerts.acme");
        }

        FangCliIT.Run duplicate = fang("consumers", "add", "acme", "--threshold", "0.5");
        assertThat(duplicate.exitCode()).isEqualTo(2);
        assertThat(duplicate.err()).contains("consumer 'acme' exists");

        assertThat(fang("consumers", "set", "acme", "--threshold", "0.7").exitCode()).isZero();
        assertThat(listed().get("acme").get("threshold").asDouble()).isEqualTo(0.7);

        assertThat(fang("consumers", "remove", "acme").exitCode()).isZero();
        assertThat(listed()).doesNotContainKey("acme");
    }

    @Test
    void shouldKeepAndRemoveAConsumersSuppressionsOfReviewedReleases() {
        assertThat(fang("consumers", "add", "beta", "--target-fpr", "0.01").exitCode()).isZero();
        String hash = "AB".repeat(32);

        FangCliIT.Run suppressed = fang("consumers", "suppress", "beta", "--package", "Some_Pkg", "--version", "1.2",
                "--sha256", hash, "--feature", "install_api_command_sites", "--reason", "reviewed by ana");
        assertThat(suppressed.exitCode()).as(suppressed.err()).isZero();
        assertThat(fang("consumers", "suppress", "beta", "--package", "other", "--version", "3.0", "--reason", "vendored").exitCode()).isZero();
        JsonNode suppressions = listed().get("beta").get("suppressions");
        assertThat(suppressions).hasSize(2);
        assertThat(suppressions.get(0).get("artifactSha256").asText()).isEqualTo(hash.toLowerCase());
        assertThat(suppressions.get(0).get("feature").asText()).isEqualTo("install_api_command_sites");
        assertThat(suppressions.get(0).get("reason").asText()).isEqualTo("reviewed by ana");

        FangCliIT.Run noVersion = fang("consumers", "suppress", "beta", "--package", "other", "--reason", "all of it");
        FangCliIT.Run badFeature = fang("consumers", "suppress", "beta", "--package", "x", "--version", "1", "--feature", "nope", "--reason", "r");
        FangCliIT.Run badHash = fang("consumers", "suppress", "beta", "--package", "x", "--version", "1", "--sha256", "abc", "--reason", "r");
        assertThat(noVersion.exitCode()).isEqualTo(2);
        assertThat(noVersion.err()).contains("--version");
        assertThat(badFeature.exitCode()).isEqualTo(2);
        assertThat(badFeature.err()).contains("no feature 'nope'");
        assertThat(badHash.exitCode()).isEqualTo(2);

        assertThat(fang("consumers", "unsuppress", "beta", "--package", "other", "--version", "3.0").exitCode()).isZero();
        assertThat(listed().get("beta").get("suppressions")).hasSize(1);
        FangCliIT.Run again = fang("consumers", "unsuppress", "beta", "--package", "other", "--version", "3.0");
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("no such suppression");
        assertThat(fang("consumers", "remove", "beta").exitCode()).isZero();
    }

    @Test
    void shouldRefuseAConsumerWithoutAnOperatingPoint() {
        FangCliIT.Run run = fang("consumers", "add", "vague");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("needs --target-fpr or --threshold");
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
