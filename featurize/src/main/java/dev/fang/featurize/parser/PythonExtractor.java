package dev.fang.featurize.parser;

import java.text.Normalizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Collects {@link PythonFacts} from a syntax tree. The walk is iterative, so arbitrarily deep trees cannot
 * overflow the stack. Statements with syntax errors contribute whatever parts were recognised.
 */
public final class PythonExtractor {

    private PythonExtractor() {
    }

    public static PythonFacts extract(ParsedFile file) {
        return extract(file.tree());
    }

    public static PythonFacts extract(ParseTree root) {
        List<PythonFacts.Import> imports = new ArrayList<>();
        List<PythonFacts.Call> calls = new ArrayList<>();
        List<PythonFacts.StringValue> strings = new ArrayList<>();
        ArrayDeque<ParseTree> stack = new ArrayDeque<>();
        if (root != null) {
            stack.push(root);
        }
        while (!stack.isEmpty()) {
            ParseTree node = stack.pop();
            if (node instanceof TerminalNode || node instanceof ErrorNode) {
                continue;
            }
            if (node instanceof PythonParser.Import_nameContext imp) {
                importName(imp, imports);
            } else if (node instanceof PythonParser.Import_fromContext imp) {
                importFrom(imp, imports);
            } else if (node instanceof PythonParser.PrimaryContext || node instanceof PythonParser.Star_targetContext) {
                // a `for` or `with` target is an atom and its trailers too, and may call (`as f(x)[0]`)
                calls((ParserRuleContext) node, calls);
            } else if (node instanceof PythonParser.StringsContext s) {
                strings.add(stringValue(s));
            }
            for (int i = node.getChildCount() - 1; i >= 0; i--) {
                stack.push(node.getChild(i));
            }
        }
        return new PythonFacts(imports, calls, strings);
    }

    private static void importName(PythonParser.Import_nameContext imp, List<PythonFacts.Import> out) {
        int line = imp.getStart().getLine();
        for (PythonParser.Dotted_as_nameContext d : imp.dotted_as_name()) {
            if (d.dotted_name() == null) {
                continue;
            }
            out.add(new PythonFacts.Import(dotted(d.dotted_name()), null, text(d.name()), line));
        }
    }

    private static void importFrom(PythonParser.Import_fromContext imp, List<PythonFacts.Import> out) {
        int line = imp.getStart().getLine();
        StringBuilder module = new StringBuilder();
        for (PythonParser.Relative_dotsContext dots : imp.relative_dots()) {
            module.append(dots.ELLIPSIS() != null ? "..." : ".");
        }
        if (imp.dotted_name() != null) {
            module.append(dotted(imp.dotted_name()));
        }
        PythonParser.Import_targetsContext targets = imp.import_targets();
        if (targets == null) {
            return;
        }
        if (targets.STAR() != null) {
            out.add(new PythonFacts.Import(module.toString(), "*", null, line));
            return;
        }
        for (PythonParser.Import_as_nameContext n : targets.import_as_name()) {
            if (n.name().isEmpty()) {
                continue;
            }
            String alias = n.name().size() > 1 ? text(n.name(1)) : null;
            out.add(new PythonFacts.Import(module.toString(), text(n.name(0)), alias, line));
        }
    }

    private static String dotted(PythonParser.Dotted_nameContext d) {
        StringBuilder sb = new StringBuilder();
        for (PythonParser.NameContext n : d.name()) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(text(n));
        }
        return sb.toString();
    }

    private static void calls(ParserRuleContext primary, List<PythonFacts.Call> out) {
        String base = null;
        PythonParser.AtomContext atom = primary.getRuleContext(PythonParser.AtomContext.class, 0);
        // a call starts at its atom, after any `await` or `*`
        Token start = atom == null ? primary.getStart() : atom.getStart();
        for (PythonParser.TrailerContext t : primary.getRuleContexts(PythonParser.TrailerContext.class)) {
            if (base == null) {
                base = renderAtom(atom);
            }
            if (t instanceof PythonParser.CallTrailerContext call) {
                int args = call.arguments() == null ? 0 : call.arguments().argument().size();
                out.add(new PythonFacts.Call(base, start.getLine(), start.getCharPositionInLine(), args));
            }
            base = base + renderTrailer(t);
        }
    }

    private static String renderTrailer(PythonParser.TrailerContext t) {
        if (t instanceof PythonParser.AttributeTrailerContext a) {
            return "." + text(a.name());
        }
        if (t instanceof PythonParser.CallTrailerContext) {
            return "()";
        }
        return "[]";
    }

    /** Dotted rendering of a callee's atom; see {@link PythonFacts.Call}. Iterative: parentheses nest deep. */
    private static String renderAtom(PythonParser.AtomContext atom) {
        List<PythonParser.PrimaryContext> wrapped = new ArrayList<>();
        PythonParser.AtomContext cur = atom;
        String base = "?";
        while (true) {
            if (cur instanceof PythonParser.NameAtomContext n) {
                base = text(n);
                break;
            }
            PythonParser.PrimaryContext inner = null;
            if (cur instanceof PythonParser.ParenAtomContext p && p.testlist_comp() != null
                    && p.testlist_comp().getChildCount() == 1) {
                inner = singlePrimary(p.testlist_comp().getChild(0));
            }
            if (inner == null) {
                break;
            }
            wrapped.add(inner);
            cur = inner.atom();
        }
        StringBuilder sb = new StringBuilder(base == null ? "?" : base);
        for (int i = wrapped.size() - 1; i >= 0; i--) {
            for (PythonParser.TrailerContext t : wrapped.get(i).trailer()) {
                sb.append(renderTrailer(t));
            }
        }
        return sb.toString();
    }

    /** The primary an expression consists of, when it is nothing more (no operator, await, walrus...). */
    private static PythonParser.PrimaryContext singlePrimary(ParseTree node) {
        ParseTree cur = node;
        while (cur instanceof ParserRuleContext ctx) {
            if (ctx instanceof PythonParser.PrimaryContext p) {
                return p.AWAIT() == null ? p : null;
            }
            if (ctx.getChildCount() != 1) {
                return null;
            }
            cur = ctx.getChild(0);
        }
        return null;
    }

    private static PythonFacts.StringValue stringValue(PythonParser.StringsContext s) {
        StringBuilder value = new StringBuilder();
        boolean fstring = false;
        boolean bytes = false;
        boolean first = true;
        for (int i = 0, n = s.getChildCount(); i < n; i++) {
            ParseTree part = s.getChild(i);
            if (part instanceof TerminalNode tn && tn.getSymbol().getType() == PythonLexer.STRING) {
                PyLiterals.Literal lit = PyLiterals.decodeString(tn.getText());
                if (first) {
                    bytes = lit.bytes();
                }
                value.append(lit.value());
            } else if (part instanceof PythonParser.FstringContext f) {
                fstring = true;
                boolean raw = f.FSTRING_START() != null && PyLiterals.isRawPrefix(f.FSTRING_START().getText());
                for (PythonParser.Fstring_partContext fp : f.fstring_part()) {
                    if (fp.FSTRING_MIDDLE() != null) {
                        value.append(PyLiterals.decodeFStringText(fp.FSTRING_MIDDLE().getText(), raw));
                    } else if (fp.fstring_replacement_field() != null) {
                        value.append(source(fp.fstring_replacement_field()));
                    }
                }
            }
            first = false;
        }
        PythonFacts.StringValue.Kind kind = fstring ? PythonFacts.StringValue.Kind.FSTRING
                : bytes ? PythonFacts.StringValue.Kind.BYTES : PythonFacts.StringValue.Kind.STR;
        Token start = s.getStart();
        return new PythonFacts.StringValue(value.toString(), kind, start.getLine(), start.getCharPositionInLine());
    }

    /** Text of a name; non-ASCII identifiers are NFKC-normalised as Python does (PEP 3131). */
    private static String text(ParserRuleContext ctx) {
        if (ctx == null) {
            return null;
        }
        Token t = ctx.getStart();
        if (t == null) {
            return null;
        }
        String s = t.getText();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 127) {
                return Normalizer.normalize(s, Normalizer.Form.NFKC);
            }
        }
        return s;
    }

    /** Source text of a context, straight from the character stream. */
    static String source(ParserRuleContext ctx) {
        Token a = ctx.getStart();
        Token b = ctx.getStop();
        if (a == null || b == null || b.getStopIndex() < a.getStartIndex()) {
            return "";
        }
        return a.getInputStream().getText(Interval.of(a.getStartIndex(), b.getStopIndex()));
    }
}
