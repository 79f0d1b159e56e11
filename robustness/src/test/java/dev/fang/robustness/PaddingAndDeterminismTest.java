package dev.fang.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.featurize.features.PackageContents;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaddingAndDeterminismTest {
    private static final String SETUP = "from setuptools import setup\nsetup(name='x', version='1')";
    private static final String MODULE = "\"\"\"Doc.\"\"\"\nimport os\n\ndef main():\n    return os.getcwd()\n";

    private static PackageContents fixture() {
        return Fixtures.pkg("x-1/setup.py", SETUP, "x-1/x/__init__.py", MODULE);
    }

    @Test
    void shouldAddDeadCodeAndANewFileKeepingTheOriginalStatements() {
        PackageContents padded = new Padding().apply(fixture(), 1.0, 4);
        assertThat(padded.sources()).hasSize(3);
        assertThat(padded.paths()).hasSize(3);
        String setup = Fixtures.text(padded, "x-1/setup.py");
        assertThat(setup).contains("from setuptools import setup", "setup(name='x', version='1')").containsPattern("\ndef _[a-z]+\\(\\):\n");
        assertThat(setup.length()).isGreaterThan(SETUP.length() + 20);
        assertThat(padded.paths().get(2)).matches("x-1/x/[a-z]+\\.py");
    }

    @Test
    void everyPaddingMoveShouldChangeThePackage() {
        for (Padding.Move move : Padding.moves()) {
            PackageContents padded = Padding.apply(fixture(), move, 9);
            assertThat(Fixtures.texts(padded)).as(move.name()).isNotEqualTo(Fixtures.texts(fixture()));
        }
    }

    @Test
    void sameSeedShouldGiveIdenticalOutputAndDifferentSeedsDifferentOutput() {
        String source = "import os\nimport json\n\ndef run(cmd):\n    value = 'echo hello world'\n    os.system(cmd + value)\n"
                + "    print(json.dumps({'k': 'some value'}))\n";
        PackageContents pkg = Fixtures.pkg("setup.py", source, "pkg/__init__.py", "import os\nos.system('id')\n");
        for (String name : Transformations.names()) {
            List<String> one = List.of(name);
            assertThat(Fixtures.texts(Transformations.apply(pkg, one, 1.0, 42)))
                    .as(name).isEqualTo(Fixtures.texts(Transformations.apply(pkg, one, 1.0, 42)))
                    .isNotEqualTo(Fixtures.texts(pkg));
            assertThat(Fixtures.texts(Transformations.apply(pkg, one, 1.0, 42)))
                    .as(name).isNotEqualTo(Fixtures.texts(Transformations.apply(pkg, one, 1.0, 43)));
        }
        assertThat(Fixtures.texts(Transformations.apply(pkg, Transformations.names(), 1.0, 42)))
                .isNotEqualTo(Fixtures.texts(Transformations.apply(pkg, Transformations.names(), 1.0, 43)));
    }

    @Test
    void zeroProbabilityShouldChangeNothing() {
        assertThat(Fixtures.texts(Transformations.apply(fixture(), Transformations.names(), 0.0, 1)))
                .isEqualTo(Fixtures.texts(fixture()));
    }
}
