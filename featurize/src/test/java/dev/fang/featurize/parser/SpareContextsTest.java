package dev.fang.featurize.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import javax.tools.ToolProvider;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build step that gives rules with labelled alternatives spare contexts, and the trees it parses into. */
class SpareContextsTest {

    private static final Path REWRITER = Path.of("src/build/java/dev/fang/featurize/build/SpareContexts.java");

    private static final String SOURCE = """
            import os
            x = not a and b or (c if d else -e ** 2)
            f = lambda y, *z: y[1:2] + os.path.join(z, 'q')[0].upper() << 3 | 4 & 5 ^ 6
            async def g(h):
                return [await h.i(j) for j in {1: 2, **k}] @ m // n % o
            """;

    @Test
    void aParseThatStopsAtTheFirstErrorBuildsTheSameTreeAsOneThatRecovers() {
        PythonParser bailing = parser();
        bailing.setErrorHandler(new BailErrorStrategy());
        ParserRuleContext withSpares = bailing.file_input();
        ParserRuleContext withoutSpares = parser().file_input();

        assertThat(withSpares.toStringTree(bailing)).isEqualTo(withoutSpares.toStringTree(bailing));
        assertWellFormed(withSpares, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static PythonParser parser() {
        PythonParser parser = new PythonParser(new CommonTokenStream(new PythonLexer(CharStreams.fromString(SOURCE))));
        parser.removeErrorListeners();
        return parser;
    }

    /** Every node once in the tree, under its own parent, and no rule's starting context left in place of a label. */
    private static void assertWellFormed(ParseTree node, Set<ParseTree> seen) {
        assertThat(seen.add(node)).isTrue();
        assertThat(node.getClass()).isNotIn(PythonParser.AtomContext.class, PythonParser.TrailerContext.class,
                PythonParser.ExpressionContext.class, PythonParser.Bitwise_orContext.class);
        for (int i = 0; i < node.getChildCount(); i++) {
            assertThat(node.getChild(i).getParent()).isSameAs(node);
            assertWellFormed(node.getChild(i), seen);
        }
    }

    private static final String GENERATED = """
            public class MiniParser extends PythonParserBase {
            \tstatic { RuntimeMetaData.checkVersion("4.13.2", RuntimeMetaData.VERSION); }
            \tpublic static class AtomContext extends PyRuleContext {
            \t}
            \tpublic static class NameAtomContext extends AtomContext {
            \t}
            \tpublic static class SumContext extends ExprContext {
            \t}
            \tpublic final FileContext file() {
            \t\tFileContext _localctx = new FileContext(_ctx, getState());
            \t}
            \tpublic final AtomContext atom() {
            \t\tAtomContext _localctx = new AtomContext(_ctx, getState());
            \t\t_localctx = new NameAtomContext(_localctx);
            \t}
            \tprivate ExprContext expr(int _p) {
            \t\tExprContext _localctx = new ExprContext(_ctx, _parentState);
            \t\t_localctx = new SumContext(new ExprContext(_parentctx, _parentState));
            \t}
            }
            """;

    @Test
    void rulesWithLabelledAlternativesStartWithASpareWhileBailingAndAlwaysCopyFromOne(@TempDir Path dir) throws Exception {
        String rewritten = rewrite(dir, GENERATED);

        assertThat(rewritten).contains("""
                public class MiniParser extends PythonParserBase {
                \tprivate final AtomContext spareAtomContext = new AtomContext();
                \tprivate final ExprContext spareExprContext = new ExprContext();
                \tstatic {""");
        assertThat(rewritten).contains(
                "AtomContext _localctx = bailing ? spare(spareAtomContext, _ctx, getState()) : new AtomContext(_ctx, getState());",
                "ExprContext _localctx = bailing ? spare(spareExprContext, _ctx, _parentState) : new ExprContext(_ctx, _parentState);",
                "_localctx = new SumContext(spare(spareExprContext, _parentctx, _parentState));",
                "FileContext _localctx = new FileContext(_ctx, getState());");
        assertThat(rewrite(dir, rewritten)).isEqualTo(rewritten);
    }

    @Test
    void aParserOfAnotherShapeFailsTheBuild(@TempDir Path dir) {
        String otherShape = GENERATED.replace("AtomContext _localctx = new AtomContext(_ctx, getState());",
                "AtomContext _localctx = newAtomContext();");

        assertThatThrownBy(() -> rewrite(dir, otherShape)).hasMessageContaining("AtomContext does not start as expected");
    }

    /** The build step's rewrite, compiled from its source file as the build runs it. */
    private static String rewrite(Path dir, String source) throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), REWRITER.toString());
        assertThat(status).isZero();
        try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()})) {
            Method rewrite = loader.loadClass("dev.fang.featurize.build.SpareContexts").getDeclaredMethod("rewrite", String.class);
            rewrite.setAccessible(true);
            try {
                return (String) rewrite.invoke(null, source);
            } catch (InvocationTargetException e) {
                throw (Exception) e.getCause();
            }
        }
    }
}
