package dev.fang.featurize.parser;

import java.util.List;

/**
 * Imports, calls and string literals of one file, in source order, as written (no alias resolution, no
 * constant folding: later stages build on these).
 */
public record PythonFacts(List<Import> imports, List<Call> calls, List<StringValue> strings) {

    public PythonFacts {
        imports = List.copyOf(imports);
        calls = List.copyOf(calls);
        strings = List.copyOf(strings);
    }

    /**
     * One imported name. {@code import a.b as c} gives module {@code a.b}, name null, alias {@code c};
     * {@code from ..a import b as c} gives module {@code ..a}, name {@code b}, alias {@code c};
     * {@code from x import *} gives name {@code *}. Alias is null when there is no {@code as}.
     */
    public record Import(String module, String name, String alias, int line) { }

    /**
     * One call. The callee is the called expression as a dotted path: names and attributes as written
     * ({@code os.system}, {@code getattr}), {@code ()} for the result of a call ({@code getattr()} in
     * {@code getattr(os, "system")(cmd)}), {@code []} for a subscript ({@code globals()[]}) and {@code ?} for
     * any other expression ({@code ?.join} in {@code "".join(parts)}). Parentheses around the callee vanish.
     *
     * @param line      line where the called expression starts (CPython's {@code Call.lineno})
     * @param column    column of that start (0-based, in characters)
     * @param arguments number of arguments written, including {@code *args} and {@code **kwargs}
     */
    public record Call(String callee, int line, int column, int arguments) { }

    /**
     * One string literal: adjacent literals ({@code "a" 'b'}) form one value, as in Python. Escapes are
     * processed; bytes are given one char per byte. For f-strings the literal parts are decoded and each
     * replacement field is kept as written, e.g. {@code "id={user!r}"}.
     */
    public record StringValue(String value, Kind kind, int line, int column) {
        public enum Kind { STR, BYTES, FSTRING }
    }
}
