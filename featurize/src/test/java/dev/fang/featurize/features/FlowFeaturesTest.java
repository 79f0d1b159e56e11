package dev.fang.featurize.features;

import static dev.fang.featurize.features.Fixtures.lines;
import static dev.fang.featurize.features.Fixtures.pkg;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.schema.Evidence;
import org.junit.jupiter.api.Test;

/** The value-flow family with the real analyzer: scopes, the on-load split, evidence, and obfuscation folded first. Nothing runs. */
class FlowFeaturesTest {
    private static final PackageFeaturizer FEATURIZER = new PackageFeaturizer();

    private static double value(FeatureResult r, String feature) {
        return r.values()[FeatureCatalogue.index(feature)];
    }

    @Test
    void launcherInSetupScriptCountsAsInstallTimeAndOnLoad() {
        FeatureResult r = FEATURIZER.featurize(pkg("setup.py", lines(
                "import subprocess, os",
                "from setuptools import setup",
                "subprocess.Popen(['python3', '-c', 'from helper import main'], creationflags=0x08000000)",
                "os.system('nslookup beacon.example.com')",
                "setup(name='demo', version='1.0')")));
        assertThat(value(r, "install_flow_spawn_python_on_load")).isEqualTo(1);
        assertThat(value(r, "install_flow_spawn_hidden_on_load")).isEqualTo(1);
        assertThat(value(r, "install_flow_recon_commands_on_load")).isEqualTo(1);
        assertThat(value(r, "import_flow_spawn_python_on_load")).isZero();
        assertThat(r.evidenceFor("install_flow_recon_commands")).singleElement().satisfies(e -> {
            assertThat(e.getFile()).isEqualTo("setup.py");
            assertThat(e.getLine()).isEqualTo(4);
            assertThat(e.getSnippet()).contains("nslookup");
        });
    }

    @Test
    void onLoadFeaturesIgnoreFunctionsNothingCalls() {
        FeatureResult r = FEATURIZER.featurize(pkg("demo/tools.py", lines(
                "import subprocess, sys",
                "def self_test():",
                "    subprocess.run([sys.executable, '-m', 'demo.selftest'], start_new_session=True)",
                "    subprocess.run(['uname', '-a'])")));
        assertThat(value(r, "import_flow_spawn_python_on_load")).isZero();
        assertThat(value(r, "import_flow_spawn_hidden_on_load")).isZero();
        assertThat(value(r, "import_flow_recon_commands_on_load")).isZero();
        assertThat(value(r, "import_flow_recon_commands")).as("any scope").isEqualTo(1);
    }

    @Test
    void obfuscatedApisAndCommandsAreFoldedBeforeTheFlowIsJudged() {
        FeatureResult r = FEATURIZER.featurize(pkg("demo/__init__.py", lines(
                "import base64",
                "getattr(__import__('o' + 's'), 'sys' + 'tem')(base64.b64decode('d2hvYW1p').decode())")));
        assertThat(value(r, "import_flow_recon_commands_on_load")).isEqualTo(1);
        assertThat(r.evidenceFor("import_flow_recon_commands_on_load")).extracting(Evidence::getLine).containsExactly(2);
    }
}
