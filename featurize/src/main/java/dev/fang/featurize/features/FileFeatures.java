package dev.fang.featurize.features;

import dev.fang.featurize.analysis.ApiUse;
import dev.fang.featurize.analysis.ClassDef;
import dev.fang.featurize.analysis.DecodedPayload;
import dev.fang.featurize.analysis.EncodedText;
import dev.fang.featurize.analysis.FlowSite;
import dev.fang.featurize.analysis.ModuleAnalysis;
import dev.fang.featurize.analysis.Obfuscation;
import dev.fang.featurize.analysis.StringConstant;
import dev.fang.featurize.parser.ParseReport;
import dev.fang.featurize.parser.ParsedFile;
import dev.fang.featurize.parser.PythonLexer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.Token;

/** The features of one analysed Python file, before they are combined over the files of a scope. */
final class FileFeatures {

    /** Operators counted for the operator family, in the order of {@link #OPERATOR_FEATURES}. */
    static final String[] OPERATOR_FEATURES = {"op_plus", "op_minus", "op_star", "op_slash", "op_percent", "op_assign",
        "op_augassign", "op_compare", "op_bracket", "op_paren", "op_brace", "op_dot", "op_comma", "op_colon",
        "op_semicolon", "op_xor", "op_bitwise", "op_lambda"};

    /** What one file contributes. */
    record Facts(String path, Acc acc, double[] operatorsPer1k, int tokens, int focusScore) { }

    private static final Set<String> SETUP_APIS = Set.of("setuptools.setup", "distutils.core.setup",
            "setuptools._distutils.core.setup", "numpy.distutils.core.setup", "skbuild.setup", "setup");
    private static final Set<String> DEFERRED = Set.of("atexit.register", "sys.settrace", "sys.setprofile",
            "site.addsitedir", "sys.meta_path", "sys.path_hooks", "sys.meta_path.insert", "sys.meta_path.append",
            "threading.settrace");
    private static final Set<String> COMMAND_BASES = Set.of("install", "install_lib", "install_scripts",
            "install_data", "install_headers", "install_egg_info", "develop", "egg_info", "build", "build_py",
            "build_ext", "build_clib", "build_scripts", "sdist", "bdist", "bdist_egg", "bdist_wheel", "bdist_rpm",
            "bdist_dumb", "easy_install", "editable_wheel", "dist_info", "Command", "test", "upload", "register");
    private static final Set<String> HOOK_METHODS = Set.of("run", "__init__", "initialize_options", "finalize_options");
    private static final List<String> PACKER_MARKERS = List.of("pyarmor", "pytransform", "__armor_enter__",
            "__armor_exit__", "__armor_wrap__", "pyobfuscate", "blankobf", "obfuscated by",
            "obfuscated with", "pyprotect", "pycryptor", "py-fuscate", "pyobfuscator");
    /** Whether a lower-cased text may hold a packer marker: each has "py", "obf" or "armor" (most texts have none). */
    private static boolean mayHoldPackerMarker(String lower) {
        return lower.contains("py") || lower.contains("obf") || lower.contains("armor");
    }

    private static final Pattern WRITE_MODE = Pattern.compile("(,\\s*|mode\\s*=\\s*)[rb]?['\"][rbt]*[wax][rbt+]*['\"]");
    private static final Pattern WRITE_MODE_VALUE = Pattern.compile("[rbt]*[wax][rbt+]*");
    private static final Set<String> NETWORK_METHOD_HINTS = Set.of("connect", "connect_ex", "sendto", "sendall",
            "urlopen", "urlretrieve", "create_connection", "gethostbyname", "getaddrinfo", "retrbinary",
            "storbinary", "sendmail", "post", "put");
    private static final Set<IndicatorCategory> CREDENTIAL_CATEGORIES = EnumSet.of(IndicatorCategory.CREDENTIALS,
            IndicatorCategory.BROWSER_DATA, IndicatorCategory.MESSAGING_TOKENS, IndicatorCategory.CRYPTO_WALLETS);

    /**
     * Names that betray API obfuscation in the text, and the detour each stands for: what a regex sees of a
     * detour in {@link Understanding#RAW_TOKENS} mode, where no detour is followed to the API it reaches.
     */
    private static final Map<String, Obfuscation> SURFACE_DETOURS = Map.of("__import__", Obfuscation.DYNAMIC_IMPORT,
            "import_module", Obfuscation.DYNAMIC_IMPORT, "getattr", Obfuscation.GETATTR,
            "__getattribute__", Obfuscation.GETATTRIBUTE, "__dict__", Obfuscation.DICT_LOOKUP,
            "__call__", Obfuscation.DUNDER_CALL, "__builtins__", Obfuscation.BUILTINS_LOOKUP);
    /** Decoders that, applied to a literal written in place, are the seed's base-N and hex patterns (raw-tokens mode). */
    private static final Map<String, String> SURFACE_DECODERS = Map.ofEntries(Map.entry("b64decode", "obf_base_n"),
            Map.entry("urlsafe_b64decode", "obf_base_n"), Map.entry("standard_b64decode", "obf_base_n"),
            Map.entry("b32decode", "obf_base_n"), Map.entry("b32hexdecode", "obf_base_n"),
            Map.entry("b16decode", "obf_base_n"), Map.entry("b85decode", "obf_base_n"),
            Map.entry("a85decode", "obf_base_n"), Map.entry("decodebytes", "obf_base_n"),
            Map.entry("decodestring", "obf_base_n"), Map.entry("fromhex", "obf_hex"),
            Map.entry("unhexlify", "obf_hex"), Map.entry("a2b_hex", "obf_hex"));

    /** Feature names of each API group and category, by ordinal: made once rather than per API use. */
    private static final String[] GROUP_FEATURE = new String[ApiGroup.values().length];
    private static final String[] CATEGORY_SITES = new String[ApiCategory.values().length];
    private static final String[] CATEGORY_DISTINCT = new String[ApiCategory.values().length];
    private static final String[] CATEGORY_MODULE_LEVEL = new String[ApiCategory.values().length];
    private static final String[] DETOUR_FEATURE = new String[Obfuscation.values().length];

    static {
        for (ApiGroup g : ApiGroup.values()) {
            GROUP_FEATURE[g.ordinal()] = "api_" + g.id();
        }
        for (ApiCategory c : ApiCategory.values()) {
            CATEGORY_SITES[c.ordinal()] = "api_" + c.id() + "_sites";
            CATEGORY_DISTINCT[c.ordinal()] = "api_" + c.id() + "_distinct";
            CATEGORY_MODULE_LEVEL[c.ordinal()] = "modlevel_" + c.id();
        }
        for (Obfuscation o : Obfuscation.values()) {
            DETOUR_FEATURE[o.ordinal()] = "apiobf_" + o.name().toLowerCase(Locale.ROOT);
        }
    }

    private enum Kind { HOST, NET, SOCKET, FS_WRITE, CRED, EXEC, CMD, DECODE, PERSIST }

    /**
     * A step of a behaviour; its description is made only for the few events a behaviour chain shows.
     * {@code onLoad}: it runs on import or install (module-level code or a function it calls).
     */
    private record Event(int line, int depth, Kind kind, String label, boolean onLoad) {
        String what() {
            return label + " (line " + line + ")";
        }
    }

    private final String path;
    private final ParsedFile parsed;
    private final ModuleAnalysis analysis;
    private final Understanding understanding;
    private final Acc acc = new Acc();
    private final List<Event> events = new ArrayList<>();
    private final Set<Integer> apiLines = new HashSet<>();
    /** Lines with an API use that runs on load: a string or payload there runs on load too. */
    private final Set<Integer> onLoadLines = new HashSet<>();
    /** API categories used in code that runs on load, with the evidence of the first use of each. */
    private final Map<ApiCategory, Ev> onLoadCategories = new EnumMap<>(ApiCategory.class);
    /** The group of each of the analysis's API uses, in order (null when not listed): looked up once per use. */
    private ApiGroup[] apiGroups;
    private final Map<Integer, DecodedPayload> payloadAtLine = new HashMap<>();
    private final Set<String> riskyGroups = new HashSet<>();
    private final Set<String> indicatorsSeen = new HashSet<>();
    private final String text;
    /**
     * Offsets of the lines of {@link #text} as split at every '\n' (none dropped): line k (from 0) is
     * {@code text[lineStarts[k], lineStarts[k + 1] - 1)}. Offsets rather than line strings: most lines are never
     * read as text, and splitting copied every file's text.
     */
    private final int[] lineStarts;
    /** The string {@link #strings} is at, whether it counts as decoded, and its evidence once made. */
    private StringConstant scanned;
    private boolean scannedDecoded;
    private Ev scannedEv;
    /** Char counts of one text at a time (a string's, the identifiers'). */
    private final Texts.CharCounts charCounts = new Texts.CharCounts();
    /** Lines stripped, filled as asked for. */
    private String[] stripped;

    private FileFeatures(String path, ParsedFile parsed, ModuleAnalysis analysis, Understanding understanding) {
        this.path = path;
        this.parsed = parsed;
        this.analysis = analysis;
        this.understanding = understanding;
        this.text = parsed.text();
        this.lineStarts = lineStarts(text);
    }

    private static int[] lineStarts(String text) {
        // one pass over the text, into an array sized for lines of about 32 chars and grown when they are shorter
        int[] starts = new int[text.length() / 32 + 2];
        int count = 1;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            if (count + 1 == starts.length) {
                starts = Arrays.copyOf(starts, 2 * starts.length);
            }
            starts[count++] = i + 1;
        }
        starts[count] = text.length() + 1;
        return count + 1 == starts.length ? starts : Arrays.copyOf(starts, count + 1);
    }

    private int lineCount() {
        return lineStarts.length - 1;
    }

    /** Length of line k (from 0), without its '\n'. */
    private int lineLength(int k) {
        return lineStarts[k + 1] - 1 - lineStarts[k];
    }

    /** Whether line k (from 0) is empty or white space only, as {@link String#isBlank()} says. */
    private boolean blankLine(int k) {
        for (int i = lineStarts[k], end = lineStarts[k + 1] - 1; i < end; i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Computes the features of one file; {@code analysis} carries the file's parse and was made with the
     * given understanding (which decides where obfuscation is seen: in the analysis or on the surface).
     */
    static Facts compute(String path, ModuleAnalysis analysis, Understanding understanding) {
        return new FileFeatures(path, analysis.parsed(), analysis, understanding).run();
    }

    private Facts run() {
        for (DecodedPayload p : analysis.payloads()) {
            payloadAtLine.putIfAbsent(p.line(), p);
        }
        collectApiLines();
        shape();
        int[] ops = new int[OPERATOR_FEATURES.length];
        int tokens = tokens(ops);
        if (understanding == Understanding.RAW_TOKENS) {
            surfacePatterns();
        }
        apis();
        strings();
        encodedTexts();
        classes();
        payloads();
        flows();
        parse();
        behaviours();
        double[] per1k = new double[ops.length];
        for (int i = 0; i < ops.length; i++) {
            per1k[i] = tokens == 0 ? 0 : Texts.round(1000.0 * ops[i] / tokens);
        }
        return new Facts(path, acc, per1k, tokens, riskyGroups.size() + indicatorsSeen.size());
    }

    private void flows() {
        for (FlowSite f : analysis.flowSites()) {
            Ev ev = ev(f.line(), f.snippet());
            switch (f.kind()) {
                case EXEC_RUNTIME_DECODED -> acc.sum("flow_exec_runtime_decoded", 1, ev);
                case RUN_DOWNLOADED_FILE -> acc.sum("flow_run_downloaded_file", 1, ev);
                case RUN_WRITTEN_FILE -> {
                    if (f.onLoad()) {
                        acc.sum("flow_run_written_file_on_load", 1, ev);
                    }
                }
                case RUN_RECEIVED -> acc.sum("flow_run_received", 1, ev);
                case SOCKET_STDIO -> acc.sum("flow_socket_stdio", 1, ev);
                case SPAWN_PYTHON -> {
                    if (f.onLoad()) {
                        acc.sum("flow_spawn_python_on_load", 1, ev);
                    }
                }
                case SPAWN_HIDDEN -> {
                    if (f.onLoad()) {
                        acc.sum("flow_spawn_hidden_on_load", 1, ev);
                    }
                }
                case RECON_COMMAND -> {
                    acc.sum("flow_recon_commands", 1, ev);
                    if (f.onLoad()) {
                        acc.sum("flow_recon_commands_on_load", 1, ev);
                    }
                }
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private String lineText(int line) {
        if (line < 1 || line > lineCount()) {
            return "";
        }
        if (stripped == null) {
            stripped = new String[lineCount()];
        }
        String s = stripped[line - 1];
        if (s == null) {
            s = text.substring(lineStarts[line - 1], lineStarts[line] - 1).strip();
            stripped[line - 1] = s;
        }
        return s;
    }

    private Ev ev(int line, String snippet) {
        return new Ev(path, line, snippet == null || snippet.isEmpty() ? lineText(line) : snippet, null);
    }

    private Ev apiEv(ApiUse u) {
        if (u.depth() > 0) {
            DecodedPayload p = payloadAtLine.get(u.line());
            String site = p != null ? p.snippet() : lineText(u.line());
            return new Ev(path, u.line(), site, u.snippet());
        }
        return ev(u.line(), u.snippet());
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private void collectApiLines() {
        List<ApiUse> uses = analysis.apiUses();
        apiGroups = new ApiGroup[uses.size()];
        for (int k = 0; k < apiGroups.length; k++) {
            ApiUse u = uses.get(k);
            ApiGroup g = ApiCatalogue.group(u.api());
            apiGroups[k] = g;
            String n = ApiCatalogue.normalize(u.api());
            String method = n.substring(n.lastIndexOf('.') + 1);
            boolean hinted = n.startsWith("?") && NETWORK_METHOD_HINTS.contains(method);
            boolean counted = !u.folded() && !u.speculative();
            if (counted && (hinted || g != null && (g.category() == ApiCategory.NETWORK || g.category() == ApiCategory.COMMAND))) {
                apiLines.add(u.line());
            }
        }
    }

    // ---- size and shape ----------------------------------------------------------------------------------------

    private void shape() {
        int n = lineCount();
        if (n > 0 && lineLength(n - 1) == 0) {
            n--;
        }
        int longest = 0;
        int longestLine = 0;
        int over500 = 0;
        int firstOver500 = 0;
        int over120 = 0;
        int nonEmpty = 0;
        for (int i = 0; i < n; i++) {
            int len = lineLength(i);
            if (len > longest) {
                longest = len;
                longestLine = i + 1;
            }
            if (len > 500) {
                over500++;
                if (firstOver500 == 0) {
                    firstOver500 = i + 1;
                }
            }
            if (len > 120) {
                over120++;
            }
            if (!blankLine(i)) {
                nonEmpty++;
            }
        }
        Ev fileEv = new Ev(path, 1, n + " lines, " + text.length() + " characters", null);
        acc.max("lines_max", n, fileEv);
        acc.max("chars_max", text.length(), fileEv);
        acc.max("line_length_max", longest, ev(longestLine, longest + " chars: " + lineText(longestLine)));
        acc.sum("long_lines", over500, ev(firstOver500, lineText(firstOver500)));
        acc.max("long_line_share_max", nonEmpty == 0 ? 0 : Texts.round((double) over120 / nonEmpty),
                new Ev(path, 1, over120 + " of " + nonEmpty + " lines longer than 120 characters", null));
        if (parsed.report().codeLines() > 0) {
            int ws = parsed.whitespaceChars();
            acc.min("whitespace_share_min", Texts.round((double) ws / Math.max(1, text.length())),
                    new Ev(path, 1, ws + " whitespace characters of " + text.length(), null));
        }
    }

    // ---- tokens: operators, identifiers, literal shapes --------------------------------------------------------

    private int tokens(int[] ops) {
        List<Token> toks = parsed.tokens();
        int count = 0;
        // each distinct identifier with its first line: one lookup per name (iterates as a HashSet of them would)
        Map<String, Integer> identifierLine = new HashMap<>();
        int maxLiteral = 0;
        int maxLiteralLine = 0;
        int prevType = -1;
        int prevPrevType = -1;
        Token prevString = null;
        int numberRun = 0;
        int numberRunLine = 0;
        // lines with an XOR operator, each once, in order: a set of them is made only if chr or ord occurs too
        int[] xorLines = new int[16];
        int xorLineCount = 0;
        Set<Integer> chrOrdLines = new HashSet<>();
        for (Token t : toks) {
            int type = t.getType();
            if (t.getChannel() != Token.DEFAULT_CHANNEL || type == Token.EOF || type == PythonLexer.NEWLINE
                    || type == PythonLexer.INDENT || type == PythonLexer.DEDENT) {
                continue;
            }
            count++;
            int op = operatorIndex(type);
            if (op >= 0) {
                ops[op]++;
            }
            switch (type) {
                case PythonLexer.NAME -> {
                    String text = t.getText();
                    // looked up before it is put: a boxed line for every occurrence cost an allocation
                    boolean fresh = false;
                    if (identifierLine.size() < 100_000 && !identifierLine.containsKey(text)) {
                        identifierLine.put(text, t.getLine());
                        fresh = true;
                    }
                    if (text.equals("chr") || text.equals("ord")) {
                        chrOrdLines.add(t.getLine());
                    }
                    // A packer marker is recorded at its first occurrence: a name seen before was checked then.
                    if (fresh || identifierLine.size() >= 100_000) {
                        String l = lower(text);
                        if (mayHoldPackerMarker(l)) {
                            for (String m : PACKER_MARKERS) {
                                if (l.contains(m)) {
                                    acc.distinct("obf_packer", m, ev(t.getLine(), null));
                                }
                            }
                        }
                    }
                }
                case PythonLexer.STRING -> {
                    String text = t.getText();
                    int len = text.length();
                    if (len > maxLiteral) {
                        maxLiteral = len;
                        maxLiteralLine = t.getLine();
                    }
                    literalShape(t, text);
                    if (prevType == PythonLexer.PLUS && prevPrevType == PythonLexer.STRING && prevString != null
                            && shortPiece(prevString.getText()) && shortPiece(text)) {
                        acc.distinct("obf_string_split", "concat@" + t.getLine(), ev(t.getLine(), null));
                    }
                    prevString = t;
                }
                case PythonLexer.CIRCUMFLEX, PythonLexer.XOR_ASSIGN -> {
                    if (xorLineCount == 0 || xorLines[xorLineCount - 1] != t.getLine()) {
                        if (xorLineCount == xorLines.length) {
                            xorLines = Arrays.copyOf(xorLines, 2 * xorLineCount);
                        }
                        xorLines[xorLineCount++] = t.getLine();
                    }
                }
                default -> { }
            }
            if (type == PythonLexer.NUMBER) {
                if (numberRun == 0) {
                    numberRunLine = t.getLine();
                }
                numberRun++;
            } else if (type != PythonLexer.COMMA && type != PythonLexer.MINUS) {
                if (numberRun >= 20) {
                    acc.distinct("obf_byte_arrays", "ints@" + numberRunLine,
                            ev(numberRunLine, numberRun + " integer literals in a row"));
                }
                numberRun = 0;
            }
            prevPrevType = prevType;
            prevType = type;
        }
        if (numberRun >= 20) {
            acc.distinct("obf_byte_arrays", "ints@" + numberRunLine, ev(numberRunLine, numberRun + " integer literals in a row"));
        }
        if (!chrOrdLines.isEmpty()) {
            Set<Integer> xorSet = new HashSet<>();   // filled in the same order, so iterated in the same order
            for (int k = 0; k < xorLineCount; k++) {
                xorSet.add(xorLines[k]);
            }
            for (Integer line : xorSet) {
                if (chrOrdLines.contains(line)) {
                    acc.distinct("obf_xor", "xor@" + line, ev(line, null));
                }
            }
        }
        acc.max("tokens_max", count, new Ev(path, 1, count + " tokens", null));
        acc.max("string_literal_length_max", maxLiteral, ev(maxLiteralLine, null));
        identifiers(identifierLine);
        return count;
    }

    /**
     * The seed's regex view of API obfuscation and of base-N/hex strings, for raw-tokens mode: there the analysis
     * follows no detour and decodes nothing, so what a detour or a decoder leaves in the text is all there is.
     * A detour name counts where it is used ({@code getattr(}, {@code __import__(}, {@code x.__dict__[},
     * {@code __builtins__}), not where it is defined ({@code def __call__(}); a decoder counts when a literal is
     * its first argument ({@code b64decode('...')}).
     */
    private void surfacePatterns() {
        List<Token> code = new ArrayList<>();
        for (Token t : parsed.tokens()) {
            if (t.getChannel() == Token.DEFAULT_CHANNEL && t.getType() != Token.EOF) {
                code.add(t);
            }
        }
        for (int i = 0; i < code.size(); i++) {
            Token t = code.get(i);
            if (t.getType() != PythonLexer.NAME) {
                continue;
            }
            int prev = i == 0 ? -1 : code.get(i - 1).getType();
            int next = i + 1 < code.size() ? code.get(i + 1).getType() : -1;
            Obfuscation detour = SURFACE_DETOURS.get(t.getText());
            boolean used = next == PythonLexer.LPAR || (next == PythonLexer.LSQB && detour == Obfuscation.DICT_LOOKUP)
                    || detour == Obfuscation.BUILTINS_LOOKUP;
            if (detour != null && used && prev != PythonLexer.DEF) {
                Ev ev = ev(t.getLine(), null);
                acc.sum(DETOUR_FEATURE[detour.ordinal()], 1, ev);
                acc.sum("obf_api_references", 1, ev);
            }
            String decoder = SURFACE_DECODERS.get(t.getText());
            if (decoder != null && next == PythonLexer.LPAR && i + 2 < code.size() && code.get(i + 2).getType() == PythonLexer.STRING) {
                acc.distinct(decoder, "literal@" + t.getLine() + ":" + t.getCharPositionInLine(), ev(t.getLine(), null));
            }
        }
    }

    private static boolean shortPiece(String literal) {
        int q = 0;
        while (q < literal.length() && literal.charAt(q) != '\'' && literal.charAt(q) != '"') {
            q++;
        }
        int body = literal.length() - q - 2;
        return body >= 0 && body <= 4;
    }

    private void literalShape(Token t, String text) {
        int escapes = 0;
        int hexEscapes = 0;
        // from backslash to backslash: indexOf is far quicker than charAt on every char of a long literal
        for (int i = text.indexOf('\\'); i >= 0 && i + 1 < text.length(); i = text.indexOf('\\', i + 1)) {
            char e = text.charAt(i + 1);
            if (e == 'x' && i + 3 < text.length()) {
                hexEscapes++;
                escapes += 4;
                i += 3;
            } else if (e == 'u') {
                escapes += 6;
                i += 5;
            } else if (e == 'U') {
                escapes += 10;
                i += 9;
            } else if (e >= '0' && e <= '7') {
                escapes += 4;
                i += 3;
            } else {
                i++;
            }
        }
        if (hexEscapes >= 8) {
            acc.distinct("obf_hex", "escapes@" + t.getLine() + ":" + t.getCharPositionInLine(), ev(t.getLine(), null));
        }
        if (text.length() >= 40 && escapes * 2 >= text.length()) {
            acc.distinct("obf_escaped_literals", t.getLine() + ":" + t.getCharPositionInLine(), ev(t.getLine(), null));
        }
    }

    private static int operatorIndex(int type) {
        return switch (type) {
            case PythonLexer.PLUS -> 0;
            case PythonLexer.MINUS -> 1;
            case PythonLexer.STAR, PythonLexer.POWER -> 2;
            case PythonLexer.SLASH, PythonLexer.IDIV -> 3;
            case PythonLexer.PERCENT -> 4;
            case PythonLexer.ASSIGN -> 5;
            case PythonLexer.ADD_ASSIGN, PythonLexer.SUB_ASSIGN, PythonLexer.MULT_ASSIGN, PythonLexer.DIV_ASSIGN,
                 PythonLexer.MOD_ASSIGN, PythonLexer.AND_ASSIGN, PythonLexer.OR_ASSIGN, PythonLexer.XOR_ASSIGN,
                 PythonLexer.LSHIFT_ASSIGN, PythonLexer.RSHIFT_ASSIGN, PythonLexer.POWER_ASSIGN,
                 PythonLexer.IDIV_ASSIGN, PythonLexer.AT_ASSIGN -> 6;
            case PythonLexer.EQUALS, PythonLexer.NOT_EQUAL, PythonLexer.LESS, PythonLexer.GREATER,
                 PythonLexer.LESS_EQUAL, PythonLexer.GREATER_EQUAL -> 7;
            case PythonLexer.LSQB -> 8;
            case PythonLexer.LPAR -> 9;
            case PythonLexer.LBRACE -> 10;
            case PythonLexer.DOT -> 11;
            case PythonLexer.COMMA -> 12;
            case PythonLexer.COLON -> 13;
            case PythonLexer.SEMI -> 14;
            case PythonLexer.CIRCUMFLEX -> 15;
            case PythonLexer.AMPER, PythonLexer.VBAR, PythonLexer.TILDE, PythonLexer.LEFT_SHIFT,
                 PythonLexer.RIGHT_SHIFT -> 16;
            case PythonLexer.LAMBDA -> 17;
            default -> -1;
        };
    }


    private void identifiers(Map<String, Integer> lineOf) {
        Set<String> identifiers = lineOf.keySet();
        if (identifiers.isEmpty()) {
            return;
        }
        // the chars of the identifiers one after the other, as long as fewer than 4,000,000 were counted
        charCounts.clear();
        long counted = 0;
        long totalLength = 0;
        for (String id : identifiers) {
            if (counted < 4_000_000) {
                charCounts.add(id, Integer.MAX_VALUE);
                counted += id.length();
            }
            totalLength += id.length();
            if (machineMade(id)) {
                acc.distinct("machine_identifiers", id, ev(lineOf.get(id), null));
            }
            for (int i = 0; i < id.length(); i++) {
                if (id.charAt(i) > 127) {
                    acc.distinct("obf_nonascii_identifiers", id, ev(lineOf.get(id), null));
                    break;
                }
            }
        }
        Ev fileEv = new Ev(path, 1, identifiers.size() + " distinct identifiers", null);
        acc.max("identifier_class_entropy_max", Texts.round(charCounts.classEntropy()), fileEv);
        acc.max("identifier_entropy_max", Texts.round(charCounts.entropy()), fileEv);
        acc.max("identifier_length_mean_max", Texts.round((double) totalLength / identifiers.size()), fileEv);
    }

    /**
     * Names no person writes: {@code _*[Il1]{6,}_*} or {@code _*[O0o]{6,}_*} mixing look-alikes, hex numbers
     * ({@code _{0,2}0x[0-9a-fA-F]{3,}}), long mixes of digits and both cases. Matched by hand rather than with
     * regexes: this runs on every distinct identifier of every file.
     */
    static boolean machineMade(String id) {
        if (lookAlikeRun(id, "Il1") && id.indexOf('I') >= 0 && (id.indexOf('l') >= 0 || id.indexOf('1') >= 0)) {
            return true;
        }
        if (lookAlikeRun(id, "O0o") && id.indexOf('O') >= 0 && id.indexOf('0') >= 0) {
            return true;
        }
        if (hexName(id)) {
            return true;
        }
        if (id.length() >= 20 && id.indexOf('_') < 0) {
            int d = 0;
            int u = 0;
            int l = 0;
            for (int i = 0; i < id.length(); i++) {
                switch (Texts.charClass(id.charAt(i))) {
                    case 0 -> d++;
                    case 1 -> u++;
                    case 2 -> l++;
                    default -> { }
                }
            }
            return d >= 3 && u >= 3 && l >= 3;
        }
        return false;
    }

    /** Whether {@code id} is {@code _*[chars]{6,}_*}. */
    private static boolean lookAlikeRun(String id, String chars) {
        int from = 0;
        int to = id.length();
        while (from < to && id.charAt(from) == '_') {
            from++;
        }
        while (to > from && id.charAt(to - 1) == '_') {
            to--;
        }
        if (to - from < 6) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (chars.indexOf(id.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code id} is {@code _{0,2}0x[0-9a-fA-F]{3,}}. */
    private static boolean hexName(String id) {
        int at = 0;
        while (at < 2 && at < id.length() && id.charAt(at) == '_') {
            at++;
        }
        if (!id.startsWith("0x", at) || id.length() - at - 2 < 3) {
            return false;
        }
        for (int i = at + 2; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    // ---- APIs ----------------------------------------------------------------------------------------------------

    private void apis() {
        List<ApiUse> uses = analysis.apiUses();
        for (int k = 0; k < apiGroups.length; k++) {
            ApiUse u = uses.get(k);
            if (u.folded()) {
                // plumbing: obfuscation spells a literal or a name this way; the name it resolves to counts below, with
                // its detours (apiobf_), and the constant it folds to counts as a string (dec_, obf_)
                continue;
            }
            String api = ApiCatalogue.normalize(u.api());
            ApiGroup g = apiGroups[k];
            if (u.speculative()) {
                // code-like text that is not run in sight: analysed only when decoded, so it counts only as decoded
                if (g != null) {
                    decodedApi(u, api, g, apiEv(u));
                }
                continue;
            }
            boolean setupCall = u.call() && SETUP_APIS.contains(api);
            boolean deferred = DEFERRED.contains(api);
            if (g == null && !setupCall && !deferred) {
                unresolvedEvents(u, api);   // no evidence made: most uses are of APIs not listed
                continue;
            }
            Ev ev = apiEv(u);
            if (setupCall) {
                if (u.keywords().contains("cmdclass")) {
                    acc.sum("hook_cmdclass", 1, ev);
                }
                if (u.keywords().contains("dependency_links")) {
                    acc.sum("hook_dependency_links", 1, ev);
                }
            }
            if (deferred) {
                acc.sum("hook_deferred_execution", 1, ev);
            }
            if (g == null) {
                unresolvedEvents(u, api);
                continue;
            }
            ApiCategory cat = g.category();
            acc.sum(GROUP_FEATURE[g.ordinal()], 1, ev);
            acc.sum(CATEGORY_SITES[cat.ordinal()], 1, ev);
            acc.distinct(CATEGORY_DISTINCT[cat.ordinal()], api, ev);
            if (u.moduleLevel()) {
                acc.distinct(CATEGORY_MODULE_LEVEL[cat.ordinal()], api, ev);
                onLoadCategories.putIfAbsent(cat, ev);
                if (u.call() && risky(g)) {
                    acc.distinct("hook_module_level_risky", api, ev);
                }
            }
            for (Obfuscation o : u.how()) {
                acc.sum(DETOUR_FEATURE[o.ordinal()], 1, ev);
            }
            if (u.obfuscated()) {
                acc.sum("obf_api_references", 1, ev);
                acc.distinct("apiobf_only_hidden", api, ev);
            } else {
                acc.plain("apiobf_only_hidden", api);
            }
            decodedApi(u, api, g, ev);
            if (risky(g)) {
                riskyGroups.add(g.id());
            }
            events(u, api, g);
        }
    }

    private void decodedApi(ApiUse u, String api, ApiGroup g, Ev ev) {
        boolean exec = g.category() == ApiCategory.COMMAND || g.category() == ApiCategory.CODE;
        if (u.depth() > 0) {
            acc.distinct("dec_apis", api, ev);
            if (exec) {
                acc.distinct("dec_exec_apis", api, ev);
            }
        } else {
            acc.plain("dec_apis", api);
            acc.plain("dec_exec_apis", api);
        }
    }

    /** Groups that make a file interesting (and that a setup script has no business calling at module level). */
    private static boolean risky(ApiGroup g) {
        return switch (g.category()) {
            case NETWORK, COMMAND, CODE -> true;
            case HOST_INFO -> g != ApiGroup.HOST_IDENTITY && g != ApiGroup.HOST_ENVIRONMENT;
            case FILESYSTEM -> g == ApiGroup.FS_WRITE || g == ApiGroup.FS_DELETE || g == ApiGroup.FS_PERMISSIONS
                    || g == ApiGroup.FS_DATABASE;
            case ENCODING -> g != ApiGroup.ENC_CHARS;
        };
    }

    private void events(ApiUse u, String api, ApiGroup g) {
        int line = u.line();
        int d = u.depth();
        boolean onLoad = u.moduleLevel();
        if (onLoad) {
            onLoadLines.add(line);
        }
        switch (g.category()) {
            case NETWORK -> {
                events.add(new Event(line, d, Kind.NET, api, onLoad));
                if (g == ApiGroup.NET_SOCKET) {
                    events.add(new Event(line, d, Kind.SOCKET, api, onLoad));
                }
            }
            case HOST_INFO -> {
                events.add(new Event(line, d, Kind.HOST, api, onLoad));
                if (g == ApiGroup.HOST_CREDENTIALS) {
                    events.add(new Event(line, d, Kind.CRED, api, onLoad));
                }
                if (g == ApiGroup.HOST_REGISTRY && api.contains("SetValue")) {
                    events.add(new Event(line, d, Kind.PERSIST, api, onLoad));
                }
            }
            case COMMAND -> {
                events.add(new Event(line, d, Kind.CMD, api, onLoad));
                events.add(new Event(line, d, Kind.EXEC, api, onLoad));
            }
            case CODE -> {
                boolean runs = g == ApiGroup.CODE_EVAL || g == ApiGroup.CODE_DESERIALIZE
                        || api.startsWith("runpy.") || api.startsWith("imp.load") || api.startsWith("importlib.machinery.")
                        || api.equals("importlib.util.spec_from_file_location") || api.equals("ctypes.CDLL")
                        || api.equals("ctypes.WinDLL") || api.equals("ctypes.cdll.LoadLibrary");
                if (runs) {
                    events.add(new Event(line, d, Kind.EXEC, api, onLoad));
                }
            }
            case FILESYSTEM -> {
                if (g == ApiGroup.FS_WRITE || g == ApiGroup.FS_PERMISSIONS) {
                    events.add(new Event(line, d, Kind.FS_WRITE, api, onLoad));
                } else if (g == ApiGroup.FS_READ && writes(u)) {
                    events.add(new Event(line, d, Kind.FS_WRITE, api, onLoad));
                } else if (g == ApiGroup.FS_DATABASE) {
                    events.add(new Event(line, d, Kind.CRED, api, onLoad));
                }
            }
            case ENCODING -> {
                if (g != ApiGroup.ENC_CHARS && !api.contains("encode") && !api.endsWith("compress")
                        && !api.equals("binascii.hexlify") && !api.equals("binascii.b2a_hex")) {
                    events.add(new Event(line, d, Kind.DECODE, api, onLoad));
                }
            }
        }
    }

    /** An {@code open} for writing: by the folded mode argument, however it is written, else by the text of the call. */
    private static boolean writes(ApiUse u) {
        return u.mode() != null ? WRITE_MODE_VALUE.matcher(u.mode()).matches() : WRITE_MODE.matcher(u.snippet()).find();
    }

    private void unresolvedEvents(ApiUse u, String api) {
        if (!api.startsWith("?")) {
            return;
        }
        String method = api.substring(api.lastIndexOf('.') + 1);
        if (method.equals("write") || method.equals("write_bytes") || method.equals("write_text")) {
            events.add(new Event(u.line(), u.depth(), Kind.FS_WRITE, api, u.moduleLevel()));
        }
    }

    // ---- strings ---------------------------------------------------------------------------------------------------

    /** A string counted once per line and kind; a long value stands in by its hash and length. */
    private record SeenString(boolean decoded, int line, String value) { }

    private void strings() {
        Set<SeenString> seen = new HashSet<>();
        for (StringConstant s : analysis.strings()) {
            String value = s.value();
            if (value == null || value.isEmpty()) {
                continue;
            }
            boolean decoded = s.decoded() || s.depth() > 0;
            SeenString key = new SeenString(decoded, s.line(),
                    value.length() > 256 ? value.hashCode() + ":" + value.length() : value);
            if (!seen.add(key)) {
                continue;
            }
            scanned = s;
            scannedDecoded = decoded;
            scannedEv = null;
            transforms(s);
            String scan = value.length() > Indicators.MAX_SCAN ? value.substring(0, Indicators.MAX_SCAN) : value;
            String lower = lower(scan);
            indicators(s, lower, decoded);
            networkIndicators(s, scan, decoded);
            if (value.length() >= 32) {
                charCounts.clear();
                charCounts.add(value, Indicators.MAX_SCAN);
                acc.max("string_class_entropy_max", Texts.round(charCounts.classEntropy()), this::stringEv);
            }
            if (value.length() >= 64) {
                double h = Texts.round(charCounts.entropy());
                acc.max("string_entropy_max", h, this::stringEv);
                if (h >= 4.8) {
                    acc.distinct("high_entropy_strings", value.length() + ":" + value.hashCode(), stringEv());
                }
            }
            if (mayHoldPackerMarker(lower)) {
                for (String m : PACKER_MARKERS) {
                    if (lower.contains(m)) {
                        acc.distinct("obf_packer", m, stringEv());
                    }
                }
            }
        }
    }

    /** The evidence of the string {@link #strings} is at, made when a feature first counts it: most count for none. */
    private Ev stringEv() {
        if (scannedEv == null) {
            StringConstant s = scanned;
            String snippet = s.snippet() == null || s.snippet().isEmpty() ? lineText(s.line()) : s.snippet();
            scannedEv = new Ev(path, s.line(), snippet, scannedDecoded ? s.value() : null);
        }
        return scannedEv;
    }

    /**
     * Base64 and hex chunks of the texts the code holds but does not decode in sight, after folding. What a decoder in
     * sight makes of a text counts as that (decoded strings, payloads), so encoding a literal, as string obfuscation
     * does, adds no chunk; a decoder input that decodes to encoded text is a re-encoding around it and counts as what
     * it decodes to, unless that is decoded in sight too. Splitting or reversing a literal changes nothing; a chunk
     * seen twice counts once.
     */
    private void encodedTexts() {
        Set<String> decodedInSight = new HashSet<>();
        for (EncodedText t : analysis.encodedTexts()) {
            if (t.decodesTo() != null) {
                decodedInSight.add(t.value());
            }
        }
        Set<String> seen = new HashSet<>();
        for (EncodedText t : analysis.encodedTexts()) {
            String text = t.decodesTo() == null ? t.value() : mostlyEncoded(t.decodesTo()) ? t.decodesTo() : null;
            if (text == null || decodedInSight.contains(text)) {
                continue;
            }
            String scan = text.length() > Indicators.MAX_SCAN ? text.substring(0, Indicators.MAX_SCAN) : text;
            Ev ev = null;
            for (String chunk : Indicators.base64Chunks(scan)) {
                if (seen.add(chunk)) {
                    ev = ev != null ? ev : encodedEv(t, text);
                    acc.distinct("base64_chunks", chunk, ev);
                    acc.max("base64_chunk_length_max", chunk.length(), ev);
                }
            }
            for (String chunk : Indicators.hexChunks(scan)) {
                if (seen.add(chunk)) {
                    ev = ev != null ? ev : encodedEv(t, text);
                    acc.distinct("hex_chunks", chunk, ev);
                }
            }
        }
    }

    private Ev encodedEv(EncodedText t, String text) {
        String snippet = t.snippet() == null || t.snippet().isEmpty() ? lineText(t.line()) : t.snippet();
        return new Ev(path, t.line(), snippet, t.computed() || !text.equals(t.value()) ? text : null);
    }

    /** Whether base64 or hex runs make up at least half of a text: it is encoded text itself. */
    private static boolean mostlyEncoded(String text) {
        String scan = text.length() > Indicators.MAX_SCAN ? text.substring(0, Indicators.MAX_SCAN) : text;
        long encoded = 0;
        for (String chunk : Indicators.base64Chunks(scan)) {
            encoded += chunk.length();
        }
        for (String chunk : Indicators.hexChunks(scan)) {
            encoded += chunk.length();
        }
        return 2 * encoded >= scan.length();
    }

    private void transforms(StringConstant s) {
        if (!s.decoded()) {
            return;
        }
        Ev ev = stringEv();
        // no DECODE event: string obfuscation decodes every literal, and a decoded command is still the command; code
        // found by decoding is a payload (see payloads), and a decoder applied to data not known here is a DECODE API
        acc.sum("dec_strings", 1, ev);
        String id = s.line() + ":" + s.value().hashCode();
        if (s.transforms().size() >= 2) {
            acc.distinct("obf_decode_chains", id, ev);
        }
        for (String t : s.transforms()) {
            String x = lower(t);
            if (x.startsWith("base") || x.startsWith("b64") || x.startsWith("b32") || x.startsWith("b16")
                    || x.startsWith("b85") || x.startsWith("a85") || x.startsWith("ascii85") || x.contains("urlsafe") || x.equals("decodebytes")) {
                acc.distinct("obf_base_n", id, ev);
            } else if (x.contains("hex") || x.contains("escape")) {
                acc.distinct("obf_hex", id, ev);
            } else if (x.equals("bytes") || x.equals("bytearray") || x.equals("chr") || x.contains("int")
                    || x.equals("ord") || x.equals("fromints") || x.equals("map")) {
                acc.distinct("obf_byte_arrays", id, ev);
            } else if (x.contains("xor") || x.startsWith("rot")) {
                acc.distinct("obf_xor", id, ev);
            } else if (x.contains("zlib") || x.contains("gzip") || x.contains("bz2") || x.contains("lzma")
                    || x.contains("compress")) {
                acc.distinct("obf_compression", id, ev);
            } else if (x.contains("join") || x.contains("concat") || x.contains("revers") || x.contains("slice") || x.equals("stride")
                    || x.contains("format") || x.contains("replace") || x.equals("%") || x.contains("split")) {
                acc.distinct("obf_string_split", id, ev);
            } else if (x.startsWith("marshal")) {
                acc.distinct("obf_packer", "marshal blob", ev);
            }
        }
    }

    private void indicators(StringConstant s, String lower, boolean decoded) {
        for (Indicators.Indicator i : Indicators.match(lower)) {
            Ev ev = stringEv();
            acc.distinct("sus_" + i.category().id(), i.id(), ev);
            acc.distinct("sus_total", i.id(), ev);
            indicatorsSeen.add(i.id());
            if (decoded) {
                acc.distinct("dec_suspicious", i.id(), ev);
            } else {
                acc.plain("dec_suspicious", i.id());
            }
            if (CREDENTIAL_CATEGORIES.contains(i.category())) {
                events.add(new Event(s.line(), s.depth(), Kind.CRED, "'" + i.id() + "'", onLoadLines.contains(s.line())));
            } else if (i.category() == IndicatorCategory.PERSISTENCE) {
                events.add(new Event(s.line(), s.depth(), Kind.PERSIST, "'" + i.id() + "'", onLoadLines.contains(s.line())));
            }
        }
    }

    private void networkIndicators(StringConstant s, String value, boolean decoded) {
        boolean nearApi = apiLines.contains(s.line());
        for (Indicators.Url u : Indicators.urls(value)) {
            Ev ev = stringEv();
            acc.distinct("url_distinct", u.text(), ev);
            boolean popular = Indicators.popular(u.host());
            if (!popular) {
                acc.distinct("url_hosts_unpopular", u.host(), ev);
                if (nearApi) {
                    acc.distinct("url_near_api", u.text(), ev);
                }
            }
            if (Indicators.executableDownload(u)) {
                acc.distinct("url_executable_download", u.text(), ev);
            }
            if (Indicators.shortener(u.host())) {
                acc.distinct("url_shortener", u.text(), ev);
            }
            if (Indicators.unusualPort(u)) {
                acc.distinct("url_unusual_port", u.text(), ev);
            }
            if (decoded) {
                acc.distinct("dec_urls", u.text(), ev);
            } else {
                acc.plain("dec_urls", u.text());
            }
        }
        for (Indicators.Ip ip : Indicators.publicIps(value)) {
            Ev ev = stringEv();
            acc.distinct("ip_public_distinct", ip.address(), ev);
            if (ip.endpoint()) {
                acc.distinct("ip_endpoints", ip.address(), ev);
            }
            if (nearApi) {
                acc.distinct("ip_near_api", ip.address(), ev);
            }
            if (decoded) {
                acc.distinct("dec_ips", ip.address(), ev);
            } else {
                acc.plain("dec_ips", ip.address());
            }
        }
    }

    // ---- classes, payloads, parse ------------------------------------------------------------------------------

    private void classes() {
        for (ClassDef c : analysis.classes()) {
            String kind = commandKind(c.bases());
            if (kind == null) {
                continue;
            }
            String key = c.name() + "@" + c.line();
            Ev ev = ev(c.line(), "class " + c.name() + "(" + String.join(", ", c.bases()) + ")");
            acc.distinct("hook_command_subclasses", key, ev);
            if (kind.startsWith("install")) {
                acc.distinct("hook_install_subclasses", key, ev);
            } else if (kind.equals("develop")) {
                acc.distinct("hook_develop_subclasses", key, ev);
            } else if (kind.equals("egg_info")) {
                acc.distinct("hook_egg_info_subclasses", key, ev);
            } else if (kind.startsWith("build") || kind.startsWith("bdist") || kind.equals("sdist")
                    || kind.equals("editable_wheel")) {
                acc.distinct("hook_build_subclasses", key, ev);
            }
            for (String m : c.methods()) {
                if (HOOK_METHODS.contains(m)) {
                    acc.distinct("hook_run_overrides", key, ev);
                    break;
                }
            }
        }
    }

    /** The command a class extends ({@code install}, {@code build_py}, ...), or null when it is no command. */
    static String commandKind(List<String> bases) {
        for (String b : bases) {
            String n = ApiCatalogue.normalize(b);
            String last = n.substring(n.lastIndexOf('.') + 1);
            boolean packaging = n.startsWith("setuptools.") || n.startsWith("distutils.") || n.startsWith("wheel.")
                    || n.startsWith("setuptools._distutils.") || n.startsWith("numpy.distutils.")
                    || n.startsWith("?.") || n.indexOf('.') < 0;
            if (packaging && COMMAND_BASES.contains(last)) {
                if (last.equals("Command") && (n.startsWith("?.") || n.indexOf('.') < 0)) {
                    continue;   // an unresolved "Command" could be anything
                }
                if ((last.equals("test") || last.equals("upload") || last.equals("register")) && !n.contains("command")) {
                    continue;
                }
                return last;
            }
        }
        return null;
    }

    private void payloads() {
        for (DecodedPayload p : analysis.payloads()) {
            String decoded = "decoded " + String.join("+", p.transforms()) + " to " + p.length() + " characters of code";
            Ev ev = new Ev(path, p.line(), p.snippet(), decoded);
            acc.sum("dec_payloads", 1, ev);
            acc.max("dec_payload_depth_max", p.depth(), ev);
            acc.max("dec_payload_length_max", p.length(), ev);
            acc.max("dec_payload_quality_max", Texts.round(p.quality()), ev);
            if (!p.speculative()) {
                events.add(new Event(p.line(), p.depth() - 1, Kind.DECODE, "payload", onLoadLines.contains(p.line())));
            }
        }
    }

    private void parse() {
        ParseReport r = parsed.report();
        int errLine = r.firstErrors().isEmpty() ? 1 : Math.max(1, r.firstErrors().get(0).line());
        String msg = r.firstErrors().isEmpty() ? "parsed cleanly" : r.firstErrors().get(0).message();
        Ev ev = new Ev(path, errLine, msg, null);
        acc.min("parse_quality_min", Texts.round(r.quality()), ev);
        acc.sum("parse_quality_sum", r.quality(), ev);
        acc.max("parse_errors_max", r.syntaxErrors(), ev);
        acc.max("parse_undecodable_bytes_max", r.undecodableBytes(), new Ev(path, 1, r.undecodableBytes()
                + " undecodable bytes (" + r.charset() + ")", null));
        if (r.partial() || analysis.truncated()) {
            String why = r.inputTruncated() ? "input truncated" : r.timedOut() ? "parse timed out"
                    : r.tokenLimitHit() ? "token limit" : r.partial() ? "nesting/stack limit" : "analysis truncated";
            acc.sum("parse_limited_files", 1, new Ev(path, 1, why, null));
        }
    }

    // ---- behaviours --------------------------------------------------------------------------------------------

    /**
     * A behaviour: its feature and its steps, each a set of kinds, in order. {@code orDecodedExecution}: code
     * decoded from a constant that runs a command or code shows it on its own.
     */
    private record Behaviour(String feature, List<Set<Kind>> steps, boolean orDecodedExecution) {
        Behaviour(String feature, List<Set<Kind>> steps) {
            this(feature, steps, false);
        }

        /** The events that show this behaviour, or null. */
        List<Event> find(List<Event> events) {
            List<Event> found = chain(events, steps);
            return found == null && orDecodedExecution ? decodedExecution(events) : found;
        }
    }

    private static final List<Behaviour> BEHAVIOURS = List.of(
            new Behaviour("beh_info_stealing", List.of(EnumSet.of(Kind.HOST), EnumSet.of(Kind.NET))),
            new Behaviour("beh_exfiltration", List.of(EnumSet.of(Kind.CRED), EnumSet.of(Kind.NET))),
            new Behaviour("beh_dropper", List.of(EnumSet.of(Kind.NET), EnumSet.of(Kind.FS_WRITE), EnumSet.of(Kind.EXEC))),
            new Behaviour("beh_download_execute", List.of(EnumSet.of(Kind.NET), EnumSet.of(Kind.EXEC))),
            new Behaviour("beh_reverse_shell", List.of(EnumSet.of(Kind.SOCKET), EnumSet.of(Kind.CMD))),
            new Behaviour("beh_persistence", List.of(EnumSet.of(Kind.PERSIST), EnumSet.of(Kind.FS_WRITE, Kind.CMD))),
            new Behaviour("beh_obfuscated_execution", List.of(EnumSet.of(Kind.DECODE), EnumSet.of(Kind.EXEC)), true));

    private void behaviours() {
        if (!onLoadCategories.isEmpty()) {
            Ev first = onLoadCategories.values().iterator().next();
            acc.max("modlevel_categories_max", onLoadCategories.size(), new Ev(path, first.line(),
                    "runs on load: " + onLoadCategories.keySet().stream().map(ApiCategory::id).toList(), null));
        }
        if (events.isEmpty()) {
            return;
        }
        events.sort(Comparator.comparingInt(Event::line).thenComparingInt(Event::depth));
        List<Event> onLoad = events.stream().filter(Event::onLoad).toList();
        for (Behaviour b : BEHAVIOURS) {
            List<Event> chain = b.find(events);
            if (chain == null) {
                continue;
            }
            acc.sum(b.feature(), 1, chainEv(chain));
            List<Event> onLoadChain = onLoad.isEmpty() ? null : b.find(onLoad);
            if (onLoadChain != null) {
                acc.distinct("beh_on_load", b.feature(), chainEv(onLoadChain));
            }
        }
    }

    /** Code decoded from a constant that runs a command or code, as a one-step chain, or null. */
    private static List<Event> decodedExecution(List<Event> events) {
        for (Event e : events) {
            if (e.kind() == Kind.EXEC && e.depth() > 0) {
                return List.of(e);
            }
        }
        return null;
    }

    private Ev chainEv(List<Event> chain) {
        StringBuilder what = new StringBuilder();
        for (Event e : chain) {
            if (what.length() > 0) {
                what.append(" -> ");
            }
            what.append(e.what());
        }
        Event last = chain.get(chain.size() - 1);
        if (chain.size() == 1 && last.depth() > 0) {
            return new Ev(path, last.line(), "runs code found by decoding: " + what + " — " + lineText(last.line()), null);
        }
        return new Ev(path, last.line(), what + " — " + lineText(last.line()), null);
    }

    /** The events that show the kinds in this order (each step at the same line or later), or null. */
    private static List<Event> chain(List<Event> events, List<Set<Kind>> steps) {
        List<Event> chain = new ArrayList<>(steps.size());
        for (Set<Kind> step : steps) {
            Event found = null;
            int startLine = chain.isEmpty() ? Integer.MIN_VALUE : chain.get(chain.size() - 1).line();
            // any event of the line counts, whatever the order found: `exec(b64decode(...))` reports exec first
            for (Event e : events) {
                if (e.line() >= startLine && step.contains(e.kind())) {
                    found = e;
                    break;
                }
            }
            if (found == null) {
                return null;
            }
            chain.add(found);
        }
        return chain;
    }
}
