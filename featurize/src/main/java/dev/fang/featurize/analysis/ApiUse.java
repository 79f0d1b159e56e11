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
 */
public record ApiUse(String api, Set<Obfuscation> how, boolean call, List<String> keywords, int line, String snippet,
                     boolean moduleLevel, int depth) {
    public ApiUse {
        how = Set.copyOf(how);
        keywords = List.copyOf(keywords);
    }

    public boolean obfuscated() {
        return !how.isEmpty();
    }
}
