package dev.fang.featurize.features;

/**
 * When the code a feature describes runs. Every family is computed separately per scope, because the same
 * call means something else in {@code setup.py} (runs on {@code pip install}, before anyone can look at the
 * package) than in a module (runs when imported).
 */
public enum Scope {
    /**
     * {@code setup.py} at any depth, modules named by build hooks in {@code setup.cfg}/{@code pyproject.toml}, and the
     * package's modules a setup script imports at module level (directly or through such modules).
     */
    INSTALL("install", "install-time code"),
    /** Every Python file but setup scripts: {@code __init__.py} and modules (install-time modules are importable too). */
    IMPORT("import", "import-time code"),
    /** Facts about the package's files as a whole (code and binary file types only). */
    PACKAGE("pkg", "the package's files");

    private final String prefix;
    private final String phrase;

    Scope(String prefix, String phrase) {
        this.prefix = prefix;
        this.phrase = phrase;
    }

    /** Prefix of every feature name in this scope. */
    public String prefix() {
        return prefix;
    }

    /** How the scope is named in descriptions. */
    public String phrase() {
        return phrase;
    }
}
