package dev.fang.featurize.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hostile and broken inputs: the front end never throws, says how bad the file was and keeps what it can. */
class PythonFrontEndRobustnessTest {

    private static final String PYTHON2 = String.join("\n",
            "import os",
            "print 'hello'",
            "exec \"code\"",
            "x = `1 + 1`",
            "mode = 0777",
            "n = 10L",
            "try:",
            "    risky()",
            "except ValueError, e:",
            "    print e",
            "if a <> b:",
            "    pass",
            "os.system('after the errors')",
            "");

    @Test
    void parsesPython2FilesWithoutThrowingAndReportsTheirErrors() {
        ParsedFile parsed = Py.parse(PYTHON2);
        ParseReport r = parsed.report();
        assertThat(r.recovered()).isTrue();
        assertThat(r.syntaxErrors()).isGreaterThanOrEqualTo(6);
        assertThat(r.firstErrors()).isNotEmpty().allSatisfy(e -> assertThat(e.line()).isPositive());
        assertThat(r.quality()).isLessThan(0.8).isGreaterThan(0.0);
        assertThat(r.cleanTopLevelStatements()).isLessThan(r.topLevelStatements());
    }

    @Test
    void keepsTheStatementsThatFollowASyntaxError() {
        PythonFacts f = PythonExtractor.extract(Py.parse(PYTHON2));
        assertThat(f.imports()).extracting(PythonFacts.Import::module).containsExactly("os");
        assertThat(f.calls()).extracting(PythonFacts.Call::callee).contains("risky", "os.system");
        assertThat(f.strings()).extracting(PythonFacts.StringValue::value).contains("after the errors");
    }

    @Test
    void keepsLaterStatementsInTheSameBlockAfterAnError() {
        ParsedFile parsed = Py.parse("def f():\n    a = = 1\n    return g()\nh()\n");
        assertThat(parsed.report().syntaxErrors()).isPositive();
        assertThat(PythonExtractor.extract(parsed).calls()).extracting(PythonFacts.Call::callee).contains("g", "h");
    }

    @Test
    void qualityDropsWithTheShareOfBrokenLines() {
        double good = Py.parse("a = 1\nb = 2\nc = 3\nd = 4\n").report().quality();
        double oneBad = Py.parse("a = 1\nb = = 2\nc = 3\nd = 4\n").report().quality();
        double allBad = Py.parse("a = = 1\nb = = 2\nc = = 3\nd = = 4\n").report().quality();
        assertThat(good).isEqualTo(1.0);
        assertThat(oneBad).isEqualTo(0.75);
        assertThat(allBad).isEqualTo(0.0);
    }

    @Test
    void anUnclosedBracketDoesNotSwallowTheRestOfTheFile() {
        ParsedFile parsed = Py.parse("x = foo(1,\nimport os\ndef f():\n    return os.getcwd()\n");
        assertThat(parsed.report().syntaxErrors()).isPositive();
        PythonFacts f = PythonExtractor.extract(parsed);
        assertThat(f.imports()).extracting(PythonFacts.Import::module).containsExactly("os");
        assertThat(f.calls()).extracting(PythonFacts.Call::callee).contains("os.getcwd");
    }

    @Test
    void anUnterminatedSingleQuotedStringEndsAtTheLineBreak() {
        ParsedFile parsed = Py.parse("x = 'oops\ny = f'{z\nimport sys\n");
        assertThat(parsed.report().syntaxErrors()).isPositive();
        assertThat(PythonExtractor.extract(parsed).imports()).extracting(PythonFacts.Import::module).containsExactly("sys");
    }

    @Test
    void survivesRandomGarbage() {
        Random random = new Random(42);
        for (int i = 0; i < 50; i++) {
            byte[] junk = new byte[random.nextInt(2000)];
            random.nextBytes(junk);
            ParsedFile parsed = Py.FRONT_END.parse("junk" + i, junk);
            assertThat(parsed.tree()).isNotNull();
            if (junk.length > 100) {
                assertThat(parsed.report().quality()).isLessThan(1.0);
            }
        }
    }

    @Test
    void survivesShuffledPythonTokens() {
        String[] pieces = {"def", "class", "(", ")", "[", "]", "{", "}", ":", "\n", "    ", "if", "else", "'s'",
            "f'{", "}'", "\"\"\"", "lambda", "=", "x", "1", ",", "*", "**", "@", "match", "case", "\\\n", "#", "\t"};
        Random random = new Random(7);
        for (int i = 0; i < 100; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < 300; k++) {
                sb.append(pieces[random.nextInt(pieces.length)]).append(random.nextBoolean() ? " " : "");
            }
            ParsedFile parsed = Py.parse(sb.toString());
            assertThat(parsed.tree()).isNotNull();
            PythonExtractor.extract(parsed);
        }
    }

    @Test
    void parsesAFiveMegabyteSingleLineBase64Literal() {
        StringBuilder payload = new StringBuilder(5_000_000);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        Random random = new Random(1);
        for (int i = 0; i < 5_000_000; i++) {
            payload.append(alphabet.charAt(random.nextInt(64)));
        }
        ParsedFile parsed = Py.parse("import base64\nexec(base64.b64decode('" + payload + "'))\nprint('done')\n");
        assertThat(parsed.report().clean()).isTrue();
        PythonFacts f = PythonExtractor.extract(parsed);
        assertThat(f.strings()).extracting(s -> s.value().length()).containsExactly(5_000_000, 4);
        assertThat(f.calls()).extracting(PythonFacts.Call::callee).containsExactly("exec", "base64.b64decode", "print");
    }

    @Test
    void dropsLinesNestedDeeperThanTheLimitButKeepsTheRest() {
        String deep = "(".repeat(10_000) + "1" + ")".repeat(10_000);
        String deepList = "[".repeat(10_000) + "]".repeat(10_000);
        ParsedFile parsed = Py.parse("import os\nx = " + deep + "\ny = " + deepList + "\nos.system('z')\n");
        assertThat(parsed.report().nestingLimitHit()).isTrue();
        assertThat(parsed.report().partial()).isTrue();
        assertThat(PythonExtractor.extract(parsed).calls()).extracting(PythonFacts.Call::callee).containsExactly("os.system");
    }

    @Test
    void survivesUnbalancedDeepNesting() {
        ParsedFile parsed = Py.parse("import os\nx = " + "([{".repeat(5_000) + "\n");
        assertThat(parsed.report().nestingLimitHit()).isTrue();
        assertThat(PythonExtractor.extract(parsed).imports()).hasSize(1);
    }

    @Test
    void deepNestingBeyondTheLimitNeverOverflowsTheStack() {
        PythonFrontEnd noNestingLimit = new PythonFrontEnd(new PythonFrontEnd.Limits(
                8 << 20, 2_000_000, Duration.ofSeconds(60), Integer.MAX_VALUE));
        String source = "x = " + "(".repeat(50_000) + "1" + ")".repeat(50_000) + "\nprint(1)\n";
        ParsedFile parsed = noNestingLimit.parse("deep.py", source.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.tree()).isNotNull();
        assertThat(parsed.report().clean() || parsed.report().stackOverflow()).isTrue();
        PythonExtractor.extract(parsed);
    }

    @Test
    void longChainsOfUnaryOperatorsAndLambdasParse() {
        ParsedFile parsed = Py.parse("a = " + "not ".repeat(5_000) + "x\nb = " + "-".repeat(5_000) + "y\nc = "
                + "lambda: ".repeat(2_000) + "0\nd = " + "1 + ".repeat(20_000) + "1\n");
        assertThat(parsed.report().clean() || parsed.report().stackOverflow()).isTrue();
        PythonExtractor.extract(parsed);
    }

    @Test
    void replacesAndCountsUndecodableBytes() {
        byte[] content = "s = '\u00ff\u00fe'\nprint(s)\n".getBytes(StandardCharsets.ISO_8859_1);
        ParsedFile parsed = Py.FRONT_END.parse("latin.py", content);
        assertThat(parsed.report().undecodableBytes()).isEqualTo(2);
        assertThat(parsed.report().syntaxErrors()).isZero();
        assertThat(PythonExtractor.extract(parsed).strings()).extracting(PythonFacts.StringValue::value)
                .containsExactly("\uFFFD\uFFFD");
    }

    @Test
    void honoursAPep263CodingCookie() {
        byte[] content = "# -*- coding: latin-1 -*-\ns = '\u00e9t\u00e9'\n".getBytes(StandardCharsets.ISO_8859_1);
        ParsedFile parsed = Py.FRONT_END.parse("cookie.py", content);
        assertThat(parsed.report().charset()).isEqualTo("ISO-8859-1");
        assertThat(parsed.report().declaredEncoding()).isEqualTo("latin-1");
        assertThat(parsed.report().undecodableBytes()).isZero();
        assertThat(PythonExtractor.extract(parsed).strings()).extracting(PythonFacts.StringValue::value)
                .containsExactly("\u00e9t\u00e9");
    }

    @Test
    void fallsBackToUtf8ForAnUnknownCodingCookie() {
        ParsedFile parsed = Py.parse("#!/usr/bin/env python\n# coding: no-such-codec\nx = '\u00e9'\n");
        assertThat(parsed.report().charset()).isEqualTo("UTF-8");
        assertThat(parsed.report().declaredEncoding()).isEqualTo("no-such-codec");
        assertThat(parsed.report().clean()).isTrue();
    }

    @Test
    void dropsAUtf8ByteOrderMark() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "import os\n".getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, content, 0, 3);
        System.arraycopy(body, 0, content, 3, body.length);
        ParsedFile parsed = Py.FRONT_END.parse("bom.py", content);
        assertThat(parsed.report().clean()).isTrue();
        assertThat(PythonExtractor.extract(parsed).imports()).hasSize(1);
    }

    @Test
    void survivesNulBytes() {
        ParsedFile parsed = Py.parse("import os\n\u0000\u0000x = 1\0\nos.system('a\0b')\n");
        assertThat(parsed.report().syntaxErrors()).isPositive();
        PythonFacts f = PythonExtractor.extract(parsed);
        assertThat(f.calls()).extracting(PythonFacts.Call::callee).containsExactly("os.system");
        assertThat(f.strings()).extracting(PythonFacts.StringValue::value).containsExactly("a\0b");
    }

    @Test
    void reportsInconsistentDedentsButKeepsParsing() {
        ParsedFile parsed = Py.parse("if x:\n        a()\n    b()\nc()\n");
        assertThat(parsed.report().syntaxErrors()).isPositive();
        assertThat(PythonExtractor.extract(parsed).calls()).extracting(PythonFacts.Call::callee).contains("a", "c");
    }

    @Test
    void mixedTabsAndSpacesFollowCpythonTabStopsAndNeverThrow() {
        ParsedFile consistent = Py.parse("if a:\n\tb()\n        c()\n");   // tab == 8 spaces
        assertThat(consistent.report().clean()).isTrue();
        ParsedFile inconsistent = Py.parse("if a:\n  \tb()\n\t  c()\n    d()\ne()\n");
        assertThat(inconsistent.report().syntaxErrors()).isPositive();
        assertThat(PythonExtractor.extract(inconsistent).calls()).extracting(PythonFacts.Call::callee)
                .contains("b", "c", "e");
    }

    @Test
    void aFileWithOnlyCommentsIsCleanAndEmpty() {
        ParsedFile parsed = Py.parse("#!/usr/bin/env python\n# just a comment\n\n   # another\n");
        assertThat(parsed.report().clean()).isTrue();
        assertThat(parsed.report().topLevelStatements()).isZero();
        assertThat(parsed.report().codeLines()).isZero();
        assertThat(parsed.report().quality()).isEqualTo(1.0);
    }

    @Test
    void anEmptyFileIsCleanAndEmpty() {
        ParsedFile parsed = Py.FRONT_END.parse("empty.py", new byte[0]);
        assertThat(parsed.report().clean()).isTrue();
        assertThat(parsed.report().topLevelStatements()).isZero();
        assertThat(parsed.tree()).isNotNull();
        assertThat(Py.FRONT_END.parse("null.py", null).report().clean()).isTrue();
    }

    @Test
    void countsTopLevelStatementsWithDecoratorsAndElseClausesKeptWhole() {
        ParsedFile parsed = Py.parse("@d\n@e\ndef f():\n    pass\nif a:\n    pass\nelse:\n    pass\n"
                + "try:\n    pass\nexcept E:\n    pass\nx = 1; y = 2\n");
        assertThat(parsed.report().topLevelStatements()).isEqualTo(4);
        assertThat(parsed.report().cleanTopLevelStatements()).isEqualTo(4);
    }

    @Test
    void truncatesInputOverTheSizeLimitAndSaysSo() {
        PythonFrontEnd small = new PythonFrontEnd(new PythonFrontEnd.Limits(1_000, 1_000_000, Duration.ofSeconds(20), 200));
        String source = "a = 1\n".repeat(1_000);
        ParsedFile parsed = small.parse("big.py", source.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.report().inputTruncated()).isTrue();
        assertThat(parsed.report().partial()).isTrue();
        assertThat(parsed.report().syntaxErrors()).isZero();
        assertThat(parsed.report().topLevelStatements()).isBetween(100, 167);
    }

    @Test
    void stopsAtTheTokenLimitAndSaysSo() {
        PythonFrontEnd few = new PythonFrontEnd(new PythonFrontEnd.Limits(1 << 20, 100, Duration.ofSeconds(20), 200));
        ParsedFile parsed = few.parse("many.py", "f(1, 2)\n".repeat(1_000).getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.report().tokenLimitHit()).isTrue();
        assertThat(parsed.report().tokenCount()).isLessThanOrEqualTo(101);
        assertThat(PythonExtractor.extract(parsed).calls()).hasSizeBetween(10, 17);
    }

    @Test
    void aSpentTimeBudgetYieldsAFlaggedPartialResult() {
        PythonFrontEnd noTime = new PythonFrontEnd(new PythonFrontEnd.Limits(8 << 20, 2_000_000, Duration.ZERO, 200));
        ParsedFile parsed = noTime.parse("slow.py", "f(1, 2)\n".repeat(20_000).getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.report().timedOut()).isTrue();
        assertThat(parsed.report().partial()).isTrue();
        assertThat(parsed.tree()).isNotNull();
    }

    @Test
    void parseTextAcceptsAlreadyDecodedSource() {
        ParsedFile parsed = Py.FRONT_END.parseText("payload", "import socket\r\nsocket.socket()");
        assertThat(parsed.report().clean()).isTrue();
        assertThat(PythonExtractor.extract(parsed).calls()).extracting(PythonFacts.Call::line).containsExactly(2);
    }
}
