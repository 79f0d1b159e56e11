package dev.fang.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The obfuscate and attack commands on the harmless demo canary (read and rewritten, never run). */
class ObfuscateAndAttackCommandTest {
    private static final Path CANARY = Path.of("src/main/resources/demo/packages/fang-canary");

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    private static Run fang(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = FangCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return new Run(commandLine.execute(args), out.toString(), err.toString());
    }

    @Test
    void shouldWriteTheSameObfuscatedPackageForTheSameSeed() throws Exception {
        Run first = fang("obfuscate", CANARY.toString(), dir.resolve("a").toString(), "--transform", "strings,api", "--seed", "9");
        Run second = fang("obfuscate", CANARY.toString(), dir.resolve("b").toString(), "--transform", "strings,api", "--seed", "9");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(second.exitCode()).as(second.err()).isZero();
        String setup = Files.readString(dir.resolve("a/setup.py"));
        assertThat(setup).isEqualTo(Files.readString(dir.resolve("b/setup.py")))
                .isNotEqualTo(Files.readString(CANARY.resolve("setup.py")));
        assertThat(dir.resolve("a/fang_canary/__init__.py")).exists();
    }

    @Test
    void shouldRefuseToWriteInsideTheRepositoryOrOverAnExistingDirectory() throws Exception {
        Run inRepo = fang("obfuscate", CANARY.toString(), "target/obfuscated-canary");
        Files.writeString(Files.createDirectories(dir.resolve("full")).resolve("keep.txt"), "mine");
        Run overExisting = fang("obfuscate", CANARY.toString(), dir.resolve("full").toString());
        Run badName = fang("obfuscate", CANARY.toString(), dir.resolve("c").toString(), "--transform", "nope");

        assertThat(inRepo.exitCode()).isEqualTo(1);
        assertThat(inRepo.err()).contains("Git working tree");
        assertThat(Path.of("target/obfuscated-canary")).doesNotExist();
        assertThat(overExisting.exitCode()).isEqualTo(1);
        assertThat(dir.resolve("full/setup.py")).doesNotExist();
        assertThat(badName.exitCode()).isEqualTo(2);
        assertThat(badName.err()).contains("unknown transformation 'nope'");
    }

    @Test
    void shouldWriteTheAdversarialPackageAndAMonotoneTrace() throws Exception {
        Run run = fang("attack", CANARY.toString(), "--model", "../models/default", "--out", dir.resolve("attack").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(dir.resolve("attack/fang-canary/setup.py")).exists();
        JsonNode trace = new ObjectMapper().readTree(dir.resolve("attack/fang-canary.trace.json").toFile());
        assertThat(trace.get("queries").asInt()).isEqualTo(trace.get("steps").size() + 1);
        double previous = trace.get("originalScore").asDouble();
        for (JsonNode step : trace.get("steps")) {
            assertThat(step.get("score").asDouble()).isLessThanOrEqualTo(previous);
            previous = step.get("score").asDouble();
        }
        assertThat(trace.get("finalScore").asDouble()).isEqualTo(previous);
    }
}
