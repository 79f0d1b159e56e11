package dev.fang.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.featurize.features.PackageContents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our own benign programs print the same before and after every transformation and combination, for
 * several seeds and probabilities, and every rewritten file is accepted by CPython's parser.
 */
class BehaviourPreservationTest {
    private static final List<String> PROGRAMS = List.of("strings_and_bytes.py", "calls_and_modules.py", "scopes.py", "edge_cases.py");

    @TempDir
    Path temp;

    static Stream<Arguments> runs() {
        List<Arguments> runs = new ArrayList<>();
        List<List<String>> selections = new ArrayList<>();
        Transformations.names().forEach(name -> selections.add(List.of(name)));
        selections.add(Transformations.names());
        for (List<String> selection : selections) {
            for (long seed : new long[] {1, 2, 3}) {
                runs.add(Arguments.of(selection, 1.0, seed));
            }
            runs.add(Arguments.of(selection, 0.5, 11L));
        }
        return runs.stream();
    }

    @ParameterizedTest(name = "{0} p={1} seed={2}")
    @MethodSource("runs")
    void shouldKeepTheOutputOfEveryBenignProgram(List<String> transformations, double probability, long seed) throws Exception {
        PackageFiles original = Fixtures.load("benign/programs");
        PackageContents transformed = Transformations.apply(original.contents(), transformations, probability, seed);

        Path before = temp.resolve("before");
        Path after = temp.resolve("after");
        original.write(before);
        original.with(transformed).write(after);

        if (probability == 1.0 && !transformations.equals(List.of(PayloadRelocation.NAME))) {
            for (String program : PROGRAMS) {
                assertThat(Files.readString(after.resolve(program))).as(program + " was rewritten")
                        .isNotEqualTo(Files.readString(before.resolve(program)));
            }
        }
        Python.Result parsed = Python.parsesAll(after);
        assertThat(parsed.exitCode()).as(parsed.stderr()).isZero();
        for (String program : PROGRAMS) {
            Python.Result expected = Python.run(before, program);
            assertThat(expected.exitCode()).as(expected.stderr()).isZero();
            Python.Result actual = Python.run(after, program);
            assertThat(actual.stderr()).as(Files.readString(after.resolve(program))).isEmpty();
            assertThat(actual.stdout()).as(Files.readString(after.resolve(program))).isEqualTo(expected.stdout());
        }
    }

    @ParameterizedTest(name = "{0} seed={1}")
    @MethodSource("packageRuns")
    void shouldKeepWhatSetupAndPackageImportPrint(List<String> transformations, long seed) throws Exception {
        PackageFiles original = Fixtures.load("benign/package");
        PackageContents transformed = Transformations.apply(original.contents(), transformations, 1.0, seed);
        Path before = temp.resolve("before");
        Path after = temp.resolve("after");
        original.write(before);
        original.with(transformed).write(after);

        for (String script : List.of("setup.py", "run_demo.py")) {
            Python.Result expected = Python.run(before, script);
            assertThat(expected.exitCode()).as(expected.stderr()).isZero();
            Python.Result actual = Python.run(after, script);
            assertThat(actual.stderr()).as(Fixtures.texts(transformed).toString()).isEmpty();
            assertThat(actual.stdout()).isEqualTo(expected.stdout());
        }
    }

    static Stream<Arguments> packageRuns() {
        return Stream.of(Arguments.of(List.of(PayloadRelocation.NAME), 1L), Arguments.of(List.of(PayloadRelocation.NAME), 2L),
                Arguments.of(Transformations.names(), 1L), Arguments.of(Transformations.names(), 5L));
    }

    @Test
    void relocationShouldMoveModuleLevelCodeOutOfSetupPyAndInitPy() throws Exception {
        PackageContents original = Fixtures.load("benign/package").contents();
        PackageContents moved = new PayloadRelocation().apply(original, 1.0, 1);

        assertThat(moved.paths()).hasSizeGreaterThan(original.paths().size());
        String setup = Fixtures.text(moved, "setup.py");
        assertThat(setup).doesNotContain("print('setup done'").containsPattern("(?m)^import [a-z]+$");
        String init = Fixtures.text(moved, "demo_pkg/__init__.py");
        assertThat(init).doesNotContain("print('package init'").containsPattern("(?m)^from \\. import [a-z]+$")
                .contains("VERSION = '1.0'");
    }
}
