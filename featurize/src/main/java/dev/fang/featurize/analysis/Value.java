package dev.fang.featurize.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the analyzer knows about the value of an expression. Only a few shapes are tracked: constants
 * (strings, bytes, integers, sequences of those), references to APIs and modules, the dictionaries and
 * getters used to reach them by detour, and names defined in the file itself. Everything else is
 * {@link Unknown}.
 */
sealed interface Value {

    /** Nothing is known. */
    enum Unknown implements Value { INSTANCE }

    /**
     * A string or bytes constant (bytes one char per byte).
     *
     * @param computed   the value came from folding (concatenation, join, decoding...) rather than from a
     *                   single literal; a name spelled this way is {@link Obfuscation#COMPUTED_NAME}
     * @param transforms decodings applied, in order (see {@link ModuleAnalyzer})
     */
    record Str(String value, boolean bytes, boolean computed, List<String> transforms) implements Value {
        static Str literal(String value, boolean bytes) {
            return new Str(value, bytes, false, List.of());
        }

        Str derived(String v, boolean b, List<String> t) {
            return new Str(v, b, true, t);
        }
    }

    /** An integer constant (booleans are 0 and 1); transforms say where it came from (e.g. {@code xor}). */
    record Int(long value, List<String> transforms) implements Value {
        static Int of(long v) {
            return new Int(v, List.of());
        }
    }

    /** A constant list or tuple. */
    record Seq(List<Value> items, List<String> transforms) implements Value {
        public Seq {
            items = Collections.unmodifiableList(items);
        }
    }

    /** {@code itertools.cycle(x)} over a constant: endless, consumed by {@code zip}. */
    record Cycle(List<Value> items) implements Value { }

    /**
     * A reference to a module or one of its attributes, by canonical dotted name.
     *
     * @param module the value is a module object (from an import statement or a dynamic import); bare
     *               mentions of modules are not reported as API uses
     */
    record Ref(String api, Set<Obfuscation> how, boolean module) implements Value {
        public Ref {
            how = how.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(how));
        }

        Ref with(Obfuscation... more) {
            return new Ref(api, Values.plus(how, more), module);
        }
    }

    /** An attribute path under an unknown receiver: {@code ?.connect}. */
    record UnknownAttr(String path, Set<Obfuscation> how) implements Value {
        public UnknownAttr {
            how = how.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(how));
        }
    }

    /** {@code os.__dict__} or {@code vars(os)}: subscripting it with a name reaches an attribute. */
    record DictOf(Ref target) implements Value { }

    /** {@code globals()}, {@code locals()} or {@code vars()}: subscripting it with a name reads a variable. */
    record GlobalsDict(Scope scope, Set<Obfuscation> how) implements Value { }

    /** The bound method {@code x.__getattribute__}. */
    record GetAttribute(Value receiver) implements Value { }

    /** {@code type(x)} of a module or API: only its {@code __getattribute__} is followed. */
    record TypeOf(Ref target) implements Value { }

    /** {@code type(x).__getattribute__}, which takes the object explicitly: {@code type(os).__getattribute__(os, 'system')}. */
    record TypeGetAttribute() implements Value { }

    /** A method of a constant string, such as {@code '-'.join} or {@code b'..'.decode}. */
    record StrMethod(Str receiver, String name) implements Value { }

    /**
     * A function or class defined in the analysed file (or an instance of such a class, or an attribute
     * of one). Uses of these are not API uses.
     *
     * @param def   for a function whose body is a single {@code return expr}: its definition, so that calls
     *              with constant arguments can be folded (a decoder helper); else null
     * @param scope the scope the function was defined in
     */
    record Local(String name, boolean isClass, dev.fang.featurize.parser.PythonParser.Function_defContext def,
                 Scope scope) implements Value {
        Local(String name, boolean isClass) {
            this(name, isClass, null, null);
        }
    }

    /** A comprehension or generator expression, folded lazily when a constant consumer asks for it. */
    static final class Comp implements Value {
        final dev.fang.featurize.parser.PythonParser.Comp_forContext clauses;
        final org.antlr.v4.runtime.ParserRuleContext element;
        final Value firstIterable;
        final Scope scope;
        final boolean moduleLevel;
        boolean materialized;
        Seq cached;

        Comp(dev.fang.featurize.parser.PythonParser.Comp_forContext clauses, org.antlr.v4.runtime.ParserRuleContext element,
             Value firstIterable, Scope scope, boolean moduleLevel) {
            this.clauses = clauses;
            this.element = element;
            this.firstIterable = firstIterable;
            this.scope = scope;
            this.moduleLevel = moduleLevel;
        }
    }

    /** Small helpers on values. */
    final class Values {
        private Values() {
        }

        static Set<Obfuscation> plus(Set<Obfuscation> how, Obfuscation... more) {
            EnumSet<Obfuscation> s = how.isEmpty() ? EnumSet.noneOf(Obfuscation.class) : EnumSet.copyOf(how);
            Collections.addAll(s, more);
            return s;
        }

        static Set<Obfuscation> union(Set<Obfuscation> a, Set<Obfuscation> b) {
            if (b.isEmpty()) {
                return a;
            }
            if (a.isEmpty()) {
                return b;
            }
            EnumSet<Obfuscation> s = EnumSet.copyOf(a);
            s.addAll(b);
            return s;
        }

        /** Transform lists joined in order, without repeats; at most 16 entries. */
        static List<String> join(List<String> a, List<String> b) {
            if (b.isEmpty() || a.equals(b)) {
                return a;
            }
            if (a.isEmpty()) {
                return b;
            }
            List<String> out = new ArrayList<>(a);
            for (String t : b) {
                if (!out.contains(t) && out.size() < 16) {
                    out.add(t);
                }
            }
            return List.copyOf(out);
        }

        static List<String> add(List<String> a, String t) {
            if (a.contains(t) || a.size() >= 16) {
                return a;
            }
            List<String> out = new ArrayList<>(a);
            out.add(t);
            return List.copyOf(out);
        }

        static List<String> transforms(Value v) {
            if (v instanceof Str s) {
                return s.transforms();
            }
            if (v instanceof Int i) {
                return i.transforms();
            }
            if (v instanceof Seq q) {
                return q.transforms();
            }
            return List.of();
        }

        static boolean computed(Value v) {
            return v instanceof Str s && s.computed();
        }

        /**
         * The same reference reached through a variable: adds {@link Obfuscation#ASSIGNMENT_ALIAS}. Not for
         * attributes of unknown receivers ({@code read = f.read}): aliasing those hides nothing.
         */
        static Value aliased(Value v) {
            if (v instanceof Ref r) {
                return r.with(Obfuscation.ASSIGNMENT_ALIAS);
            }
            if (v instanceof DictOf d) {
                return new DictOf(d.target().with(Obfuscation.ASSIGNMENT_ALIAS));
            }
            if (v instanceof GlobalsDict g) {
                return new GlobalsDict(g.scope(), plus(g.how(), Obfuscation.ASSIGNMENT_ALIAS));
            }
            return v;
        }

        /** Adds detours to whatever reference-like value this is. */
        static Value withHow(Value v, Set<Obfuscation> how) {
            if (how.isEmpty()) {
                return v;
            }
            if (v instanceof Ref r) {
                return new Ref(r.api(), union(r.how(), how), r.module());
            }
            if (v instanceof UnknownAttr u) {
                return new UnknownAttr(u.path(), union(u.how(), how));
            }
            if (v instanceof DictOf d) {
                return new DictOf(new Ref(d.target().api(), union(d.target().how(), how), d.target().module()));
            }
            if (v instanceof GlobalsDict g) {
                return new GlobalsDict(g.scope(), union(g.how(), how));
            }
            return v;
        }
    }
}
