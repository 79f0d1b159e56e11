package dev.fang.featurize.parser;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * Base class of every generated parse tree node (the grammar's {@code contextSuperClass}). It only changes how
 * the child list is stored: nine nodes in ten of a Python tree have exactly one child (the expression
 * precedence chain), so the list starts with room for one child instead of ANTLR's ten, and it is always the
 * same final class, so the calls on it in ANTLR's runtime and in our tree walks stay monomorphic (with a
 * singleton, empty and array list mixed, they went through interface dispatch on every child access).
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

    /** An array list of children that starts with room for one. */
    static final class Children extends AbstractList<ParseTree> implements RandomAccess {
        private ParseTree[] items;
        private int size;

        Children(ParseTree first) {
            items = new ParseTree[] {first};
            size = 1;
        }

        Children(List<ParseTree> from) {
            items = from.toArray(new ParseTree[Math.max(1, from.size())]);
            size = from.size();
        }

        @Override
        public ParseTree get(int index) {
            Objects.checkIndex(index, size);
            return items[index];
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public ParseTree set(int index, ParseTree t) {
            Objects.checkIndex(index, size);
            ParseTree old = items[index];
            items[index] = t;
            return old;
        }

        @Override
        public boolean add(ParseTree t) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size < 4 ? 4 : size * 2);
            }
            items[size++] = t;
            modCount++;
            return true;
        }

        @Override
        public void add(int index, ParseTree t) {
            Objects.checkIndex(index, size + 1);
            add(t);
            System.arraycopy(items, index, items, index + 1, size - 1 - index);
            items[index] = t;
        }

        @Override
        public ParseTree remove(int index) {
            Objects.checkIndex(index, size);
            ParseTree old = items[index];
            System.arraycopy(items, index + 1, items, index, size - 1 - index);
            items[--size] = null;
            modCount++;
            return old;
        }
    }
}
