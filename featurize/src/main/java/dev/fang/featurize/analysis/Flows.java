package dev.fang.featurize.analysis;

import dev.fang.featurize.analysis.Evaluator.Args;
import dev.fang.featurize.analysis.Evaluator.Ctx;
import dev.fang.featurize.analysis.Value.Int;
import dev.fang.featurize.analysis.Value.Local;
import dev.fang.featurize.analysis.Value.Ref;
import dev.fang.featurize.analysis.Value.Seq;
import dev.fang.featurize.analysis.Value.Str;
import dev.fang.featurize.parser.PythonLexer;
import dev.fang.featurize.parser.PythonParser.NameAtomContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Follows values from one call to a later one within a function (or module body) and reports the
 * {@link FlowSite}s: what a process, {@code exec} or {@code os.dup2} call is given, rather than that it is called.
 * Flow-insensitive like {@link Scope}: a name is marked by any assignment seen before the call.
 */
final class Flows {

    /** What one function body (or module body) did before the current call. */
    static final class State {
        /** Names bound to values computed at run time by decoding (base64, zlib, chr, XOR, decrypt, ...). */
        final Set<String> decodedNames = new HashSet<>();
        /** Names bound to a value that decodes if one of these bodies does (they are not evaluated yet). */
        final Map<String, List<ParserRuleContext>> decodedIf = new HashMap<>();
        /** Names, expressions as written and constant paths given to a call that writes a file. */
        final Set<String> writtenNames = new HashSet<>();
        final Set<String> writtenTexts = new HashSet<>();
        final Set<String> writtenPaths = new HashSet<>();
        /** Names bound to what a socket received or a fetch returned, or to values computed from them. */
        final Set<String> receivedNames = new HashSet<>();
        boolean fetched;
        boolean socket;
    }

    /** Names whose presence in an expression means its value is decoded or deciphered at run time. */
    private static final Set<String> DECODING_NAMES = Set.of("b64decode", "b32decode", "b16decode", "b85decode",
            "a85decode", "urlsafe_b64decode", "standard_b64decode", "decodebytes", "decodestring", "unhexlify",
            "a2b_hex", "a2b_base64", "fromhex", "decompress", "marshal", "decrypt", "chr", "maketrans", "translate",
            "ascii_letters", "ascii_lowercase", "ascii_uppercase");

    /** Socket methods that receive data (the socket is a local object, so they are known by name). */
    private static final Set<String> RECEIVING_NAMES = Set.of("recv", "recvfrom", "recv_into", "recvfrom_into", "recvmsg");

    /** Process APIs by the position of their command argument (0 unless a mode comes first). */
    private static final Map<String, Integer> COMMAND_ARGUMENT = Map.ofEntries(
            Map.entry("os.system", 0), Map.entry("os.popen", 0), Map.entry("os.startfile", 0),
            Map.entry("subprocess.Popen", 0), Map.entry("subprocess.run", 0), Map.entry("subprocess.call", 0),
            Map.entry("subprocess.check_call", 0), Map.entry("subprocess.check_output", 0),
            Map.entry("subprocess.getoutput", 0), Map.entry("subprocess.getstatusoutput", 0),
            Map.entry("commands.getoutput", 0), Map.entry("commands.getstatusoutput", 0),
            Map.entry("asyncio.create_subprocess_shell", 0), Map.entry("asyncio.create_subprocess_exec", 0),
            Map.entry("platform.popen", 0), Map.entry("pty.spawn", 0), Map.entry("os.posix_spawn", 0),
            Map.entry("os.posix_spawnp", 0), Map.entry("os.execl", 0), Map.entry("os.execlp", 0),
            Map.entry("os.execle", 0), Map.entry("os.execv", 0), Map.entry("os.execvp", 0), Map.entry("os.execve", 0),
            Map.entry("os.execvpe", 0), Map.entry("os.spawnl", 1), Map.entry("os.spawnlp", 1),
            Map.entry("os.spawnle", 1), Map.entry("os.spawnv", 1), Map.entry("os.spawnvp", 1),
            Map.entry("os.spawnve", 1), Map.entry("os.spawnvpe", 1));

    /** Where a call takes the path it writes: a position, or a keyword. */
    private record PathArgument(int position, String keyword) { }

    /** Calls that write a file, by the argument naming the path written. */
    private static final Map<String, PathArgument> WRITES = Map.of(
            "urllib.request.urlretrieve", new PathArgument(1, "filename"), "urllib.urlretrieve", new PathArgument(1, "filename"),
            "wget.download", new PathArgument(1, "out"), "shutil.copy", new PathArgument(1, "dst"),
            "shutil.copy2", new PathArgument(1, "dst"), "shutil.copyfile", new PathArgument(1, "dst"),
            "shutil.move", new PathArgument(1, "dst"));

    private static final List<String> FETCH_PREFIXES = List.of("requests.", "httpx.", "urllib3.", "aiohttp.",
            "pycurl.", "urllib.request.urlopen", "urllib.request.urlretrieve", "urllib.urlopen", "urllib.urlretrieve",
            "urllib2.urlopen", "wget.download", "http.client.", "httplib.", "ftplib.");

    /** Words that start a command without being its program: the program follows. */
    private static final Set<String> WRAPPERS = Set.of("nohup", "setsid", "start", "/b", "/min", "/wait", "sudo", "exec",
            "cmd", "/c", "/k", "\"\"", "''", "env", "nice", "call");

    /** Programs that look at or move a file without running it. */
    private static final Set<String> FILE_TOOLS = Set.of("chmod", "chown", "chgrp", "attrib", "icacls", "rm", "del",
            "cp", "mv", "copy", "move", "cat", "type", "touch", "ls", "dir", "stat", "file", "tar", "unzip", "zip",
            "gzip", "xattr", "codesign", "strip", "git", "diff", "patch", "sed", "grep", "md5sum", "sha256sum");

    /** Reconnaissance and network tools (the first word of a beacon, a fingerprint or a download). */
    private static final Set<String> RECON_TOOLS = Set.of("dig", "nslookup", "host", "whoami", "hostname", "id", "uname",
            "curl", "wget", "ping", "powershell", "pwsh", "certutil", "bitsadmin", "nc", "ncat", "netcat", "mshta",
            "ipconfig", "ifconfig", "systeminfo", "wmic", "tasklist", "netstat", "nltest", "quser", "getmac");
    private static final Set<String> NET_SUBCOMMANDS = Set.of("user", "users", "localgroup", "group", "view", "share",
            "accounts", "session", "use");

    private static final Pattern PYTHON_PROGRAM = Pattern.compile("python[0-9.]*w?|pyw?");
    private static final Pattern PYTHON_FILE = Pattern.compile(".*\\.pyw?['\"]?");

    /** Most tokens of one expression looked at for decoding names (bounds the work on huge expressions). */
    private static final int MAX_TOKENS = 4096;

    /**
     * Whether an expression decodes at run time: now, or if one of the bodies (of the file's functions it calls, of
     * lambdas it holds) decodes. Bodies are evaluated after the code around them, and only then is it known which of
     * their decodings folding did.
     */
    private record Decoding(boolean now, List<ParserRuleContext> ifDecoder) {
        static final Decoding NO = new Decoding(false, List.of());
    }

    /** A site reported once these bodies are evaluated, if one of them decodes. */
    private record Undecided(FlowSite.Kind kind, ParserRuleContext site, boolean onLoad, List<ParserRuleContext> ifDecoder) { }

    private final Evaluator ev;
    private final Map<ParserRuleContext, Boolean> decoderBodies = new IdentityHashMap<>();
    /** Bodies of functions and lambdas evaluated so far. */
    private final Set<ParserRuleContext> evaluated = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Lambda bodies by their first token's index: a decoding inside one is judged when the body is evaluated. */
    private final TreeMap<Integer, ParserRuleContext> lambdaBodies = new TreeMap<>();
    private final List<Undecided> undecided = new ArrayList<>();
    /** Tokens of expressions folded to a constant: a decoding there was done by folding, not at run time. */
    private final BitSet foldedTokens = new BitSet();
    /** Tokens of calls that fetch from the network: a value computed from one was received. */
    private final BitSet fetchTokens = new BitSet();
    /** Whether the file names a socket receive anywhere (null until asked): most files do not, nor fetch. */
    private Boolean namesReceive;

    Flows(Evaluator ev) {
        this.ev = ev;
    }

    private static State state(Scope scope) {
        Scope s = scope;
        while (s.kind == Scope.Kind.COMPREHENSION && s.parent != null) {
            s = s.parent;
        }
        if (s.flows == null) {
            s.flows = new State();
        }
        return s.flows;
    }

    /** An expression from {@code start} to {@code stop} folded to a constant string or bytes. */
    void folded(Token start, Token stop) {
        mark(foldedTokens, start, stop);
    }

    private static void mark(BitSet tokens, Token start, Token stop) {
        int from = start.getTokenIndex();
        int to = (stop == null ? start : stop).getTokenIndex();
        if (from >= 0 && to >= from) {
            tokens.set(from, to + 1);
        }
    }

    /** An assignment to names or a tuple of names: they hold received data when the value does. */
    void received(ParseTree target, ParseTree value, Scope scope) {
        if (fetchTokens.isEmpty() && !namesReceive()) {
            return;
        }
        String text = target.getText();
        if (text.indexOf('.') >= 0 || text.indexOf('[') >= 0 || !receives(value, scope)) {
            return;   // attributes and items are not followed
        }
        int[] budget = {MAX_TOKENS};
        anyToken(target, budget, t -> {
            if (t.getType() == PythonLexer.NAME && !t.getText().equals("_")) {
                state(scope).receivedNames.add(t.getText());
            }
            return false;
        });
    }

    private boolean namesReceive() {
        if (namesReceive == null) {
            namesReceive = ev.file.tokens().stream().anyMatch(t -> t.getType() == PythonLexer.NAME && RECEIVING_NAMES.contains(t.getText()));
        }
        return namesReceive;
    }

    /** Whether an expression receives from a socket, holds a fetch call, or reads a name bound to received data. */
    private boolean receives(ParseTree node, Scope scope) {
        int[] budget = {MAX_TOKENS};
        return anyToken(node, budget, t -> {
            if (t.getTokenIndex() >= 0 && fetchTokens.get(t.getTokenIndex())) {
                return true;
            }
            if (t.getType() != PythonLexer.NAME) {
                return false;
            }
            if (RECEIVING_NAMES.contains(t.getText())) {
                return true;
            }
            for (Scope s = scope; s != null; s = s.parent) {
                if (s.flows != null && s.flows.receivedNames.contains(t.getText())) {
                    return true;
                }
            }
            return false;
        });
    }

    /** A plain name bound to a value folding could not recover: marked when the expression decodes at run time. */
    void assigned(String name, ParseTree value, Scope scope) {
        if (name == null) {
            return;
        }
        Decoding d = decodes(value, scope);
        if (d.now()) {
            state(scope).decodedNames.add(name);
        } else if (!d.ifDecoder().isEmpty()) {
            state(scope).decodedIf.put(name, d.ifDecoder());
        }
    }

    /** A lambda's body, evaluated later. */
    void lambda(ParserRuleContext body) {
        if (body != null && body.getStart() != null && body.getStart().getTokenIndex() >= 0) {
            lambdaBodies.put(body.getStart().getTokenIndex(), body);
        }
    }

    /** The body of a function or lambda has been evaluated: what folding did in it is known. */
    void evaluated(ParserRuleContext body) {
        evaluated.add(body);
    }

    /** Reports the sites that waited for bodies, once every body that will be evaluated has been. */
    void settle() {
        for (Undecided u : undecided) {
            if (u.ifDecoder().stream().anyMatch(this::decoderBody)) {
                report(u.kind(), u.site(), u.onLoad());
            }
        }
        undecided.clear();
    }

    /** A call of an API, with its arguments evaluated. */
    void call(Ref r, Args a, Ctx c, ParserRuleContext site, boolean onLoad) {
        String api = r.api();
        switch (api) {
            case "builtins.exec", "builtins.eval", "builtins.compile" -> {
                ParserRuleContext code = a.node(0, "source");
                if (code != null && !(a.arg(0, "source") instanceof Str)) {
                    Decoding d = decodes(code, c.scope());
                    if (d.now()) {
                        report(FlowSite.Kind.EXEC_RUNTIME_DECODED, site, onLoad);
                    } else if (!d.ifDecoder().isEmpty()) {
                        undecided.add(new Undecided(FlowSite.Kind.EXEC_RUNTIME_DECODED, site, onLoad, d.ifDecoder()));
                    }
                }
                if (code != null && receives(code, c.scope())) {
                    report(FlowSite.Kind.RUN_RECEIVED, site, onLoad);
                }
                if (code != null && !api.equals("builtins.compile")) {
                    State st = state(c.scope());
                    if (st.fetched && !(a.arg(0, "source") instanceof Str) && !anyName(code, "open"::equals)) {
                        report(FlowSite.Kind.RUN_DOWNLOADED_FILE, site, onLoad);   // exec(urlopen(u).read())
                    } else {
                        runs(st, List.of(code), List.of(), site, onLoad);
                    }
                }
                return;
            }
            case "builtins.open", "io.open", "codecs.open" -> {
                Value mode = a.arg(1, "mode");
                if (mode instanceof Str m && m.value().chars().anyMatch(ch -> ch == 'w' || ch == 'a' || ch == 'x')) {
                    written(state(c.scope()), a.node(0, "file"), a.arg(0, "file"));
                }
                return;
            }
            case "os.dup2" -> {
                ParserRuleContext from = a.node(0, "fd");
                Value to = a.arg(1, "fd2");
                ParserRuleContext toNode = a.node(1, "fd2");
                boolean stdio = to instanceof Int i ? i.value() >= 0 && i.value() <= 2
                        : toNode != null && Evaluator.unwrap(toNode) instanceof NameAtomContext;
                if (stdio && from != null && state(c.scope()).socket && from.getText().endsWith(".fileno()")) {
                    report(FlowSite.Kind.SOCKET_STDIO, site, onLoad);
                }
                return;
            }
            default -> { }
        }
        // most calls are none of these: a function's state is made only when it does one
        if (api.startsWith("socket.socket") || api.equals("socket.create_connection") || api.equals("socket.fromfd")) {
            state(c.scope()).socket = true;
        }
        for (String prefix : FETCH_PREFIXES) {
            if (api.startsWith(prefix)) {
                state(c.scope()).fetched = true;
                mark(fetchTokens, site.getStart(), site.getStop());
                break;
            }
        }
        PathArgument write = WRITES.get(api);
        if (write != null) {
            written(state(c.scope()), a.node(write.position(), write.keyword()), a.arg(write.position(), write.keyword()));
            return;
        }
        Integer at = COMMAND_ARGUMENT.get(api);
        if (at != null) {
            command(api, at, a, c.scope(), site, onLoad);
        }
    }

    private void command(String api, int at, Args a, Scope scope, ParserRuleContext site, boolean onLoad) {
        State st = state(scope);
        Value cmd = a.arg(at, "args");
        ParserRuleContext node = a.node(at, "args");
        List<String> words = words(cmd, node);
        if (api.equals("asyncio.create_subprocess_exec") || api.startsWith("os.execl") || api.startsWith("os.spawnl")) {
            words = new ArrayList<>();
            for (int i = at; i < a.pos.size(); i++) {
                words.addAll(words(a.pos.get(i), a.posNodes.get(i)));
            }
        }
        int first = 0;
        while (first < words.size() && WRAPPERS.contains(words.get(first).toLowerCase(Locale.ROOT))) {
            first++;
        }
        String program = first < words.size() ? program(words.get(first)) : null;
        boolean constant = cmd instanceof Str || cmd instanceof Seq;
        if (program != null && (python(program) || PYTHON_FILE.matcher(words.get(first).toLowerCase(Locale.ROOT)).matches())) {
            report(FlowSite.Kind.SPAWN_PYTHON, site, onLoad);
        }
        if (hidden(api, a, words, program)) {
            report(FlowSite.Kind.SPAWN_HIDDEN, site, onLoad);
        }
        if (constant && program != null && recon(program, words, first)) {
            report(FlowSite.Kind.RECON_COMMAND, site, onLoad);
        }
        if (program == null || !FILE_TOOLS.contains(program)) {
            List<ParserRuleContext> nodes = new ArrayList<>(a.posNodes);
            nodes.addAll(a.kwNodes.values());
            runs(st, nodes, words, site, onLoad);
            if (node != null && receives(node, scope)) {
                report(FlowSite.Kind.RUN_RECEIVED, site, onLoad);
            }
        }
    }

    /** A sink given a file the same function wrote: reported as run-written, and as run-downloaded after a fetch. */
    private void runs(State st, List<ParserRuleContext> nodes, List<String> words, ParserRuleContext site, boolean onLoad) {
        if (st.writtenNames.isEmpty() && st.writtenTexts.isEmpty() && st.writtenPaths.isEmpty()) {
            return;
        }
        boolean match = false;
        for (String w : words) {
            for (String p : st.writtenPaths) {
                if (w.contains(p)) {
                    match = true;
                }
            }
        }
        for (ParserRuleContext n : nodes) {
            if (match || n == null) {
                break;
            }
            String text = n.getText();
            for (String t : st.writtenTexts) {
                if (text.contains(t)) {
                    match = true;
                }
            }
            match |= anyName(n, st.writtenNames::contains);
        }
        if (match) {
            report(FlowSite.Kind.RUN_WRITTEN_FILE, site, onLoad);
            if (st.fetched) {
                report(FlowSite.Kind.RUN_DOWNLOADED_FILE, site, onLoad);
            }
        }
    }

    private static void written(State st, ParserRuleContext node, Value path) {
        if (path instanceof Str s && !s.value().isBlank()) {
            st.writtenPaths.add(s.value());
        }
        if (node == null) {
            return;
        }
        if (Evaluator.unwrap(node) instanceof NameAtomContext n) {
            st.writtenNames.add(Evaluator.name(n));
        } else if (node.getText().length() >= 8) {
            st.writtenTexts.add(node.getText());
        }
    }

    /**
     * The words of a command: a shell string split on blanks, the constant items of a list (a first item holding blanks
     * split too), or else the words of the literal it starts with as written ({@code 'chmod +x ' + path},
     * {@code [sys.executable, f]}).
     */
    private static List<String> words(Value cmd, ParserRuleContext node) {
        List<String> out = new ArrayList<>();
        if (cmd instanceof Str s) {
            for (String w : s.value().strip().split("\\s+")) {
                if (!w.isEmpty()) {
                    out.add(w);
                }
            }
        } else if (cmd instanceof Seq q) {
            for (Value v : q.items()) {
                if (out.isEmpty() && v instanceof Str s && s.value().strip().chars().anyMatch(Character::isWhitespace)) {
                    out.addAll(words(s, null));   // ["curl … | bash"] with shell=True: the shell splits the first item
                } else {
                    out.add(v instanceof Str s ? s.value() : "?");
                }
            }
        } else if (node != null) {
            String text = node.getText();
            if (text.startsWith("[") || text.startsWith("(")) {
                text = text.substring(1);
            }
            if (text.startsWith("f'") || text.startsWith("f\"")) {
                text = text.substring(1);
            }
            if (text.startsWith("sys.executable")) {
                out.add("python");
            } else if (text.startsWith("'") || text.startsWith("\"")) {
                int end = text.indexOf(text.charAt(0), 1);
                for (String w : text.substring(1, end > 1 ? end : 1).strip().split("\\s+")) {
                    if (!w.isEmpty()) {
                        out.add(w);   // the constant start of a command built at run time: its program
                    }
                }
            }
        } else if (cmd instanceof Ref r && r.api().equals("sys.executable")) {
            out.add("python");
        }
        return out;
    }

    /** A program's name without directories, quotes and {@code .exe}, in lower case. */
    private static String program(String word) {
        String w = word.toLowerCase(Locale.ROOT).replace("\"", "").replace("'", "");
        w = w.substring(Math.max(w.lastIndexOf('/'), w.lastIndexOf('\\')) + 1);
        return w.endsWith(".exe") ? w.substring(0, w.length() - 4) : w;
    }

    private static boolean python(String program) {
        return PYTHON_PROGRAM.matcher(program).matches();
    }

    private static boolean hidden(String api, Args a, List<String> words, String program) {
        if (a.kw.containsKey("creationflags") && !(a.kw.get("creationflags") instanceof Int i && i.value() == 0)) {
            return true;
        }
        if (a.kw.containsKey("startupinfo") || a.kw.containsKey("start_new_session") && !(a.kw.get("start_new_session") instanceof Int i && i.value() == 0)) {
            return true;
        }
        ParserRuleContext pre = a.kwNodes.get("preexec_fn");
        if (pre != null && (pre.getText().contains("setsid") || pre.getText().contains("setpgrp") || pre.getText().contains("setpgid"))) {
            return true;
        }
        if (api.startsWith("os.spawn") && !a.posNodes.isEmpty() && a.posNodes.get(0).getText().contains("P_DETACH")) {
            return true;
        }
        if (words.isEmpty()) {
            return false;
        }
        String head = words.get(0).toLowerCase(Locale.ROOT);
        String tail = words.get(words.size() - 1);
        boolean windowHidden = false;
        for (int i = 0; i + 1 < words.size(); i++) {
            String w = words.get(i).toLowerCase(Locale.ROOT);
            if ((w.equals("-windowstyle") || w.equals("-w")) && words.get(i + 1).toLowerCase(Locale.ROOT).startsWith("hidden")) {
                windowHidden = true;
            }
        }
        return head.equals("nohup") || head.equals("setsid") || tail.endsWith("&") && !tail.endsWith("&&")
                || "pythonw".equals(program) || windowHidden
                || head.equals("start") && words.size() > 1 && words.get(1).equalsIgnoreCase("/b");
    }

    private static boolean recon(String program, List<String> words, int first) {
        if (program.equals("net")) {
            return first + 1 < words.size() && NET_SUBCOMMANDS.contains(words.get(first + 1).toLowerCase(Locale.ROOT));
        }
        return RECON_TOOLS.contains(program);
    }

    /**
     * Whether an expression decodes at run time: outside its parts that folded to a constant, it names a decoding
     * function, XORs, reads a name a decoding was assigned to, or calls a function of the file whose body decodes;
     * a decoding in a function's or lambda's body not evaluated yet is judged once it is ({@link #settle}).
     */
    private Decoding decodes(ParseTree node, Scope scope) {
        int[] budget = {MAX_TOKENS};
        List<ParserRuleContext> ifDecoder = new ArrayList<>();
        boolean now = anyToken(node, budget, t -> {
            if (decodingToken(t)) {
                ParserRuleContext lambda = pendingLambda(t);
                if (lambda == null) {
                    return true;
                }
                ifDecoder.add(lambda);
                return false;
            }
            if (t.getType() != PythonLexer.NAME || folded(t)) {
                return false;
            }
            String n = t.getText();
            for (Scope s = scope; s != null; s = s.parent) {
                if (s.flows != null && s.flows.decodedNames.contains(n)) {
                    return true;
                }
                if (s.flows != null && s.flows.decodedIf.containsKey(n)) {
                    ifDecoder.addAll(s.flows.decodedIf.get(n));
                }
            }
            Scope.Binding b = scope.find(n);
            if (b != null && b.value() instanceof Local l && l.def() != null && l.def().block() != null) {
                if (evaluated.contains(l.def().block())) {
                    return decoderBody(l.def().block());
                }
                ifDecoder.add(l.def().block());
            }
            return false;
        });
        return now ? new Decoding(true, List.of()) : ifDecoder.isEmpty() ? Decoding.NO : new Decoding(false, ifDecoder);
    }

    /** A decoding name or an XOR that folding did not already turn into a constant. */
    private boolean decodingToken(Token t) {
        return (t.getType() == PythonLexer.CIRCUMFLEX || t.getType() == PythonLexer.XOR_ASSIGN
                || t.getType() == PythonLexer.NAME && DECODING_NAMES.contains(t.getText())) && !folded(t);
    }

    private boolean folded(Token t) {
        return t.getTokenIndex() >= 0 && foldedTokens.get(t.getTokenIndex());
    }

    /** The innermost lambda body not evaluated yet that holds a token, or null. */
    private ParserRuleContext pendingLambda(Token t) {
        int at = t.getTokenIndex();
        if (lambdaBodies.isEmpty() || at < 0) {
            return null;
        }
        int looked = 0;
        for (Map.Entry<Integer, ParserRuleContext> e = lambdaBodies.floorEntry(at); e != null && looked++ < 8;
                e = lambdaBodies.lowerEntry(e.getKey())) {
            ParserRuleContext body = e.getValue();
            if (body.getStop() != null && body.getStop().getTokenIndex() >= at) {
                return evaluated.contains(body) ? null : body;
            }
        }
        return null;
    }

    /** Whether a function's or lambda's body decodes at run time (before it is evaluated: every decoding counts). */
    private boolean decoderBody(ParserRuleContext body) {
        Boolean known = decoderBodies.get(body);
        if (known == null) {
            int[] budget = {MAX_TOKENS};
            known = anyToken(body, budget, this::decodingToken);
            if (evaluated.contains(body)) {
                decoderBodies.put(body, known);
            }
        }
        return known;
    }

    private boolean anyName(ParseTree node, java.util.function.Predicate<String> test) {
        int[] budget = {MAX_TOKENS};
        return anyToken(node, budget, t -> t.getType() == PythonLexer.NAME && test.test(t.getText()));
    }

    /** Whether a token of the expression passes: a walk over the file's token list when it lines up with the tree, else over the tree. */
    private boolean anyToken(ParseTree node, int[] budget, java.util.function.Predicate<Token> test) {
        List<Token> tokens = ev.file.tokens();
        if (node instanceof ParserRuleContext rc && rc.getStart() != null && rc.getStop() != null) {
            int from = rc.getStart().getTokenIndex();
            int to = rc.getStop().getTokenIndex();
            if (from >= 0 && to < tokens.size() && from <= to && tokens.get(from) == rc.getStart() && tokens.get(to) == rc.getStop()) {
                for (int i = from; i <= to && budget[0]-- > 0; i++) {
                    Token t = tokens.get(i);
                    if (t.getChannel() == Token.DEFAULT_CHANNEL && test.test(t)) {
                        return true;
                    }
                }
                return false;
            }
        }
        ArrayDeque<ParseTree> todo = new ArrayDeque<>();
        todo.push(node);
        while (!todo.isEmpty()) {
            ParseTree n = todo.pop();
            if (n instanceof TerminalNode tn) {
                if (--budget[0] < 0) {
                    return false;
                }
                if (test.test(tn.getSymbol())) {
                    return true;
                }
            } else {
                for (int i = n.getChildCount() - 1; i >= 0; i--) {
                    todo.push(n.getChild(i));
                }
            }
        }
        return false;
    }

    private void report(FlowSite.Kind kind, ParserRuleContext site, boolean onLoad) {
        ev.reportFlow(kind, site, onLoad);
    }
}
