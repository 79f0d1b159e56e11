package dev.fang.featurize.analysis;

import dev.fang.featurize.parser.PyLiterals;

/**
 * The string constants that imports from the file's own package bring in ({@code from .config import KEY}), as the
 * literals they are bound to there: the analysis folds them as if they were written in the file.
 */
@FunctionalInterface
public interface ImportedConstants {
    /** A file alone: no import brings a constant in. */
    ImportedConstants NONE = (module, name) -> null;

    /**
     * The literal {@code from module import name} binds, or null when it is no constant of the package.
     *
     * @param module as written in the import, with its leading dots
     */
    PyLiterals.Literal constant(String module, String name);
}
