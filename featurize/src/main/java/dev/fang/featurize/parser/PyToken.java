package dev.fang.featurize.parser;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.RuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenSource;
import org.antlr.v4.runtime.misc.Interval;
import org.antlr.v4.runtime.misc.Pair;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.ParseTreeVisitor;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * A token of the hand lexer that keeps its text once read, and that is its own leaf in the parse tree
 * ({@link PythonParserBase#createTerminalNode}): a parse made a {@code TerminalNodeImpl} for every token it
 * matched, one more object per token. The analysis and the features read a name's text several times (scope
 * lookups, identifier sets); one string per token also keeps its hash code.
 */
final class PyToken extends CommonToken implements TerminalNode {

    private ParseTree parent;
    /** Line the token ends on (strings span lines), known to the lexer when it made the token. */
    int endLine;

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

    // ---- the leaf, as TerminalNodeImpl is one --------------------------------------------------------------

    @Override
    public Token getSymbol() {
        return this;
    }

    @Override
    public ParseTree getParent() {
        return parent;
    }

    @Override
    public void setParent(RuleContext parent) {
        this.parent = parent;
    }

    @Override
    public ParseTree getChild(int i) {
        return null;
    }

    @Override
    public int getChildCount() {
        return 0;
    }

    @Override
    public Object getPayload() {
        return this;
    }

    @Override
    public Interval getSourceInterval() {
        return new Interval(index, index);
    }

    @Override
    public <T> T accept(ParseTreeVisitor<? extends T> visitor) {
        return visitor.visitTerminal(this);
    }

    @Override
    public String toStringTree(org.antlr.v4.runtime.Parser parser) {
        return toStringTree();
    }

    @Override
    public String toStringTree() {
        return getType() == Token.EOF ? "<EOF>" : getText();
    }
}
