package dev.fang.robustness;

import java.util.List;
import java.util.Set;

/**
 * Kinds of dead code for padding: each writes a module-level function that nothing calls, so defining it is
 * the only effect. The kinds follow the features a token-counting detector measures: operators,
 * assignments, brackets, IP addresses, URLs, whitespace, and plain random code.
 */
enum DeadCode {
    OPERATORS {
        @Override
        void body(StringBuilder out, Chance chance, Set<String> taken) {
            for (int line = chance.between(3, 8); line > 0; line--) {
                out.append("    ").append(local(chance, taken)).append(" = ").append(chance.between(0, 99));
                for (int term = chance.between(4, 12); term > 0; term--) {
                    out.append(chance.pick(List.of(" + ", " - ", " * "))).append(chance.between(1, 99));
                }
                out.append('\n');
            }
        }
    },
    ASSIGNMENTS {
        @Override
        void body(StringBuilder out, Chance chance, Set<String> taken) {
            for (int line = chance.between(3, 8); line > 0; line--) {
                out.append("    ");
                for (int target = chance.between(1, 4); target > 0; target--) {
                    out.append(local(chance, taken)).append(" = ");
                }
                out.append(chance.between(0, 9999)).append('\n');
            }
        }
    },
    BRACKETS {
        @Override
        void body(StringBuilder out, Chance chance, Set<String> taken) {
            String list = local(chance, taken);
            out.append("    ").append(list).append(" = ").append(nested(chance, 3)).append('\n');
            for (int line = chance.between(1, 4); line > 0; line--) {
                out.append("    ").append(local(chance, taken)).append(" = {").append(chance.between(0, 9)).append(": [")
                        .append(list).append(", (").append(chance.between(0, 9)).append(",)]}\n");
            }
        }

        private String nested(Chance chance, int depth) {
            if (depth == 0 || chance.below(3) == 0) {
                return Integer.toString(chance.between(0, 99));
            }
            StringBuilder out = new StringBuilder("[");
            for (int item = chance.between(1, 3); item > 0; item--) {
                out.append(nested(chance, depth - 1)).append(item > 1 ? ", " : "");
            }
            return out.append(']').toString();
        }
    },
    IP_ADDRESSES {
        @Override
        void body(StringBuilder out, Chance chance, Set<String> taken) {
            out.append("    ").append(local(chance, taken)).append(" = [");
            for (int ip = chance.between(2, 6); ip > 0; ip--) {
                out.append('\'').append(chance.between(1, 223)).append('.').append(chance.between(0, 255)).append('.')
                        .append(chance.between(0, 255)).append('.').append(chance.between(1, 254)).append('\'')
                        .append(ip > 1 ? ", " : "");
            }
            out.append("]\n");
        }
    },
    URLS {
        private static final List<String> POPULAR = List.of("https://www.python.org/", "https://pypi.org/",
                "https://docs.python.org/3/", "https://github.com/", "https://www.google.com/",
                "https://en.wikipedia.org/wiki/Python", "https://stackoverflow.com/questions",
                "https://www.youtube.com/", "https://readthedocs.org/", "https://www.apache.org/licenses/LICENSE-2.0");

        @Override
        void body(StringBuilder out, Chance chance, Set<String> taken) {
            for (int url = chance.between(2, 5); url > 0; url--) {
                out.append("    ").append(local(chance, taken)).append(" = '").append(chance.pick(POPULAR)).append("'\n");
            }
        }
    },
    WHITESPACE {
        @Override
        void body(StringBuilder out, Chance chance, Set<String> taken) {
            for (int line = chance.between(3, 10); line > 0; line--) {
                out.append(" ".repeat(chance.between(0, 12))).append('\n');
                out.append("    ").append(local(chance, taken)).append(" =").append(" ".repeat(chance.between(1, 9)))
                        .append(chance.between(0, 9)).append(" ".repeat(chance.between(0, 6))).append('\n');
            }
        }
    },
    RANDOM_CODE {
        @Override
        void body(StringBuilder out, Chance chance, Set<String> taken) {
            String total = local(chance, taken);
            String item = local(chance, taken);
            String text = local(chance, taken);
            out.append("    ").append(total).append(" = 0\n");
            out.append("    for ").append(item).append(" in range(").append(chance.between(2, 50)).append("):\n");
            out.append("        if ").append(item).append(" % ").append(chance.between(2, 7)).append(" == 0:\n");
            out.append("            ").append(total).append(" += ").append(item).append('\n');
            out.append("        else:\n");
            out.append("            ").append(total).append(" -= 1\n");
            out.append("    ").append(text).append(" = str(").append(total).append(").upper().strip()\n");
            out.append("    return ").append(text).append(" or None\n");
        }
    };

    /** Statements of the function body, indented by four spaces. */
    abstract void body(StringBuilder out, Chance chance, Set<String> taken);

    /**
     * A whole function definition, starting and ending with blank lines, named with a fresh identifier after an
     * underscore (so that {@code from module import *} does not pick it up).
     */
    String function(Chance chance, Set<String> taken) {
        StringBuilder out = new StringBuilder("\n\ndef _").append(local(chance, taken)).append("():\n");
        body(out, chance, taken);
        return out.append("\n\n").toString();
    }

    private static String local(Chance chance, Set<String> taken) {
        String name = chance.identifier(taken);
        taken.add(name);
        return name;
    }
}
