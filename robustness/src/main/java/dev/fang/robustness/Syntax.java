package dev.fang.robustness;

import dev.fang.featurize.parser.PythonParser;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;

/** Questions about the parse tree that several transformations ask. */
final class Syntax {
    private Syntax() {
    }

    /** A statement that is only a string (a docstring, or a string used as a comment). */
    static boolean isBareString(PythonParser.Simple_stmtContext stmt) {
        PythonParser.Expr_stmtContext expr = stmt.expr_stmt();
        if (expr == null || expr.getChildCount() != 1) {
            return false;
        }
        ParseTree node = expr.star_expressions();
        while (node.getChildCount() == 1 && !(node instanceof PythonParser.StringAtomContext)) {
            node = node.getChild(0);
        }
        return node instanceof PythonParser.StringAtomContext;
    }

    static boolean hasAncestor(ParseTree node, Class<?>... types) {
        for (ParseTree p = node.getParent(); p != null; p = p.getParent()) {
            for (Class<?> type : types) {
                if (type.isInstance(p)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Visits the subtree in source order (pre-order), descending below a node only if {@code visit} returns true.
     * Iterative: a run of a left-associative operator ({@code 'a' + 'b' + ...}) nests as deep as it is long.
     */
    static void walk(ParseTree root, Predicate<ParseTree> visit) {
        ArrayDeque<ParseTree> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            ParseTree node = stack.pop();
            if (visit.test(node)) {
                for (int i = node.getChildCount() - 1; i >= 0; i--) {
                    stack.push(node.getChild(i));
                }
            }
        }
    }

    static <T extends ParseTree> void collect(ParseTree node, Class<T> type, List<T> out) {
        walk(node, n -> {
            if (type.isInstance(n)) {
                out.add(type.cast(n));
            }
            return true;
        });
    }

    /** Every identifier token in the subtree, attributes and keyword-argument names included. */
    static Set<String> allNames(ParseTree node) {
        Set<String> out = new HashSet<>();
        walk(node, n -> {
            if (n instanceof PythonParser.NameContext || n instanceof PythonParser.NameAtomContext) {
                out.add(n.getText());
                return false;
            }
            return true;
        });
        return out;
    }

    /**
     * Names that may be bound anywhere in the subtree, in any scope: assignment, augmented and annotated
     * targets, {@code for}/{@code with}/{@code except}/walrus targets, definitions, parameters, imports,
     * {@code global}/{@code nonlocal}/{@code del}, and every name in a {@code match} pattern. An
     * over-approximation: a subscript inside a target counts too, which only makes callers more careful.
     */
    static Set<String> boundNames(ParseTree root) {
        return boundNames(root, node -> false);
    }

    /** As {@link #boundNames(ParseTree)}, with the bindings made by {@code ignored} nodes left out. */
    static Set<String> boundNames(ParseTree root, Predicate<ParseTree> ignored) {
        Set<String> out = new HashSet<>();
        walk(root, node -> !ignored.test(node) && addBound(node, out));
        return out;
    }

    /** Adds the names {@code node} itself binds; true, as every node's children are searched too. */
    private static boolean addBound(ParseTree node, Set<String> out) {
        if (node instanceof PythonParser.Expr_stmtContext stmt && stmt.getChildCount() > 1) {
            targetNames(stmt.star_expressions(), out);
            List<PythonParser.Assigned_valueContext> values = stmt.assigned_value();
            for (int i = 0; i < values.size() - 1; i++) {
                targetNames(values.get(i), out);
            }
        } else if (node instanceof PythonParser.For_stmtContext stmt) {
            targetNames(stmt.star_targets(), out);
        } else if (node instanceof PythonParser.Comp_clauseContext clause) {
            targetNames(clause.star_targets(), out);
        } else if (node instanceof PythonParser.With_itemContext item && item.star_target() != null) {
            targetNames(item.star_target(), out);
        } else if (node instanceof PythonParser.Del_stmtContext stmt) {
            targetNames(stmt, out);
        } else if (node instanceof PythonParser.Named_expressionContext named && named.COLONEQUAL() != null) {
            out.add(named.name().getText());
        } else if (node instanceof PythonParser.Function_defContext def) {
            out.add(def.name().getText());
        } else if (node instanceof PythonParser.Class_defContext def) {
            out.add(def.name().getText());
        } else if (node instanceof PythonParser.ParameterContext parameter && parameter.name() != null) {
            out.add(parameter.name().getText());
        } else if (node instanceof PythonParser.Lambda_parameterContext parameter && parameter.name() != null) {
            out.add(parameter.name().getText());
        } else if (node instanceof PythonParser.Dotted_as_nameContext imported) {
            out.add(imported.name() != null ? imported.name().getText() : imported.dotted_name().name(0).getText());
        } else if (node instanceof PythonParser.Import_as_nameContext imported) {
            out.add(imported.name(imported.name().size() - 1).getText());
        } else if (node instanceof PythonParser.Except_clauseContext clause && clause.name() != null) {
            out.add(clause.name().getText());
        } else if (node instanceof PythonParser.Global_stmtContext || node instanceof PythonParser.Nonlocal_stmtContext
                || node instanceof PythonParser.Case_blockContext || node instanceof PythonParser.Type_paramContext
                || node instanceof PythonParser.Type_aliasContext) {
            out.addAll(allNames(node instanceof PythonParser.Case_blockContext c ? c.patterns() : node));
        }
        return true;
    }

    /**
     * Plain names inside a target expression ({@code a} and {@code b} in {@code a, (b, c.d) = ...}): primaries, and
     * the targets of {@code for}, {@code with} and comprehensions, which are an atom and trailers themselves.
     */
    private static void targetNames(ParseTree target, Set<String> out) {
        walk(target, n -> {
            if ((n instanceof PythonParser.PrimaryContext || n instanceof PythonParser.Star_targetContext)
                    && n instanceof ParserRuleContext primary
                    && primary.getRuleContexts(PythonParser.TrailerContext.class).isEmpty()
                    && primary.getRuleContext(PythonParser.AtomContext.class, 0) instanceof PythonParser.NameAtomContext name) {
                out.add(name.getText());
            }
            return true;
        });
    }

    /** A {@code from m import *} anywhere: it can bind any name, builtins and modules included. */
    static boolean hasStarImport(ParseTree root) {
        List<PythonParser.Import_targetsContext> targets = new java.util.ArrayList<>();
        collect(root, PythonParser.Import_targetsContext.class, targets);
        return targets.stream().anyMatch(target -> target.STAR() != null);
    }
}
