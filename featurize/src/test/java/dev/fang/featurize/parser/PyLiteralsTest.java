package dev.fang.featurize.parser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PyLiteralsTest {

    @Test
    void stripsPrefixesAndQuotesOfEveryForm() {
        assertThat(PyLiterals.decodeString("'a'").value()).isEqualTo("a");
        assertThat(PyLiterals.decodeString("\"\"\"a\"b\"\"\"").value()).isEqualTo("a\"b");
        assertThat(PyLiterals.decodeString("''''''").value()).isEmpty();
        assertThat(PyLiterals.decodeString("''").value()).isEmpty();
        assertThat(PyLiterals.decodeString("Rb'\\x'").value()).isEqualTo("\\x");
        assertThat(PyLiterals.decodeString("Rb'\\x'").bytes()).isTrue();
        assertThat(PyLiterals.decodeString("U'x'").bytes()).isFalse();
    }

    @Test
    void processesOctalHexUnicodeAndNamedEscapes() {
        assertThat(PyLiterals.unescape("\\0\\12\\101\\x41\\u0041\\U0001F600\\N{LATIN SMALL LETTER A}", false))
                .isEqualTo("\u0000\nAAA\uD83D\uDE00a");
    }

    @Test
    void resolvesNamedEscapesAsCpythonDoes() {
        // aliases of control and format characters, in any case: a way to write "os" with a hidden separator
        assertThat(PyLiterals.unescape("o\\N{ZWSP}s\\N{line feed}\\N{BOM}\\N{nul}\\N{VS17}", false))
                .isEqualTo("o\u200Bs\n\uFEFF\u0000\uDB40\uDD00");
        // names Unicode gives by rule, upper case only
        assertThat(PyLiterals.unescape("\\N{CJK UNIFIED IDEOGRAPH-6574}\\N{HANGUL SYLLABLE GAG}\\N{HANGUL SYLLABLE HIH}", false))
                .isEqualTo("\u6574\uAC01\uD7A3");
        assertThat(PyLiterals.unescape("\\N{cjk unified ideograph-6574}", false)).isEqualTo("\\N{cjk unified ideograph-6574}");
        // an ordinary name in any case; BELL is U+1F514, the control is BEL or ALERT
        assertThat(PyLiterals.unescape("\\N{latin small letter o}\\N{BELL}\\N{BEL}", false)).isEqualTo("o\uD83D\uDD14\u0007");
        // names only Java knows: a Unicode 1.0 name of a control, a block-and-number name
        assertThat(PyLiterals.unescape("\\N{LINE FEED (LF)}\\N{CJK UNIFIED IDEOGRAPHS 6574}", false))
                .isEqualTo("\\N{LINE FEED (LF)}\\N{CJK UNIFIED IDEOGRAPHS 6574}");
    }

    @Test
    void keepsUnknownAndIncompleteEscapesVerbatim() {
        assertThat(PyLiterals.unescape("\\d \\xZZ \\N{NO SUCH NAME} \\", false)).isEqualTo("\\d \\xZZ \\N{NO SUCH NAME} \\");
    }

    @Test
    void doesNotApplyUnicodeEscapesInBytes() {
        assertThat(PyLiterals.unescape("\\u0041\\x41", true)).isEqualTo("\\u0041A");
    }

    @Test
    void removesEscapedLineBreaks() {
        assertThat(PyLiterals.unescape("a\\\nb", false)).isEqualTo("ab");
    }

    @Test
    void toleratesAnUnterminatedLiteral() {
        assertThat(PyLiterals.decodeString("'abc").value()).isEqualTo("abc");
        assertThat(PyLiterals.decodeString("b").value()).isEmpty();
    }
}
