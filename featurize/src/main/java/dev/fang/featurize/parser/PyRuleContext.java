package dev.fang.featurize.parser;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RuleContext;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Base class of every generated parse tree node (the grammar's {@code contextSuperClass}). It keeps the children
 * in fields of the node itself rather than in a list object: a Python tree has almost two rule nodes per token
 * and about three in four have exactly one child, so a separate list per node was a fifth of all the memory a
 * parse allocated. The first child has a field of its own; more go to an array.
 *
 * <p>ANTLR's {@link #children} list therefore stays null: read the children with {@link #getChildCount()} and
 * {@link #getChild(int)} (or {@link #childList()}). The generated accessors ({@code ctx.trailer()},
 * {@code ctx.NAME()}, ...) search them by index.
 */
public class PyRuleContext extends ParserRuleContext {

    private ParseTree first;
    /** Children from the second on, in {@code rest[0, count - 1)}. */
    private ParseTree[] rest;
    private int count;

    public PyRuleContext() {
    }

    public PyRuleContext(ParserRuleContext parent, int invokingStateNumber) {
        super(parent, invokingStateNumber);
    }

    /** Makes this node as new under {@code parent}: a spare context the parser reuses ({@link PythonParserBase#spare}). */
    final void reset(ParserRuleContext parent, int invokingStateNumber) {
        this.parent = parent;
        this.invokingState = invokingStateNumber;
        start = null;
        stop = null;
        exception = null;
        first = null;
        rest = null;
        count = 0;
    }

    /** As ANTLR's: the parent, invoking state, start and stop, and the error nodes among ctx's children. */
    @Override
    public void copyFrom(ParserRuleContext ctx) {
        super.copyFrom(ctx);
        for (int k = 0, n = ctx.getChildCount(); k < n; k++) {
            if (ctx.getChild(k) instanceof ErrorNode e) {
                addErrorNode(e);
            }
        }
    }

    // ANTLR's addChild methods call addAnyChild as a virtual method, and with over a hundred context classes
    // that call was never inlined (and the terminal's came back through an interface cast); here it is a call
    // of a final method.

    @Override
    public RuleContext addChild(RuleContext ruleInvocation) {
        addAnyChild(ruleInvocation);
        return ruleInvocation;
    }

    @Override
    public TerminalNode addChild(TerminalNode t) {
        t.setParent(this);
        addAnyChild(t);
        return t;
    }

    @Override
    public final <T extends ParseTree> T addAnyChild(T t) {
        if (count == 0) {
            first = t;
        } else {
            if (rest == null) {
                rest = new ParseTree[3];
            } else if (count - 1 == rest.length) {
                rest = Arrays.copyOf(rest, rest.length * 2);
            }
            rest[count - 1] = t;
        }
        count++;
        return t;
    }

    @Override
    public void removeLastChild() {
        if (count == 0) {
            return;
        }
        count--;
        if (count == 0) {
            first = null;
        } else {
            rest[count - 1] = null;
        }
    }

    @Override
    public int getChildCount() {
        return count;
    }

    @Override
    public ParseTree getChild(int i) {
        if (i < 0 || i >= count) {
            return null;
        }
        return i == 0 ? first : rest[i - 1];
    }

    /** The children as a read-only list, a view of this node. */
    public List<ParseTree> childList() {
        return new ChildList();
    }

    @Override
    public <T extends ParseTree> T getChild(Class<? extends T> type, int i) {
        if (i < 0 || i >= count) {
            return null;
        }
        int seen = -1;
        for (int k = 0; k < count; k++) {
            ParseTree child = k == 0 ? first : rest[k - 1];
            if (type.isInstance(child) && ++seen == i) {
                return type.cast(child);
            }
        }
        return null;
    }

    @Override
    public TerminalNode getToken(int type, int i) {
        if (i < 0 || i >= count) {
            return null;
        }
        int seen = -1;
        for (int k = 0; k < count; k++) {
            ParseTree child = k == 0 ? first : rest[k - 1];
            if (tokenType(child) == type && ++seen == i) {
                return (TerminalNode) child;
            }
        }
        return null;
    }

    @Override
    public List<TerminalNode> getTokens(int type) {
        List<TerminalNode> tokens = null;
        for (int k = 0; k < count; k++) {
            ParseTree child = k == 0 ? first : rest[k - 1];
            if (tokenType(child) == type) {
                if (tokens == null) {
                    tokens = new ArrayList<>();
                }
                tokens.add((TerminalNode) child);
            }
        }
        return tokens == null ? Collections.emptyList() : tokens;
    }

    /**
     * The token type of a leaf; for a rule node a value no token has. Most children are rule nodes or
     * {@link PyToken}s, told apart by class tests: the {@code TerminalNode} interface test scans a class's
     * interfaces, on every rule node among the children.
     */
    private static int tokenType(ParseTree child) {
        if (child instanceof PyToken t) {
            return t.getType();
        }
        if (child instanceof ParserRuleContext) {
            return Integer.MIN_VALUE;
        }
        return child instanceof TerminalNode t ? t.getSymbol().getType() : Integer.MIN_VALUE;
    }

    @Override
    public <T extends ParserRuleContext> List<T> getRuleContexts(Class<? extends T> type) {
        int matching = 0;
        for (int k = 0; k < count; k++) {
            if (type.isInstance(k == 0 ? first : rest[k - 1])) {
                matching++;
            }
        }
        if (matching == 0) {
            return Collections.emptyList();
        }
        // sized exactly: most lists hold one or two contexts, and ArrayList would first make room for ten
        List<T> contexts = new ArrayList<>(matching);
        for (int k = 0; k < count; k++) {
            ParseTree child = k == 0 ? first : rest[k - 1];
            if (type.isInstance(child)) {
                contexts.add(type.cast(child));
            }
        }
        return contexts;
    }

    private final class ChildList extends AbstractList<ParseTree> implements RandomAccess {
        @Override
        public ParseTree get(int index) {
            Objects.checkIndex(index, count);
            return getChild(index);
        }

        @Override
        public int size() {
            return count;
        }
    }
}
