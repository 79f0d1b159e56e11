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
