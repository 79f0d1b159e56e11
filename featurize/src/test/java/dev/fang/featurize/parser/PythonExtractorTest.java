package dev.fang.featurize.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.fang.featurize.parser.PythonFacts.StringValue.Kind;
import org.junit.jupiter.api.Test;

class PythonExtractorTest {

    @Test
    void extractsImportsWithModulesNamesAliasesAndLines() {
        PythonFacts f = Py.facts("import os\nimport os.path as p, sys\nfrom .. import a as b\n"
                + "from ...pkg.mod import (x,\n   y as z)\nfrom m import *\n");
        assertThat(f.imports()).containsExactly(
                new PythonFacts.Import("os", null, null, 1),
                new PythonFacts.Import("os.path", null, "p", 2),
                new PythonFacts.Import("sys", null, null, 2),
                new PythonFacts.Import("..", "a", "b", 3),
                new PythonFacts.Import("...pkg.mod", "x", null, 4),
                new PythonFacts.Import("...pkg.mod", "y", "z", 4),
                new PythonFacts.Import("m", "*", null, 6));
    }

    @Test
    void findsImportsNestedInFunctionsAndTryBlocks() {
        PythonFacts f = Py.facts("def f():\n    try:\n        import base64\n    except ImportError:\n        pass\n");
        assertThat(f.imports()).extracting(PythonFacts.Import::module).containsExactly("base64");
    }

    @Test
    void rendersCalleesAsDottedPathsAsWritten() {
        assertThat(Py.callees("os.system('x')\ngetattr(os, 'system')('ls')\n__import__('o' + 's').popen(c).read()\n"
                + "''.join(parts)\nglobals()['__builtins__'].exec(p)\n(a.b)(1)\n(a + b).c()\nf()()\n"))
                .containsExactly("os.system", "getattr", "getattr()", "__import__", "__import__().popen",
                        "__import__().popen().read", "?.join", "globals", "globals()[].exec", "a.b", "?.c", "f", "f()");
    }

    @Test
    void reportsCallLinesWhereTheCalledExpressionStarts() {
        PythonFacts f = Py.facts("x = 1\nresult = (obj\n    .method(\n        arg)\n    .other())\n@deco(1)\ndef g(): pass\n");
        assertThat(f.calls()).extracting(PythonFacts.Call::callee, PythonFacts.Call::line)
                .containsExactlyInAnyOrder(tuple("obj.method", 2), tuple("obj.method().other", 2), tuple("deco", 6));
    }

    @Test
    void countsArgumentsIncludingStarredOnes() {
        assertThat(Py.facts("f(a, b=1, *c, **d)\ng()\n").calls()).extracting(PythonFacts.Call::arguments)
                .containsExactly(4, 0);
    }

    @Test
    void findsCallsInsideFStringReplacementFieldsLambdasAndComprehensions() {
        assertThat(Py.callees("x = f'{eval(code)!r}'\ny = lambda: exec(s)\nz = [run(i) for i in ids()]\n"))
                .containsExactlyInAnyOrder("eval", "exec", "run", "ids");
    }

    @Test
    void decodesStringLiteralValuesWithEscapesProcessed() {
        PythonFacts f = Py.facts("a = 'tab\\there\\x41\\u00e9\\N{BULLET}\\101\\q'\nb = r'raw\\n'\nc = b'\\xff\\x00'\n");
        assertThat(f.strings()).extracting(PythonFacts.StringValue::value, PythonFacts.StringValue::kind,
                PythonFacts.StringValue::line).containsExactly(
                tuple("tab\there" + "A\u00e9\u2022A\\q", Kind.STR, 1),
                tuple("raw\\n", Kind.STR, 2),
                tuple("\u00ff\u0000", Kind.BYTES, 3));
    }

    @Test
    void joinsAdjacentLiteralsIntoOneValueAsPythonDoes() {
        PythonFacts f = Py.facts("cmd = ('o' 's'\n       \".sys\" 'tem')\n");
        assertThat(f.strings()).extracting(PythonFacts.StringValue::value, PythonFacts.StringValue::line)
                .containsExactly(tuple("os.system", 1));
    }

    @Test
    void keepsFStringTemplatesWithFieldsAsWritten() {
        PythonFacts f = Py.facts("s = f'id={user!r} {{x}}\\n' 'tail'\n");
        assertThat(f.strings()).extracting(PythonFacts.StringValue::value, PythonFacts.StringValue::kind)
                .containsExactly(tuple("id={user!r} {x}\ntail", Kind.FSTRING));
    }

    @Test
    void decodesTripleQuotedDocstrings() {
        PythonFacts f = Py.facts("def f():\n    \"\"\"Line one.\n\n    Line 'two'.\n    \"\"\"\n");
        assertThat(f.strings()).extracting(PythonFacts.StringValue::value)
                .containsExactly("Line one.\n\n    Line 'two'.\n    ");
    }

    @Test
    void normalisesUnicodeIdentifiersLikePython() {
        assertThat(Py.callees("\uff57\uff57\uff57()\n")).containsExactly("www");
    }
}
