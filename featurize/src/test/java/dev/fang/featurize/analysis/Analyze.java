package dev.fang.featurize.analysis;

import dev.fang.featurize.parser.PythonFrontEnd;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/** Test helpers: analyse source text with internal errors rethrown. */
final class Analyze {
    static final ModuleAnalyzer STRICT = new ModuleAnalyzer(ModuleAnalyzer.Limits.defaults(),
            PythonFrontEnd.Limits.defaults(), true);

    private Analyze() {
    }

    static ModuleAnalysis source(String python) {
        return STRICT.analyze("test.py", python.getBytes(StandardCharsets.UTF_8));
    }

    static ModuleAnalysis source(ModuleAnalyzer analyzer, String python) {
        return analyzer.analyze("test.py", python.getBytes(StandardCharsets.UTF_8));
    }

    static List<ApiUse> uses(ModuleAnalysis a, String api) {
        return a.apiUses().stream().filter(u -> u.api().equals(api)).toList();
    }

    static ApiUse call(ModuleAnalysis a, String api) {
        List<ApiUse> calls = a.apiUses().stream().filter(u -> u.api().equals(api) && u.call()).toList();
        if (calls.size() != 1) {
            throw new AssertionError("expected one call of " + api + " but got " + calls + " in " + a.apiUses());
        }
        return calls.get(0);
    }

    static List<String> values(ModuleAnalysis a) {
        return a.strings().stream().map(StringConstant::value).toList();
    }

    static StringConstant folded(ModuleAnalysis a, String value) {
        return a.strings().stream().filter(s -> s.value().equals(value)).reduce((x, y) -> y.decoded() ? y : x)
                .orElseThrow(() -> new AssertionError("no string " + value + " in " + values(a)));
    }

    static Set<Obfuscation> how(Obfuscation... o) {
        return o.length == 0 ? Set.of() : Set.of(o);
    }
}
