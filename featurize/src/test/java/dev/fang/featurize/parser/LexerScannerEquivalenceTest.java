package dev.fang.featurize.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.junit.jupiter.api.Test;

/**
 * The hand-written scanner in {@link PythonLexerBase} must produce exactly the tokens the generated ANTLR lexer
 * (the grammar's own definition of names, numbers and operators) produces: same type, channel, offsets, line
 * and column, and the same lexer issues.
 */
class LexerScannerEquivalenceTest {

    static List<String> tokens(String text, boolean generated) {
        return tokens(text, generated, true);
    }

    /** @param ownStream lex from the front end's {@link CodePointText} (else from ANTLR's CharStreams) */
    static List<String> tokens(String text, boolean generated, boolean ownStream) {
        PythonLexer lexer = new PythonLexer(ownStream ? new CodePointText(text, "t.py") : CharStreams.fromString(text));
        lexer.removeErrorListeners();
        lexer.useGeneratedScanner(generated);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 1_000_000; i++) {
            Token t = lexer.nextToken();
            out.add(t.getType() + "/" + t.getChannel() + "@" + t.getStartIndex() + ":" + t.getStopIndex() + " "
                    + t.getLine() + ":" + t.getCharPositionInLine() + " " + t.getText());
            if (t.getType() == Token.EOF) {
                break;
            }
        }
        out.add("issues " + lexer.getIssues());
        return out;
    }

    @Test
    void agreesWithTheGeneratedLexerOnTheStandardLibrary() throws Exception {
        Path stdlib = Path.of(stdlib());
        List<Path> files = ParseBench.corpus(stdlib, true);
        assertThat(files).hasSizeGreaterThan(500);
        int compared = 0;
        for (Path p : files) {
            String text = SourceDecoder.decode(Files.readAllBytes(p)).text();
            assertThat(tokens(text, false)).as(p.toString()).isEqualTo(tokens(text, true));
            compared++;
        }
        assertThat(compared).isEqualTo(files.size());
    }

    @Test
    void agreesWithTheGeneratedLexerOnRandomInput() {
        String alphabet = "0123456789_.eEjJxXoObBaf+-*/<>=!:;,()[]{}@%&|^~#\\\n\r\t \f'\"rRuUfFbBNn$?`\u00e9\u00b2"
                + "\u0660\uff10\u2028\ud83d\ude00\u00a0\u0000";
        Random rnd = new Random(42);
        for (int n = 0; n < 30_000; n++) {
            int len = 1 + rnd.nextInt(24);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < len; i++) {
                if (rnd.nextInt(6) == 0) {
                    String[] words = {"if", "else", "def", "None", "Nonex", "match", "_", "__", "abc", "f'", "rb\"",
                        "0x", "1e", "1.", ".5", "...", "**=", "//=", ">>=", "<<=", "->", ":=", "\\\r\n", "\"\"\"",
                        "x\u00e9", "\u00e9x", "1_0", "0_0", "0b", "0o7", "9j"};
                    sb.append(words[rnd.nextInt(words.length)]);
                } else {
                    sb.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, rnd.nextInt(
                            alphabet.codePointCount(0, alphabet.length())))));
                }
            }
            String text = sb.toString();
            assertThat(tokens(text, false, n % 2 == 0)).as("%s", escape(text)).isEqualTo(tokens(text, true, false));
        }
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String stdlib() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "-c", "import sysconfig;print(sysconfig.get_paths()['stdlib'])")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return out;
    }
}
