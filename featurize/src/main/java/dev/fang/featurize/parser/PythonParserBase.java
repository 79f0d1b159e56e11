package dev.fang.featurize.parser;

import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.tree.TerminalNode;

/** Base class of the generated parser (the grammar's {@code superClass}). */
public abstract class PythonParserBase extends Parser {

    protected PythonParserBase(TokenStream input) {
        super(input);
    }

    /** A token of the hand lexer is its own leaf ({@link PyToken}); others get ANTLR's node. */
    @Override
    public TerminalNode createTerminalNode(ParserRuleContext parent, Token t) {
        return t instanceof PyToken p ? p : super.createTerminalNode(parent, t);
    }
}
