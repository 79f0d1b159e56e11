package dev.fang.featurize.analysis;

import dev.fang.featurize.analysis.Value.Comp;
import dev.fang.featurize.analysis.Value.Cycle;
import dev.fang.featurize.analysis.Value.DictOf;
import dev.fang.featurize.analysis.Value.GetAttribute;
import dev.fang.featurize.analysis.Value.GlobalsDict;
import dev.fang.featurize.analysis.Value.Int;
import dev.fang.featurize.analysis.Value.Local;
import dev.fang.featurize.analysis.Value.Ref;
import dev.fang.featurize.analysis.Value.Seq;
import dev.fang.featurize.analysis.Value.Str;
import dev.fang.featurize.analysis.Value.StrMethod;
import dev.fang.featurize.analysis.Value.TypeGetAttribute;
import dev.fang.featurize.analysis.Value.TypeOf;
import dev.fang.featurize.analysis.Value.Unknown;
import dev.fang.featurize.analysis.Value.UnknownAttr;
import dev.fang.featurize.analysis.Value.Values;
import dev.fang.featurize.parser.ParsedFile;
import dev.fang.featurize.parser.PyLiterals;
import dev.fang.featurize.parser.PyRuleContext;
import dev.fang.featurize.parser.PythonFrontEnd;
import dev.fang.featurize.parser.PythonLexer;
import dev.fang.featurize.parser.PythonParser.*;
import java.math.BigInteger;
import java.text.Normalizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Walks one parsed file (or one decoded payload) once: statements in order at module level, function
 * bodies afterwards. Expressions are evaluated to {@link Value}s, which resolves names and folds constants
 * in the same pass; API references and string constants are reported to the shared {@link Run} as they
 * are met.
 *
 * <p>Recursion follows the syntax tree but is guarded by {@link ModuleAnalyzer.Limits#maxRecursion}; the
 * analyzer runs on a thread with a large stack.
 */
final class Evaluator {

    /** Where an expression runs: its scope, and whether it runs when the module is imported. */
    record Ctx(Scope scope, boolean moduleLevel) { }

    /** Evaluated call arguments. */
    static final class Args {
        final List<Value> pos = new ArrayList<>();
        final List<ParserRuleContext> posNodes = new ArrayList<>();
        /** Keyword arguments by name, in order; made at the first one (most calls have none). */
        Map<String, Value> kw = Map.of();
        Map<String, ParserRuleContext> kwNodes = Map.of();
        List<String> keywords = List.of();
        boolean starred;
        boolean absorbed;

        void keyword(String name, Value value, ParserRuleContext node) {
            if (keywords.isEmpty()) {
                keywords = new ArrayList<>();
                kw = new LinkedHashMap<>();
                kwNodes = new LinkedHashMap<>();
            }
            keywords.add(name);
            kw.put(name, value);
            kwNodes.put(name, node);
        }

        Value arg(int i, String keyword) {
            if (i >= 0 && i < pos.size()) {
                return pos.get(i);
            }
            Value v = keyword == null ? null : kw.get(keyword);
            return v;
        }

        int count() {
            return pos.size() + kw.size();
        }

        /** The expression of the argument {@link #arg} returns, or null. */
        ParserRuleContext node(int i, String keyword) {
            if (i >= 0 && i < posNodes.size()) {
                return posNodes.get(i);
            }
            return keyword == null ? null : kwNodes.get(keyword);
        }
    }

    /** A function or lambda body, evaluated after the module; {@code def} is null for a lambda. */
    private record Deferred(ParserRuleContext body, ParserRuleContext params, boolean lambda, Scope parent,
                            Function_defContext def) { }

    /** A helper simple enough to fold: plain-name assignments, then {@code return expr}. */
    private record Helper(List<Expr_stmtContext> assignments, ParserRuleContext returned) { }

    private static final Helper NOT_A_HELPER = new Helper(List.of(), null);
    /** Most assignments before the return of a helper that calls fold through. */
    private static final int MAX_HELPER_ASSIGNMENTS = 6;

    private record Candidate(Str value, ParserRuleContext site, Ctx ctx) { }

    /** Where an emitted string went: its index in the run's strings, held texts and payload candidates, or -1. */
    private record Emitted(int string, int held, int candidate) { }

    static final int MAX_API_CHARS = 256;
    private static final int MAX_CANDIDATES = 64;
    /** Most module-level string names, and longest value, other modules of the package can import. */
    private static final int MAX_EXPORTED_CONSTANTS = 4096;
    private static final int MAX_EXPORTED_CHARS = 1 << 16;

    final Run run;
    final ParsedFile file;
    final int depth;
    private final int siteLine;
    private final int sitePos;
    private final boolean siteModuleLevel;
    /** This code is a speculative payload or inside one (see {@link DecodedPayload#speculative}). */
    private final boolean speculative;
    private final Scope moduleScope;
    private final ArrayDeque<Deferred> deferred = new ArrayDeque<>();
    /**
     * Bodies of functions that code running on load calls (module level, or a function it calls): evaluated
     * first and as module level, since they run when the module is imported or the setup script executed.
     */
    private final ArrayDeque<Deferred> calledOnLoad = new ArrayDeque<>();
    /** Function bodies not evaluated yet, by definition. */
    private final Map<Function_defContext, Deferred> pending = new IdentityHashMap<>();
    private final Set<Function_defContext> runsOnLoad = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Function_defContext, Helper> helpers = new IdentityHashMap<>();
    private final List<Candidate> candidates = new ArrayList<>();
    /** The strings augmented assignments built, by the value the name holds now: the next {@code +=} replaces it. */
    private final Map<Str, Emitted> accumulated = new IdentityHashMap<>();
    private final Folds folds;
    private final Flows flows;
    /** A setup script: pip runs it as {@code __main__}, so its main guard runs on install. */
    private final boolean runsAsMain;
    int quiet;
    private int recursion;

    /**
     * @param outer the scope a payload is executed in (exec uses the caller's namespace), or null for a file
     */
    Evaluator(Run run, ParsedFile file, int depth, int siteLine, int sitePos, boolean siteModuleLevel, boolean speculative,
              Scope outer) {
        this.run = run;
        this.speculative = speculative;
        this.file = file;
        this.depth = depth;
        this.siteLine = siteLine;
        this.sitePos = sitePos;
        this.siteModuleLevel = siteModuleLevel;
        this.moduleScope = new Scope(Scope.Kind.MODULE, outer);
        this.folds = new Folds(this);
        this.flows = new Flows(this);
        String name = file.fileName() == null ? "" : file.fileName().toLowerCase(Locale.ROOT);
        this.runsAsMain = name.equals("setup.py") || name.endsWith("/setup.py");
    }

    // ======================================================================================================
    // driver

    void run() {
        File_inputContext tree = file.tree();
        Ctx top = new Ctx(moduleScope, siteModuleLevel);
        if (tree != null) {
            for (int i = 0, n = tree.getChildCount(); i < n; i++) {
                if (tree.getChild(i) instanceof StmtContext s) {
                    stmt(s, top);
                }
                if (!run.alive()) {
                    break;
                }
            }
        }
        if (depth == 0) {
            run.constants = moduleScope.strings(MAX_EXPORTED_CONSTANTS, MAX_EXPORTED_CHARS);
        }
        while (run.alive() && !(calledOnLoad.isEmpty() && deferred.isEmpty())) {
            boolean onLoad = !calledOnLoad.isEmpty();
            Deferred d = onLoad ? calledOnLoad.pollFirst() : deferred.pollFirst();
            if (d.def() != null && pending.remove(d.def()) == null) {
                continue;   // already evaluated from the other queue
            }
            Scope scope = new Scope(Scope.Kind.FUNCTION, d.parent());
            Ctx ctx = new Ctx(scope, onLoad);
            guarded(() -> {
                bindParams(d.params(), scope);
                if (d.lambda()) {
                    ev(d.body(), ctx);
                } else {
                    block((BlockContext) d.body(), ctx);
                }
            });
            flows.evaluated(d.body());
        }
        flows.settle();
        for (Candidate cand : candidates) {
            if (!run.alive()) {
                break;
            }
            if (!run.payloadTexts.contains(cand.value().value()) && looksLikeCode(cand.value().value())) {
                guarded(() -> payload(cand.value(), cand.site(), cand.ctx(), false));
            }
        }
    }

    /** Runs one unit of work; an internal error loses only that unit (rethrown in strict mode, for tests). */
    private void guarded(Runnable r) {
        try {
            r.run();
        } catch (Codecs.TooLarge e) {
            run.truncated = true;
        } catch (RuntimeException | StackOverflowError e) {
            if (run.strict) {
                throw e;
            }
            run.truncated = true;
        }
    }

    // ======================================================================================================
    // statements

    private void stmt(StmtContext s, Ctx c) {
        if (!run.alive() || !enter()) {
            return;
        }
        try {
            Simple_stmtsContext simple = s.simple_stmts();
            if (simple != null) {
                simples(simple, c);
            } else if (s.compound_stmt() != null) {
                compound(s.compound_stmt(), c);
            }
        } finally {
            leave();
        }
    }

    private void block(BlockContext b, Ctx c) {
        if (b == null) {
            return;
        }
        Simple_stmtsContext simple = b.simple_stmts();
        if (simple != null) {
            simples(simple, c);
        }
        // the children by index: the accessors' lists cost an allocation per block and statement
        for (int i = 0, n = b.getChildCount(); i < n; i++) {
            if (b.getChild(i) instanceof StmtContext s) {
                stmt(s, c);
                if (!run.alive()) {
                    return;
                }
            }
        }
    }

    private void simples(Simple_stmtsContext ss, Ctx c) {
        for (int i = 0, n = ss.getChildCount(); i < n; i++) {
            if (ss.getChild(i) instanceof Simple_stmtContext s) {
                guarded(() -> simple(s, c));
            }
        }
    }

    private void simple(Simple_stmtContext s, Ctx c) {
        if (s.expr_stmt() != null) {
            exprStmt(s.expr_stmt(), c);
        } else if (s.import_stmt() != null) {
            Import_stmtContext imp = s.import_stmt();
            if (imp.import_name() != null) {
                importName(imp.import_name(), c);
            } else if (imp.import_from() != null) {
                importFrom(imp.import_from(), c);
            }
        } else if (s.return_stmt() != null) {
            ev(s.return_stmt().star_expressions(), c);
        } else if (s.raise_stmt() != null) {
            for (ExpressionContext e : s.raise_stmt().expression()) {
                ev(e, c);
            }
        } else if (s.assert_stmt() != null) {
            for (ExpressionContext e : s.assert_stmt().expression()) {
                ev(e, c);
            }
        } else if (s.yield_stmt() != null) {
            ev(s.yield_stmt().yield_expr(), c);
        } else if (s.global_stmt() != null) {
            for (NameContext n : s.global_stmt().name()) {
                c.scope().declareGlobal(name(n));
            }
        }
        // pass, break, continue, del, nonlocal, type aliases: nothing to resolve
    }

    private void exprStmt(Expr_stmtContext e, Ctx c) {
        Star_expressionsContext lhs = e.star_expressions();
        List<Assigned_valueContext> values = e.assigned_value();
        if (e.annotation() != null) {
            if (!values.isEmpty()) {
                Value v = ev(values.get(0), c);
                assign(lhs, v, c);
            }
            return;
        }
        if (e.augassign() != null) {
            if (values.isEmpty()) {
                return;
            }
            Value right = fold(values.get(0), c);
            ParseTree target = unwrap(lhs);
            if (target instanceof NameAtomContext n) {
                Value left = lookup(name(n), c);
                int op = augOperator(e.augassign());
                Value result = op < 0 ? Unknown.INSTANCE : binary(left, op, right);
                if (result instanceof Str s && s.computed()) {
                    // `x += '...'` statement after statement builds one string: its latest form replaces the one
                    // before, or n pieces would be n growing prefixes, n²/2 characters scanned and counted
                    Emitted before = left instanceof Str l ? accumulated.remove(l) : null;
                    Emitted now = emitString(s, e.getStart(), e.getStop(), before);
                    if (now != null) {
                        accumulated.put(s, now);
                    }
                } else if (!(result instanceof Int) && !(result instanceof Seq)) {
                    flush(right, values.get(0));
                }
                c.scope().bind(name(n), result, true);
                if (quiet == 0 && !(result instanceof Str)) {
                    flows.assigned(name(n), e, c.scope());
                }
            } else {
                flush(right, values.get(0));
                assign(lhs, Unknown.INSTANCE, c);
            }
            return;
        }
        if (values.isEmpty()) {
            ev(lhs, c);
            return;
        }
        Value v = ev(values.get(values.size() - 1), c);
        assign(lhs, v, c);
        if (quiet == 0 && !(v instanceof Str) && unwrap(lhs) instanceof NameAtomContext n) {
            flows.assigned(name(n), values.get(values.size() - 1), c.scope());
        }
        if (quiet == 0 && !(v instanceof Str)) {
            flows.received(lhs, values.get(values.size() - 1), c.scope());
        }
        for (int i = 0; i < values.size() - 1; i++) {
            assign(values.get(i), v, c);
        }
    }

    private static int augOperator(AugassignContext a) {
        Token t = a.getStart();
        if (t == null) {
            return -1;
        }
        return switch (t.getType()) {
            case PythonLexer.ADD_ASSIGN -> PythonLexer.PLUS;
            case PythonLexer.SUB_ASSIGN -> PythonLexer.MINUS;
            case PythonLexer.MULT_ASSIGN -> PythonLexer.STAR;
            case PythonLexer.MOD_ASSIGN -> PythonLexer.PERCENT;
            case PythonLexer.XOR_ASSIGN -> PythonLexer.CIRCUMFLEX;
            case PythonLexer.AND_ASSIGN -> PythonLexer.AMPER;
            case PythonLexer.OR_ASSIGN -> PythonLexer.VBAR;
            case PythonLexer.LSHIFT_ASSIGN -> PythonLexer.LEFT_SHIFT;
            case PythonLexer.RSHIFT_ASSIGN -> PythonLexer.RIGHT_SHIFT;
            case PythonLexer.IDIV_ASSIGN -> PythonLexer.IDIV;
            case PythonLexer.DIV_ASSIGN -> PythonLexer.SLASH;
            default -> -1;
        };
    }

    /** Binds assignment targets; attribute and subscript targets only have their receiver evaluated. */
    private void assign(ParseTree target, Value v, Ctx c) {
        if (!enter()) {
            return;
        }
        try {
            ParseTree t = unwrap(target);
            if (t instanceof NameAtomContext n) {
                c.scope().bind(name(n), v, true);
                return;
            }
            // an attribute or subscript target: a primary, or a `for`/`with` target (also an atom and its trailers)
            if ((t instanceof PrimaryContext || t instanceof Star_targetContext) && trailers((ParserRuleContext) t) > 0) {
                ParserRuleContext p = (ParserRuleContext) t;
                int n = trailers(p);
                primary(p, c, n - 1, false);
                if (p.getRuleContext(TrailerContext.class, n - 1) instanceof SubscriptTrailerContext st && st.slices() != null) {
                    ev(st.slices(), c);
                }
                return;
            }
            List<ParseTree> items = targetItems(t);
            if (items != null) {
                List<Value> values = v instanceof Seq || v instanceof Str ? folds.iterate(v) : null;
                for (int i = 0; i < items.size(); i++) {
                    ParseTree item = unwrap(items.get(i));
                    Value iv = values != null && values.size() == items.size() ? values.get(i) : Unknown.INSTANCE;
                    if (item instanceof Star_targetContext st && st.STAR() != null) {
                        assign(st.trailer().isEmpty() ? st.atom() : st, Unknown.INSTANCE, c);
                    } else if (item instanceof Star_expressionContext se && se.STAR() != null) {
                        assign(se.bitwise_or(), Unknown.INSTANCE, c);
                    } else if (item instanceof Star_named_expressionContext sn && sn.STAR() != null) {
                        assign(sn.bitwise_or(), Unknown.INSTANCE, c);
                    } else {
                        assign(item, iv, c);
                    }
                }
            }
        } finally {
            leave();
        }
    }

    private static int trailers(ParserRuleContext primaryOrTarget) {
        int n = 0;
        for (int i = 0, k = primaryOrTarget.getChildCount(); i < k; i++) {
            if (primaryOrTarget.getChild(i) instanceof TrailerContext) {
                n++;
            }
        }
        return n;
    }

    /** The parts of a tuple or list target, or null if the target is not one. */
    private static List<ParseTree> targetItems(ParseTree t) {
        if (t instanceof Star_expressionsContext se) {
            List<ParseTree> items = new ArrayList<>();
            for (int i = 0; i < se.getChildCount(); i++) {
                if (se.getChild(i) instanceof ParserRuleContext item) {
                    items.add(item);   // a starred item or an expression
                }
            }
            return items;
        }
        if (t instanceof Star_targetsContext st) {
            return new ArrayList<>(st.star_target());
        }
        if (t instanceof Star_named_expressionsContext sn) {
            return new ArrayList<>(sn.star_named_expression());
        }
        if (t instanceof ExpressionsContext ex) {
            return new ArrayList<>(ex.expression());
        }
        Testlist_compContext tc = null;
        if (t instanceof ParenAtomContext pa) {
            tc = pa.testlist_comp();
        } else if (t instanceof ListAtomContext la) {
            tc = la.testlist_comp();
        }
        if (tc != null && tc.comp_for() == null) {
            return new ArrayList<>(tc.star_named_expression());
        }
        if (t instanceof Star_targetContext st && st.STAR() != null) {
            return List.of(t);
        }
        return null;
    }

    private void compound(Compound_stmtContext s, Ctx c) {
        if (s.function_def() != null) {
            functionDef(s.function_def(), c);
        } else if (s.class_def() != null) {
            classDef(s.class_def(), c);
        } else if (s.decorated() != null) {
            DecoratedContext d = s.decorated();
            for (DecoratorContext dec : d.decorator()) {
                guarded(() -> ev(namedOrPlain(dec), c));
            }
            if (d.function_def() != null) {
                functionDef(d.function_def(), c);
            } else if (d.class_def() != null) {
                classDef(d.class_def(), c);
            }
        } else if (s.if_stmt() != null) {
            If_stmtContext f = s.if_stmt();
            guarded(() -> ev(namedOrPlain(f), c));
            // a module's `if __name__ == '__main__':` runs when it is run as a script, not when it is imported
            boolean script = c.moduleLevel() && !runsAsMain && mainGuard(namedOrPlain(f));
            block(f.block(), script ? new Ctx(c.scope(), false) : c);
            for (Elif_clauseContext e : f.elif_clause()) {
                guarded(() -> ev(namedOrPlain(e), c));
                block(e.block(), c);
            }
            if (f.else_block() != null) {
                block(f.else_block().block(), c);
            }
        } else if (s.while_stmt() != null) {
            While_stmtContext w = s.while_stmt();
            guarded(() -> ev(namedOrPlain(w), c));
            block(w.block(), c);
            if (w.else_block() != null) {
                block(w.else_block().block(), c);
            }
        } else if (s.for_stmt() != null) {
            For_stmtContext f = s.for_stmt();
            guarded(() -> {
                ev(f.star_expressions(), c);
                assign(f.star_targets(), Unknown.INSTANCE, c);
            });
            block(f.block(), c);
            if (f.else_block() != null) {
                block(f.else_block().block(), c);
            }
        } else if (s.with_stmt() != null) {
            With_stmtContext w = s.with_stmt();
            for (With_itemContext item : w.with_item()) {
                guarded(() -> {
                    ev(item.expression(), c);
                    if (item.star_target() != null) {
                        assign(item.star_target(), Unknown.INSTANCE, c);
                    }
                });
            }
            block(w.block(), c);
        } else if (s.try_stmt() != null) {
            Try_stmtContext t = s.try_stmt();
            block(t.block(), c);
            for (Except_clauseContext e : t.except_clause()) {
                guarded(() -> {
                    if (e.expression() != null) {
                        ev(e.expression(), c);
                    }
                    if (e.name() != null) {
                        c.scope().bind(name(e.name()), Unknown.INSTANCE, true);
                    }
                });
                block(e.block(), c);
            }
            if (t.else_block() != null) {
                block(t.else_block().block(), c);
            }
            if (t.finally_block() != null) {
                block(t.finally_block().block(), c);
            }
        } else if (s.match_stmt() != null) {
            Match_stmtContext m = s.match_stmt();
            guarded(() -> ev(m.subject_expr(), c));
            for (Case_blockContext cb : m.case_block()) {
                if (cb.guard() != null) {
                    guarded(() -> ev(namedOrPlain(cb.guard()), c));
                }
                block(cb.block(), c);
            }
        }
    }

    private void functionDef(Function_defContext f, Ctx c) {
        guarded(() -> {
            if (f.parameters() != null) {
                for (ParameterContext p : f.parameters().parameter()) {
                    if (p.ASSIGN() != null && !p.expression().isEmpty()) {
                        ev(p.expression(p.expression().size() - 1), c);
                    }
                }
            }
        });
        String n = name(f.name());
        c.scope().bind(n, new Local(n, false, f, c.scope()), false);
        Scope parent = c.scope();
        while (parent.kind == Scope.Kind.CLASS && parent.parent != null) {
            parent = parent.parent;   // methods do not see the class namespace
        }
        if (f.block() != null) {
            Deferred d = new Deferred(f.block(), f.parameters(), false, parent, f);
            pending.put(f, d);
            deferred.addLast(d);
            if (runsOnLoad.contains(f)) {
                calledOnLoad.addLast(d);
            }
        }
    }

    /** Whether a condition is {@code __name__ == '__main__'} (either way round). */
    private static boolean mainGuard(ParserRuleContext condition) {
        if (condition == null || condition.getStart() == null || condition.getStop() == null
                || condition.getStop().getTokenIndex() - condition.getStart().getTokenIndex() != 2) {
            return false;   // three tokens or it is not one
        }
        String t = condition.getText().replace('"', '\'');
        return t.equals("__name__=='__main__'") || t.equals("'__main__'==__name__");
    }

    /** A call from code that runs on load: the function's body runs on load too. */
    private void calledOnLoad(Function_defContext f) {
        if (runsOnLoad.add(f)) {
            Deferred d = pending.get(f);
            if (d != null) {
                calledOnLoad.addLast(d);
            }
        }
    }

    private void classDef(Class_defContext k, Ctx c) {
        String n = name(k.name());
        List<String> bases = new ArrayList<>();
        guarded(() -> {
            if (k.arguments() != null) {
                for (ArgumentContext a : k.arguments().argument()) {
                    ParserRuleContext base = positional(a);
                    if (a.ASSIGN() != null) {
                        ev(a.expression(), c);
                    } else if (base != null) {
                        bases.add(render(ev(base, c), base));
                    } else if (a.expression() != null) {
                        ev(a.expression(), c);
                    }
                }
            }
        });
        List<String> methods = new ArrayList<>();
        BlockContext body = k.block();
        if (body != null) {
            for (StmtContext s : body.stmt()) {
                Compound_stmtContext cs = s.compound_stmt();
                if (cs == null) {
                    continue;
                }
                Function_defContext f = cs.function_def() != null ? cs.function_def()
                        : cs.decorated() != null ? cs.decorated().function_def() : null;
                if (f != null && f.name() != null) {
                    methods.add(name(f.name()));
                }
            }
        }
        if (quiet == 0 && n != null) {
            run.add(run.classes, line(k.getStart()), pos(k.getStart()), new ClassDef(n, bases, methods, line(k.getStart()), depth));
        }
        Scope classScope = new Scope(Scope.Kind.CLASS, c.scope());
        block(body, new Ctx(classScope, c.moduleLevel()));
        c.scope().bind(n, new Local(n, true, null, classScope), false);
    }

    private static String render(Value v, ParserRuleContext node) {
        if (v instanceof Ref r) {
            return r.api();
        }
        if (v instanceof Local l) {
            return l.name();
        }
        if (v instanceof UnknownAttr u) {
            return u.path();
        }
        String text = node.getText();
        return "?" + (text.length() > 40 ? "" : ":" + text);
    }

    private void bindParams(ParserRuleContext params, Scope scope) {
        if (params instanceof ParametersContext ps) {
            for (ParameterContext p : ps.parameter()) {
                if (p.name() != null) {
                    scope.bind(name(p.name()), Unknown.INSTANCE, false);
                }
            }
        } else if (params instanceof Lambda_parametersContext lp) {
            for (Lambda_parameterContext p : lp.lambda_parameter()) {
                if (p.name() != null) {
                    scope.bind(name(p.name()), Unknown.INSTANCE, false);
                }
            }
        }
    }

    // ---- imports -----------------------------------------------------------------------------------------

    private void importName(Import_nameContext imp, Ctx c) {
        for (Dotted_as_nameContext d : imp.dotted_as_name()) {
            if (d.dotted_name() == null || d.dotted_name().name().isEmpty()) {
                continue;
            }
            List<NameContext> parts = d.dotted_name().name();
            recordImport(dotted(parts), List.of(), imp, c);
            String full = canonicalModule(dotted(parts));
            if (d.name() != null) {
                String alias = name(d.name());
                Set<Obfuscation> how = EnumSet.noneOf(Obfuscation.class);
                if (!alias.equals(name(parts.get(parts.size() - 1)))) {
                    how.add(Obfuscation.IMPORT_ALIAS);
                }
                if (isBuiltinsModule(full)) {
                    how.add(Obfuscation.BUILTINS_LOOKUP);
                }
                c.scope().bind(alias, new Ref(full, how, true), false);
            } else {
                String root = name(parts.get(0));
                String canon = canonicalModule(root);
                Set<Obfuscation> how = isBuiltinsModule(canon) ? Set.of(Obfuscation.BUILTINS_LOOKUP) : Set.of();
                c.scope().bind(root, new Ref(canon, how, true), false);
            }
        }
    }

    private void importFrom(Import_fromContext imp, Ctx c) {
        StringBuilder module = new StringBuilder();
        for (Relative_dotsContext dots : imp.relative_dots()) {
            module.append(dots.ELLIPSIS() != null ? "..." : ".");
        }
        if (imp.dotted_name() != null) {
            module.append(canonicalModule(dotted(imp.dotted_name().name())));
        }
        String mod = module.toString();
        if (mod.equals("__future__")) {
            return;
        }
        Import_targetsContext targets = imp.import_targets();
        if (targets == null) {
            return;
        }
        List<String> names = new ArrayList<>();
        if (targets.STAR() == null) {
            for (Import_as_nameContext n : targets.import_as_name()) {
                if (!n.name().isEmpty()) {
                    names.add(name(n.name(0)));
                }
            }
        }
        recordImport(mod, names, imp, c);
        if (targets.STAR() != null) {
            c.scope().module().starImports.add(mod);
            return;
        }
        boolean builtins = isBuiltinsModule(mod);
        for (Import_as_nameContext n : targets.import_as_name()) {
            if (n.name().isEmpty()) {
                continue;
            }
            String orig = name(n.name(0));
            String alias = n.name().size() > 1 ? name(n.name(1)) : orig;
            Set<Obfuscation> how = EnumSet.noneOf(Obfuscation.class);
            if (!alias.equals(orig)) {
                how.add(Obfuscation.IMPORT_ALIAS);
            }
            if (builtins) {
                how.add(Obfuscation.BUILTINS_LOOKUP);
            }
            Str constant = importedConstant(mod, orig);
            c.scope().bind(alias, constant != null ? constant : new Ref(member(mod, orig), how, false), false);
        }
    }

    /** The literal another module of the package binds {@code name} to, as if written here; null for any other name. */
    private Str importedConstant(String module, String name) {
        PyLiterals.Literal constant = depth == 0 ? run.imported.constant(module, name) : null;
        return constant == null ? null : new Str(constant.value(), constant.bytes(), false, List.of());
    }

    /** Keeps the imports that run with the file as written: they can bring in-package modules along. */
    private void recordImport(String module, List<String> names, ParserRuleContext statement, Ctx c) {
        if (depth == 0 && c.moduleLevel()) {
            int ln = line(statement.getStart());
            run.add(run.imports, ln, pos(statement.getStart()), new ModuleImport(module, names, ln));
        }
    }

    private static String member(String module, String name) {
        return module.endsWith(".") ? module + name : module + "." + name;
    }

    private static String dotted(List<NameContext> names) {
        StringBuilder sb = new StringBuilder();
        for (NameContext n : names) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(name(n));
        }
        return sb.toString();
    }

    /**
     * Canonical module name: {@code __builtin__} (Python 2) is {@code builtins}; {@code posix} and {@code nt},
     * the platform modules behind {@code os}, are {@code os}.
     */
    static String canonicalModule(String name) {
        if (name == null || name.isEmpty()) {
            return name;
        }
        int dot = name.indexOf('.');
        String root = dot < 0 ? name : name.substring(0, dot);
        String rest = dot < 0 ? "" : name.substring(dot);
        String canon = switch (root) {
            case "__builtin__", "__builtins__" -> "builtins";
            case "posix", "nt" -> "os";
            default -> root;
        };
        return canon + rest;
    }

    private static boolean isBuiltinsModule(String name) {
        return name.equals("builtins");
    }

    // ======================================================================================================
    // expressions

    /** Evaluates at a boundary: a folded string that ends here is reported. */
    Value ev(ParseTree node, Ctx c) {
        if (node == null) {
            return Unknown.INSTANCE;
        }
        ParseTree u = unwrap(node);
        Value v = coreUnwrapped(u, c);
        if (!(u instanceof NameAtomContext) && u instanceof ParserRuleContext rc && quiet == 0) {
            emitComputed(v, rc);
        }
        return v;
    }

    /** Evaluates an operand of a folding operation: nothing computed is reported yet. */
    Value fold(ParseTree node, Ctx c) {
        return node == null ? Unknown.INSTANCE : core(node, c);
    }

    /** Reports the folded strings in a value whose consumer did not fold them further. */
    void flush(Value v, ParseTree node) {
        if (quiet > 0 || !(node instanceof ParserRuleContext rc)) {
            return;
        }
        if (unwrap(node) instanceof NameAtomContext) {
            return;
        }
        emitComputed(v, rc);
    }

    private void emitComputed(Value v, ParserRuleContext rc) {
        if (v instanceof Str s && s.computed()) {
            emitString(s, rc);
        } else if (v instanceof Seq q) {
            int n = 0;
            for (Value item : q.items()) {
                if (item instanceof Str s && s.computed()) {
                    emitString(s, rc);
                }
                if (++n >= 1000) {
                    break;
                }
            }
        }
    }

    /** The node below a chain of single-child rules (those around every operand), on which evaluation dispatches. */
    static ParseTree unwrap(ParseTree n) {
        ParseTree cur = n;
        while (cur instanceof ParserRuleContext r && !(r instanceof StringsContext)) {
            if (r.getChildCount() != 1 || !(r.getChild(0) instanceof ParserRuleContext only)) {
                break;
            }
            cur = only;
        }
        return cur;
    }

    private boolean enter() {
        if (++recursion > run.limits.maxRecursion()) {
            recursion--;
            run.truncated = true;
            return false;
        }
        return true;
    }

    private void leave() {
        recursion--;
    }

    Value core(ParseTree node, Ctx c) {
        return coreUnwrapped(unwrap(node), c);
    }

    private Value coreUnwrapped(ParseTree u, Ctx c) {
        if (!run.alive() || !enter()) {
            return Unknown.INSTANCE;
        }
        try {
            return coreInner(u, c);
        } finally {
            leave();
        }
    }

    private Value coreInner(ParseTree n, Ctx c) {
        if (n instanceof NameAtomContext nc) {
            String id = name(nc);
            Value v = lookup(id, c);
            Scope.Binding b = id == null ? null : c.scope().find(id);
            if (b == null || !b.assigned()) {
                // a variable's value was reported where it was assigned; only its calls and attributes count again
                report(v, false, List.of(), null, nc.getStart(), nc.getStop(), c);
            }
            return v;
        }
        if (n instanceof StringsContext s) {
            return strings(s, c);
        }
        if (n instanceof NumberAtomContext num) {
            return number(num.getText());
        }
        if (n instanceof ConstantAtomContext k) {
            return k.TRUE() != null ? Int.of(1) : k.FALSE() != null ? Int.of(0) : Unknown.INSTANCE;
        }
        if (n instanceof PrimaryContext p) {
            if (p.AWAIT() != null) {
                awaited(p, c);
                return Unknown.INSTANCE;
            }
            return primary(p, c, trailers(p), true);
        }
        if (n instanceof SumExprContext || n instanceof TermExprContext || n instanceof ShiftExprContext
                || n instanceof BitAndExprContext || n instanceof BitXorExprContext || n instanceof BitOrExprContext) {
            return binaryChain((ParserRuleContext) n, c);
        }
        if (n instanceof UnaryExprContext f) {
            return unary(f, c);
        }
        if (n instanceof PowerExprContext pw) {
            Value base = fold(pw.bitwise_or(0), c);
            Value exp = fold(pw.bitwise_or(1), c);
            Value r = binary(base, PythonLexer.POWER, exp);
            if (r instanceof Unknown) {
                flush(base, pw.bitwise_or(0));
                flush(exp, pw.bitwise_or(1));
            }
            return r;
        }
        if (n instanceof ComparisonExprContext cmp) {
            return comparison(cmp, c);
        }
        if (n instanceof NotExprContext inv) {
            Value v = ev(inv.expression(), c);
            Boolean t = Folds.truthy(v);
            return t == null ? Unknown.INSTANCE : Int.of(t ? 0 : 1);
        }
        if (n instanceof ConditionalExprContext e) {
            ExpressionContext whenTrue = e.expression(0);
            ExpressionContext whenFalse = e.expression().size() > 2 ? e.expression(2) : null;
            Value cond = ev(e.expression().size() > 1 ? e.expression(1) : null, c);
            Value a = fold(whenTrue, c);
            Value b = fold(whenFalse, c);
            Boolean t = Folds.truthy(cond);
            if (t != null) {
                flush(t ? b : a, t ? whenFalse : whenTrue);
                return t ? a : b;
            }
            flush(a, whenTrue);
            flush(b, whenFalse);
            return Unknown.INSTANCE;
        }
        if (n instanceof LambdefContext l) {
            deferred.addLast(new Deferred(l.expression(), l.lambda_parameters(), true, c.scope(), null));
            flows.lambda(l.expression());
            guarded(() -> {
                if (l.lambda_parameters() != null) {
                    for (Lambda_parameterContext p : l.lambda_parameters().lambda_parameter()) {
                        if (p.expression() != null) {
                            ev(p.expression(), c);
                        }
                    }
                }
            });
            return Unknown.INSTANCE;
        }
        if (n instanceof Named_expressionContext ne && ne.COLONEQUAL() != null) {
            Value v = ev(ne.expression(), c);
            if (ne.name() != null) {
                c.scope().bind(name(ne.name()), v, true);
            }
            return v;
        }
        if (n instanceof Star_expressionsContext || n instanceof ExpressionsContext || n instanceof Star_named_expressionsContext) {
            return tuple(((ParserRuleContext) n), c);
        }
        if (n instanceof ParenAtomContext pa) {
            if (pa.yield_expr() != null) {
                ev(pa.yield_expr(), c);
                return Unknown.INSTANCE;
            }
            Testlist_compContext tc = pa.testlist_comp();
            if (tc == null) {
                return new Seq(List.of(), List.of());
            }
            if (tc.comp_for() != null) {
                return comprehension(tc.comp_for(), tc.star_named_expression(0), c);
            }
            if (tc.getChildCount() == 1) {
                return core(tc.getChild(0), c);   // parentheses, not a tuple
            }
            return tuple(tc, c);
        }
        if (n instanceof ListAtomContext la) {
            Testlist_compContext tc = la.testlist_comp();
            if (tc == null) {
                return new Seq(List.of(), List.of());
            }
            if (tc.comp_for() != null) {
                return comprehension(tc.comp_for(), tc.star_named_expression(0), c);
            }
            return tuple(tc, c);
        }
        if (n instanceof Testlist_compContext tc) {
            return tc.comp_for() != null ? comprehension(tc.comp_for(), tc.star_named_expression(0), c) : tuple(tc, c);
        }
        if (n instanceof DictOrSetAtomContext d) {
            Dict_or_setContext ds = d.dict_or_set();
            if (ds != null) {
                if (ds.comp_for() != null) {
                    Scope scope = new Scope(Scope.Kind.COMPREHENSION, c.scope());
                    Ctx inner = new Ctx(scope, c.moduleLevel());
                    compClausesForEmission(ds.comp_for(), c, inner);
                    for (int i = 0; i < ds.getChildCount(); i++) {
                        if (!(ds.getChild(i) instanceof Comp_forContext)) {
                            evChildren(ds.getChild(i), inner);
                        }
                    }
                } else {
                    evChildren(ds, c);
                }
            }
            return Unknown.INSTANCE;
        }
        if (n instanceof Star_expressionContext || n instanceof Star_named_expressionContext) {
            evChildren(n, c);
            return Unknown.INSTANCE;
        }
        if (n instanceof SlicesContext || n instanceof SliceContext) {
            evChildren(n, c);
            return Unknown.INSTANCE;
        }
        if (n instanceof OrExprContext || n instanceof AndExprContext) {
            return boolChain((ParserRuleContext) n, c);
        }
        if (n instanceof TerminalNode) {
            return Unknown.INSTANCE;
        }
        evChildren(n, c);
        return Unknown.INSTANCE;
    }

    /** Evaluates what is awaited at a boundary, as a primary without {@code await}; what it resolves to is unknown. */
    private void awaited(PrimaryContext p, Ctx c) {
        int trailers = trailers(p);
        if (trailers == 0) {
            ev(p.atom(), c);
            return;
        }
        Value v = primary(p, c, trailers, true);
        if (quiet == 0) {
            emitComputed(v, p);
        }
    }

    private void evChildren(ParseTree n, Ctx c) {
        for (int i = 0; i < n.getChildCount(); i++) {
            ParseTree ch = n.getChild(i);
            if (ch instanceof ParserRuleContext) {
                ev(ch, c);
            }
        }
    }

    private Value tuple(ParserRuleContext n, Ctx c) {
        List<Value> items = new ArrayList<>();
        List<ParseTree> nodes = new ArrayList<>();
        boolean ok = true;
        List<String> tr = List.of();
        for (int i = 0; i < n.getChildCount(); i++) {
            ParseTree ch = n.getChild(i);
            if (!(ch instanceof ParserRuleContext)) {
                continue;
            }
            ParseTree u = unwrap(ch);
            if ((u instanceof Star_expressionContext se && se.STAR() != null)
                    || (u instanceof Star_named_expressionContext sn && sn.STAR() != null)) {
                ev(u, c);
                ok = false;
                continue;
            }
            Value v = coreUnwrapped(u, c);
            items.add(v);
            nodes.add(ch);
            if (!(v instanceof Str || v instanceof Int || v instanceof Seq)) {
                ok = false;
            }
            tr = Values.join(tr, Values.transforms(v));
        }
        if (ok) {
            return new Seq(items, tr);
        }
        for (int i = 0; i < items.size(); i++) {
            flush(items.get(i), nodes.get(i));
        }
        // references inside an unknown tuple still matter as values (e.g. a tuple of callables)
        return Unknown.INSTANCE;
    }

    private Value boolChain(ParserRuleContext n, Ctx c) {
        Value last = Unknown.INSTANCE;
        boolean isOr = n instanceof OrExprContext;
        Boolean decided = null;
        Value result = null;
        for (ParseTree ch : chain(n)) {
            if (!(ch instanceof ParserRuleContext)) {
                continue;
            }
            last = ev(ch, c);
            if (decided == null && result == null) {
                Boolean t = Folds.truthy(last);
                if (t == null) {
                    decided = Boolean.FALSE;
                } else if (t == isOr) {
                    result = last;
                }
            }
        }
        if (decided != null) {
            return Unknown.INSTANCE;
        }
        return result != null ? result : last;
    }

    /**
     * The operands and operators of a run of one left-associative operator, in source order: the grammar nests
     * {@code a + b - c} as {@code (a + b) - c}, and the run is folded as one sequence (a long {@code +} chain of
     * strings is appended in place). A parenthesised operand is a different node, so it ends the run.
     */
    private static List<ParseTree> chain(ParserRuleContext n) {
        ParserRuleContext first = n;
        int links = 0;
        while (first.getChildCount() > 0 && first.getChild(0).getClass() == n.getClass()) {
            first = (ParserRuleContext) first.getChild(0);
            links++;
        }
        if (links == 0) {
            return ((PyRuleContext) n).childList();
        }
        List<ParseTree> out = new ArrayList<>(first.getChildCount() + 2 * links);
        for (ParserRuleContext k = first; ; k = k.getParent()) {
            for (int i = k == first ? 0 : 1; i < k.getChildCount(); i++) {
                out.add(k.getChild(i));
            }
            if (k == n) {
                return out;
            }
        }
    }

    private Value comparison(ComparisonExprContext cmp, Ctx c) {
        List<Bitwise_orContext> operands = cmp.bitwise_or();
        List<Value> values = new ArrayList<>();
        for (Bitwise_orContext o : operands) {
            values.add(ev(o, c));
        }
        if (values.size() != 2 || cmp.comp_op().size() != 1) {
            return Unknown.INSTANCE;
        }
        return Folds.compare(values.get(0), cmp.comp_op(0), values.get(1));
    }

    /** Marks an accumulator whose value is being built in a StringBuilder. */
    private static final Str PENDING = new Str("", false, true, List.of());

    private Value binaryChain(ParserRuleContext n, Ctx c) {
        StringBuilder chain = null;
        List<String> chainTransforms = List.of();
        boolean chainBytes = false;
        Value acc = null;
        ParserRuleContext firstNode = null;
        ParserRuleContext lastGood = null;
        int op = -1;
        int folded = 0;
        for (ParseTree ch : chain(n)) {
            if (ch instanceof TerminalNode tn) {
                op = tn.getSymbol().getType();
                continue;
            }
            if (!(ch instanceof ParserRuleContext operand)) {
                continue;
            }
            Value v = fold(operand, c);
            if (acc == null) {
                acc = v;
                firstNode = operand;
                lastGood = operand;
                continue;
            }
            if (acc == PENDING && !(op == PythonLexer.PLUS && v instanceof Str y0 && y0.bytes() == chainBytes)) {
                acc = new Str(chain.toString(), chainBytes, true, chainTransforms);
                chain = null;
            }
            if (acc instanceof Unknown) {
                flush(v, operand);
                continue;
            }
            if (op == PythonLexer.PLUS && acc instanceof Str x && v instanceof Str y
                    && (acc == PENDING || x.bytes() == y.bytes())) {
                // long chains of '+' append in place: linear, not quadratic
                if (acc != PENDING) {
                    chain = new StringBuilder(x.value());
                    chainTransforms = x.transforms();
                    chainBytes = x.bytes();
                }
                if (chain.length() + (long) y.value().length() > run.limits.maxValueChars()
                        || !run.charge(1 + y.value().length() / 16)) {
                    run.truncated = true;
                    acc = Unknown.INSTANCE;
                    chain = null;
                    continue;
                }
                chain.append(y.value());
                chainTransforms = Values.join(chainTransforms, y.transforms());
                acc = PENDING;
                lastGood = operand;
                folded++;
                continue;
            }
            if (acc == PENDING) {
                acc = new Str(chain.toString(), chainBytes, true, chainTransforms);
                chain = null;
            }
            Value r = binary(acc, op, v);
            if (r instanceof Unknown) {
                // the constant prefix is still worth reporting, and so is the operand
                if (acc instanceof Str s && s.computed() && quiet == 0) {
                    emitString(s, firstNode.getStart(), lastGood.getStop());
                } else if (folded == 0) {
                    flush(acc, firstNode);
                }
                flush(v, operand);
                acc = Unknown.INSTANCE;
                continue;
            }
            acc = r;
            lastGood = operand;
            folded++;
        }
        if (acc == PENDING) {
            acc = new Str(chain.toString(), chainBytes, true, chainTransforms);
        }
        return acc == null ? Unknown.INSTANCE : acc;
    }

    private Value unary(UnaryExprContext f, Ctx c) {
        Value v = fold(f.bitwise_or(), c);
        Token t = f.getStart();
        if (v instanceof Int i) {
            if (t.getType() == PythonLexer.MINUS && i.value() != Long.MIN_VALUE) {
                return new Int(-i.value(), i.transforms());
            }
            if (t.getType() == PythonLexer.PLUS) {
                return i;
            }
            if (t.getType() == PythonLexer.TILDE) {
                return new Int(~i.value(), i.transforms());
            }
        }
        flush(v, f.bitwise_or());
        return Unknown.INSTANCE;
    }

    Value binary(Value a, int op, Value b) {
        return folds.binary(a, op, b);
    }

    // ---- literals ----------------------------------------------------------------------------------------

    private Value strings(StringsContext s, Ctx c) {
        if (s.getChildCount() == 1 && s.getChild(0) instanceof TerminalNode tn && tn.getSymbol().getType() == PythonLexer.STRING) {
            // one plain literal, most strings: its value as decoded, not copied through two builders
            PyLiterals.Literal lit = PyLiterals.decodeString(tn.getText());
            Str str = Str.literal(lit.value(), lit.bytes());
            emitString(str, s);
            return str;
        }
        StringBuilder value = new StringBuilder();
        StringBuilder written = new StringBuilder();
        boolean bytes = false;
        boolean first = true;
        boolean hasF = false;
        boolean fields = false;
        boolean ok = true;
        List<String> tr = List.of();
        for (int i = 0, n = s.getChildCount(); i < n; i++) {
            ParseTree part = s.getChild(i);
            if (part instanceof TerminalNode tn && tn.getSymbol().getType() == PythonLexer.STRING) {
                PyLiterals.Literal lit = PyLiterals.decodeString(tn.getText());
                if (first) {
                    bytes = lit.bytes();
                }
                value.append(lit.value());
                written.append(lit.value());
            } else if (part instanceof FstringContext f) {
                hasF = true;
                boolean raw = f.FSTRING_START() != null && PyLiterals.isRawPrefix(f.FSTRING_START().getText());
                for (Fstring_partContext fp : f.fstring_part()) {
                    if (fp.FSTRING_MIDDLE() != null) {
                        String t = PyLiterals.decodeFStringText(fp.FSTRING_MIDDLE().getText(), raw);
                        value.append(t);
                        written.append(t);
                    } else if (fp.fstring_replacement_field() != null) {
                        fields = true;
                        Fstring_replacement_fieldContext fld = fp.fstring_replacement_field();
                        written.append(source(fld, fld.getStart(), fld.getStop(), 10_000));
                        ParseTree inner = fld.star_expressions() != null ? fld.star_expressions() : fld.yield_expr();
                        Value v = fold(inner, c);
                        String text = null;
                        boolean plain = fld.ASSIGN() == null && fld.COLON() == null
                                && (fld.EXCLAMATION() == null || (fld.name() != null && "s".equals(fld.name().getText())));
                        if (plain && v instanceof Str sv && !sv.bytes()) {
                            text = sv.value();
                        } else if (plain && v instanceof Int iv) {
                            text = Long.toString(iv.value());
                        }
                        if (text == null) {
                            ok = false;
                            flush(v, inner);
                            for (Fstring_format_specContext spec : fld.fstring_format_spec()) {
                                ev(spec, c);
                            }
                        } else {
                            value.append(text);
                            tr = Values.join(tr, Values.transforms(v));
                        }
                    }
                }
            }
            first = false;
            if (value.length() > run.limits.maxValueChars() * 2L) {
                ok = false;
            }
        }
        if (!hasF) {
            Str lit = Str.literal(value.toString(), bytes);
            emitString(lit, s);
            return lit;
        }
        if (ok) {
            return new Str(value.toString(), false, fields, tr);
        }
        emitString(Str.literal(written.toString(), false), s);
        return Unknown.INSTANCE;
    }

    static Value number(String text) {
        Value small = smallDecimal(text);
        if (small != null) {
            return small;
        }
        String t = text.replace("_", "").toLowerCase(Locale.ROOT);
        try {
            BigInteger v;
            if (t.startsWith("0x")) {
                v = new BigInteger(t.substring(2), 16);
            } else if (t.startsWith("0o")) {
                v = new BigInteger(t.substring(2), 8);
            } else if (t.startsWith("0b")) {
                v = new BigInteger(t.substring(2), 2);
            } else if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
                v = new BigInteger(t);
            } else {
                return Unknown.INSTANCE;
            }
            return v.bitLength() < 63 ? Int.of(v.longValue()) : Unknown.INSTANCE;
        } catch (NumberFormatException e) {
            return Unknown.INSTANCE;
        }
    }

    /**
     * The value of a plain decimal literal of up to 18 digits (below 2^62, so always an {@link Int}), or null for
     * any other literal: most literals are small counts and indexes, not worth a BigInteger.
     */
    private static Value smallDecimal(String text) {
        int n = text.length();
        if (n == 0 || n > 18) {
            return null;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            char ch = text.charAt(i);
            if (ch < '0' || ch > '9') {
                return null;
            }
            v = v * 10 + (ch - '0');
        }
        return Int.of(v);
    }

    // ---- comprehensions ----------------------------------------------------------------------------------

    private Value comprehension(Comp_forContext cf, ParserRuleContext element, Ctx c) {
        if (cf.comp_clause().isEmpty()) {
            return Unknown.INSTANCE;
        }
        Value firstIterable = fold(cf.comp_clause(0).expression().isEmpty() ? null : cf.comp_clause(0).expression(0), c);
        Scope scope = new Scope(Scope.Kind.COMPREHENSION, c.scope());
        Ctx inner = new Ctx(scope, c.moduleLevel());
        // one pass with unknown targets, for the references inside
        compClausesForEmission(cf, c, inner);
        ev(element, inner);
        if (firstIterable instanceof Unknown || !(firstIterable instanceof Str || firstIterable instanceof Seq
                || firstIterable instanceof Comp)) {
            return Unknown.INSTANCE;
        }
        return new Comp(cf, element, firstIterable, c.scope(), c.moduleLevel());
    }

    private void compClausesForEmission(Comp_forContext cf, Ctx outer, Ctx inner) {
        boolean firstClause = true;
        for (Comp_clauseContext cl : cf.comp_clause()) {
            List<ExpressionContext> ds = cl.expression();
            if (!firstClause && !ds.isEmpty()) {
                ev(ds.get(0), inner);
            }
            firstClause = false;
            if (cl.star_targets() != null) {
                assignComp(cl.star_targets(), Unknown.INSTANCE, inner.scope());
            }
            for (int i = 1; i < ds.size(); i++) {
                ev(ds.get(i), inner);
            }
        }
    }

    /** Binds comprehension targets (plain bindings: reading them is not an alias). */
    void assignComp(ParseTree target, Value v, Scope scope) {
        ParseTree t = unwrap(target);
        if (t instanceof NameAtomContext n) {
            scope.bind(name(n), v, false);
            return;
        }
        List<ParseTree> items = targetItems(t);
        if (items == null) {
            return;
        }
        List<Value> values = v instanceof Seq || v instanceof Str ? folds.iterate(v) : null;
        for (int i = 0; i < items.size(); i++) {
            Value iv = values != null && values.size() == items.size() ? values.get(i) : Unknown.INSTANCE;
            ParseTree item = unwrap(items.get(i));
            if (item instanceof Star_targetContext st && st.STAR() != null) {
                // an attribute or subscript binds no name of the comprehension
                assignComp(st.trailer().isEmpty() ? st.atom() : null, Unknown.INSTANCE, scope);
            } else {
                assignComp(item, iv, scope);
            }
        }
    }

    /** Folds a comprehension over constants into a sequence, or null. Quiet: nothing is reported. */
    Seq materialize(Comp comp) {
        if (comp.materialized) {
            return comp.cached;
        }
        comp.materialized = true;
        List<Value> out = new ArrayList<>();
        quiet++;
        try {
            Scope scope = new Scope(Scope.Kind.COMPREHENSION, comp.scope);
            boolean ok = clauses(comp, 0, scope, out);
            if (ok) {
                List<String> tr = List.of();
                for (Value v : out) {
                    tr = Values.join(tr, Values.transforms(v));
                }
                comp.cached = new Seq(out, tr);
            }
        } finally {
            quiet--;
        }
        return comp.cached;
    }

    private boolean clauses(Comp comp, int k, Scope scope, List<Value> out) {
        Comp_clauseContext cl = comp.clauses.comp_clause(k);
        Ctx ctx = new Ctx(scope, comp.moduleLevel);
        Value iterable = k == 0 ? comp.firstIterable : fold(cl.expression().isEmpty() ? null : cl.expression(0), ctx);
        List<Value> items = folds.iterate(iterable);
        if (items == null) {
            return false;
        }
        List<ExpressionContext> ds = cl.expression();
        int clauseCount = comp.clauses.comp_clause().size();
        for (Value item : items) {
            if (!run.charge(1) || !run.alive()) {
                return false;
            }
            assignComp(cl.star_targets(), item, scope);
            boolean keep = true;
            for (int i = 1; i < ds.size(); i++) {
                Boolean t = Folds.truthy(fold(ds.get(i), ctx));
                if (t == null) {
                    return false;
                }
                if (!t) {
                    keep = false;
                    break;
                }
            }
            if (!keep) {
                continue;
            }
            if (k + 1 < clauseCount) {
                if (!clauses(comp, k + 1, scope, out)) {
                    return false;
                }
            } else {
                Value e = fold(comp.element, ctx);
                if (!(e instanceof Str || e instanceof Int || e instanceof Seq)) {
                    return false;
                }
                out.add(e);
                if (out.size() > run.limits.maxValueChars()) {
                    run.truncated = true;
                    return false;
                }
            }
        }
        return true;
    }

    // ---- names -------------------------------------------------------------------------------------------

    Value lookup(String name, Ctx c) {
        if (name == null) {
            return Unknown.INSTANCE;
        }
        Scope.Binding b = c.scope().find(name);
        if (b != null) {
            return b.assigned() ? Values.aliased(b.value()) : b.value();
        }
        if (name.equals("__builtins__")) {
            return new Ref("builtins", Set.of(Obfuscation.BUILTINS_LOOKUP), true);
        }
        if (Builtins.NAMES.contains(name)) {
            return new Ref("builtins." + name, Set.of(), false);
        }
        String star = c.scope().starImport();
        if (star != null) {
            Str constant = importedConstant(star, name);
            return constant != null ? constant : new Ref(member(star, name), Set.of(), false);
        }
        if (UNIMPORTED_MODULES.contains(name)) {
            // used without an import: another module imported it first, or the code fails; either way it means the module
            return new Ref(name, Set.of(), true);
        }
        return Unknown.INSTANCE;
    }

    /** Modules whose name, never bound in the file, still means the module (malware calls os.system without importing os). */
    private static final Set<String> UNIMPORTED_MODULES = Set.of("os", "sys", "subprocess", "socket", "urllib", "base64",
            "requests", "shutil", "platform", "zlib", "marshal", "ctypes", "getpass", "winreg", "pty", "binascii", "codecs");

    // ---- primaries: attributes, calls, subscripts --------------------------------------------------------

    /**
     * Evaluates an atom and its first {@code upto} trailers. Every reference that is called, subscripted or
     * ends the chain is reported once, with the detours taken to reach it.
     *
     * @param p a primary, or a {@code for}/{@code with} target: both are an atom and its trailers
     */
    Value primary(ParserRuleContext p, Ctx c, int upto, boolean reportEnd) {
        AtomContext atom = p.getRuleContext(AtomContext.class, 0);
        Value cur;
        ParseTree inner = upto > 0 && trailers(p) > 0 ? parenthesized(atom) : null;
        if (atom instanceof NameAtomContext na) {
            cur = lookup(name(na), c);
        } else if (inner instanceof PrimaryContext ip && ip.AWAIT() == null && trailers(ip) > 0) {
            // `(getattr(os, 'system').__call__)(x)`: the trailers below report the reference, the parentheses add no
            // mention of their own, as in `os.system(x)`
            cur = enter() ? parenthesizedPrimary(ip, c) : Unknown.INSTANCE;
        } else {
            cur = atom == null ? Unknown.INSTANCE : core(atom, c);
        }
        // an awaited primary starts at its atom: `await` is not part of what is called or subscripted
        Token start = atom == null ? p.getStart() : atom.getStart();
        Token prevStop = atom == null ? start : atom.getStop();
        boolean pendingEnd = atom instanceof NameAtomContext;
        int seen = 0;
        for (int k = 0, n = p.getChildCount(); k < n && seen < upto; k++) {
            if (!(p.getChild(k) instanceof TrailerContext t)) {
                continue;
            }
            seen++;
            if (!run.alive()) {
                return Unknown.INSTANCE;
            }
            if (t instanceof AttributeTrailerContext a) {
                cur = attr(cur, a.name() == null ? null : name(a.name()));
                pendingEnd = true;
            } else if (t instanceof CallTrailerContext ct) {
                int inArgs = run.apiUses.size();
                Args args = args(ct.arguments(), c);
                int use = report(cur, true, args.keywords, mode(args), start, ct.getStop(), c);
                cur = call(cur, args, c, p, ct);
                if (resolved(cur)) {
                    flows.folded(start, ct.getStop());   // a decoding in it was done by folding, not at run time
                }
                if (foldIfResolved(use, cur)) {
                    foldMentions(inArgs, use);
                }
                pendingEnd = false;
            } else if (t instanceof SubscriptTrailerContext st) {
                int use = report(cur, false, List.of(), null, start, prevStop, c);
                cur = subscript(cur, st.slices(), c);
                foldIfResolved(use, cur);
                pendingEnd = true;
            } else {
                cur = Unknown.INSTANCE;
                pendingEnd = false;
            }
            prevStop = t.getStop() == null ? prevStop : t.getStop();
        }
        if (reportEnd && pendingEnd) {
            report(cur, false, List.of(), null, start, prevStop, c);
        }
        return cur;
    }

    /** What a parenthesized atom holds, inside any number of parentheses; the atom itself if it is not parenthesized. */
    private static ParseTree parenthesized(AtomContext atom) {
        ParseTree cur = atom;
        while (cur instanceof ParenAtomContext pa && pa.yield_expr() == null && pa.testlist_comp() != null
                && pa.testlist_comp().comp_for() == null && pa.testlist_comp().getChildCount() == 1) {
            cur = unwrap(pa.testlist_comp().getChild(0));
        }
        return cur;
    }

    private Value parenthesizedPrimary(PrimaryContext inner, Ctx c) {
        try {
            return primary(inner, c, trailers(inner), false);
        } finally {
            leave();
        }
    }

    Value attr(Value cur, String name) {
        if (name == null) {
            return Unknown.INSTANCE;
        }
        if (cur instanceof Ref r) {
            return switch (name) {
                case "__call__" -> r.with(Obfuscation.DUNDER_CALL);
                case "__dict__" -> new DictOf(r);
                case "__getattribute__" -> new GetAttribute(r);
                default -> {
                    if (r.api().length() + name.length() >= MAX_API_CHARS) {
                        yield Unknown.INSTANCE;
                    }
                    Str constant = importedConstant(r.api(), name);   // config.KEY, config a module of the package
                    yield constant != null ? constant : new Ref(r.api() + "." + name, r.how(), false);
                }
            };
        }
        if (cur instanceof UnknownAttr u) {
            return switch (name) {
                case "__call__" -> new UnknownAttr(u.path(), Values.plus(u.how(), Obfuscation.DUNDER_CALL));
                case "__getattribute__" -> new GetAttribute(u);
                case "__dict__" -> Unknown.INSTANCE;
                default -> u.path().length() + name.length() >= MAX_API_CHARS ? Unknown.INSTANCE
                        : new UnknownAttr(u.path() + "." + name, u.how());
            };
        }
        if (cur instanceof Unknown) {
            return switch (name) {
                case "__call__", "__dict__" -> Unknown.INSTANCE;
                case "__getattribute__" -> new GetAttribute(Unknown.INSTANCE);
                default -> new UnknownAttr("?." + name, Set.of());
            };
        }
        if (cur instanceof TypeOf) {
            return name.equals("__getattribute__") ? new TypeGetAttribute() : Unknown.INSTANCE;
        }
        if (cur instanceof Local l) {
            // a method of a class of the file, reached through the class or an instance of it
            if (l.isClass() && l.scope() != null && l.scope().own(name) instanceof Local method && method.def() != null) {
                return method;
            }
            return new Local(l.name(), l.isClass());
        }
        if (cur instanceof Str s && Folds.STR_METHODS.contains(name)) {
            return new StrMethod(s, name);
        }
        if (cur instanceof GlobalsDict || cur instanceof DictOf) {
            return Unknown.INSTANCE;
        }
        return Unknown.INSTANCE;
    }

    /** A positional argument's value (an assignment expression or a plain one); null for a keyword or unpacked one. */
    private static ParserRuleContext positional(ArgumentContext a) {
        return a.ASSIGN() == null && a.STAR() == null && a.POWER() == null ? namedOrPlain(a) : null;
    }

    /** The assignment expression or plain expression of a node that holds one of them (a condition, an index...). */
    private static ParserRuleContext namedOrPlain(ParserRuleContext owner) {
        Named_expressionContext named = owner.getRuleContext(Named_expressionContext.class, 0);
        return named != null ? named : owner.getRuleContext(ExpressionContext.class, 0);
    }

    private Args args(ArgumentsContext a, Ctx c) {
        Args out = new Args();
        if (a == null) {
            return out;
        }
        for (int i = 0, n = a.getChildCount(); i < n; i++) {
            if (!(a.getChild(i) instanceof ArgumentContext arg)) {
                continue;
            }
            ParserRuleContext value = positional(arg);
            if (arg.ASSIGN() != null && arg.name() != null) {
                out.keyword(name(arg.name()), fold(arg.expression(), c), arg.expression());
            } else if (arg.STAR() != null || arg.POWER() != null) {
                out.starred = true;
                ev(arg.expression(), c);
            } else if (value != null) {
                if (arg.comp_for() != null) {
                    out.pos.add(comprehension(arg.comp_for(), value, c));
                } else {
                    out.pos.add(fold(value, c));
                }
                out.posNodes.add(value);
            }
        }
        return out;
    }

    private void flushArgs(Args a) {
        for (int i = 0; i < a.pos.size(); i++) {
            flush(a.pos.get(i), a.posNodes.get(i));
        }
        for (Map.Entry<String, Value> e : a.kw.entrySet()) {
            flush(e.getValue(), a.kwNodes.get(e.getKey()));
        }
    }

    private Value call(Value callee, Args args, Ctx c, ParserRuleContext p, CallTrailerContext ct) {
        Value result;
        try {
            result = apply(callee, args, c, p, ct);
        } catch (Codecs.TooLarge e) {
            run.truncated = true;
            result = Unknown.INSTANCE;
        }
        if (result == null) {
            result = Unknown.INSTANCE;
        }
        if (!args.absorbed && (result instanceof Unknown || result instanceof Local || result instanceof UnknownAttr)) {
            flushArgs(args);
        }
        return result;
    }

    private Value apply(Value callee, Args a, Ctx c, ParserRuleContext p, CallTrailerContext ct) {
        if (a.starred) {
            return Unknown.INSTANCE;
        }
        if (callee instanceof Ref r) {
            return applyRef(r, a, c, p, ct);
        }
        if (callee instanceof StrMethod m) {
            return folds.strMethod(m, a);
        }
        if (callee instanceof GetAttribute g) {
            return a.pos.size() == 1 ? getAttribute(g.receiver(), a.pos.get(0)) : Unknown.INSTANCE;
        }
        if (callee instanceof TypeGetAttribute) {
            return a.pos.size() == 2 ? getAttribute(a.pos.get(0), a.pos.get(1)) : Unknown.INSTANCE;
        }
        if (callee instanceof Local l) {
            if (l.isClass()) {
                if (c.moduleLevel() && l.scope() != null
                        && l.scope().own("__init__") instanceof Local init && init.def() != null) {
                    calledOnLoad(init.def());
                }
                return new Local(l.name(), true, null, l.scope());   // an instance: its methods are the class's
            }
            if (c.moduleLevel() && l.def() != null) {
                calledOnLoad(l.def());
            }
            Value v = inline(l, a);
            return v == null ? Unknown.INSTANCE : v;
        }
        return Unknown.INSTANCE;
    }

    /** {@code receiver.__getattribute__(name)} (or its unbound form through {@code type(receiver)}) with a constant name. */
    private Value getAttribute(Value receiver, Value name) {
        if (!(name instanceof Str s) || s.bytes()) {
            return Unknown.INSTANCE;
        }
        Set<Obfuscation> how = s.computed() ? EnumSet.of(Obfuscation.GETATTRIBUTE, Obfuscation.COMPUTED_NAME)
                : EnumSet.of(Obfuscation.GETATTRIBUTE);
        return Values.withHow(attr(receiver, s.value()), how);
    }

    /** Deepest nesting of folded calls of helper functions ({@code d(d(x))}, or recursion). */
    private static final int MAX_INLINE = 8;
    private int inlined;

    /**
     * Folds a call of a helper defined in the file whose body is a few plain-name assignments and a
     * {@code return expr}, when every argument is a constant: {@code def d(s): return base64.b64decode(s)} then
     * {@code exec(d('...'))}. Quiet: the body is analysed (and reported) on its own.
     */
    private Value inline(Local l, Args a) {
        Function_defContext f = l.def();
        if (f == null || inlined >= MAX_INLINE || !a.kw.isEmpty() || a.starred) {
            return null;
        }
        Helper helper = helpers.computeIfAbsent(f, Evaluator::helper);
        ParserRuleContext ret = helper.returned();
        List<String> params = new ArrayList<>();
        if (f.parameters() != null) {
            for (ParameterContext p : f.parameters().parameter()) {
                if (p.name() == null || p.STAR() != null || p.POWER() != null) {
                    return null;
                }
                params.add(name(p.name()));
            }
        }
        if (ret == null || params.size() != a.pos.size() || !run.charge(8)) {
            return null;
        }
        for (Value v : a.pos) {
            if (!(v instanceof Str || v instanceof Int || v instanceof Seq)) {
                return null;
            }
        }
        Scope scope = new Scope(Scope.Kind.FUNCTION, l.scope() == null ? moduleScope : l.scope());
        for (int i = 0; i < params.size(); i++) {
            scope.bind(params.get(i), a.pos.get(i), false);
        }
        quiet++;
        inlined++;
        try {
            Ctx inner = new Ctx(scope, false);
            for (Expr_stmtContext assignment : helper.assignments()) {
                scope.bind(name(unwrap(assignment.star_expressions()) instanceof NameAtomContext n ? n : null),
                        fold(assignment.assigned_value(0), inner), true);
            }
            Value v = fold(ret, inner);
            return v instanceof Str || v instanceof Int || v instanceof Seq ? v : null;
        } finally {
            inlined--;
            quiet--;
        }
    }

    /**
     * The helper shape of a body, after an optional docstring: at most {@link #MAX_HELPER_ASSIGNMENTS} statements
     * {@code name = expr}, then {@code return expr}; {@link #NOT_A_HELPER} for any other body.
     */
    private static Helper helper(Function_defContext f) {
        BlockContext b = f.block();
        if (b == null) {
            return NOT_A_HELPER;
        }
        List<Simple_stmtContext> body = new ArrayList<>();
        int limit = MAX_HELPER_ASSIGNMENTS + 2;
        if (!takeSimple(b.simple_stmts(), body, limit)) {
            return NOT_A_HELPER;
        }
        for (int i = 0, n = b.getChildCount(); i < n; i++) {
            if (b.getChild(i) instanceof StmtContext s && (s.simple_stmts() == null || !takeSimple(s.simple_stmts(), body, limit))) {
                return NOT_A_HELPER;
            }
        }
        if (body.size() > 1 && body.get(0).expr_stmt() != null && unwrap(body.get(0).expr_stmt()) instanceof StringsContext) {
            body.remove(0);
        }
        if (body.isEmpty() || body.get(body.size() - 1).return_stmt() == null) {
            return NOT_A_HELPER;
        }
        List<Expr_stmtContext> assignments = new ArrayList<>();
        for (Simple_stmtContext s : body.subList(0, body.size() - 1)) {
            Expr_stmtContext e = s.expr_stmt();
            if (e == null || e.annotation() != null || e.augassign() != null || e.assigned_value().size() != 1
                    || !(unwrap(e.star_expressions()) instanceof NameAtomContext)) {
                return NOT_A_HELPER;
            }
            assignments.add(e);
        }
        ParserRuleContext returned = body.get(body.size() - 1).return_stmt().star_expressions();
        return assignments.size() > MAX_HELPER_ASSIGNMENTS ? NOT_A_HELPER : new Helper(List.copyOf(assignments), returned);
    }

    /** Adds the simple statements of {@code ss} to {@code out}; false once there are more than {@code limit}. */
    private static boolean takeSimple(Simple_stmtsContext ss, List<Simple_stmtContext> out, int limit) {
        if (ss == null) {
            return true;
        }
        for (int i = 0, k = ss.getChildCount(); i < k; i++) {
            if (ss.getChild(i) instanceof Simple_stmtContext s) {
                if (out.size() == limit) {
                    return false;
                }
                out.add(s);
            }
        }
        return true;
    }

    private Value applyRef(Ref r, Args a, Ctx c, ParserRuleContext p, CallTrailerContext ct) {
        if (quiet == 0) {
            flows.call(r, a, c, p, c.moduleLevel() && siteModuleLevel);
        }
        switch (r.api()) {
            case "builtins.getattr" -> {
                if (a.pos.size() >= 2 && a.pos.get(1) instanceof Str s && !s.bytes()) {
                    Value obj = a.pos.get(0);
                    Value v = attr(obj instanceof Seq || obj instanceof Int ? Unknown.INSTANCE : obj, s.value());
                    EnumSet<Obfuscation> how = EnumSet.of(Obfuscation.GETATTR);
                    if (s.computed()) {
                        how.add(Obfuscation.COMPUTED_NAME);
                    }
                    how.addAll(r.how());
                    return Values.withHow(v, how);
                }
                return Unknown.INSTANCE;
            }
            case "builtins.__import__", "importlib.__import__" -> {
                Value m = a.arg(0, "name");
                if (m instanceof Str s && !s.bytes() && !s.value().isEmpty()) {
                    Value fromlist = a.arg(3, "fromlist");
                    Boolean nonEmpty = Folds.truthy(fromlist == null ? Int.of(0) : fromlist);
                    String mod = canonicalModule(s.value());
                    if (nonEmpty == null || !nonEmpty) {
                        int dot = mod.indexOf('.');
                        mod = dot < 0 ? mod : mod.substring(0, dot);
                    }
                    return dynamicModule(mod, s, r);
                }
                return Unknown.INSTANCE;
            }
            case "importlib.import_module" -> {
                Value m = a.arg(0, "name");
                if (m instanceof Str s && !s.bytes() && !s.value().isEmpty()) {
                    return dynamicModule(canonicalModule(s.value()), s, r);
                }
                return Unknown.INSTANCE;
            }
            case "builtins.vars" -> {
                if (a.count() == 0) {
                    return new GlobalsDict(c.scope(), r.how());
                }
                if (a.pos.size() == 1 && a.pos.get(0) instanceof Ref target) {
                    return new DictOf(new Ref(target.api(), Values.union(target.how(), r.how()), target.module()));
                }
                return Unknown.INSTANCE;
            }
            case "builtins.type" -> {
                return a.pos.size() == 1 && a.kw.isEmpty() && a.pos.get(0) instanceof Ref target ? new TypeOf(target) : Unknown.INSTANCE;
            }
            case "builtins.globals" -> {
                return new GlobalsDict(c.scope().module(), r.how());
            }
            case "builtins.locals" -> {
                return new GlobalsDict(c.scope(), r.how());
            }
            case "builtins.exec", "builtins.eval", "builtins.compile" -> {
                Value code = a.arg(0, "source");
                if (code instanceof Str s) {
                    payload(s, p, c, true);
                }
                return Unknown.INSTANCE;
            }
            case "marshal.loads" -> {
                Value blob = a.arg(0, null);
                if (blob instanceof Str s) {
                    emitString(new Str(s.value(), s.bytes(), true, Values.add(s.transforms(), "marshal-blob")), p);
                    a.absorbed = true;
                }
                return Unknown.INSTANCE;
            }
            default -> {
                Value v = folds.builtin(r.api(), a);
                return v == null ? Unknown.INSTANCE : v;
            }
        }
    }

    private static Value dynamicModule(String mod, Str name, Ref via) {
        EnumSet<Obfuscation> how = EnumSet.of(Obfuscation.DYNAMIC_IMPORT);
        if (name.computed()) {
            how.add(Obfuscation.COMPUTED_NAME);
        }
        how.addAll(via.how());
        if (mod.equals("builtins")) {
            how.add(Obfuscation.BUILTINS_LOOKUP);
        }
        return new Ref(mod, how, true);
    }

    private Value subscript(Value cur, SlicesContext s, Ctx c) {
        if (s == null) {
            return Unknown.INSTANCE;
        }
        if (s.slice().size() != 1) {
            ev(s, c);
            return Unknown.INSTANCE;
        }
        SliceContext sl = s.slice(0);
        ParserRuleContext keyNode = sl.COLON().isEmpty() && sl.STAR() == null ? namedOrPlain(sl) : null;
        if (keyNode != null) {
            Value key = fold(keyNode, c);
            Value r = index(cur, key, c);
            if (r == null) {
                flush(key, keyNode);
                return Unknown.INSTANCE;
            }
            return r;
        }
        if (sl.COLON().isEmpty()) {
            ev(sl, c);
            return Unknown.INSTANCE;
        }
        // start : stop : step, each optional
        Value[] parts = new Value[3];
        int slot = 0;
        boolean ok = true;
        for (int i = 0; i < sl.getChildCount(); i++) {
            ParseTree ch = sl.getChild(i);
            if (ch instanceof TerminalNode tn && tn.getSymbol().getType() == PythonLexer.COLON) {
                slot++;
            } else if (ch instanceof ParserRuleContext && slot < 3) {
                Value v = ev(ch, c);
                parts[slot] = v;
                if (!(v instanceof Int) && !(v instanceof Unknown && ch.getText().equals("None"))) {
                    ok = false;
                }
            }
        }
        if (!ok) {
            return Unknown.INSTANCE;
        }
        Value r = folds.slice(cur, parts[0], parts[1], parts[2]);
        return r == null ? Unknown.INSTANCE : r;
    }

    private Value index(Value cur, Value key, Ctx c) {
        if (key instanceof Str k && !k.bytes()) {
            Set<Obfuscation> extra = k.computed() ? EnumSet.of(Obfuscation.DICT_LOOKUP, Obfuscation.COMPUTED_NAME)
                    : EnumSet.of(Obfuscation.DICT_LOOKUP);
            if (cur instanceof DictOf d) {
                Ref t = d.target();
                if (t.api().length() + k.value().length() >= MAX_API_CHARS) {
                    return null;
                }
                return new Ref(t.api() + "." + k.value(), Values.union(t.how(), extra), false);
            }
            if (cur instanceof GlobalsDict g) {
                if (k.value().equals("__builtins__")) {
                    Set<Obfuscation> how = Values.plus(g.how(), Obfuscation.BUILTINS_LOOKUP);
                    if (k.computed()) {
                        how = Values.plus(how, Obfuscation.COMPUTED_NAME);
                    }
                    return new Ref("builtins", how, true);
                }
                Value v = lookup(k.value(), new Ctx(g.scope(), true));
                return Values.withHow(v, Values.union(g.how(), extra));
            }
            if (cur instanceof Ref r && r.module() && r.api().equals("builtins")) {
                return new Ref("builtins." + k.value(), Values.union(r.how(), extra), false);
            }
            if (cur instanceof Ref r && r.api().equals("sys.modules")) {
                EnumSet<Obfuscation> how = EnumSet.of(Obfuscation.DYNAMIC_IMPORT);
                if (k.computed()) {
                    how.add(Obfuscation.COMPUTED_NAME);
                }
                how.addAll(r.how());
                return new Ref(canonicalModule(k.value()), how, true);
            }
        }
        return folds.index(cur, key);
    }

    // ======================================================================================================
    // payloads

    /** Parses a constant that is (or looks like) Python code and analyses it one level deeper. */
    void payload(Str code, ParserRuleContext site, Ctx c, boolean executed) {
        if (quiet > 0) {
            return;
        }
        String text = code.value();
        if (text.isBlank() || run.payloadTexts.contains(text)) {
            return;
        }
        if (depth + 1 > run.limits.maxDepth()) {
            run.truncated = true;
            return;
        }
        if (text.length() > run.limits.maxPayloadChars()
                || run.payloadChars + text.length() > run.limits.maxDecodedCharsPerFile()) {
            run.truncated = true;
            return;
        }
        run.payloadTexts.add(text);
        run.payloadChars += text.length();
        PythonFrontEnd fe = new PythonFrontEnd(new PythonFrontEnd.Limits(run.parseLimits.maxInputBytes(),
                run.parseLimits.maxTokens(), min(run.parseLimits.maxParseTime(), run.timeLeft()), run.parseLimits.maxNesting()));
        String name = file.fileName() + "#payload@" + line(site.getStart());
        ParsedFile parsed = code.bytes() ? fe.parse(name, Codecs.latin1(text)) : fe.parseText(name, text);
        if (!executed && (parsed.report().syntaxErrors() > 0 || !hasCode(parsed))) {
            return;
        }
        if (parsed.report().partial()) {
            run.truncated = true;
        }
        int siteLn = line(site.getStart());
        int sitePs = pos(site.getStart());
        boolean guess = speculative || !executed;
        run.add(run.payloads, siteLn, sitePs, new DecodedPayload(code.transforms(), siteLn,
                snippet(site.getStart(), site.getStop()), depth + 1, parsed.text().length(), parsed.report().quality(), guess));
        Evaluator inner = new Evaluator(run, parsed, depth + 1, siteLn, sitePs, c.moduleLevel() && siteModuleLevel, guess,
                c.scope());
        inner.run();
    }

    private static java.time.Duration min(java.time.Duration a, java.time.Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** A cheap filter before parsing a decoded constant that is not executed in sight. */
    private static boolean looksLikeCode(String s) {
        if (s.length() < 8) {
            return false;
        }
        int printable = 0;
        int n = Math.min(s.length(), 4096);
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if ((ch >= 0x20 && ch < 0x7F) || ch == '\n' || ch == '\t' || ch == '\r') {
                printable++;
            }
        }
        if (printable < n * 0.95) {
            return false;
        }
        return s.contains("import ") || (s.contains("(") && (s.contains("\n") || s.contains("=")));
    }

    /** The parsed constant holds statements that do something: an import, a definition or a call. */
    private static boolean hasCode(ParsedFile parsed) {
        File_inputContext tree = parsed.tree();
        if (tree == null || tree.getChildCount() == 0) {
            return false;
        }
        ArrayDeque<ParseTree> stack = new ArrayDeque<>();
        stack.push(tree);
        int seen = 0;
        while (!stack.isEmpty() && seen++ < 100_000) {
            ParseTree t = stack.pop();
            if (t instanceof Import_stmtContext || t instanceof Function_defContext || t instanceof Class_defContext
                    || t instanceof CallTrailerContext) {
                return true;
            }
            for (int i = 0; i < t.getChildCount(); i++) {
                stack.push(t.getChild(i));
            }
        }
        return false;
    }

    // ======================================================================================================
    // reporting

    /** Reports a reference; returns its index in the run's API uses, or -1 when nothing was reported. */
    private int report(Value v, boolean call, List<String> keywords, String mode, Token start, Token stop, Ctx c) {
        if (quiet > 0) {
            return -1;
        }
        String api;
        Set<Obfuscation> how;
        if (v instanceof Ref r && !r.module()) {
            api = r.api();
            how = r.how();
        } else if (v instanceof UnknownAttr u) {
            api = u.path();
            how = u.how();
        } else {
            return -1;
        }
        int ln = line(start);
        boolean added = run.add(run.apiUses, ln, pos(start), new ApiUse(api, how, call, keywords, ln, snippet(start, stop),
                c.moduleLevel() && siteModuleLevel, depth, mode, false, speculative));
        return added ? run.apiUses.size() - 1 : -1;
    }

    /** Reports a {@link FlowSite} at a call. */
    void reportFlow(FlowSite.Kind kind, ParserRuleContext site, boolean onLoad) {
        Token start = site.getStart();
        int ln = line(start);
        run.add(run.flowSites, ln, pos(start), new FlowSite(kind, ln, snippet(start, site.getStop()), onLoad, depth));
    }

    /** The {@code mode} argument of a call when it folded to a string: {@code open(p, 'w')}, {@code open(p, mode='w')}. */
    private static String mode(Args a) {
        return a.arg(1, "mode") instanceof Str s && !s.bytes() ? s.value() : null;
    }

    /**
     * Marks a reported call or subscript as plumbing when its value is known: a constant folded from constants, or
     * what a lookup by name resolves to. Such a call is how obfuscated code spells a literal or a name (the
     * {@code strings} and {@code api} transformations write one per literal and per call), so it is no behaviour of
     * its own; the API it resolves to is reported with its detours, and the decoded constant as a string. A call
     * whose value stays unknown ({@code exec(...)}, {@code b64decode(data)}) is not folded.
     */
    private boolean foldIfResolved(int use, Value result) {
        if (use >= 0 && resolved(result)) {
            run.fold(use);
            return true;
        }
        return false;
    }

    /** A value known before run time: a constant, or what a lookup by name resolves to. */
    private static boolean resolved(Value v) {
        return v instanceof Str || v instanceof Int || v instanceof Seq || v instanceof Cycle || v instanceof Ref
                || v instanceof DictOf || v instanceof GlobalsDict || v instanceof TypeOf;
    }

    /**
     * Folds the references a folded call's arguments only mention ({@code chr} in {@code ''.join(map(chr, [...]))}):
     * they are part of the same plumbing. Calls among them were folded, or not, on their own.
     */
    private void foldMentions(int from, int to) {
        for (int i = from; i < to; i++) {
            if (!run.apiUses.get(i).item().call()) {
                run.fold(i);
            }
        }
    }

    void emitString(Str s, ParserRuleContext node) {
        emitString(s, node.getStart(), node.getStop());
    }

    void emitString(Str s, Token start, Token stop) {
        emitString(s, start, stop, null);
    }

    /**
     * Records a string the code holds. With {@code replacing}, it is the new form of a string emitted before, which it
     * replaces: its earlier text no longer counts, but its span still covers the operands it was folded from.
     */
    private Emitted emitString(Str s, Token start, Token stop, Emitted replacing) {
        if (quiet > 0 || start == null) {
            return null;
        }
        int ln = line(start);
        String snippet = snippet(start, stop);
        if (s.computed()) {
            flows.folded(start, stop);
        }
        int string = run.put(run.strings, replacing == null ? -1 : replacing.string(), ln, pos(start),
                new StringConstant(s.value(), s.transforms(), ln, snippet, depth));
        int held = -1;
        if (depth == 0) {
            if (replacing != null && replacing.held() >= 0) {
                run.spanOnly(replacing.held());
            }
            held = run.hold(new EncodedText(s.value(), s.computed(), null, ln, snippet), start.getStartIndex(),
                    (stop == null ? start : stop).getStopIndex(), s.computed());
        }
        int candidate = replacing == null ? -1 : replacing.candidate();
        if (!s.transforms().isEmpty() && depth < run.limits.maxDepth()) {
            ParserRuleContext site = siteContext(start, stop);
            if (site != null && candidate >= 0) {
                candidates.set(candidate, new Candidate(s, site, new Ctx(moduleScope, siteModuleLevel)));
            } else if (site != null && candidates.size() < MAX_CANDIDATES) {
                candidates.add(new Candidate(s, site, new Ctx(moduleScope, siteModuleLevel)));
                candidate = candidates.size() - 1;
            }
        }
        return new Emitted(string, held, candidate);
    }

    /** A bare context spanning the decoding expression, used as the site of a heuristically found payload. */
    private static ParserRuleContext siteContext(Token start, Token stop) {
        ParserRuleContext ctx = new ParserRuleContext();
        ctx.start = start;
        ctx.stop = stop == null ? start : stop;
        return ctx;
    }

    int line(Token t) {
        return depth == 0 ? (t == null ? 0 : t.getLine()) : siteLine;
    }

    private int pos(Token t) {
        return depth == 0 ? (t == null ? 0 : t.getStartIndex()) : sitePos;
    }

    String snippet(Token a, Token b) {
        return source(null, a, b, ModuleAnalysis.SNIPPET_CHARS);
    }

    /** Source text from token {@code a} to {@code b}, at most {@code max} characters (also the raw-token analyzer's snippets). */
    static String source(ParserRuleContext ignored, Token a, Token b, int max) {
        if (a == null) {
            return "";
        }
        Token end = b == null || b.getStopIndex() < a.getStartIndex() ? a : b;
        if (a.getInputStream() == null || a.getStartIndex() < 0 || end.getStopIndex() < a.getStartIndex()) {
            String t = a.getText();
            return t == null ? "" : t.length() > max ? t.substring(0, max) : t;
        }
        int stop = Math.min(end.getStopIndex(), a.getStartIndex() + max - 1);
        try {
            return a.getInputStream().getText(Interval.of(a.getStartIndex(), stop));
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** Text of a name; non-ASCII identifiers are NFKC-normalised as Python does. */
    static String name(ParserRuleContext ctx) {
        if (ctx == null || ctx.getStart() == null) {
            return null;
        }
        String s = ctx.getStart().getText();
        if (s == null) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 127) {
                return Normalizer.normalize(s, Normalizer.Form.NFKC);
            }
        }
        return s;
    }

}
