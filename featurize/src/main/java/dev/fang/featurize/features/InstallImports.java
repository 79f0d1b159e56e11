package dev.fang.featurize.features;

import dev.fang.featurize.analysis.ModuleImport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The in-package modules that run on {@code pip install} because a setup script imports them at module level,
 * directly or through modules it imports that way. Imports are resolved as Python resolves them when it runs the
 * setup script: absolute ones from the setup script's directory ({@code x.py} or {@code x/__init__.py}, with the
 * {@code __init__.py} of every package along a dotted path), relative ones from the importing module's directory.
 * Bounded in depth and in count; a module is found once, so import cycles end.
 */
final class InstallImports {

    /** Deepest chain of imports followed from a setup script (setup.py imports a, a imports b: depth 2). */
    static final int MAX_DEPTH = 3;
    /** Most modules found per package. */
    static final int MAX_MODULES = 32;

    /** A module found, with the directory its absolute imports resolve from and why it runs at install time. */
    private record Found(String root, int depth, String reason) { }

    private final Set<String> pythonPaths;
    private final Map<String, Found> found = new HashMap<>();

    /** @param pythonPaths the package's Python files */
    InstallImports(Set<String> pythonPaths) {
        this.pythonPaths = pythonPaths;
    }

    /**
     * Follows the module-level imports of a setup script or of a module found before; returns the modules newly
     * found, in import order.
     */
    List<String> follow(String importer, List<ModuleImport> imports) {
        Found from = found.get(importer);
        String root = from != null ? from.root() : directory(importer);
        int depth = from != null ? from.depth() + 1 : 1;
        List<String> added = new ArrayList<>();
        if (depth > MAX_DEPTH) {
            return added;
        }
        for (ModuleImport imp : imports) {
            for (String path : modules(importer, root, imp)) {
                if (found.size() >= MAX_MODULES) {
                    return added;
                }
                if (!path.equals(importer) && !found.containsKey(path) && !PackageFeaturizer.isSetupScript(path.toLowerCase(Locale.ROOT))) {
                    String reason = "imported by " + PackageFeaturizer.fileName(importer) + " at line " + imp.line()
                            + (from == null ? "" : ", " + from.reason());
                    found.put(path, new Found(root, depth, reason));
                    added.add(path);
                }
            }
        }
        return added;
    }

    /** Why a module runs at install time ({@code imported by setup.py at line 3}), or null when it was not found. */
    String reason(String path) {
        Found f = found.get(path);
        return f == null ? null : f.reason();
    }

    /** The package's files one import statement runs: the packages along its path, the module, submodules it names. */
    private List<String> modules(String importer, String root, ModuleImport imp) {
        String module = imp.module();
        int dots = 0;
        while (dots < module.length() && module.charAt(dots) == '.') {
            dots++;
        }
        String base = root;
        if (dots > 0) {
            base = directory(importer);
            for (int up = 1; up < dots && base != null; up++) {
                base = parent(base);
            }
            if (base == null) {
                return List.of();
            }
        }
        List<String> out = new ArrayList<>();
        String dir = base;
        String rest = module.substring(dots);
        if (!rest.isEmpty()) {
            for (String part : rest.split("\\.")) {
                dir = dir + part;
                addModule(dir, out);
                dir = dir + "/";
            }
        }
        for (String name : imp.names()) {
            addModule(dir + name, out);
        }
        return out;
    }

    private void addModule(String stem, List<String> out) {
        String file = moduleFile(pythonPaths, stem);
        if (file != null) {
            out.add(file);
        }
    }

    /** The file of the module at {@code stem}, a path without {@code .py}: {@code stem.py} or its package's {@code __init__.py}. */
    static String moduleFile(Set<String> pythonPaths, String stem) {
        if (pythonPaths.contains(stem + ".py")) {
            return stem + ".py";
        }
        return pythonPaths.contains(stem + "/__init__.py") ? stem + "/__init__.py" : null;
    }

    /** The directory of a file, with its trailing slash ({@code ""} at the top). */
    static String directory(String path) {
        return path.substring(0, path.lastIndexOf('/') + 1);
    }

    /** The parent of a directory given with its trailing slash, or null above the top. */
    static String parent(String dir) {
        if (dir.isEmpty()) {
            return null;
        }
        String trimmed = dir.substring(0, dir.length() - 1);
        return trimmed.substring(0, trimmed.lastIndexOf('/') + 1);
    }
}
