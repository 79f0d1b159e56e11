package dev.fang.featurize.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.tree.ErrorNodeImpl;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNodeImpl;
import org.junit.jupiter.api.Test;

class PyRuleContextTest {

    private static ParseTree leaf(int i) {
        return new TerminalNodeImpl(new CommonToken(PythonLexer.NAME, "n" + i));
    }

    private static List<ParseTree> children(PyRuleContext ctx) {
        List<ParseTree> out = new ArrayList<>();
        for (int i = 0; i < ctx.getChildCount(); i++) {
            out.add(ctx.getChild(i));
        }
        return out;
    }

    @Test
    void childrenBehaveAsAListThroughGrowthAndRemovals() {
        PyRuleContext ctx = new PyRuleContext();
        List<ParseTree> expected = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            ParseTree t = leaf(i);
            ctx.addAnyChild(t);
            expected.add(t);
        }
        assertThat(children(ctx)).containsExactlyElementsOf(expected);
        assertThat(ctx.childList()).containsExactlyElementsOf(expected);
        assertThat(ctx.getChild(-1)).isNull();
        assertThat(ctx.getChild(9)).isNull();
        assertThat(ctx.children).isNull();

        ctx.removeLastChild();
        expected.remove(expected.size() - 1);
        assertThat(children(ctx)).containsExactlyElementsOf(expected);
        assertThat(ctx.getTokens(PythonLexer.NAME)).map(ParseTree.class::cast).containsExactlyElementsOf(expected);
        assertThat(ctx.getToken(PythonLexer.NAME, 2)).isSameAs(expected.get(2));

        while (ctx.getChildCount() > 0) {
            ctx.removeLastChild();
        }
        ctx.removeLastChild();
        assertThat(ctx.childList()).isEmpty();
        ParseTree again = leaf(7);
        ctx.addAnyChild(again);
        assertThat(children(ctx)).containsExactly(again);
    }

    @Test
    void copyFromTakesOverTheErrorNodesOnly() {
        PyRuleContext from = new PyRuleContext();
        ErrorNodeImpl error = new ErrorNodeImpl(new CommonToken(PythonLexer.NAME, "bad"));
        from.addAnyChild(leaf(1));
        from.addErrorNode(error);
        PyRuleContext to = new PyRuleContext();
        to.copyFrom(from);
        assertThat(children(to)).containsExactly(error);
        assertThat(error.getParent()).isSameAs(to);
    }
}
