package dev.fang.featurize.parser;

import static org.assertj.core.api.Assertions.assertThat;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The operator rules are left-recursive (ANTLR turns them into precedence climbing); the trees they build must
 * group operands exactly as CPython does. Each expression is rendered with one pair of parentheses per node that
 * has more than one child.
 */
class ExpressionPrecedenceTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "-x ** 2                     ; (- (x ** 2))",
        "2 ** -1                     ; (2 ** (- 1))",
        "2 ** -1 ** 2 * 3            ; ((2 ** (- (1 ** 2))) * 3)",
        "a ** b ** c                 ; (a ** (b ** c))",
        "-a * b                      ; ((- a) * b)",
        "~-+x                        ; (~ (- (+ x)))",
        "a - b - c + d               ; (((a - b) - c) + d)",
        "a + b * c // d % e @ f      ; (a + ((((b * c) // d) % e) @ f))",
        "a | b ^ c & d << e + f      ; (a | (b ^ (c & (d << (e + f)))))",
        "a << b >> c                 ; ((a << b) >> c)",
        "a < b < c                   ; (a < b < c)",
        "a not in b is not c == d    ; (a (not in) b (is not) c == d)",
        "a + b < c * d               ; ((a + b) < (c * d))",
        "not a == b                  ; (not (a == b))",
        "not not a                   ; (not (not a))",
        "not a and b or c and not d  ; (((not a) and b) or (c and (not d)))",
        "a or b or c                 ; ((a or b) or c)",
        "a and b and c               ; ((a and b) and c)",
        "x if a or b else y          ; (x if (a or b) else y)",
        "await x ** 2                ; ((await x) ** 2)",
        "-await x.y                  ; (- (await x (. y)))",
        "(a + b) * c                 ; ((( (a + b) )) * c)",
        "f(x)[1].y ** 2              ; ((f (( x )) ([ 1 ]) (. y)) ** 2)",
    })
    void groupsOperandsAsCpython(String source, String expected) {
        ParsedFile f = new PythonFrontEnd().parseText("t.py", "async def g():\n    " + source + "\n");
        assertThat(f.report().syntaxErrors()).isZero();
        PythonParser.Simple_stmtContext stmt = f.tree().stmt(0).compound_stmt().function_def().block().stmt(0)
                .simple_stmts().simple_stmt(0);
        assertThat(render(stmt)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a + not b", "a < not b", "-not a", "a ** not b", "await -x", "*a < b, c"})
    void rejectsWhatCpythonRejects(String source) {
        ParsedFile f = new PythonFrontEnd().parseText("t.py", "async def g():\n    " + source + "\n");
        assertThat(f.report().syntaxErrors()).isPositive();
    }

    private static String render(ParseTree t) {
        if (t instanceof TerminalNode) {
            return t.getText();
        }
        ParserRuleContext r = (ParserRuleContext) t;
        if (r.getChildCount() == 1) {
            return render(r.getChild(0));
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < r.getChildCount(); i++) {
            sb.append(i == 0 ? "" : " ").append(render(r.getChild(i)));
        }
        return sb.append(')').toString();
    }
}
