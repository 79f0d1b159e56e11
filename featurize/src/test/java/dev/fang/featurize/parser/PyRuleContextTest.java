package dev.fang.featurize.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNodeImpl;
import org.junit.jupiter.api.Test;

class PyRuleContextTest {

    private static ParseTree leaf(int i) {
        return new TerminalNodeImpl(new CommonToken(PythonLexer.NAME, "n" + i));
    }

    @Test
    void childListBehavesAsAnArrayListThroughGrowthInsertsAndRemovals() {
        PyRuleContext ctx = new PyRuleContext();
        List<ParseTree> expected = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            ParseTree t = leaf(i);
            ctx.addAnyChild(t);
            expected.add(t);
        }
        assertThat(ctx.children).containsExactlyElementsOf(expected);

        ParseTree inserted = leaf(100);
        ctx.children.add(0, inserted);
        expected.add(0, inserted);
        ctx.children.add(5, leaf(101));
        expected.add(5, ctx.children.get(5));
        ctx.children.remove(3);
        expected.remove(3);
        ctx.removeLastChild();
        expected.remove(expected.size() - 1);
        assertThat(ctx.children).containsExactlyElementsOf(expected);
        assertThat(ctx.getChildCount()).isEqualTo(expected.size());

        while (ctx.getChildCount() > 0) {
            ctx.removeLastChild();
        }
        ctx.removeLastChild();
        assertThat(ctx.children).isEmpty();
        ParseTree again = leaf(7);
        ctx.addAnyChild(again);
        assertThat(ctx.children).containsExactly(again);
    }

    @Test
    void aChildListSetFromOutsideIsTakenOverWhenAChildIsAdded() {
        PyRuleContext ctx = new PyRuleContext();
        ParseTree a = leaf(1);
        ParseTree b = leaf(2);
        ctx.children = List.of(a);
        ctx.addAnyChild(b);
        assertThat(ctx.children).containsExactly(a, b);
        ctx.children = List.of(a, b);
        ctx.removeLastChild();
        assertThat(ctx.children).containsExactly(a);
    }
}
