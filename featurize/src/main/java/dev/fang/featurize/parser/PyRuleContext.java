package dev.fang.featurize.parser;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Base class of every generated parse tree node (the grammar's {@code contextSuperClass}). It only changes how
 * the child list is stored, and how the generated accessors search it (by index, not with an iterator): about
 * three nodes in four of a Python tree have exactly one child (a name atom and its token, the rules still wrapped
 * around an operand), so the list starts
 * with room for one child instead of ANTLR's ten, and it is always the same final class, so the calls on it in
 * ANTLR's runtime and in our tree walks stay monomorphic (with a singleton, empty and array list mixed, they
 * went through interface dispatch on every child access).
 *
 * <p>{@link #children} stays a readable, modifiable {@code List}.
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
        if (c == null) {
            children = new Children(t);
        } else if (c instanceof Children k) {
            k.add(t);
        } else {
            Children k = new Children(c);
            k.add(t);
            children = k;
        }
        return t;
    }

    @Override
    public void removeLastChild() {
        List<ParseTree> c = children;
        if (c == null || c.isEmpty()) {
            return;
        }
        if (c instanceof Children k) {
            k.remove(k.size() - 1);
        } else {
            Children k = new Children(c);
            k.remove(k.size() - 1);
            children = k;
        }
    }

    // The accessors the generated contexts call ({@code ctx.trailer()}, {@code ctx.NAME()}, ...): ANTLR's own
    // walk the children with an iterator; these index them and return the same thing.

    @Override
    public <T extends ParseTree> T getChild(Class<? extends T> type, int i) {
        List<ParseTree> c = children;
        if (c == null || i < 0 || i >= c.size()) {
            return null;
        }
        int seen = -1;
        for (int k = 0, n = c.size(); k < n; k++) {
            ParseTree child = c.get(k);
            if (type.isInstance(child) && ++seen == i) {
                return type.cast(child);
            }
        }
        return null;
    }

    @Override
    public TerminalNode getToken(int type, int i) {
        List<ParseTree> c = children;
        if (c == null || i < 0 || i >= c.size()) {
            return null;
        }
        int seen = -1;
        for (int k = 0, n = c.size(); k < n; k++) {
            if (c.get(k) instanceof TerminalNode t && t.getSymbol().getType() == type && ++seen == i) {
                return t;
            }
        }
        return null;
    }

    @Override
    public List<TerminalNode> getTokens(int type) {
        List<ParseTree> c = children;
        if (c == null) {
            return Collections.emptyList();
        }
        List<TerminalNode> tokens = null;
        for (int k = 0, n = c.size(); k < n; k++) {
            if (c.get(k) instanceof TerminalNode t && t.getSymbol().getType() == type) {
                if (tokens == null) {
                    tokens = new ArrayList<>();
                }
                tokens.add(t);
            }
        }
        return tokens == null ? Collections.emptyList() : tokens;
    }

    @Override
    public <T extends ParserRuleContext> List<T> getRuleContexts(Class<? extends T> type) {
        List<ParseTree> c = children;
        if (c == null) {
            return Collections.emptyList();
        }
        int n = c.size();
        int count = 0;
        for (int k = 0; k < n; k++) {
            if (type.isInstance(c.get(k))) {
                count++;
            }
        }
        if (count == 0) {
            return Collections.emptyList();
        }
        // sized exactly: most lists hold one or two contexts, and ArrayList would first make room for ten
        List<T> contexts = new ArrayList<>(count);
        for (int k = 0; k < n; k++) {
            ParseTree child = c.get(k);
            if (type.isInstance(child)) {
                contexts.add(type.cast(child));
            }
        }
        return contexts;
    }

    /**
     * A list of children that holds its first child in a field: a node with one child costs a single small
     * object, as a singleton list did; more children go to an array.
     */
    static final class Children extends AbstractList<ParseTree> implements RandomAccess {
        private ParseTree first;
        /** Children from the second on, in {@code rest[0, size - 1)}. */
        private ParseTree[] rest;
        private int size;

        Children(ParseTree first) {
            this.first = first;
            this.size = 1;
        }

        Children(List<ParseTree> from) {
            for (ParseTree t : from) {
                add(t);
            }
        }

        @Override
        public ParseTree get(int index) {
            Objects.checkIndex(index, size);
            return index == 0 ? first : rest[index - 1];
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public ParseTree set(int index, ParseTree t) {
            Objects.checkIndex(index, size);
            ParseTree old;
            if (index == 0) {
                old = first;
                first = t;
            } else {
                old = rest[index - 1];
                rest[index - 1] = t;
            }
            return old;
        }

        @Override
        public boolean add(ParseTree t) {
            if (size == 0) {
                first = t;
            } else {
                if (rest == null) {
                    rest = new ParseTree[3];
                } else if (size - 1 == rest.length) {
                    rest = Arrays.copyOf(rest, rest.length * 2);
                }
                rest[size - 1] = t;
            }
            size++;
            modCount++;
            return true;
        }

        @Override
        public void add(int index, ParseTree t) {
            Objects.checkIndex(index, size + 1);
            add(t);
            for (int k = size - 1; k > index; k--) {
                set(k, get(k - 1));
            }
            set(index, t);
        }

        @Override
        public ParseTree remove(int index) {
            ParseTree old = get(index);
            for (int k = index; k < size - 1; k++) {
                set(k, get(k + 1));
            }
            set(size - 1, null);
            size--;
            modCount++;
            return old;
        }
    }
}
