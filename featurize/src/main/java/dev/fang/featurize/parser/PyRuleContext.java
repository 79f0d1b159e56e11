package dev.fang.featurize.parser;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * Base class of every generated parse tree node (the grammar's {@code contextSuperClass}). It only changes how
 * the child list is stored: nine nodes in ten of a Python tree have exactly one child (the expression
 * precedence chain), so a first child is kept in an immutable singleton list and a real {@link ArrayList} is
 * made when a second one arrives. ANTLR's default reserved room for ten children per node, which made tree
 * building bound by memory allocation.
 *
 * <p>{@link #children} stays a readable {@code List}; add and remove children only through the
 * {@code ParserRuleContext} methods ({@code addChild}, {@code addAnyChild}, {@code removeLastChild}).
 */
public class PyRuleContext extends ParserRuleContext {

    public PyRuleContext() {
    }

    public PyRuleContext(ParserRuleContext parent, int invokingStateNumber) {
        super(parent, invokingStateNumber);
    }

    @Override
    public <T extends ParseTree> T addAnyChild(T t) {
        List<ParseTree> c = children;
        if (c == null || c.isEmpty() && !(c instanceof ArrayList)) {
            children = Collections.singletonList(t);
        } else if (c instanceof ArrayList) {
            c.add(t);
        } else {
            ArrayList<ParseTree> grown = new ArrayList<>(4);
            grown.add(c.get(0));
            grown.add(t);
            children = grown;
        }
        return t;
    }

    @Override
    public void removeLastChild() {
        List<ParseTree> c = children;
        if (c == null || c.isEmpty()) {
            return;
        }
        if (c instanceof ArrayList) {
            c.remove(c.size() - 1);
        } else {
            children = Collections.emptyList();
        }
    }
}
