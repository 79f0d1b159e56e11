package dev.fang.featurize.features;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Build hooks declared in {@code setup.cfg} and {@code pyproject.toml}, read line by line (a tolerant reader:
 * broken files give what could be read). Findings go into an {@link Acc} of the install scope; the modules
 * the hooks name are returned so they can be analysed as install-time code.
 */
final class BuildConfig {

    /** Build backends in common use; anything else is worth a look. */
    static final Set<String> KNOWN_BACKENDS = Set.of("setuptools.build_meta", "setuptools.build_meta:__legacy__",
            "flit_core.buildapi", "flit.buildapi", "hatchling.build", "poetry.core.masonry.api", "poetry.masonry.api",
            "pdm.backend", "pdm.pep517.api", "maturin", "scikit_build_core.build", "mesonpy", "sipbuild.api",
            "whey", "enscons.api", "pbr.build", "jupyter_packaging.build_api", "uv_build", "py_build_cmake.build",
            "trampolim", "pymsbuild", "sphinx_theme_builder", "setuptools.build_meta:__legacy__ ",
            "hatchling.ouroboros", "flit_scm:buildapi", "pdm.backend.intree", "poetry_dynamic_versioning.backend",
            "scikit_build_core.setuptools.build_meta", "setuptools_scm.build_meta", "mina.backend", "jupyter_builder");

    private static final Pattern URL_REQUIREMENT = Pattern.compile(
            "(?i)(^|[\\s@'\"])(https?|ftp|file|git\\+[a-z]+|hg\\+[a-z]+|svn\\+[a-z]+|bzr\\+[a-z]+)://");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"|'([^']*)'");
    private static final Set<String> INDEX_KEYS = Set.of("index_url", "index-url", "extra_index_url",
            "extra-index-url", "find_links", "find-links", "dependency_links", "dependency-links");

    private BuildConfig() {
    }

    /** What the configuration files of a package declare. */
    static final class Result {
        final Acc acc = new Acc();
        /** Paths of in-package modules named by hooks (candidates; not all exist). */
        final Set<String> hookModules = new LinkedHashSet<>();
    }

    static void read(String path, String text, Result out) {
        String lowerPath = path.toLowerCase(Locale.ROOT);
        String dir = path.contains("/") ? path.substring(0, path.lastIndexOf('/') + 1) : "";
        if (lowerPath.endsWith("pyproject.toml")) {
            pyproject(path, dir, text, out);
        } else {
            setupCfg(path, dir, text, out);
        }
    }

    /** One key = value, possibly spanning several lines (TOML arrays, INI continuation lines). */
    private record Entry(String section, String key, String value, int line, String firstLine) { }

    private static List<Entry> tomlEntries(String text) {
        List<Entry> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        String section = "";
        for (int i = 0; i < lines.length && out.size() < 10_000; i++) {
            String raw = lines[i];
            String l = stripComment(raw).strip();
            if (l.startsWith("[")) {
                section = l.replaceAll("^\\[+|\\]+$", "").strip().replace("\"", "").toLowerCase(Locale.ROOT);
                continue;
            }
            int eq = l.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = l.substring(0, eq).strip().replace("\"", "").toLowerCase(Locale.ROOT);
            StringBuilder value = new StringBuilder(l.substring(eq + 1).strip());
            int start = i;
            while (depth(value) > 0 && i + 1 < lines.length && i - start < 500) {
                i++;
                value.append('\n').append(stripComment(lines[i]).strip());
            }
            out.add(new Entry(section, key, value.toString(), start + 1, raw.strip()));
        }
        return out;
    }

    private static int depth(CharSequence s) {
        int d = 0;
        boolean inStr = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inStr) {
                if (c == quote) {
                    inStr = false;
                }
            } else if (c == '"' || c == '\'') {
                inStr = true;
                quote = c;
            } else if (c == '[' || c == '{') {
                d++;
            } else if (c == ']' || c == '}') {
                d--;
            }
        }
        return d;
    }

    private static String stripComment(String line) {
        boolean inStr = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (inStr) {
                if (c == quote) {
                    inStr = false;
                }
            } else if (c == '"' || c == '\'') {
                inStr = true;
                quote = c;
            } else if (c == '#') {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static List<String> quoted(String value) {
        List<String> out = new ArrayList<>();
        Matcher m = QUOTED.matcher(value);
        while (m.find()) {
            out.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return out;
    }

    private static void pyproject(String path, String dir, String text, Result out) {
        List<String> backendPaths = new ArrayList<>();
        String backend = null;
        int backendLine = 0;
        for (Entry e : tomlEntries(text)) {
            Ev ev = new Ev(path, e.line(), e.firstLine(), null);
            if (e.section().equals("build-system")) {
                switch (e.key()) {
                    case "requires" -> urlRequirements(quoted(e.value()), ev, out);
                    case "build-backend" -> {
                        List<String> q = quoted(e.value());
                        backend = q.isEmpty() ? e.value() : q.get(0);
                        backendLine = e.line();
                        if (!KNOWN_BACKENDS.contains(backend.strip())) {
                            out.acc.distinct("cfg_unknown_backend", backend, ev);
                        }
                    }
                    case "backend-path" -> {
                        backendPaths.addAll(quoted(e.value()));
                        out.acc.distinct("cfg_in_tree_backend", path, ev);
                    }
                    default -> { }
                }
            } else if (e.section().equals("tool.setuptools.cmdclass")) {
                out.acc.distinct("cfg_cmdclass", path + ":" + e.key(), ev);
                for (String target : quoted(e.value())) {
                    addModule(dir, "", target, out);
                }
            } else if (e.section().equals("tool.setuptools") && e.key().equals("cmdclass")) {
                out.acc.distinct("cfg_cmdclass", path + ":cmdclass", ev);
                for (String target : quoted(e.value())) {
                    addModule(dir, "", target, out);
                }
            } else if (INDEX_KEYS.contains(e.key()) || (e.section().endsWith(".source") && e.key().equals("url"))) {
                customIndex(quoted(e.value()), ev, out);
            } else if (e.section().equals("project") && e.key().equals("dependencies")) {
                urlRequirements(quoted(e.value()), ev, out);
            }
        }
        if (backend != null && !backendPaths.isEmpty()) {
            String module = backend.contains(":") ? backend.substring(0, backend.indexOf(':')) : backend;
            for (String bp : backendPaths) {
                addModule(dir, bp.strip().replaceAll("^\\./", "").replaceAll("/$", ""), module.strip(), out);
            }
        }
    }

    private static void setupCfg(String path, String dir, String text, Result out) {
        String[] lines = text.split("\n", -1);
        String section = "";
        for (int i = 0; i < lines.length; i++) {
            String raw = lines[i];
            String l = raw.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) {
                continue;
            }
            if (l.startsWith("[") && l.endsWith("]")) {
                section = l.substring(1, l.length() - 1).strip().toLowerCase(Locale.ROOT);
                continue;
            }
            if (Character.isWhitespace(raw.charAt(0))) {
                continue;   // a continuation line, read with its key
            }
            int eq = l.indexOf('=');
            int colon = l.indexOf(':');
            int sep = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
            if (sep <= 0) {
                continue;
            }
            String key = l.substring(0, sep).strip().toLowerCase(Locale.ROOT);
            List<String> values = new ArrayList<>();
            String first = l.substring(sep + 1).strip();
            if (!first.isEmpty()) {
                values.add(first);
            }
            int j = i + 1;
            while (j < lines.length && !lines[j].isEmpty() && Character.isWhitespace(lines[j].charAt(0)) && j - i < 500) {
                String v = lines[j].strip();
                if (!v.isEmpty() && !v.startsWith("#")) {
                    values.add(v);
                }
                j++;
            }
            Ev ev = new Ev(path, i + 1, raw.strip(), null);
            if (section.equals("options") && (key.equals("setup_requires") || key.equals("install_requires"))) {
                List<String> reqs = new ArrayList<>();
                for (String v : values) {
                    for (String part : v.split(";\\s*(?=[A-Za-z])|,")) {
                        reqs.add(part.strip());
                    }
                }
                urlRequirements(reqs, ev, out);
            } else if (key.equals("cmdclass")) {
                out.acc.distinct("cfg_cmdclass", path + ":cmdclass", ev);
                for (String v : values) {
                    int e2 = v.indexOf('=');
                    addModule(dir, "", (e2 >= 0 ? v.substring(e2 + 1) : v).strip(), out);
                }
            } else if (INDEX_KEYS.contains(key)) {
                customIndex(values, ev, out);
            }
        }
    }

    private static void urlRequirements(List<String> requirements, Ev ev, Result out) {
        for (String r : requirements) {
            if (URL_REQUIREMENT.matcher(r).find()) {
                out.acc.distinct("cfg_url_requirements", r.strip(), ev);
            }
        }
    }

    private static void customIndex(List<String> values, Ev ev, Result out) {
        for (String v : values) {
            for (String u : v.split("\\s+")) {
                String x = u.strip().toLowerCase(Locale.ROOT);
                if (x.contains("://") && !x.contains("://pypi.org") && !x.contains("://pypi.python.org")
                        && !x.contains("://files.pythonhosted.org")) {
                    out.acc.distinct("cfg_custom_index", u.strip(), ev);
                }
            }
        }
    }

    /** {@code pkg.mod.Class} or {@code pkg.mod:Class} under {@code dir/base}: candidate module paths. */
    private static void addModule(String dir, String base, String target, Result out) {
        String t = target.strip();
        if (t.isEmpty()) {
            return;
        }
        String module = t.contains(":") ? t.substring(0, t.indexOf(':')) : t;
        String[] parts = module.split("\\.");
        String prefix = dir + (base.isEmpty() ? "" : base + "/");
        // pkg.mod.Class: the module is pkg.mod (or pkg.mod.Class if Class is itself a module).
        for (int cut = parts.length; cut >= 1 && cut >= parts.length - 1; cut--) {
            String rel = String.join("/", java.util.Arrays.copyOf(parts, cut));
            for (String root : List.of(prefix, prefix + "src/")) {
                out.hookModules.add(root + rel + ".py");
                out.hookModules.add(root + rel + "/__init__.py");
            }
        }
    }
}
