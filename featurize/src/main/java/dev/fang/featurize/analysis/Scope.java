package dev.fang.featurize.analysis;

import dev.fang.featurize.parser.PyLiterals;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Python namespace, flow-insensitive: a name holds the value of the last assignment seen so far (module
 * statements are visited in order; function bodies after the whole module, so they see final module values).
 */
final class Scope {
    enum Kind { MODULE, FUNCTION, CLASS, COMPREHENSION }

    /** A bound name. {@code assigned}: bound by an assignment (reading a reference through it is an alias). */
    record Binding(Value value, boolean assigned) { }

    final Kind kind;
    final Scope parent;
    private final Map<String, Binding> vars = new HashMap<>();
    private final Set<String> globalNames = new HashSet<>();
    final List<String> starImports = new ArrayList<>();
    /** What this function or module body did so far that later calls may be given ({@link Flows}); made on first use. */
    Flows.State flows;

    Scope(Kind kind, Scope parent) {
        this.kind = kind;
        this.parent = parent;
    }

    void bind(String name, Value value, boolean assigned) {
        if (name == null) {
            return;
        }
        if (globalNames.contains(name)) {
            module().bind(name, value, assigned);
            return;
        }
        if (vars.size() < 100_000 || vars.containsKey(name)) {
            vars.put(name, new Binding(value, assigned));
        }
    }

    void declareGlobal(String name) {
        if (kind != Kind.MODULE) {
            globalNames.add(name);
        }
    }

    /** The innermost module scope (a payload's own module scope, for code decoded from a constant). */
    Scope module() {
        Scope s = this;
        while (s.kind != Kind.MODULE && s.parent != null) {
            s = s.parent;
        }
        return s;
    }

    /** The binding visible from here, or null. */
    Binding find(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            if (s.globalNames.contains(name)) {
                s = s.module();
            }
            Binding b = s.vars.get(name);
            if (b != null) {
                return b;
            }
        }
        return null;
    }

    /** The names of this namespace itself bound to a string or bytes value, at most {@code max}, each at most {@code maxChars}. */
    Map<String, PyLiterals.Literal> strings(int max, int maxChars) {
        Map<String, PyLiterals.Literal> out = new HashMap<>();
        for (Map.Entry<String, Binding> e : vars.entrySet()) {
            if (out.size() >= max) {
                break;
            }
            if (e.getValue().value() instanceof Value.Str s && s.value().length() <= maxChars) {
                out.put(e.getKey(), new PyLiterals.Literal(s.value(), s.bytes()));
            }
        }
        return out;
    }

    /** The value bound to {@code name} in this namespace itself (a class's method), or null. */
    Value own(String name) {
        Binding b = vars.get(name);
        return b == null ? null : b.value();
    }

    /** The most recent {@code from m import *} visible from here, or null. */
    String starImport() {
        for (Scope s = this; s != null; s = s.parent) {
            if (!s.starImports.isEmpty()) {
                return s.starImports.get(s.starImports.size() - 1);
            }
        }
        return null;
    }
}
