package dev.fang.featurize.parser;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.Token;

/** Test helpers. */
final class Py {
    static final PythonFrontEnd FRONT_END = new PythonFrontEnd();

    private Py() {
    }

    static ParsedFile parse(String source) {
        return FRONT_END.parse("test.py", source.getBytes(StandardCharsets.UTF_8));
    }

    static PythonFacts facts(String source) {
        return PythonExtractor.extract(parse(source));
    }

    /** Symbolic names of the tokens the parser sees, EOF excluded. */
    static List<String> tokenNames(String source) {
        List<String> out = new ArrayList<>();
        for (Token t : parse(source).tokens()) {
            if (t.getChannel() == Token.DEFAULT_CHANNEL && t.getType() != Token.EOF) {
                out.add(PythonLexer.VOCABULARY.getSymbolicName(t.getType()));
            }
        }
        return out;
    }

    static List<String> callees(String source) {
        return facts(source).calls().stream().map(PythonFacts.Call::callee).toList();
    }
}
