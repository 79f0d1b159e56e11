package dev.fang.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.featurize.features.FeatureResult;
import dev.fang.featurize.features.PackageContents;
import dev.fang.featurize.features.PackageFeaturizer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rewriting every string of a setup script does not change its base64 and hex chunk features, whichever encoding
 * each literal gets: the payload it decodes counts as no chunk, the token and digest it keeps undecoded as one each,
 * before and after. Moving setup.py's module-level code into a module it imports keeps it install-time code.
 * A harmless, hand-written fixture; nothing runs.
 */
class ChunkFeatureInvarianceTest {
    private static final PackageFeaturizer FEATURIZER = new PackageFeaturizer();
    private static final List<String> CHUNK_FEATURES = List.of("install_base64_chunks", "install_base64_chunk_length_max",
            "install_hex_chunks", "import_base64_chunks", "import_base64_chunk_length_max", "import_hex_chunks");
    private static final String PAYLOAD = "print('fang fixture: a harmless greeting decoded at install time', 6 * 7)  # padding.....";
    private static final String TOKEN = "fang fixture: an opaque token kept as it is, never decoded";
    private static final String SETUP = String.join("\n",
            "import base64",
            "import os",
            "from setuptools import setup",
            "",
            "PAYLOAD = '" + Base64.getEncoder().encodeToString(PAYLOAD.getBytes(StandardCharsets.UTF_8)) + "'",
            "DIGEST = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'",
            "exec(base64.b64decode(PAYLOAD))",
            "os.environ['FANG_FIXTURE_TOKEN'] = '" + Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8)) + "'",
            "os.system('echo fang fixture')",
            "setup(name='fixture', version='1.0')",
            "");

    private static FeatureResult features(PackageContents pkg) {
        FeatureResult r = FEATURIZER.featurize(pkg);
        assertThat(r.partial()).as("partial: %s", r.notes()).isFalse();
        return r;
    }

    @Test
    void shouldKeepTheChunkFeaturesWhenEveryStringIsObfuscated() {
        PackageContents original = Fixtures.pkg("fixture-1.0/setup.py", SETUP);
        FeatureResult before = features(original);
        assertThat(before.value("install_base64_chunks")).as("the token, not the payload decoded in sight").isEqualTo(1);
        assertThat(before.value("install_base64_chunk_length_max"))
                .isEqualTo(Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8)).length());
        assertThat(before.value("install_hex_chunks")).isEqualTo(1);
        for (long seed = 1; seed <= 40; seed++) {
            PackageContents obfuscated = new StringObfuscation().apply(original, 1.0, seed);
            FeatureResult after = features(obfuscated);
            String text = Fixtures.text(obfuscated, "fixture-1.0/setup.py");
            for (String feature : CHUNK_FEATURES) {
                assertThat(after.value(feature)).as("%s, seed %d:%n%s", feature, seed, text).isEqualTo(before.value(feature));
            }
        }
    }

    @Test
    void shouldKeepCommandsInstallTimeCodeWhenSetupCodeIsRelocated() {
        PackageContents original = Fixtures.pkg("fixture-1.0/setup.py", String.join("\n",
                "import os",
                "from setuptools import setup",
                "os.system('echo fang fixture')",
                "setup(name='fixture', version='1.0')",
                ""));
        PackageContents relocated = new PayloadRelocation().apply(original, 1.0, 1);
        assertThat(relocated.sources()).hasSizeGreaterThan(original.sources().size());
        FeatureResult before = features(original);
        FeatureResult after = features(relocated);
        assertThat(before.value("install_api_command_distinct")).isGreaterThan(0);
        assertThat(after.value("install_api_command_distinct")).isEqualTo(before.value("install_api_command_distinct"));
    }
}
