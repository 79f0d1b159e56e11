package dev.fang.featurize.features;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The package's own modules that an import names, resolved as Python resolves them: relative imports from the
 * importing file's directory, absolute ones from any directory above it ({@code x.py} or {@code x/__init__.py}).
 */
final class PackageModules {

    private final Set<String> paths;
    /** The last names of the package's modules: {@code signing} for {@code w/_utils/signing.py}. */
    private final Set<String> stems = new HashSet<>();

    /** @param paths the package's Python files */
    PackageModules(Set<String> paths) {
        this.paths = paths;
        for (String path : paths) {
            // w/_utils/signing.py -> signing; w/__init__.py -> w (no regex: this runs for every file of every package)
            String stem = path.endsWith("/__init__.py") ? path.substring(0, path.length() - "/__init__.py".length())
                    : path.endsWith(".py") ? path.substring(0, path.length() - ".py".length()) : path;
            stems.add(stem.substring(stem.lastIndexOf('/') + 1));
        }
    }

    /**
     * The resolver of one importing file, remembering what it resolved. It is asked for every attribute of every
     * module the file uses ({@code os.path.join}), so a module whose last name is no module of the package is
     * answered from a set.
     */
    Function<String, String> importedBy(String importer) {
        Map<String, String> resolved = new HashMap<>();
        return module -> {
            if (module.isEmpty() || module.charAt(0) != '.' && !stems.contains(module.substring(module.lastIndexOf('.') + 1))) {
                return null;
            }
            String path = resolved.computeIfAbsent(module, m -> Objects.requireNonNullElse(resolve(importer, m), ""));
            return path.isEmpty() || path.equals(importer) ? null : path;
        };
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
            return dir == null ? null : InstallImports.moduleFile(paths, rest.isEmpty() ? dir + "__init__" : dir + rest);
        }
        for (; dir != null && !rest.isEmpty(); dir = InstallImports.parent(dir)) {
            String found = InstallImports.moduleFile(paths, dir + rest);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
