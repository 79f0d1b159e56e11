package dev.fang.featurize.features;

/**
 * A family of features. The {@link #padding} text says how the family resists dead-code padding (injected
 * functions full of operators, IPs, popular URLs, whitespace, random code, extra files); it is published in
 * {@code docs/features.md}.
 */
public enum Family {
    SHAPE("Size and shape",
            "How big and how dense the code is: lines, characters, longest line, long lines, whitespace, tokens.",
            "Per-file maxima (and the minimum for whitespace share), never package-wide means: extra files cannot "
                    + "shrink them, and padding can only make the code bigger, which is not what an evader wants."),
    OPERATORS("Operator statistics",
            "Density of operators (+, =, [, (, ., %, ^ ...) per 1,000 tokens, the seed paper's cheapest signal.",
            "Measured in one focus file per scope (the file with the most risky API groups and suspicious strings, "
                    + "ties broken by size), so extra padding files do not move them. Padding inside that file still "
                    + "can: these features are kept for parity, the semantic families carry the decision."),
    IOCS("Indicators: IPs, URLs, encoded chunks",
            "Network indicators in string constants (after constant folding) and base64/hex-looking chunks.",
            "Counts of distinct items, not ratios: nothing dilutes them. Popular domains and private/reserved IPs "
                    + "are excluded, and the strongest features only count IPs/URLs on a line that also calls a "
                    + "network or command API, which junk strings in dead code do not."),
    SUSPICIOUS_STRINGS("Suspicious strings",
            "Fang's own indicators of what malware goes after or uses: credential files, browser stores, tokens, "
                    + "wallets, exfiltration services, download-and-run commands, reverse shells, persistence, evasion.",
            "Number of distinct indicators matched, per category: repeating or diluting them changes nothing; benign "
                    + "padding contains none of them."),
    EXTENSIONS("File types",
            "Counts of code and binary files by type (.py, orphaned .pyc, .so, .exe, .sh, .ps1, ...). Packaging "
                    + "metadata is never counted, and neither is the total number of files.",
            "Counts that padding with extra files can raise only for the types it adds; none of them is a ratio."),
    HOOKS("Install hooks",
            "setup() cmdclass overrides, subclasses of setuptools/distutils commands with a run method, and code "
                    + "run at module level of setup.py beyond the setup() call.",
            "Presence and distinct counts of hook constructs; padding does not remove a hook."),
    BUILD_CONFIG("Build configuration hooks",
            "setup.cfg and pyproject.toml: custom cmdclass, in-tree build backends (backend-path), unknown "
                    + "build backends, build requirements or indexes given as URLs.",
            "Presence and distinct counts read from configuration files, which padding code does not touch."),
    ENTROPY("Entropy",
            "Shannon entropy of identifiers and of strings, raw and after mapping each character to "
                    + "digit/upper/lower/symbol; counts of high-entropy strings and machine-made identifiers.",
            "Maxima over files and strings and distinct counts: a random blob keeps its entropy however much "
                    + "ordinary code surrounds it."),
    API("API usage",
            "References to Fang's list of risky APIs, resolved through imports and aliases, by category (network, "
                    + "filesystem, host info, command execution, code execution, encoding) and by finer group. "
                    + "Plumbing is not counted: a call whose value Fang folds (b64decode or chr of a constant, "
                    + "__import__('os'), getattr(os, 'system'), sys.modules['os'], globals()) only spells a literal or "
                    + "a name; the API it leads to counts as if written plainly.",
            "Distinct APIs and use sites: padding can add calls but cannot remove the real ones; an evader adding "
                    + "risky calls only raises them. Obfuscating strings or API calls leaves them unchanged."),
    BEHAVIOURS("Behaviours",
            "Ordered sequences of API categories and indicators within one file (a step may share the line of the "
                    + "one before): information stealing, exfiltration, dropper, download-and-execute, obfuscated "
                    + "execution, reverse shell, persistence; and which of them a file carries out entirely in code "
                    + "that runs on load. Folded plumbing calls are no step.",
            "Number of files showing the sequence: a file keeps its sequence whatever code is added around it, and "
                    + "extra files cannot lower a count."),
    OBFUSCATION("Obfuscation patterns",
            "How values and code were hidden: base-N, hex, byte arrays, split/joined strings, XOR, compression, "
                    + "escape-heavy literals, packers, non-ASCII or machine-made names, obfuscated API references.",
            "Counts of distinct occurrences; padding dilutes nothing."),
    API_OBFUSCATION("Resolved vs obfuscated APIs",
            "For risky APIs reached through a detour, how (alias, getattr, __import__, __dict__, builtins lookup, "
                    + "computed name ...), and how many APIs are reached only that way.",
            "Counts of use sites and distinct APIs; padding cannot un-obfuscate a reference."),
    DECODED("Decoded payloads",
            "What appears only after Fang decoded constants: URLs, IPs, suspicious strings and APIs hidden in "
                    + "encoded strings or in code decoded from them; depth and size of decoded code.",
            "Distinct items and maxima over payloads; padding adds nothing that decodes."),
    MODULE_LEVEL("Module-level code",
            "Risky APIs in code that runs on load, i.e. on install (setup.py) or on import: at module level, or in a "
                    + "function that such code calls (directly, through other functions of the file, or as the "
                    + "__init__ of a class it instantiates); folded plumbing calls (decoding a constant, looking a "
                    + "name up) do not count. Also how many API categories one file uses on load.",
            "Distinct APIs per category and a per-file maximum; padding functions that nothing calls do not run on "
                    + "load, and padding that does only adds uses."),
    FLOWS("Value flows",
            "Calls judged by what they are given, followed within the function that makes them: code decoded at run "
                    + "time handed to exec/eval, a file the function downloaded or wrote handed to a process, a socket "
                    + "wired to standard input and output, a Python interpreter or a hidden process started on load, a "
                    + "recon or network tool run. Benign code calls the same APIs; what flows into them differs.",
            "Counts of call sites; padding adds no flow, and string or API obfuscation is folded before the "
                    + "arguments are looked at."),
    PARSE("Parse quality",
            "How well the code parsed (minimum and mean over files), errors, undecodable bytes, limits hit.",
            "The minimum cannot be raised by adding clean files; the mean can and is kept as a secondary signal. A "
                    + "scope without files reads as perfectly parsed, so absence of setup.py is not a signal.");

    private final String title;
    private final String summary;
    private final String padding;

    Family(String title, String summary, String padding) {
        this.title = title;
        this.summary = summary;
        this.padding = padding;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public String title() {
        return title;
    }

    public String summary() {
        return summary;
    }

    /** Why the family resists padding. */
    public String padding() {
        return padding;
    }
}
