package dev.fang.featurize.features;

import dev.fang.featurize.analysis.Obfuscation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Fang's feature catalogue, as data, in one place: every feature's name, family, scope and description, in
 * vector order. {@code docs/features.md} is generated from it ({@link #markdown()}; {@code main} writes it) and
 * a test fails when the committed file differs.
 *
 * <p>Change {@link #VERSION} whenever a name, the order or a definition changes: models refuse vectors from a
 * catalogue they were not trained on.
 */
public final class FeatureCatalogue {

    /** Version of the catalogue (names, order and definitions). */
    public static final String VERSION = "fang-features-8";

    private static final Set<Scope> CODE = EnumSet.of(Scope.INSTALL, Scope.IMPORT);
    private static final Set<Scope> INSTALL = EnumSet.of(Scope.INSTALL);
    private static final Set<Scope> PACKAGE = EnumSet.of(Scope.PACKAGE);

    private static final List<Feature> FEATURES;
    private static final Map<String, Integer> INDEX = new HashMap<>();
    private static final Map<Family, List<Feature>> BY_FAMILY = new LinkedHashMap<>();

    /** Base features of one family before expansion over scopes: {base name, description}. */
    private static final Map<Family, List<String[]>> DEFS = new LinkedHashMap<>();
    private static final Map<Family, Set<Scope>> SCOPES = new LinkedHashMap<>();

    private static void def(Family family, Set<Scope> scopes, String... pairs) {
        SCOPES.put(family, scopes);
        List<String[]> list = DEFS.computeIfAbsent(family, f -> new ArrayList<>());
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            list.add(new String[] {pairs[i], pairs[i + 1]});
        }
    }

    static {
        def(Family.SHAPE, CODE,
                "lines_max", "most physical lines in one file",
                "chars_max", "most characters in one file",
                "line_length_max", "longest line (minified or packed code, one-line payloads)",
                "long_lines", "lines longer than 500 characters (blobs and packed code), counted over all files",
                "long_line_share_max", "largest share of lines longer than 120 characters in one file",
                "tokens_max", "most lexer tokens in one file",
                "string_literal_length_max", "longest string literal as written (embedded payloads)",
                "whitespace_share_min", "smallest share of whitespace characters in a file with code (minified/packed code is dense)");
        def(Family.OPERATORS, CODE,
                "op_plus", "'+' per 1,000 tokens in the focus file (string splitting)",
                "op_minus", "'-' per 1,000 tokens in the focus file",
                "op_star", "'*' and '**' per 1,000 tokens in the focus file",
                "op_slash", "'/' and '//' per 1,000 tokens in the focus file",
                "op_percent", "'%' per 1,000 tokens in the focus file (old-style formatting)",
                "op_assign", "'=' per 1,000 tokens in the focus file",
                "op_augassign", "augmented assignments (+=, ^=, ...) per 1,000 tokens in the focus file",
                "op_compare", "comparisons (==, !=, <, >, <=, >=) per 1,000 tokens in the focus file",
                "op_bracket", "'[' per 1,000 tokens in the focus file (byte arrays, indexing, slicing)",
                "op_paren", "'(' per 1,000 tokens in the focus file (calls)",
                "op_brace", "'{' per 1,000 tokens in the focus file",
                "op_dot", "'.' per 1,000 tokens in the focus file (attribute chains)",
                "op_comma", "',' per 1,000 tokens in the focus file (long literal lists)",
                "op_colon", "':' per 1,000 tokens in the focus file",
                "op_semicolon", "';' per 1,000 tokens in the focus file (statements crammed on one line)",
                "op_xor", "'^' per 1,000 tokens in the focus file (XOR decoding)",
                "op_bitwise", "'&', '|', '~', '<<', '>>' per 1,000 tokens in the focus file",
                "op_lambda", "'lambda' per 1,000 tokens in the focus file (one-liner obfuscation)");
        def(Family.IOCS, CODE,
                "ip_public_distinct", "distinct public IPv4 addresses in string constants (private, loopback, reserved excluded)",
                "ip_endpoints", "distinct IP endpoints: ip:port or an IP as URL host (hard-coded C2)",
                "ip_near_api", "distinct public IPs on a line that calls a network or command API (junk strings never do)",
                "url_distinct", "distinct URLs in string constants",
                "url_hosts_unpopular", "distinct URL hosts outside Fang's list of popular domains",
                "url_near_api", "distinct unpopular URLs on a line that calls a network or command API",
                "url_executable_download", "distinct URLs whose path ends in an executable or script type (.exe, .sh, .ps1, ...)",
                "url_shortener", "distinct URLs on link shorteners (hide the real host)",
                "url_unusual_port", "distinct URLs with an explicit port other than 80/443/8080/8443",
                "base64_chunks", "distinct base64-looking texts of 40+ characters that the code holds and does not decode in sight, after folding (pieces joined, re-encodings undone)",
                "base64_chunk_length_max", "longest base64-looking text that the code holds and does not decode in sight, after folding",
                "hex_chunks", "distinct hex-looking texts of 64+ digits that the code holds and does not decode in sight, after folding (pieces joined, re-encodings undone)");
        List<String> sus = new ArrayList<>();
        for (IndicatorCategory c : IndicatorCategory.values()) {
            sus.add("sus_" + c.id());
            sus.add("distinct indicators of " + c.meaning());
        }
        sus.add("sus_total");
        sus.add("distinct suspicious-string indicators of all categories");
        def(Family.SUSPICIOUS_STRINGS, CODE, sus.toArray(String[]::new));
        def(Family.EXTENSIONS, PACKAGE,
                "ext_py", "Python modules other than setup scripts (.py, .pyw)",
                "ext_pyc_orphan", "compiled .pyc files with no .py source beside them (hidden code)",
                "ext_so", "native extension/libraries .so and .dylib",
                "ext_pyd", "Windows extension modules .pyd",
                "ext_dll", "Windows libraries .dll",
                "ext_exe", "Windows executables .exe, .scr, .msi",
                "ext_sh", "shell scripts .sh, .bash",
                "ext_bat", "batch files .bat, .cmd",
                "ext_ps1", "PowerShell scripts .ps1, .psm1",
                "ext_js", "JavaScript files .js, .mjs",
                "ext_vbs", "VBScript and script-host files .vbs, .vbe, .wsf, .hta",
                "ext_pth", ".pth files (lines starting with import run at every interpreter start)",
                "ext_other_binary", "other executables and loaders: .bin, .elf, .jar, .lnk, .apk");
        def(Family.HOOKS, CODE,
                "hook_cmdclass", "setup() calls given a cmdclass (custom commands run by pip)",
                "hook_command_subclasses", "classes subclassing any setuptools/distutils command",
                "hook_install_subclasses", "classes subclassing an install command (install, install_lib, install_scripts, ...)",
                "hook_develop_subclasses", "classes subclassing the develop command (pip install -e)",
                "hook_egg_info_subclasses", "classes subclassing the egg_info command (runs on every pip install of source)",
                "hook_build_subclasses", "classes subclassing build, build_py, build_ext or a bdist command",
                "hook_run_overrides", "command subclasses that define run, __init__, initialize_options or finalize_options",
                "hook_dependency_links", "setup() calls with dependency_links (packages from outside the index)",
                "hook_module_level_risky", "distinct risky APIs called in code that runs on load (module level or a function it calls) outside the packaging allow-list (setup.py: beyond the setup() call); folded decoding and name lookups excluded",
                "hook_deferred_execution", "start-up/exit hooks registered: atexit, settrace, addsitedir, meta_path");
        def(Family.BUILD_CONFIG, INSTALL,
                "cfg_cmdclass", "cmdclass declared in setup.cfg or pyproject.toml",
                "cfg_in_tree_backend", "pyproject.toml build backend loaded from the package itself (backend-path)",
                "cfg_unknown_backend", "pyproject.toml build-backend outside Fang's list of common backends",
                "cfg_url_requirements", "distinct build requirements / setup_requires given as URLs, VCS or file links",
                "cfg_custom_index", "package indexes or find-links set in configuration (dependency confusion)",
                "cfg_hook_modules", "in-package modules named by build hooks, analysed as install-time code");
        def(Family.ENTROPY, CODE,
                "identifier_class_entropy_max", "largest per-file entropy of identifier characters mapped to digit/upper/lower/symbol",
                "identifier_entropy_max", "largest per-file Shannon entropy of identifier characters",
                "identifier_length_mean_max", "largest per-file mean length of distinct identifiers",
                "string_class_entropy_max", "largest class-mapped entropy of one string of 32+ characters",
                "string_entropy_max", "largest Shannon entropy (bits/char) of one string of 64+ characters",
                "high_entropy_strings", "distinct strings of 64+ characters above 4.8 bits/char (keys, ciphertext, packed data)",
                "machine_identifiers", "distinct machine-made identifiers (Il1lI, O0O0, _0x1f3a, long random names)");
        List<String> api = new ArrayList<>();
        for (ApiCategory c : ApiCategory.values()) {
            api.add("api_" + c.id() + "_distinct");
            api.add("distinct " + c.id() + " APIs referenced: code that " + c.meaning());
            api.add("api_" + c.id() + "_sites");
            api.add("references to " + c.id() + " APIs");
        }
        for (ApiGroup g : ApiGroup.values()) {
            api.add("api_" + g.id());
            api.add("references to " + g.meaning());
        }
        def(Family.API, CODE, api.toArray(String[]::new));
        def(Family.BEHAVIOURS, CODE,
                "beh_info_stealing", "files where host or environment information is gathered, then a network API follows",
                "beh_exfiltration", "files where credential/browser/wallet data is touched, then a network API follows",
                "beh_dropper", "files that download, then write a file, then run a command or code",
                "beh_download_execute", "files that download, then run a command or code",
                "beh_obfuscated_execution", "files that run code found in a constant (decoded or not), or decode unknown data and then run a command or code",
                "beh_reverse_shell", "files that open a socket, then start a shell or process",
                "beh_persistence", "files that name a persistence location, then write a file or run a command",
                "beh_on_load", "distinct behaviours above that a file carries out entirely in code that runs on load (module level or a function it calls)");
        def(Family.OBFUSCATION, CODE,
                "obf_base_n", "string constants decoded from base64/32/16/85",
                "obf_hex", "string constants decoded from hex, plus literals written as \\x escapes",
                "obf_byte_arrays", "strings built from integer lists or chr() chains, plus long integer-list literals",
                "obf_string_split", "strings assembled by concatenation, join, reversal, slicing or formatting of pieces",
                "obf_xor", "strings decoded by XOR or ROT13, plus '^' next to chr/ord",
                "obf_compression", "string constants decompressed (zlib, gzip, bz2, lzma)",
                "obf_decode_chains", "string constants decoded through two or more transforms",
                "obf_escaped_literals", "literals of 40+ characters written mostly as escapes",
                "obf_packer", "distinct packer/protector markers (PyArmor, pytransform, marshal of a literal, ...)",
                "obf_nonascii_identifiers", "distinct non-ASCII identifiers (homoglyph names)",
                "obf_api_references", "risky API references written through any detour");
        List<String> apiobf = new ArrayList<>();
        for (Obfuscation o : Obfuscation.values()) {
            apiobf.add("apiobf_" + o.name().toLowerCase(Locale.ROOT));
            apiobf.add("risky API references written with " + obfuscationPhrase(o));
        }
        apiobf.add("apiobf_only_hidden");
        apiobf.add("distinct risky APIs that are never referenced plainly, only through detours");
        def(Family.API_OBFUSCATION, CODE, apiobf.toArray(String[]::new));
        def(Family.DECODED, CODE,
                "dec_strings", "string constants Fang recovered by decoding or folding",
                "dec_urls", "distinct URLs seen only after decoding",
                "dec_ips", "distinct public IPs seen only after decoding",
                "dec_suspicious", "distinct suspicious-string indicators seen only after decoding",
                "dec_apis", "distinct risky APIs referenced only in code decoded from constants",
                "dec_exec_apis", "distinct command/code-execution APIs referenced only in decoded code",
                "dec_payloads", "constants that decoded to Python code",
                "dec_payload_depth_max", "deepest nesting of code decoded from code decoded from ...",
                "dec_payload_length_max", "largest decoded code, in characters",
                "dec_payload_quality_max", "best parse quality of decoded code (1 = real code, 0 = none)");
        List<String> mod = new ArrayList<>();
        for (ApiCategory c : ApiCategory.values()) {
            mod.add("modlevel_" + c.id());
            mod.add("distinct " + c.id() + " APIs used in code that runs on load: at module level (on install or import) or in a function it calls");
        }
        mod.add("modlevel_categories_max");
        mod.add("most API categories (of the six) used in one file by code that runs on load");
        def(Family.MODULE_LEVEL, CODE, mod.toArray(String[]::new));
        def(Family.FLOWS, CODE,
                "flow_exec_runtime_decoded", "exec/eval/compile calls given a value decoded at run time that folding could not recover (base64, hex, zlib, marshal, decrypt, chr, XOR, translation tables, a decoder function of the file), followed through assignments; parts that fold to a constant do not count",
                "flow_run_downloaded_file", "process or exec calls given a file the same function downloaded (urlretrieve, wget, or a fetch then a written file), and exec/eval of a computed value after a download in the same function",
                "flow_run_written_file_on_load", "process or exec calls given a file the same function wrote, in code that runs on load",
                "flow_run_received", "process or exec calls given what the same function received from a socket (recv, recvfrom, ...) or a fetch returned, followed through assignments (a command channel: reverse shells, C2 loops)",
                "flow_socket_stdio", "os.dup2 of a socket's fileno() onto standard input, output or error in a function that opens a socket (reverse shell)",
                "flow_spawn_python_on_load", "Python interpreters or .py/.pyw files started as processes in code that runs on load",
                "flow_spawn_hidden_on_load", "processes started hidden or detached (creationflags, start_new_session, setsid, nohup, a trailing &, pythonw, a hidden window) in code that runs on load",
                "flow_recon_commands", "constant commands run whose program is a recon or network tool (dig, nslookup, whoami, uname, curl, wget, powershell, certutil, net user, ...)",
                "flow_recon_commands_on_load", "the same, in code that runs on load");
        def(Family.PARSE, CODE,
                "parse_quality_min", "worst share of cleanly parsed code lines over files (1 when there is no file)",
                "parse_quality_mean", "mean share of cleanly parsed code lines over files (1 when there is no file)",
                "parse_errors_max", "most syntax errors in one file",
                "parse_undecodable_bytes_max", "most undecodable bytes in one file (binary posing as source)",
                "parse_limited_files", "files whose parse or analysis was cut short by a limit");

        List<Feature> all = new ArrayList<>();
        for (Map.Entry<Family, List<String[]>> e : DEFS.entrySet()) {
            Family family = e.getKey();
            List<Feature> mine = new ArrayList<>();
            for (Scope scope : Scope.values()) {
                if (!SCOPES.get(family).contains(scope)) {
                    continue;
                }
                for (String[] d : e.getValue()) {
                    String name = scope.prefix() + "_" + d[0];
                    String description = capitalize(scope.phrase()) + ": " + d[1] + ".";
                    Feature f = new Feature(all.size(), name, d[0], family, scope, description);
                    if (INDEX.put(name, f.index()) != null) {
                        throw new IllegalStateException("duplicate feature " + name);
                    }
                    all.add(f);
                    mine.add(f);
                }
            }
            BY_FAMILY.put(family, Collections.unmodifiableList(mine));
        }
        FEATURES = Collections.unmodifiableList(all);
    }

    private static String obfuscationPhrase(Obfuscation o) {
        return switch (o) {
            case IMPORT_ALIAS -> "an import alias (import os as o)";
            case ASSIGNMENT_ALIAS -> "an assignment alias (x = os.system)";
            case DYNAMIC_IMPORT -> "a dynamic import (__import__, importlib)";
            case GETATTR -> "getattr";
            case DICT_LOOKUP -> "a __dict__ or vars() lookup";
            case GETATTRIBUTE -> "__getattribute__";
            case DUNDER_CALL -> "an explicit __call__";
            case BUILTINS_LOOKUP -> "a builtins or globals() lookup";
            case COMPUTED_NAME -> "a computed name (concatenated, joined, reversed or decoded)";
        };
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private FeatureCatalogue() {
    }

    /** Every feature, in vector order. */
    public static List<Feature> features() {
        return FEATURES;
    }

    /** Length of the vector. */
    public static int size() {
        return FEATURES.size();
    }

    /** Names in vector order. */
    public static List<String> names() {
        return FEATURES.stream().map(Feature::name).toList();
    }

    /** Index of a feature; throws {@link IllegalArgumentException} for an unknown name. */
    public static int index(String name) {
        Integer i = INDEX.get(name);
        if (i == null) {
            throw new IllegalArgumentException("no feature " + name);
        }
        return i;
    }

    /** Index of a feature, or -1. */
    public static int indexOrMinus(String name) {
        Integer i = INDEX.get(name);
        return i == null ? -1 : i;
    }

    public static Feature feature(int index) {
        return FEATURES.get(index);
    }

    /** Features of one family, in vector order. */
    public static List<Feature> family(Family family) {
        return BY_FAMILY.getOrDefault(family, List.of());
    }

    /** The catalogue as the Markdown of {@code docs/features.md}. */
    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Fang feature catalogue\n\n");
        sb.append("<!-- Generated from dev.fang.featurize.features.FeatureCatalogue; do not edit by hand. Regenerate with\n");
        sb.append("     mvn -q -o -pl featurize test -Dtest=FeatureCatalogueTest -Dfang.writeDocs=true -->\n\n");
        sb.append("Catalogue version: `").append(VERSION).append("` — ").append(size()).append(" features, ")
                .append(ApiCatalogue.size()).append(" API entries in Fang's API list.\n\n");
        sb.append("""
                ## Scopes

                Every code family is computed twice, with the name prefix telling which code it describes:

                - `install_` — **install-time code**: every `setup.py` (at any depth), modules named by build \
                hooks in `setup.cfg` / `pyproject.toml` (custom `cmdclass`, in-tree build backends via `backend-path`), \
                and what runs on import of the package's own modules a setup script imports at module level \
                (their module-level code and the functions and classes it names or registers, not the rest of their \
                functions), followed through their module-level imports (at most 3 deep and 32 modules; evidence \
                says which import line brought them in).
                - `import_` — **import-time code**: every `.py`/`.pyw` file but `setup.py` (`__init__.py` and \
                modules). Modules named by build hooks or imported by a setup script are importable too, so they also \
                count here.
                - `pkg_` — the package's code and binary files as a whole (file types only).

                ## Layout invariance

                No feature looks at where the package root is, at packaging metadata (distribution manifests, \
                build metadata directories, install records) or at the total number of files. File paths are used \
                only to tell install-time from import-time code and to read a file's type. The same code as a \
                source archive, as a built archive or as an unpacked system tree gives the same import-time \
                features (a test checks it). A scope without files reads as empty code with perfect parse \
                quality, so the absence of `setup.py` is not itself a signal.

                ## Values

                Counts are plain counts (not normalised), maxima are over files of the scope, operator densities \
                are per 1,000 tokens of the scope's focus file. Strings are the analyzer's string constants: \
                literals and values folded or decoded from them, so an IoC hidden by base64, hex, byte arrays, \
                XOR, splitting or compression is still found (and also counted in the `dec_` features); a string \
                built by `+=` statement after statement counts once, as what it ends up being, and a name a \
                module imports from another module of its package (`from ._utils import KEY`, `signing.KEY`) \
                holds the string that module's own analysis left bound to it, however it was written there. \
                APIs are resolved names (`import os as o; o.system` is `os.system`).

                """);
        sb.append("## Families\n\n");
        sb.append("| family | features | what | why padding does not move it cheaply |\n|---|---|---|---|\n");
        for (Family f : Family.values()) {
            sb.append("| ").append(f.title()).append(" (`").append(f.id()).append("`) | ").append(family(f).size())
                    .append(" | ").append(escape(f.summary())).append(" | ").append(escape(f.padding())).append(" |\n");
        }
        sb.append("\n## Features\n\n");
        for (Family f : Family.values()) {
            sb.append("### ").append(f.title()).append(" (`").append(f.id()).append("`)\n\n");
            sb.append(f.summary()).append("\n\n*Padding:* ").append(f.padding()).append("\n\n");
            sb.append("| # | name | description |\n|---|---|---|\n");
            for (Feature x : family(f)) {
                sb.append("| ").append(x.index()).append(" | `").append(x.name()).append("` | ")
                        .append(escape(x.description())).append(" |\n");
            }
            sb.append("\n");
        }
        sb.append("## API list by group\n\n| group | category | entries |\n|---|---|---|\n");
        for (ApiGroup g : ApiGroup.values()) {
            sb.append("| `").append(g.id()).append("` | ").append(g.category().id()).append(" | ")
                    .append(escape(String.join(", ", ApiCatalogue.names(g)))).append(" |\n");
        }
        return sb.toString();
    }

    private static String escape(String s) {
        return s.replace("|", "\\|");
    }

    /** Writes the Markdown to the path given (default {@code docs/features.md}). */
    public static void main(String[] args) throws java.io.IOException {
        java.nio.file.Path out = java.nio.file.Path.of(args.length > 0 ? args[0] : "docs/features.md");
        if (out.getParent() != null) {
            java.nio.file.Files.createDirectories(out.getParent());
        }
        java.nio.file.Files.writeString(out, markdown());
    }
}
