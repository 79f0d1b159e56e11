package dev.fang.featurize.parser;

import org.antlr.v4.runtime.ANTLRErrorStrategy;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Base class of the generated parser (the grammar's {@code superClass}).
 *
 * <p>A rule with labelled alternatives ({@code atom}, {@code trailer}, {@code expression}, {@code bitwise_or})
 * starts with a context of the rule itself, which the chosen alternative's context copies (parent, invoking state,
 * first token) and replaces; left-recursive rules make one more such copy source for every operator. ANTLR makes a
 * new one each time, about a tenth of what a parse allocated. At build time {@code SpareContexts}
 * (src/build/java) rewrites the generated parser to take these from {@link #spare} instead: a copy source lives
 * only until the copy is made, and a rule's starting context is replaced before any other rule runs. When it is
 * not replaced (no alternative fits), it stays in the tree; that happens only on a syntax error, so a starting
 * context is a spare only while {@link #bailing}, when a syntax error ends the parse and its tree is thrown away.
 */
public abstract class PythonParserBase extends Parser {

    /** Whether a syntax error ends the parse ({@link BailErrorStrategy}), so no partial tree is ever kept. */
    protected boolean bailing;

    protected PythonParserBase(TokenStream input) {
        super(input);
    }

    @Override
    public void setErrorHandler(ANTLRErrorStrategy handler) {
        super.setErrorHandler(handler);
        bailing = handler instanceof BailErrorStrategy;
    }

    /** The rule's spare context, made a new node of {@code parent} started from {@code invokingState}. */
    protected static <T extends PyRuleContext> T spare(T context, ParserRuleContext parent, int invokingState) {
        context.reset(parent, invokingState);
        return context;
    }

    /** A token of the hand lexer is its own leaf ({@link PyToken}); others get ANTLR's node. */
    @Override
    public TerminalNode createTerminalNode(ParserRuleContext parent, Token t) {
        return t instanceof PyToken p ? p : super.createTerminalNode(parent, t);
    }
}
