package dev.fang.featurize.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every Python 3.12 construct we claim to cover parses without a single error. */
class PythonGrammarTest {

    static Stream<Arguments> validPython() {
        return Stream.of(
                Arguments.of("simple assignment and expression statements", "x = 1\ny = x + 2\nx\n"),
                Arguments.of("chained, augmented and annotated assignments",
                        "a = b = c = 0\na += 1\na //= 2\na **= 3\na @= m\nx: int = 5\ny: list[int]\nself.z: str = ''\n"),
                Arguments.of("tuple and starred assignment targets", "a, *b, c = range(5)\n(x, y), z = (1, 2), 3\n[p, q] = 1, 2\n"),
                Arguments.of("star expressions in calls, returns, subscripts and literals",
                        "f(*args, **kw)\ndef g():\n    return *a, b\nx = [*a, *b]\ny = {**d, 'k': 1}\ns = {*a}\nt = a[*idx]\n"),
                Arguments.of("all number forms",
                        "n = [0, 00, 1_000, 0x_FF, 0XdeadBEEF, 0o777, 0O17, 0b1010, 0B1, 1.5, .5, 5., 1e10, 1E-3,"
                                + " 1_0.0_1e+1_0, 3j, 1.5J, 1e3j, 0_0]\n"),
                Arguments.of("every string prefix in any case",
                        "s = [r'a', u'b', R'c', U'd', b'e', B'f', br'g', Br'h', bR'i', BR'j', rb'k', rB'l', Rb'm', RB'n',"
                                + " f'o', F'p', fr'q', Fr'r', fR's', FR't', rf'u', rF'v', Rf'w', RF'x']\n"),
                Arguments.of("triple-quoted and escaped strings",
                        "a = '''x\n'y'\n'''\nb = \"\"\"doc \\\"\"\" more\"\"\"\nc = 'it\\'s'\nd = \"a\\\nb\"\ne = r'\\'\\\\'\n"),
                Arguments.of("adjacent string concatenation over lines", "x = ('a'\n     \"b\"  b'c'\n     f'{d}')\n"),
                Arguments.of("f-strings with conversions, specs, nested fields and self-documenting =",
                        "x = f'{a!r:>{width}} {b=} {c:.{p}f} {{literal}} {d[\"k\"]} {e:%Y-%m-%d}'\n"),
                Arguments.of("PEP 701 f-strings: same quotes, backslashes and nesting inside fields",
                        "x = f\"{d[\"key\"]}\"\ny = f\"{'\\n'.join(lines)}\"\nz = f\"{f\"{f'{v}'}\"}\"\n"),
                Arguments.of("multi-line triple-quoted f-string with a field spanning lines",
                        "x = f'''head {\n  a +\n  b\n} tail\n'''\n"),
                Arguments.of("raw f-strings keep backslashes", "p = rf'\\d+{n}\\s'\n"),
                Arguments.of("decorators, including arbitrary expressions",
                        "@dec\n@dec.attr(1, k=2)\n@(lambda f: f)\n@buttons[0].clicked.connect\ndef f(): pass\n"),
                Arguments.of("async def, await, async for and async with",
                        "async def main():\n    await x\n    async for i in aiter():\n        pass\n"
                                + "    async with lock as l, other:\n        r = [j async for j in gen() if await j]\n"),
                Arguments.of("walrus operator", "if (n := len(a)) > 10:\n    print(n)\nwhile chunk := f.read(10):\n    pass\n"
                        + "[y for x in data if (y := f(x))]\n"),
                Arguments.of("match statement with every pattern kind",
                        "match command.split():\n"
                                + "    case [action]:\n        pass\n"
                                + "    case [\"go\", direction] | [\"move\", direction]:\n        pass\n"
                                + "    case [first, *rest]:\n        pass\n"
                                + "    case {\"x\": x, \"y\": 0, **others}:\n        pass\n"
                                + "    case Point(x=0, y=yy) as p if yy > 0:\n        pass\n"
                                + "    case Color.RED | -1 | 1+2j | 'text' b'' | None | True:\n        pass\n"
                                + "    case (a, b, *_):\n        pass\n"
                                + "    case _:\n        pass\n"),
                Arguments.of("match with a tuple subject", "match a, b:\n    case 1, 2:\n        pass\n"),
                Arguments.of("soft keywords used as identifiers",
                        "match = 1\ncase = 2\ntype = 3\n_ = 4\nmatch(x)\nmatch[1]\nmatch.group(0)\nprint(match, case, type, _)\n"
                                + "def type(match, case=_): return match\nre.match(p, s)\nx = type(y)\n"),
                Arguments.of("type alias statement and generic classes and functions (PEP 695)",
                        "type Point = tuple[float, float]\ntype L[T] = list[T]\nclass A[T: int, *Ts, **P]: pass\n"
                                + "def f[T](x: T) -> T: return x\n"),
                Arguments.of("lambdas with every parameter kind", "f = lambda: 0\ng = lambda a, b=1, *c, d, e=2, **k: a\n"
                        + "h = lambda a, /, b: a\nk = lambda *, x: x\n"),
                Arguments.of("list, set, dict and generator comprehensions, nested",
                        "a = [x for x in y]\nb = {x for x in y if x if not x}\nc = {k: v for k, v in d.items()}\n"
                                + "d = list(x for x in y)\ne = [[i * j for j in r] for i in r for r in rr]\n"
                                + "f = (x for x, in pairs)\n"),
                Arguments.of("global and nonlocal", "def f():\n    global g, h\n    def inner():\n        nonlocal x\n"),
                Arguments.of("print as a function with keyword arguments", "print('a', 'b', sep='', end='\\n', file=sys.stderr)\n"),
                Arguments.of("type hints everywhere",
                        "def f(a: int, b: 'str' = 'x', *args: int, c: dict[str, list[int]] | None = None, **kw: Any)"
                                + " -> Optional[int]:\n    v: Callable[..., Awaitable[None]] = g\n"),
                Arguments.of("positional-only and keyword-only markers in parameters",
                        "def f(a, b, /, c, d=1, *, e, f=2, **g): pass\ndef g(*, a): pass\ndef h(a, /): pass\n"
                                + "def i(*args: *Ts): pass\n"),
                Arguments.of("classes with bases, keywords and bodies",
                        "class A(B, C, metaclass=M, **kw):\n    '''doc'''\n    x = 1\n    def m(self): ...\nclass E: pass\n"),
                Arguments.of("if / elif / else, while / else, for / else",
                        "if a:\n    pass\nelif b:\n    pass\nelse:\n    pass\nwhile x:\n    break\nelse:\n    continue\n"
                                + "for i in range(3):\n    pass\nelse:\n    pass\n"),
                Arguments.of("try / except / else / finally and exception groups",
                        "try:\n    pass\nexcept (A, B) as e:\n    raise C from e\nexcept D:\n    raise\nelse:\n    pass\n"
                                + "finally:\n    pass\ntry:\n    pass\nexcept* E as eg:\n    pass\ntry:\n    pass\nfinally:\n    pass\n"),
                Arguments.of("with statements, parenthesized items", "with open(a) as f, open(b) as g:\n    pass\n"
                        + "with (open(a) as f,\n      open(b) as g,):\n    pass\nwith (a, b):\n    pass\nwith (yield):\n    pass\n"),
                Arguments.of("imports of every shape",
                        "import os\nimport os.path as p, sys\nfrom . import x\nfrom .. import y as z\nfrom ...pkg.mod import (a,\n b as c,\n)\n"
                                + "from .mod import *\nfrom __future__ import annotations\n"),
                Arguments.of("simple statements", "del a, b[0], c.d\nassert x, 'msg'\npass\nraise\nx = yield\ny = yield from g()\n"
                        + "a = 1; b = 2;\n"),
                Arguments.of("operators and precedence",
                        "x = not a and b or c if d else e\ny = a < b <= c != d is not e in f not in g\nz = -a ** -b // c % d @ e\n"
                                + "w = a | b ^ c & d << e >> f\nv = ~a\nu = a[1:2, ::3, ...]\nt = a[:]\ns = a.b.c(d)[e](f)\n"),
                Arguments.of("backslash continuation and implicit line joining",
                        "x = 1 + \\\n    2\ny = (1 +\n     2)\nz = [\n  1,\n\n  # comment\n  2,\n]\nif a and \\\n   b:\n    pass\n"),
                Arguments.of("blank lines and comment-only lines inside blocks",
                        "def f():\n\n    # comment\n    x = 1\n\n        # oddly indented comment\n    return x\n"),
                Arguments.of("tabs indentation and form feed", "if x:\n\tif y:\n\t\tpass\n\f\nz = 1\n"),
                Arguments.of("one-line compound statements", "if x: a = 1; b = 2\nfor i in y: pass\nclass C: x = 1\n"),
                Arguments.of("a file without a trailing newline", "import os\nos.system('x')"),
                Arguments.of("ellipsis, constants and keyword-like names",
                        "x = ...\ny = None, True, False\nprint = print\nexec = exec\nnonlocal_ = 1\n"),
                Arguments.of("unicode identifiers", "\u00e9l\u00e8ve = 1\n\u540d\u5b57 = \u00e9l\u00e8ve\n"),
                Arguments.of("conditional imports and nested functions",
                        "try:\n    import json\nexcept ImportError:\n    json = None\ndef outer():\n    def inner():\n"
                                + "        return lambda: (yield)\n    return inner\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validPython")
    void parsesValidPythonWithoutErrors(String construct, String source) {
        ParsedFile parsed = Py.parse(source);
        assertThat(parsed.report().firstErrors()).as(construct).isEmpty();
        assertThat(parsed.report().syntaxErrors()).isZero();
        assertThat(parsed.report().clean()).isTrue();
        assertThat(parsed.report().quality()).isEqualTo(1.0);
        assertThat(parsed.report().recovered()).isFalse();
    }
}
