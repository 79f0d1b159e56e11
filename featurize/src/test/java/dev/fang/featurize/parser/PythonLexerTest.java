package dev.fang.featurize.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.antlr.v4.runtime.Token;
import org.junit.jupiter.api.Test;

class PythonLexerTest {

    @Test
    void emitsIndentAndDedentFromTheIndentationStack() {
        assertThat(Py.tokenNames("if a:\n    b\n    if c:\n        d\ne\n")).containsExactly(
                "IF", "NAME", "COLON", "NEWLINE", "INDENT", "NAME", "NEWLINE", "IF", "NAME", "COLON", "NEWLINE",
                "INDENT", "NAME", "NEWLINE", "DEDENT", "DEDENT", "NAME", "NEWLINE");
    }

    @Test
    void closesOpenBlocksAtEndOfInputEvenWithoutTrailingNewline() {
        assertThat(Py.tokenNames("def f():\n    return 1")).containsExactly(
                "DEF", "NAME", "LPAR", "RPAR", "COLON", "NEWLINE", "INDENT", "RETURN", "NUMBER", "NEWLINE", "DEDENT");
    }

    @Test
    void ignoresLineBreaksInsideBracketsAndAfterBackslash() {
        assertThat(Py.tokenNames("x = (1,\n  2)\ny = 1 + \\\n  2\n")).containsExactly(
                "NAME", "ASSIGN", "LPAR", "NUMBER", "COMMA", "NUMBER", "RPAR", "NEWLINE",
                "NAME", "ASSIGN", "NUMBER", "PLUS", "NUMBER", "NEWLINE");
    }

    @Test
    void skipsBlankAndCommentOnlyLinesWhateverTheirIndentation() {
        assertThat(Py.tokenNames("if a:\n\n      # odd comment\n    b\n  \n# c\nd\n")).containsExactly(
                "IF", "NAME", "COLON", "NEWLINE", "INDENT", "NAME", "NEWLINE", "DEDENT", "NAME", "NEWLINE");
    }

    @Test
    void keepsCommentsOnTheHiddenChannel() {
        List<Token> tokens = Py.parse("x = 1  # note\n").tokens();
        assertThat(tokens).anySatisfy(t -> {
            assertThat(t.getType()).isEqualTo(PythonLexer.COMMENT);
            assertThat(t.getChannel()).isEqualTo(Token.HIDDEN_CHANNEL);
            assertThat(t.getText()).isEqualTo("# note");
        });
    }

    @Test
    void countsATabAsAdvancingToTheNextMultipleOfEight() {
        // a tab and eight spaces are the same indentation, as in CPython
        ParsedFile parsed = Py.parse("if x:\n\ty = 1\n        z = 2\n");
        assertThat(parsed.report().clean()).isTrue();
        assertThat(Py.tokenNames("if x:\n\ty = 1\n        z = 2\n")).filteredOn(n -> n.equals("INDENT")).hasSize(1);
    }

    @Test
    void lexesEachStringFormAsOneStringToken() {
        assertThat(Py.tokenNames("x = rb'\\x00' \"\"\"a\n\"b\"\n\"\"\" u'c' BR\"d\"\n")).containsExactly(
                "NAME", "ASSIGN", "STRING", "STRING", "STRING", "STRING", "NEWLINE");
    }

    @Test
    void prefixLettersFollowedByANameCharacterAreAName() {
        assertThat(Py.tokenNames("rbx = bar'x'\n")).containsExactly("NAME", "ASSIGN", "NAME", "STRING", "NEWLINE");
    }

    @Test
    void splitsFStringsIntoLiteralTextAndReplacementFieldTokens() {
        assertThat(Py.tokenNames("f'a{b!r:>{w}}c{{d}}'\n")).containsExactly(
                "FSTRING_START", "FSTRING_MIDDLE", "LBRACE", "NAME", "EXCLAMATION", "NAME", "COLON",
                "FSTRING_MIDDLE", "LBRACE", "NAME", "RBRACE", "RBRACE", "FSTRING_MIDDLE", "FSTRING_END", "NEWLINE");
    }

    @Test
    void allowsTheSameQuoteInsideAnFStringReplacementField() {
        assertThat(Py.tokenNames("f\"{d[\"k\"]}\"\n")).containsExactly(
                "FSTRING_START", "LBRACE", "NAME", "LSQB", "STRING", "RSQB", "RBRACE", "FSTRING_END", "NEWLINE");
    }

    @Test
    void readsNumbersWithUnderscoresBasesExponentsAndImaginaryParts() {
        for (String n : List.of("1_000", "0x_ff", "0o17", "0b1_0", "1.5e-3", ".5", "5.", "3j", "1.5E+2J", "0")) {
            assertThat(Py.tokenNames(n + "\n")).as(n).containsExactly("NUMBER", "NEWLINE");
        }
    }

    @Test
    void softKeywordsAreTheirOwnTokensButParseAsNames() {
        assertThat(Py.tokenNames("match case type _\n")).containsExactly("MATCH", "CASE", "TYPE", "UNDERSCORE", "NEWLINE");
        assertThat(Py.facts("match(x)\ntype(y)\n_()\ncase.x()\n").calls())
                .extracting(PythonFacts.Call::callee).containsExactly("match", "type", "_", "case.x");
    }

    @Test
    void treatsCrLfAndLoneCrAsLineBreaks() {
        ParsedFile crlf = Py.parse("a()\r\nif x:\r\n    b()\r\n");
        ParsedFile cr = Py.parse("a()\rif x:\r    b()\r");
        assertThat(crlf.report().clean()).isTrue();
        assertThat(cr.report().clean()).isTrue();
        assertThat(PythonExtractor.extract(crlf).calls()).extracting(PythonFacts.Call::line).containsExactly(1, 3);
        assertThat(PythonExtractor.extract(cr).calls()).extracting(PythonFacts.Call::line).containsExactly(1, 3);
    }

    @Test
    void normalizesEachLineBreakToOneLineFeed() {
        assertThat(SourceDecoder.normalizeNewlines("a\r\nb\rc\r\r\nd\n\re\r")).isEqualTo("a\nb\nc\n\nd\n\ne\n");
        String plain = "a\nb\n";
        assertThat(SourceDecoder.normalizeNewlines(plain)).isSameAs(plain);
        assertThat(SourceDecoder.decode("x = '\u00e9'\r\ny = 1\r".getBytes(java.nio.charset.StandardCharsets.UTF_8)).text())
                .isEqualTo("x = '\u00e9'\ny = 1\n");
    }
}
