package dev.fang.featurize.analysis;

import java.util.List;
import java.util.Set;

/**
 * One reference to an API, resolved to its canonical name.
 *
 * @param api         canonical dotted name: {@code os.system}, {@code subprocess.Popen}, {@code builtins.exec},
 *                    {@code urllib.request.urlopen}; a reference whose root is not an import or builtin keeps
 *                    what is known with a {@code ?.} prefix ({@code ?.connect} for {@code s.connect(...)})
 * @param how         the detours used to write it; empty for a plain reference
 * @param call        the reference is called here ({@code os.system(x)}), not only mentioned ({@code os.environ})
 * @param keywords    names of the keyword arguments of the call ({@code cmdclass} in {@code setup(cmdclass=...)})
 * @param line        line in the file on disk (for code decoded from a constant: the line of the decoding site)
 * @param snippet     the source text of the reference, at most {@link ModuleAnalysis#SNIPPET_CHARS} characters
 * @param moduleLevel runs when the module is imported or executed (not inside a function or class body)
 * @param depth       0 for code as written; 1 for code decoded from a constant in it, 2 for code decoded from
 *                    that, and so on
 * @param mode        the call's {@code mode} argument (keyword, or second positional) when it is a known string
 *                    ({@code 'wb'} in {@code open(p, 'wb')}, however the literal is written); null otherwise
 * @param folded      the call (or subscript) is plumbing whose result the analysis knows: a constant computed from
 *                    constants ({@code base64.b64decode('...')}, {@code chr(104)}) or a module, API or namespace
 *                    found by name ({@code __import__('os')}, {@code getattr(os, 'system')}, {@code sys.modules['os']},
 *                    {@code globals()}); what it resolves to is reported on its own
 * @param speculative found in a decoded constant that looks like code but is not run in sight (see
 *                    {@link DecodedPayload#speculative})
 */
public record ApiUse(String api, Set<Obfuscation> how, boolean call, List<String> keywords, int line, String snippet,
                     boolean moduleLevel, int depth, String mode, boolean folded, boolean speculative) {
    public ApiUse {
        how = Set.copyOf(how);
        keywords = List.copyOf(keywords);
    }

    /** A reference known only as written: no argument values, nothing folded. */
    public ApiUse(String api, Set<Obfuscation> how, boolean call, List<String> keywords, int line, String snippet,
                  boolean moduleLevel, int depth) {
        this(api, how, call, keywords, line, snippet, moduleLevel, depth, null, false, false);
    }

    ApiUse asFolded() {
        return new ApiUse(api, how, call, keywords, line, snippet, moduleLevel, depth, mode, true, speculative);
    }

    public boolean obfuscated() {
        return !how.isEmpty();
    }
}
