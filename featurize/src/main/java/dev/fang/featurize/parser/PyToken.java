package dev.fang.featurize.parser;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.TokenSource;
import org.antlr.v4.runtime.misc.Pair;

/**
 * A token of the hand lexer that keeps its text once read. The analysis and the features read a name's text
 * several times (scope lookups, identifier sets); one string per token also keeps its hash code.
 */
final class PyToken extends CommonToken {

    PyToken(Pair<TokenSource, CharStream> source, int type, int channel, int start, int stop) {
        super(source, type, channel, start, stop);
    }

    @Override
    public String getText() {
        String t = text;
        if (t == null) {
            t = super.getText();
            text = t;
        }
        return t;
    }
}
