package dev.fang.featurize.features;

import dev.fang.featurize.analysis.ApiUse;
import dev.fang.featurize.analysis.ClassDef;
import dev.fang.featurize.analysis.DecodedPayload;
import dev.fang.featurize.analysis.ImportedConstants;
import dev.fang.featurize.analysis.ModuleAnalysis;
import dev.fang.featurize.analysis.Obfuscation;
import dev.fang.featurize.analysis.StringConstant;
import dev.fang.featurize.parser.ParsedFile;
import dev.fang.featurize.parser.PythonExtractor;
import dev.fang.featurize.parser.PythonFacts;
import dev.fang.featurize.parser.PythonFrontEnd;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately simple stand-in for the real analyzer, for unit tests of the feature families: resolves
 * names through imports and aliases, reports literals, decodes {@code base64.b64decode('...')} of a literal
 * (and analyses decoded code one level deep), and finds classes by a regular expression. Module level means
 * "not indented".
 */
final class NaiveAnalyzer implements PackageFeaturizer.Analyzer {

    private static final Set<String> BUILTINS = Set.of("exec", "eval", "compile", "open", "__import__", "chr", "ord",
            "bytes", "bytearray", "getattr", "print", "len", "str");
    private static final Pattern CLASS = Pattern.compile("^class\\s+(\\w+)\\s*\\(([^)]*)\\)\\s*:");
    private static final Pattern DEF = Pattern.compile("^\\s+def\\s+(\\w+)");
    private static final Pattern B64 = Pattern.compile("b64decode\\(\\s*['\"]([A-Za-z0-9+/=]+)['\"]");
    private static final Pattern KEYWORD = Pattern.compile("\\b(\\w+)\\s*=(?!=)");

    @Override
    public ModuleAnalysis analyze(ParsedFile parsed, ImportedConstants imported) {
        return analyze(parsed, 0, 0);
    }

    private ModuleAnalysis analyze(ParsedFile parsed, int depth, int siteLine) {
        PythonFacts f = PythonExtractor.extract(parsed);
        String[] lines = parsed.text().split("\n", -1);
        Map<String, String> names = new HashMap<>();
        Map<String, Boolean> aliased = new HashMap<>();
        for (PythonFacts.Import i : f.imports()) {
            if (i.name() == null) {
                String local = i.alias() != null ? i.alias() : i.module().split("\\.")[0];
                names.put(local, i.alias() != null ? i.module() : local);
                aliased.put(local, i.alias() != null);
            } else if (!i.name().equals("*")) {
                String local = i.alias() != null ? i.alias() : i.name();
                names.put(local, i.module() + "." + i.name());
                aliased.put(local, i.alias() != null);
            }
        }
        List<ApiUse> apis = new ArrayList<>();
        for (PythonFacts.Call c : f.calls()) {
            String callee = c.callee();
            int dot = callee.indexOf('.');
            String root = dot < 0 ? callee : callee.substring(0, dot);
            String rest = dot < 0 ? "" : callee.substring(dot);
            String api;
            Set<Obfuscation> how = Set.of();
            if (names.containsKey(root)) {
                api = names.get(root) + rest;
                if (aliased.get(root)) {
                    how = Set.of(Obfuscation.IMPORT_ALIAS);
                }
            } else if (BUILTINS.contains(root)) {
                api = "builtins." + callee;
            } else {
                api = "?." + callee;
            }
            String text = line(lines, c.line());
            int at = depth > 0 ? siteLine : c.line();
            boolean moduleLevel = !text.isEmpty() && !Character.isWhitespace(lines[c.line() - 1].charAt(0));
            apis.add(new ApiUse(api, how, true, keywords(lines, c.line()), at, text, moduleLevel, depth));
        }
        List<StringConstant> strings = new ArrayList<>();
        List<DecodedPayload> payloads = new ArrayList<>();
        List<ClassDef> classes = new ArrayList<>();
        for (PythonFacts.StringValue s : f.strings()) {
            int at = depth > 0 ? siteLine : s.line();
            strings.add(new StringConstant(s.value(), List.of(), at, line(lines, s.line()), depth));
        }
        for (int i = 0; i < lines.length; i++) {
            Matcher m = B64.matcher(lines[i]);
            while (m.find()) {
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.ISO_8859_1);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                int at = depth > 0 ? siteLine : i + 1;
                strings.add(new StringConstant(decoded, List.of("base64"), at, lines[i].strip(), depth));
                if (depth == 0 && (decoded.contains("import ") || decoded.contains("("))) {
                    ParsedFile inner = new PythonFrontEnd().parseText("<decoded>", decoded);
                    ModuleAnalysis sub = analyze(inner, 1, i + 1);
                    apis.addAll(sub.apiUses());
                    strings.addAll(sub.strings());
                    payloads.add(new DecodedPayload(List.of("base64"), i + 1, lines[i].strip(), 1, decoded.length(),
                            inner.report().quality(), false));
                }
            }
            Matcher cm = CLASS.matcher(lines[i]);
            if (cm.find()) {
                List<String> bases = new ArrayList<>();
                for (String b : cm.group(2).split(",")) {
                    String n = b.strip();
                    if (n.isEmpty()) {
                        continue;
                    }
                    int d = n.indexOf('.');
                    String root = d < 0 ? n : n.substring(0, d);
                    bases.add(names.containsKey(root) ? names.get(root) + (d < 0 ? "" : n.substring(d)) : n);
                }
                List<String> methods = new ArrayList<>();
                for (int j = i + 1; j < lines.length && (lines[j].isBlank() || Character.isWhitespace(lines[j].charAt(0))); j++) {
                    Matcher dm = DEF.matcher(lines[j]);
                    if (dm.find()) {
                        methods.add(dm.group(1));
                    }
                }
                classes.add(new ClassDef(cm.group(1), bases, methods, i + 1, depth));
            }
        }
        return new ModuleAnalysis(parsed, apis, strings, classes, payloads, false);
    }

    private static String line(String[] lines, int line) {
        return line >= 1 && line <= lines.length ? lines[line - 1].strip() : "";
    }

    /** Keyword names of the call starting on this line, reading on until its parentheses close. */
    private static List<String> keywords(String[] lines, int line) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean opened = false;
        for (int i = line - 1; i < lines.length && i < line + 60; i++) {
            String l = lines[i];
            Matcher m = KEYWORD.matcher(l);
            while (m.find()) {
                out.add(m.group(1));
            }
            for (char ch : l.toCharArray()) {
                if (ch == '(') {
                    depth++;
                    opened = true;
                } else if (ch == ')') {
                    depth--;
                }
            }
            if (opened && depth <= 0) {
                break;
            }
        }
        return out;
    }
}
