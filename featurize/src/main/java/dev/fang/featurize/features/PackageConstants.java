package dev.fang.featurize.features;

import dev.fang.featurize.analysis.ImportedConstants;
import dev.fang.featurize.parser.PyLiterals;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The string constants the modules of one package define at module level ({@code KEY = "..."}), for the imports of
 * the package's other files: with {@code from ._utils.signing import KEY}, {@code b64decode(KEY)} folds as if the
 * literal were written there, so a payload split across files is decoded like one kept in a single file.
 *
 * <p>A module's constants come from a scan of its lines, made on the first import that names it: a name counts when
 * every module-level assignment to it assigns one plain string or bytes literal on one line. Anything computed is
 * left out (the module's own analysis folds it). Imports resolve as Python resolves them: relative ones from the
 * importing file's directory, absolute ones from any directory above it ({@code x.py} or {@code x/__init__.py}).
 */
final class PackageConstants {

    /** Longest constant kept. */
    static final int MAX_VALUE_CHARS = 1 << 16;
    /** Most constants kept per module. */
    static final int MAX_NAMES = 4096;

    private final Map<String, byte[]> files;
    /** The last names of the package's modules: {@code signing} for {@code w/_utils/signing.py}. */
    private final Set<String> stems = new HashSet<>();
    private final Map<String, Map<String, PyLiterals.Literal>> scanned = new ConcurrentHashMap<>();

    /** @param files the package's Python files by path, with their content */
    PackageConstants(Map<String, byte[]> files) {
        this.files = files;
        for (String path : files.keySet()) {
            String stem = path.endsWith("/__init__.py") ? InstallImports.directory(path) : path;
            stem = stem.replaceFirst("(\\.py|/)$", "");
            stems.add(stem.substring(stem.lastIndexOf('/') + 1));
        }
    }

    /**
     * The constants the imports of the file at {@code importer} bring in. Asked for every attribute of every module
     * the file uses ({@code os.path.join}), so a module none of whose names is a module of the package is answered
     * from a set, and resolutions are remembered.
     */
    ImportedConstants importedBy(String importer) {
        Map<String, String> resolved = new HashMap<>();
        return (module, name) -> {
            if (module.isEmpty() || module.charAt(0) != '.' && !stems.contains(module.substring(module.lastIndexOf('.') + 1))) {
                return null;
            }
            String path = resolved.computeIfAbsent(module, m -> Objects.requireNonNullElse(resolve(importer, m), ""));
            return path.isEmpty() || path.equals(importer) ? null : constants(path).get(name);
        };
    }

    private Map<String, PyLiterals.Literal> constants(String path) {
        return scanned.computeIfAbsent(path, p -> scan(files.get(p)));
    }

    /** The package file an import statement's module names, or null. */
    String resolve(String importer, String module) {
        int dots = 0;
        while (dots < module.length() && module.charAt(dots) == '.') {
            dots++;
        }
        String rest = module.substring(dots).replace('.', '/');
        String dir = InstallImports.directory(importer);
        if (dots > 0) {
            for (int up = 1; up < dots && dir != null; up++) {
                dir = InstallImports.parent(dir);
            }
            return dir == null ? null : InstallImports.moduleFile(files.keySet(), rest.isEmpty() ? dir + "__init__" : dir + rest);
        }
        for (; dir != null && !rest.isEmpty(); dir = InstallImports.parent(dir)) {
            String found = InstallImports.moduleFile(files.keySet(), dir + rest);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /**
     * The names every module-level assignment of which assigns one string or bytes literal written on one line;
     * the last such literal is the value. Names also assigned in any other way at module level are left out.
     */
    static Map<String, PyLiterals.Literal> scan(byte[] content) {
        if (content == null) {
            return Map.of();
        }
        String text = new String(content, StandardCharsets.UTF_8);
        Map<String, PyLiterals.Literal> out = new HashMap<>();
        Set<String> other = new HashSet<>();
        int n = text.length();
        for (int start = 0; start < n; ) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = n;
            }
            assignment(text, start, end, out, other);
            start = end + 1;
        }
        out.keySet().removeAll(other);
        return out;
    }

    /** Reads one line as {@code NAME = 'literal'}, or records NAME as assigned otherwise. */
    private static void assignment(String text, int start, int end, Map<String, PyLiterals.Literal> out, Set<String> other) {
        if (start >= end || !nameStart(text.charAt(start))) {
            return;
        }
        int i = start + 1;
        while (i < end && namePart(text.charAt(i))) {
            i++;
        }
        String name = text.substring(start, i);
        i = blanks(text, i, end);
        if (i >= end || text.charAt(i) == '=' && i + 1 < end && text.charAt(i + 1) == '=') {
            return;
        }
        if (text.charAt(i) != '=') {
            if (i + 1 < end && text.charAt(i + 1) == '=' || text.charAt(i) == ':' || text.charAt(i) == ',') {
                other.add(name);   // x += ..., x: str = ..., x, y = ...
            }
            return;
        }
        PyLiterals.Literal value = literal(text, blanks(text, i + 1, end), end);
        if (value == null || value.value().length() > MAX_VALUE_CHARS) {
            other.add(name);
        } else if (out.size() < MAX_NAMES || out.containsKey(name)) {
            out.put(name, value);
        }
    }

    /** One non-f, single-line string literal filling the rest of the line (a comment may follow), or null. */
    private static PyLiterals.Literal literal(String text, int i, int end) {
        int from = i;
        while (i < end && i - from < 2 && "rRbBuU".indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        if (i >= end || text.charAt(i) != '\'' && text.charAt(i) != '"') {
            return null;
        }
        char quote = text.charAt(i);
        if (i + 2 < end && text.charAt(i + 1) == quote && text.charAt(i + 2) == quote) {
            return null;   // triple-quoted: may span lines
        }
        int j = i + 1;
        while (j < end && text.charAt(j) != quote) {
            j += text.charAt(j) == '\\' ? 2 : 1;
        }
        if (j >= end) {
            return null;
        }
        int after = blanks(text, j + 1, end);
        if (after < end && text.charAt(after) != '#' && text.charAt(after) != '\r') {
            return null;   // more expression follows: not one literal
        }
        return PyLiterals.decodeString(text.substring(from, j + 1));
    }

    private static int blanks(String text, int i, int end) {
        while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean nameStart(char c) {
        return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean namePart(char c) {
        return nameStart(c) || c >= '0' && c <= '9';
    }
}
