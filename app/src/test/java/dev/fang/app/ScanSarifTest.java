package dev.fang.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fang.testkit.archives.FixtureArchives;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `fang scan --format sarif` with the shipped model on the demo's harmless canary and benign fixture (read, never run). */
class ScanSarifTest {
    private static final Path PACKAGES = Path.of("src/main/resources/demo/packages");
    private static final Path MODEL = Path.of("../models/default");

    @TempDir
    Path dir;

    @Test
    void shouldReportFlaggedPackagesWithTheirEvidenceAndInputsThatCouldNotBeRead() throws Exception {
        Path canaryDir = PACKAGES.resolve("fang-canary");
        Path canaryArchive = Files.write(dir.resolve("fang-canary-0.0.1.tar.gz"), FixtureArchives.sdistTarGz("fang-canary", "0.0.1",
                Map.of("setup.py", Files.readString(canaryDir.resolve("setup.py")),
                        "fang_canary/__init__.py", Files.readString(canaryDir.resolve("fang_canary/__init__.py")))));
        Path missing = dir.resolve("no-such-1.0.tar.gz");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = FangCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));

        int exit = commandLine.execute("scan", "--model", MODEL.toString(), "--format", "sarif", canaryDir.toString(),
                PACKAGES.resolve("tinyutils").toString(), canaryArchive.toString(), missing.toString());

        assertThat(exit).as(err.toString()).isEqualTo(1);
        JsonNode log = new ObjectMapper().readTree(out.toString());
        assertThat(log.get("version").asText()).isEqualTo("2.1.0");
        JsonNode run = log.get("runs").get(0);
        assertThat(run.at("/tool/driver/name").asText()).isEqualTo("fang");
        List<JsonNode> results = new ArrayList<>();
        run.get("results").forEach(results::add);
        // the canary twice (a directory and an archive), the missing file; the benign fixture passes: no result
        assertThat(results).extracting(r -> r.get("ruleId").asText())
                .containsExactly(ScanSarif.MALICIOUS, ScanSarif.MALICIOUS, ScanSarif.NOT_ANALYSED);
        JsonNode artifacts = run.get("artifacts");

        JsonNode fromDir = results.get(0);
        assertThat(fromDir.get("level").asText()).isEqualTo("error");   // the strictest consumer alerts on the canary
        assertThat(fromDir.at("/message/text").asText()).startsWith("fang-canary").contains("pypi-maintainers");
        JsonNode dirLocation = fromDir.get("locations").get(0).get("physicalLocation");
        assertThat(dirLocation.at("/artifactLocation/uri").asText()).startsWith(canaryDir.toString()).endsWith(".py");
        assertThat(dirLocation.at("/region/startLine").asInt()).isPositive();
        assertThat(Files.readAllLines(Path.of(dirLocation.at("/artifactLocation/uri").asText())))
                .hasSizeGreaterThanOrEqualTo(dirLocation.at("/region/startLine").asInt());
        assertThat(fromDir.get("locations").get(0).at("/message/text").asText())
                .startsWith(fromDir.at("/message/text").asText().replaceAll(".*Top reasons: (\\w+) .*", "$1") + " = ");

        JsonNode inArchive = results.get(1).get("locations").get(0).get("physicalLocation").get("artifactLocation");
        assertThat(inArchive.get("uri").asText()).startsWith("fang-canary-0.0.1/");
        JsonNode archive = artifacts.get(artifacts.get(inArchive.get("index").asInt()).get("parentIndex").asInt());
        assertThat(archive.at("/location/uri").asText()).isEqualTo(canaryArchive.toString());

        assertThat(results.get(2).at("/message/text").asText()).contains("no-such-1.0.tar.gz").contains("not analysed");
    }
}
