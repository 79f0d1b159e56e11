package dev.fang.featurize.features;

import static dev.fang.featurize.features.Fixtures.lines;
import static dev.fang.featurize.features.Fixtures.pkg;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The package's modules a setup script imports at module level run on {@code pip install}: they are install-time
 * code as well as import-time code. Text fixtures; nothing runs.
 */
class InstallImportsTest {

    static final PackageFeaturizer FEATURIZER = new PackageFeaturizer();
    static final String RUNS_A_COMMAND = lines("import os", "os.system('echo fang fixture')");
    static final String RUNS_ANOTHER_COMMAND = lines("import subprocess", "subprocess.Popen(['echo', 'fang fixture'])");

    static FeatureResult run(Map<String, String> files) {
        FeatureResult r = FEATURIZER.featurize(Fixtures.pkg(files));
        assertThat(r.partial()).as("partial: %s", r.notes()).isFalse();
        return r;
    }

    @Test
    void shouldTreatASiblingModuleImportedBySetupAsInstallTimeCode() {
        FeatureResult r = run(Map.of(
                "demo-1.0/setup.py", lines("from setuptools import setup", "import helper", "setup(name='demo')"),
                "demo-1.0/helper.py", RUNS_A_COMMAND));
        assertThat(r.value("install_api_command_distinct")).isEqualTo(1);
        assertThat(r.value("import_api_command_distinct")).isEqualTo(1);
        assertThat(r.evidenceFor("install_api_command_distinct")).anySatisfy(e -> {
            assertThat(e.getFile()).isEqualTo("demo-1.0/helper.py");
            assertThat(e.getLine()).isEqualTo(2);
            assertThat(e.getSnippet()).contains("imported by setup.py at line 2");
        });
    }

    @Test
    void shouldFollowImportsOfImportedModulesAndPackages() {
        FeatureResult r = run(Map.of(
                "demo-1.0/setup.py", lines("from setuptools import setup", "from tools import build", "setup(name='demo')"),
                "demo-1.0/tools/__init__.py", "",
                "demo-1.0/tools/build.py", lines("from . import steps"),
                "demo-1.0/tools/steps.py", RUNS_A_COMMAND));
        assertThat(r.value("install_api_command_distinct")).isEqualTo(1);
        assertThat(r.value("import_api_command_distinct")).isEqualTo(1);
        assertThat(r.evidenceFor("install_api_command_distinct")).anySatisfy(e -> assertThat(e.getSnippet())
                .contains("imported by build.py at line 1, imported by setup.py at line 2"));
    }

    @Test
    void shouldNotFollowImportsInsideFunctionsNorUnrelatedModules() {
        FeatureResult r = run(Map.of(
                "demo-1.0/setup.py", lines("from setuptools import setup", "def later():", "    import helper",
                        "setup(name='demo')"),
                "demo-1.0/helper.py", RUNS_A_COMMAND,
                "demo-1.0/other.py", RUNS_A_COMMAND));
        assertThat(r.value("install_api_command_distinct")).isZero();
        assertThat(r.value("import_api_command_distinct")).isEqualTo(1);
    }

    @Test
    void shouldStopAtTheDepthLimit() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("demo-1.0/setup.py", lines("import m1"));
        for (int i = 1; i < InstallImports.MAX_DEPTH; i++) {
            files.put("demo-1.0/m" + i + ".py", lines("import m" + (i + 1)));
        }
        files.put("demo-1.0/m" + InstallImports.MAX_DEPTH + ".py", RUNS_A_COMMAND + "import too_deep\n");
        files.put("demo-1.0/too_deep.py", RUNS_ANOTHER_COMMAND);
        FeatureResult r = run(files);
        assertThat(r.value("install_api_command_distinct")).isEqualTo(1);
        assertThat(r.value("import_api_command_distinct")).isEqualTo(2);
    }

    @Test
    void shouldStopAtTheModuleLimit() {
        Map<String, String> files = new LinkedHashMap<>();
        StringBuilder setup = new StringBuilder();
        for (int i = 0; i <= InstallImports.MAX_MODULES; i++) {
            setup.append("import m").append(i).append('\n');
            String code = i == InstallImports.MAX_MODULES - 1 ? RUNS_A_COMMAND
                    : i == InstallImports.MAX_MODULES ? RUNS_ANOTHER_COMMAND : "VALUE = 1\n";
            files.put("demo-1.0/m" + i + ".py", code);
        }
        files.put("demo-1.0/setup.py", setup.toString());
        FeatureResult r = run(files);
        assertThat(r.value("install_api_command_distinct")).isEqualTo(1);
        assertThat(r.value("import_api_command_distinct")).isEqualTo(2);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldEndOnImportCycles() {
        FeatureResult r = run(Map.of(
                "demo-1.0/setup.py", lines("import a"),
                "demo-1.0/a.py", lines("import b"),
                "demo-1.0/b.py", lines("import a", "import os", "os.system('echo fang fixture')")));
        assertThat(r.value("install_api_command_distinct")).isEqualTo(1);
        assertThat(r.value("import_api_command_distinct")).isEqualTo(1);
    }

    /** A setup script reading its own package's version runs the package's module level, not its functions. */
    @Test
    void shouldCountOnlyWhatRunsOnImportOfAnImportedModule() {
        FeatureResult r = run(Map.of(
                "demo-1.0/setup.py", lines("from setuptools import setup", "from demo import __version__",
                        "setup(name='demo', version=__version__)"),
                "demo-1.0/demo/__init__.py", lines("import os", "import subprocess",
                        "__version__ = '1.0'", "BUILD = subprocess.check_output(['git', 'describe'])",
                        "def fetch(url):",
                        "    import urllib.request",
                        "    return urllib.request.urlopen(url + 'https://example.org/api').read()",
                        "class Client:",
                        "    @property",
                        "    def home(self):",
                        "        return os.system('echo fang fixture')")));
        assertThat(r.value("install_api_command_distinct")).isEqualTo(1);
        assertThat(r.value("install_api_network_distinct")).isZero();
        assertThat(r.value("install_url_distinct")).isZero();
        assertThat(r.value("import_api_command_distinct")).isEqualTo(2);
        assertThat(r.value("import_api_network_distinct")).isEqualTo(1);
        assertThat(r.value("import_url_distinct")).isEqualTo(1);
    }

    @Test
    void shouldCountFunctionsThatRunningCodeCallsOrRegisters() {
        String[] ways = {
                lines("def go():", "    helper()", "def helper():", "    os.system('echo fang fixture')", "go()"),
                lines("import atexit", "@atexit.register", "def go():", "    os.system('echo fang fixture')"),
                lines("import threading", "def go():", "    os.system('echo fang fixture')",
                        "threading.Thread(target=go).start()"),
                lines("class Job:", "    def __init__(self):", "        os.system('echo fang fixture')", "Job()")};
        for (String way : ways) {
            FeatureResult r = run(Map.of(
                    "demo-1.0/setup.py", lines("from setuptools import setup", "import helper", "setup(name='demo')"),
                    "demo-1.0/helper.py", "import os\n" + way));
            assertThat(r.value("install_api_command_distinct")).as(way).isEqualTo(1);
        }
    }
}
