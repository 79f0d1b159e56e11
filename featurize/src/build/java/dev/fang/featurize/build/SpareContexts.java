package dev.fang.featurize.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Build step of the featurize module (generate-sources, after ANTLR): rewrites the generated parser so that the
 * contexts a rule with labelled alternatives only copies from are spares it reuses, not new objects
 * ({@code PythonParserBase} says why that is safe). Run as a source file: {@code java SpareContexts.java
 * PythonParser.java}; it rewrites the file in place, and running it again changes nothing.
 *
 * <p>It fails, and with it the build, when the generated code no longer has the shape it rewrites (another ANTLR
 * version), rather than leave the parser as it was without a word.
 */
public final class SpareContexts {

    private static final Pattern PARSER_CLASS = Pattern.compile("public class (\\w+) extends \\w+ \\{\\n");
    private static final Pattern LABELLED_CONTEXT = Pattern.compile("public static class \\w+ extends (\\w+Context) \\{");
    private static final String CONTEXT_SUPER_CLASS = "PyRuleContext";

    private SpareContexts() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java SpareContexts.java GeneratedParser.java");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        String source = Files.readString(file, StandardCharsets.UTF_8);
        String rewritten = rewrite(source);
        if (!rewritten.equals(source)) {
            Files.writeString(file, rewritten, StandardCharsets.UTF_8);
        }
    }

    /** The generated parser's source with spares for the contexts of every rule with labelled alternatives. */
    static String rewrite(String source) {
        if (!PARSER_CLASS.matcher(source).find()) {
            throw new IllegalStateException("no parser class found");
        }
        String out = source;
        StringBuilder fields = new StringBuilder();
        for (String rule : rulesWithLabels(source)) {
            String field = "spare" + rule;
            // A rule's starting context: a spare only while a syntax error ends the parse.
            Pattern start = Pattern.compile(rule + " _localctx = new " + rule + "\\(_ctx, (getState\\(\\)|_parentState)\\);");
            String spareStart = rule + " _localctx = bailing ? spare(" + field + ", _ctx, $1) : new " + rule + "(_ctx, $1);";
            int starts = count(start, out);
            if (starts == 0 && !out.contains(" _localctx = bailing ? spare(" + field + ", ")) {
                throw new IllegalStateException("the rule of " + rule + " does not start as expected");
            }
            out = start.matcher(out).replaceAll(spareStart);
            // What a left-recursive rule's operator alternative copies from: always a spare, used only by the copy.
            String copied = "new " + rule + "(_parentctx, _parentState)";
            out = out.replace(copied, "spare(" + field + ", _parentctx, _parentState)");
            String declaration = "\tprivate final " + rule + " " + field + " = new " + rule + "();\n";
            if (!out.contains(declaration)) {
                fields.append(declaration);
            }
        }
        if (fields.length() == 0) {
            return out;
        }
        Matcher header = PARSER_CLASS.matcher(out);
        header.find();
        return out.substring(0, header.end()) + fields + out.substring(header.end());
    }

    /** Context classes that labelled alternatives' contexts extend: the rules that have labelled alternatives. */
    static Set<String> rulesWithLabels(String source) {
        Set<String> rules = new LinkedHashSet<>();
        Matcher m = LABELLED_CONTEXT.matcher(source);
        while (m.find()) {
            if (!m.group(1).equals(CONTEXT_SUPER_CLASS)) {
                rules.add(m.group(1));
            }
        }
        return rules;
    }

    private static int count(Pattern p, String s) {
        int n = 0;
        for (Matcher m = p.matcher(s); m.find(); ) {
            n++;
        }
        return n;
    }
}
