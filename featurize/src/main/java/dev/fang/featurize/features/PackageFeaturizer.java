package dev.fang.featurize.features;

import dev.fang.featurize.parser.BigStackWorkers;
import dev.fang.featurize.analysis.ModuleAnalysis;
import dev.fang.featurize.analysis.ImportedConstants;
import dev.fang.featurize.analysis.ModuleAnalyzer;
import dev.fang.featurize.analysis.ModuleImport;
import dev.fang.featurize.analysis.RawTokenAnalyzer;
import dev.fang.featurize.analysis.StringConstant;
import dev.fang.featurize.parser.ParsedFile;
import dev.fang.featurize.parser.PyLiterals;
import dev.fang.featurize.parser.PythonExtractor;
import dev.fang.featurize.parser.PythonFacts;
import dev.fang.featurize.parser.PythonFrontEnd;
import dev.fang.schema.Evidence;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Turns a package into Fang's feature vector ({@link FeatureCatalogue}) with evidence.
 *
 * <p>Every Python file is parsed ({@link PythonFrontEnd}), analysed ({@link ModuleAnalyzer}: resolved APIs,
 * folded and decoded strings, classes, decoded payloads; or, for {@link #rawTokens()}, {@link RawTokenAnalyzer}:
 * names and literals as written) and turned into per-file facts, which are combined
 * per scope: install-time code ({@code setup.py} at any depth, modules named by build hooks in
 * {@code setup.cfg}/{@code pyproject.toml}, and the package's modules a setup script imports at module level, see
 * {@link InstallImports}) and import-time code (every Python file but setup scripts).
 *
 * <p>Never throws, and bounded: each file has a time budget (parsing, analysis and features, all on one worker
 * thread) and a byte budget (larger files are read on their beginning); the package has a time, byte and
 * file budget. When a limit is hit the result is {@code partial} and holds the features of what was read.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PackageFeaturizer {

    /**
     * Resource limits.
     *
     * @param maxFileBytes    bytes of one file that are read (the rest is ignored, flagged)
     * @param maxPackageBytes bytes of Python and configuration files read per package
     * @param maxFiles        Python files analysed per package
     * @param maxFileTime     budget for one file (parse, analysis and features)
     * @param maxPackageTime  budget for the whole package
     */
    public record Limits(int maxFileBytes, long maxPackageBytes, int maxFiles, Duration maxFileTime,
                         Duration maxPackageTime) {
        public static Limits defaults() {
            return new Limits(8 * 1024 * 1024, 128L * 1024 * 1024, 5_000, Duration.ofSeconds(20), Duration.ofSeconds(120));
        }
    }

    /**
     * What turns a parsed file of a package, with the constants its imports bring in from the package, into an
     * analysis; {@link ModuleAnalyzer} in production.
     */
    @FunctionalInterface
    public interface Analyzer {
        ModuleAnalysis analyze(ParsedFile parsed, ImportedConstants imported);
    }

    /** Evidence kept per feature and per package. */
    public static final int EVIDENCE_PER_FEATURE = 5;
    public static final int EVIDENCE_PER_PACKAGE = 200;

    private static final int MAX_CONFIG_BYTES = 1024 * 1024;
    /**
     * Longest chain of files analysed ahead of their turn, each for the constants the one before imports from it
     * (a imports from b, which imports from c, ...).
     */
    private static final int MAX_EARLY_NESTING = 4;
    private static final Duration GRACE = Duration.ofSeconds(12);
    /**
     * Room for the parse (512 MB), the analysis (256 MB) and the payloads it parses: on this worker they run on its
     * own thread rather than each on a worker of its own ({@link BigStackWorkers}). Only touched pages are used.
     */
    private static final long WORKER_STACK = 1024L * 1024 * 1024;
    /** A package's files are featurized on a big-stack worker of the calling thread, reused from package to package. */
    private static final BigStackWorkers WORKERS = new BigStackWorkers("fang-featurize-file", WORKER_STACK);

    /** Order in which evidence is kept when the package cap is reached: most telling families first. */
    private static final List<Family> EVIDENCE_PRIORITY = List.of(Family.BEHAVIOURS, Family.DECODED,
            Family.SUSPICIOUS_STRINGS, Family.HOOKS, Family.BUILD_CONFIG, Family.API_OBFUSCATION, Family.OBFUSCATION,
            Family.MODULE_LEVEL, Family.IOCS, Family.API, Family.EXTENSIONS, Family.ENTROPY, Family.PARSE,
            Family.SHAPE, Family.OPERATORS);

    private final Limits limits;
    private final PythonFrontEnd frontEnd;
    private final Analyzer analyzer;
    private final Understanding understanding;

    public PackageFeaturizer() {
        this(Limits.defaults());
    }

    public PackageFeaturizer(Limits limits) {
        this(limits, Understanding.FULL);
    }

    public PackageFeaturizer(Limits limits, Understanding understanding) {
        this(limits, analyzerFor(limits, understanding), understanding);
    }

    /** A featurizer with {@link Understanding#FULL} features computed from another analyzer (tests). */
    public PackageFeaturizer(Limits limits, Analyzer analyzer) {
        this(limits, analyzer, Understanding.FULL);
    }

    private PackageFeaturizer(Limits limits, Analyzer analyzer, Understanding understanding) {
        this.limits = limits;
        PythonFrontEnd.Limits d = PythonFrontEnd.Limits.defaults();
        this.frontEnd = new PythonFrontEnd(new PythonFrontEnd.Limits(limits.maxFileBytes(), d.maxTokens(),
                limits.maxFileTime().dividedBy(2), d.maxNesting()));
        this.analyzer = analyzer;
        this.understanding = understanding;
    }

    /**
     * The seed paper's approach with the default limits: features on raw tokens, without Fang's resolution and
     * decoding ({@link Understanding#RAW_TOKENS}). Same catalogue as the default featurizer.
     */
    public static PackageFeaturizer rawTokens() {
        return new PackageFeaturizer(Limits.defaults(), Understanding.RAW_TOKENS);
    }

    private static Analyzer analyzerFor(Limits limits, Understanding understanding) {
        return switch (understanding) {
            case FULL -> moduleAnalyzer(limits);
            case RAW_TOKENS -> {
                RawTokenAnalyzer raw = new RawTokenAnalyzer();
                yield (parsed, imported) -> raw.analyze(parsed);   // the seed's approach follows no import
            }
        };
    }

    /** The production analyzer, with half of the per-file time budget (the parse gets the other half). */
    private static Analyzer moduleAnalyzer(Limits limits) {
        ModuleAnalyzer.Limits d = ModuleAnalyzer.Limits.defaults();
        ModuleAnalyzer a = new ModuleAnalyzer(new ModuleAnalyzer.Limits(d.maxDepth(), d.maxValueChars(),
                d.maxPayloadChars(), d.maxDecodedCharsPerFile(), d.maxFoldSteps(), limits.maxFileTime().dividedBy(2),
                d.maxRecords(), d.maxRecursion()));
        return a::analyze;
    }

    public Limits limits() {
        return limits;
    }

    public Understanding understanding() {
        return understanding;
    }

    /** The features of a package. Never throws. */
    public FeatureResult featurize(PackageContents pkg) {
        try {
            return new Run(pkg).run();
        } catch (Throwable t) {
            List<String> notes = List.of("featurizer failure: " + t);
            return new FeatureResult(FeatureCatalogue.VERSION, defaults(), List.of(), true, notes);
        }
    }

    /** The vector of a package without any code: what absent scopes read as. */
    static double[] defaults() {
        double[] v = new double[FeatureCatalogue.size()];
        for (Feature f : FeatureCatalogue.features()) {
            v[f.index()] = defaultValue(f.base());
        }
        return v;
    }

    private static double defaultValue(String base) {
        return base.equals("parse_quality_min") || base.equals("parse_quality_mean") ? 1.0 : 0.0;
    }

    static boolean isPython(String lowerPath) {
        return lowerPath.endsWith(".py") || lowerPath.endsWith(".pyw");
    }

    static boolean isSetupScript(String lowerPath) {
        return fileName(lowerPath).equals("setup.py");
    }

    static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    // ------------------------------------------------------------------------------------------------------

    /** The work on one package. */
    private final class Run {
        private final PackageContents pkg;
        private final long start = System.nanoTime();
        private final long deadline;
        private final List<String> notes = new ArrayList<>();
        private boolean partial;
        private final Map<Scope, Acc> accs = new EnumMap<>(Scope.class);
        private final Map<Scope, List<FileFeatures.Facts>> facts = new EnumMap<>(Scope.class);
        private final BuildConfig.Result config = new BuildConfig.Result();
        private final List<String> hookModulesFound = new ArrayList<>();
        private final Set<String> hookModules = new HashSet<>();

        /** The files still to analyse, and what has been spent on those taken ({@link #nextTurn}). */
        private final ArrayDeque<SourceFile> installFirst = new ArrayDeque<>();
        private List<SourceFile> others = List.of();
        private int next;
        private final Set<String> seen = new HashSet<>();
        private InstallImports installImports;
        private long bytes;
        private int analysed;

        /** The package's Python files by path, and how its imports name them. */
        private Map<String, SourceFile> sources = Map.of();
        private PackageModules modules = new PackageModules(Set.of());
        /** The module-level string constants of the files analysed so far (concurrent: a file given up on may still run). */
        private final Map<String, Map<String, PyLiterals.Literal>> exported = new ConcurrentHashMap<>();
        /** Analyses made before their file's turn because a file analysed earlier imported from it. */
        private final Map<String, ModuleAnalysis> early = new ConcurrentHashMap<>();
        private final Set<String> analysing = ConcurrentHashMap.newKeySet();

        Run(PackageContents pkg) {
            this.pkg = pkg;
            this.deadline = start + limits.maxPackageTime().toNanos();
            for (Scope s : Scope.values()) {
                accs.put(s, new Acc());
                facts.put(s, new ArrayList<>());
            }
        }

        private void note(String s) {
            if (notes.size() < 100) {
                notes.add(s);
            }
        }

        FeatureResult run() {
            prepare();
            analyseFiles();
            return assemble();
        }

        /**
         * Reads the build configuration and orders the Python files: setup scripts first, each followed by the modules
         * it imports (found as the files are analysed), then build hook modules, then the others by path.
         */
        private void prepare() {
            List<SourceFile> setups = new ArrayList<>();
            List<SourceFile> rest = new ArrayList<>();
            Map<String, SourceFile> python = new LinkedHashMap<>();
            for (SourceFile f : pkg.sources()) {
                if (f == null || f.path() == null) {
                    continue;
                }
                String lower = f.path().toLowerCase(Locale.ROOT);
                byte[] content = f.content() == null ? new byte[0] : f.content();
                if (isPython(lower)) {
                    python.putIfAbsent(f.path(), f);
                } else if (PackageContents.isSource(f.path())) {
                    if (content.length > MAX_CONFIG_BYTES) {
                        partial = true;
                        note(f.path() + ": configuration larger than " + MAX_CONFIG_BYTES + " bytes, read on its beginning");
                    }
                    int n = Math.min(content.length, MAX_CONFIG_BYTES);
                    bytes += n;
                    try {
                        BuildConfig.read(f.path(), new String(content, 0, n, StandardCharsets.UTF_8).replace("\r\n", "\n"), config);
                    } catch (RuntimeException e) {
                        note(f.path() + ": unreadable configuration (" + e.getClass().getSimpleName() + ")");
                    }
                }
            }
            for (SourceFile f : python.values()) {
                if (isSetupScript(f.path().toLowerCase(Locale.ROOT))) {
                    setups.add(f);
                } else {
                    rest.add(f);
                }
            }
            for (String candidate : config.hookModules) {
                if (python.containsKey(candidate) && !isSetupScript(candidate.toLowerCase(Locale.ROOT))) {
                    hookModules.add(candidate);
                    hookModulesFound.add(candidate);
                }
            }
            setups.sort(Comparator.comparing(SourceFile::path));
            rest.sort(Comparator.comparing((SourceFile f) -> !hookModules.contains(f.path())).thenComparing(SourceFile::path));
            sources = python;
            modules = new PackageModules(python.keySet());
            installFirst.addAll(setups);
            others = rest;
            installImports = new InstallImports(python.keySet());
        }

        /**
         * Analyses the files one after another on a big-stack worker of the calling thread, and gives up on a file
         * that overruns its budget (the parse and the analysis stop themselves at theirs; this bounds everything
         * else): the files after it go on on a fresh worker. One hand-over per package rather than one per file: a
         * hand-over costs tens of microseconds, more than the work on many small files.
         */
        private void analyseFiles() {
            while (true) {
                Pass pass = new Pass();
                BigStackWorkers.Job job = WORKERS.start(() -> walk(pass));
                try {
                    if (awaitPass(pass, job)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    synchronized (pass) {
                        pass.stopped = true;
                        partial = true;
                        note((pass.current == null ? pkg.name() : pass.current) + ": interrupted");
                    }
                    job.abandon();
                    Thread.currentThread().interrupt();
                    return;
                }
                job.abandon();   // the file given up on may still run; its worker retires when it ends
            }
        }

        /** Waits until the pass has been through the files (true), or stops it at a file out of time (false). */
        private boolean awaitPass(Pass pass, BigStackWorkers.Job job) throws InterruptedException {
            while (true) {
                long wait;
                synchronized (pass) {
                    // between files: a file starting now has the earliest deadline of any the pass can be on by then
                    wait = millisLeft(pass.current == null ? System.nanoTime() : pass.currentStart);
                }
                if (job.await(Math.max(0, wait))) {
                    return true;
                }
                synchronized (pass) {
                    if (pass.current != null && millisLeft(pass.currentStart) <= 0) {
                        pass.stopped = true;
                        partial = true;
                        note(pass.current + ": not finished within "
                                + (System.nanoTime() - pass.currentStart) / 1_000_000 + " ms, skipped");
                        return false;
                    }
                }
            }
        }

        /** Milliseconds left to a file started at {@code fileStart}: its budget, within the package's, and a grace. */
        private long millisLeft(long fileStart) {
            long end = Math.min(fileStart + limits.maxFileTime().toNanos(), deadline) + grace().toNanos();
            return (end - System.nanoTime()) / 1_000_000;
        }

        /**
         * How long a file may overrun its budget before it is given up on: the parse and the analysis stop at their
         * budgets themselves, and this bound is for what does not.
         */
        private Duration grace() {
            return limits.maxFileTime().compareTo(GRACE) < 0 ? limits.maxFileTime() : GRACE;
        }

        /**
         * One worker's way through the files, from where the pass before it stopped. The worker takes the next file
         * and records what it found under the pass's lock, and analyses the file outside it; once the caller has
         * stopped the pass, the worker touches nothing of the run again.
         */
        private static final class Pass {
            boolean stopped;
            /** The file being analysed, null between files. */
            String current;
            long currentStart;
        }

        private void walk(Pass pass) {
            while (true) {
                Turn turn;
                synchronized (pass) {
                    if (pass.stopped) {
                        return;
                    }
                    turn = nextTurn();
                    if (turn == null) {
                        return;
                    }
                    pass.current = turn.file().path();
                    pass.currentStart = System.nanoTime();
                }
                Analysed a = analyse(turn);
                synchronized (pass) {
                    if (pass.stopped) {
                        return;
                    }
                    pass.current = null;
                    record(turn, a);
                }
            }
        }

        /**
         * A file to analyse. {@code importedBy}: the setup script or install-time module that imports it, else null;
         * {@code installImport}: it is such a module, and not a setup script or build hook itself, so what runs on
         * its import is featurized for the install scope.
         */
        private record Turn(SourceFile file, byte[] content, boolean setup, String importedBy, boolean installImport) { }

        /** The next file within the package's budgets, or null when there is none (noted when a budget ran out). */
        private Turn nextTurn() {
            while (!installFirst.isEmpty() || next < others.size()) {
                SourceFile f = !installFirst.isEmpty() ? installFirst.poll() : others.get(next++);
                if (!seen.add(f.path())) {
                    continue;
                }
                byte[] content = f.content() == null ? new byte[0] : f.content();
                if (System.nanoTime() > deadline) {
                    partial = true;
                    note("package time budget of " + limits.maxPackageTime().toSeconds() + " s spent; "
                            + (sources.size() - analysed) + " Python files not analysed");
                    return null;
                }
                if (analysed >= limits.maxFiles()) {
                    partial = true;
                    note("file budget of " + limits.maxFiles() + " Python files reached; " + (sources.size() - analysed)
                            + " not analysed");
                    return null;
                }
                long take = Math.min(content.length, limits.maxFileBytes());
                if (bytes + take > limits.maxPackageBytes()) {
                    partial = true;
                    note("package byte budget of " + limits.maxPackageBytes() + " bytes reached at " + f.path()
                            + "; " + (sources.size() - analysed) + " Python files not analysed");
                    return null;
                }
                bytes += take;
                analysed++;
                if (content.length > limits.maxFileBytes()) {
                    partial = true;
                    note(f.path() + ": " + content.length + " bytes, only the first " + limits.maxFileBytes() + " read");
                }
                boolean setup = isSetupScript(f.path().toLowerCase(Locale.ROOT));
                String importedBy = installImports.reason(f.path());
                boolean installImport = importedBy != null && !setup && !hookModules.contains(f.path());
                return new Turn(f, content, setup, importedBy, installImport);
            }
            return null;
        }

        /**
         * A file's features, the imports that run with it, and, for a module a setup script imports, the features
         * of what runs on import (else null); facts are null when the file was skipped, and problem says why.
         */
        private record Analysed(FileFeatures.Facts facts, List<ModuleImport> imports, FileFeatures.Facts onImport,
                                String problem) { }

        /** Parses, analyses and featurizes one file. Never throws. */
        private Analysed analyse(Turn turn) {
            String path = turn.file().path();
            String problem = null;
            try {
                ModuleAnalysis analysis = early.remove(path);
                if (analysis == null) {
                    ParsedFile parsed = frontEnd.parse(path, turn.content());
                    try {
                        analysis = analyse(path, parsed);
                    } catch (Throwable e) {
                        problem = path + ": analysis failed (" + e.getClass().getSimpleName() + "), literals only";
                        analysis = literalsOnly(parsed);
                    }
                }
                FileFeatures.Facts onImport = turn.installImport()
                        ? FileFeatures.compute(path, analysis.runningOnImport(), understanding) : null;
                return new Analysed(FileFeatures.compute(path, analysis, understanding), analysis.imports(), onImport,
                        problem);
            } catch (Throwable e) {
                return new Analysed(null, List.of(), null, path + ": skipped (" + e.getClass().getSimpleName() + ")");
            }
        }

        /** Adds a file's features to its scopes, and queues the package's modules it imports when it runs at install. */
        private void record(Turn turn, Analysed a) {
            String path = turn.file().path();
            if (a.problem() != null) {
                partial = true;
                note(a.problem());
            }
            FileFeatures.Facts ff = a.facts();
            if (ff == null) {
                return;
            }
            if (ff.acc().has("parse_limited_files")) {
                partial = true;
                note(path + ": " + ff.acc().evidence("parse_limited_files").stream().findFirst().map(Ev::snippet).orElse("limited"));
            }
            if (turn.setup() || turn.importedBy() != null) {
                for (String module : installImports.follow(path, a.imports())) {
                    installFirst.add(sources.get(module));
                }
            }
            if (turn.setup() || hookModules.contains(path)) {
                accs.get(Scope.INSTALL).merge(ff.acc());
                facts.get(Scope.INSTALL).add(ff);
            } else if (turn.installImport()) {
                accs.get(Scope.INSTALL).merge(a.onImport().acc(), ev -> new Ev(ev.file(), ev.line(),
                        "[" + turn.importedBy() + "] " + ev.snippet(), ev.decoded()));
                facts.get(Scope.INSTALL).add(a.onImport());
            }
            if (!turn.setup()) {
                accs.get(Scope.IMPORT).merge(ff.acc());
                facts.get(Scope.IMPORT).add(ff);
            }
        }

        /**
         * Analyses one parsed file, with the constants its imports bring in from the package's other files, and keeps
         * its own for the files analysed after it (none when the analysis failed, so that no import asks again).
         */
        private ModuleAnalysis analyse(String path, ParsedFile parsed) {
            analysing.add(path);
            try {
                ModuleAnalysis analysis = analyzer.analyze(parsed, importedBy(path));
                if (analysis == null) {
                    throw new IllegalStateException("analyzer returned null");
                }
                exported.put(path, analysis.constants());
                return analysis;
            } finally {
                exported.putIfAbsent(path, Map.of());
                analysing.remove(path);
            }
        }

        /**
         * What {@code from module import name} binds in the file at {@code importer}, when the module is a file of the
         * package: the constant its analysis left bound to the name. A module not analysed yet is analysed then (once:
         * its analysis is kept for its turn), unless it is being analysed (an import cycle) or the chain is too long.
         */
        private ImportedConstants importedBy(String importer) {
            Function<String, String> resolver = modules.importedBy(importer);
            return (module, name) -> {
                String path = resolver.apply(module);
                if (path == null) {
                    return null;
                }
                Map<String, PyLiterals.Literal> constants = exported.get(path);
                if (constants == null && !analysing.contains(path) && analysing.size() <= MAX_EARLY_NESTING) {
                    SourceFile f = sources.get(path);
                    byte[] content = f == null || f.content() == null ? new byte[0] : f.content();
                    if (content.length <= limits.maxFileBytes()) {
                        try {
                            early.put(path, analyse(path, frontEnd.parse(path, content)));
                        } catch (RuntimeException e) {
                            return null;   // analysed again, and reported, at its turn
                        }
                        constants = exported.get(path);
                    }
                }
                return constants == null ? null : constants.get(name);
            };
        }

        private FeatureResult assemble() {
            double[] v = defaults();
            Map<Integer, List<Ev>> ev = new LinkedHashMap<>();
            for (Scope scope : List.of(Scope.INSTALL, Scope.IMPORT)) {
                Acc a = accs.get(scope);
                List<FileFeatures.Facts> files = facts.get(scope);
                FileFeatures.Facts focus = files.stream()
                        .max(Comparator.comparingInt(FileFeatures.Facts::focusScore)
                                .thenComparingInt(FileFeatures.Facts::tokens)
                                .thenComparing(FileFeatures.Facts::path, Comparator.reverseOrder()))
                        .orElse(null);
                for (Feature f : FeatureCatalogue.features()) {
                    if (f.scope() != scope) {
                        continue;
                    }
                    String base = f.base();
                    if (base.startsWith("op_")) {
                        if (focus != null) {
                            int k = List.of(FileFeatures.OPERATOR_FEATURES).indexOf(base);
                            v[f.index()] = focus.operatorsPer1k()[k];
                            ev.put(f.index(), List.of(new Ev(focus.path(), 1, "focus file, " + focus.tokens() + " tokens: "
                                    + v[f.index()] + " per 1,000", null)));
                        }
                    } else if (base.equals("parse_quality_mean")) {
                        if (!files.isEmpty()) {
                            v[f.index()] = Texts.round(a.value("parse_quality_sum", files.size()) / files.size());
                            ev.put(f.index(), a.evidence("parse_quality_min"));
                        }
                    } else if (base.equals("cfg_hook_modules")) {
                        v[f.index()] = hookModulesFound.size();
                        List<Ev> list = new ArrayList<>();
                        for (String p : hookModulesFound) {
                            if (list.size() < EVIDENCE_PER_FEATURE) {
                                list.add(new Ev(p, 1, "module named by a build hook", null));
                            }
                        }
                        ev.put(f.index(), list);
                    } else if (f.family() == Family.BUILD_CONFIG) {
                        v[f.index()] = config.acc.value(base, 0);
                        ev.put(f.index(), config.acc.evidence(base));
                    } else {
                        v[f.index()] = a.value(base, defaultValue(base));
                        ev.put(f.index(), a.evidence(base));
                    }
                }
            }
            extensions(v, ev);
            return new FeatureResult(FeatureCatalogue.VERSION, v, evidence(v, ev), partial, notes);
        }

        private void extensions(double[] v, Map<Integer, List<Ev>> ev) {
            Set<String> all = new HashSet<>();
            for (String p : pkg.paths()) {
                if (p != null) {
                    all.add(p);
                }
            }
            for (SourceFile s : pkg.sources()) {
                if (s != null && s.path() != null) {
                    all.add(s.path());
                }
            }
            List<String> sorted = new ArrayList<>(all);
            sorted.sort(null);
            for (String p : sorted) {
                if (p.endsWith("/")) {
                    continue;
                }
                String base = extensionFeature(p, all);
                if (base == null) {
                    continue;
                }
                int i = FeatureCatalogue.index(Scope.PACKAGE.prefix() + "_" + base);
                v[i]++;
                List<Ev> list = ev.computeIfAbsent(i, k -> new ArrayList<>());
                if (list.size() < EVIDENCE_PER_FEATURE) {
                    list.add(new Ev(p, 0, fileName(p), null));
                }
            }
        }

        private List<Evidence> evidence(double[] v, Map<Integer, List<Ev>> ev) {
            List<Feature> order = new ArrayList<>();
            for (Family fam : EVIDENCE_PRIORITY) {
                order.addAll(FeatureCatalogue.family(fam));
            }
            for (Family fam : Family.values()) {
                if (!EVIDENCE_PRIORITY.contains(fam)) {
                    order.addAll(FeatureCatalogue.family(fam));
                }
            }
            List<Evidence> out = new ArrayList<>();
            Map<Integer, List<Ev>> chosen = new LinkedHashMap<>();
            for (Feature f : order) {
                if (v[f.index()] == 0 && defaultValue(f.base()) == 0) {
                    continue;   // zero and neutral: nothing to show
                }
                List<Ev> list = ev.getOrDefault(f.index(), List.of());
                if (list.isEmpty()) {
                    list = List.of(fallbackEvidence(f, v[f.index()]));
                }
                chosen.put(f.index(), list);
            }
            // Round 1: one piece per non-zero feature; then more, up to the caps.
            for (int round = 0; round < EVIDENCE_PER_FEATURE && out.size() < EVIDENCE_PER_PACKAGE; round++) {
                for (Map.Entry<Integer, List<Ev>> e : chosen.entrySet()) {
                    if (out.size() >= EVIDENCE_PER_PACKAGE) {
                        break;
                    }
                    if (round < e.getValue().size()) {
                        Ev x = e.getValue().get(round);
                        out.add(new Evidence(FeatureCatalogue.feature(e.getKey()).name(), x.file(), x.line(), x.snippet(),
                                x.decoded()));
                    }
                }
            }
            return out;
        }

        private Ev fallbackEvidence(Feature f, double value) {
            List<FileFeatures.Facts> files = facts.getOrDefault(f.scope(), List.of());
            String file = files.isEmpty() ? "" : files.get(0).path();
            return new Ev(file, 0, f.name() + " = " + value, null);
        }
    }

    /** An analysis holding only the literals, when the analyzer failed on a file. */
    static ModuleAnalysis literalsOnly(ParsedFile parsed) {
        List<StringConstant> strings = new ArrayList<>();
        try {
            PythonFacts pf = PythonExtractor.extract(parsed);
            for (PythonFacts.StringValue s : pf.strings()) {
                strings.add(new StringConstant(s.value(), List.of(), s.line(), "", 0));
            }
        } catch (Throwable e) {
            // nothing more to salvage
        }
        return new ModuleAnalysis(parsed, List.of(), strings, List.of(), List.of(), true);
    }

    /** The file-type feature of a path ({@code ext_so}, ...), or null when its type is not counted. */
    static String extensionFeature(String path, Set<String> allPaths) {
        String lower = path.toLowerCase(Locale.ROOT);
        String name = fileName(lower);
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return null;
        }
        String ext = name.substring(dot + 1);
        if (name.contains(".so.")) {
            return "ext_so";
        }
        return switch (ext) {
            case "py", "pyw" -> isSetupScript(lower) ? null : "ext_py";
            case "pyc", "pyo" -> orphan(path, allPaths) ? "ext_pyc_orphan" : null;
            case "so", "dylib" -> "ext_so";
            case "pyd" -> "ext_pyd";
            case "dll" -> "ext_dll";
            case "exe", "scr", "msi" -> "ext_exe";
            case "sh", "bash" -> "ext_sh";
            case "bat", "cmd" -> "ext_bat";
            case "ps1", "psm1" -> "ext_ps1";
            case "js", "mjs" -> "ext_js";
            case "vbs", "vbe", "wsf", "hta" -> "ext_vbs";
            case "pth" -> "ext_pth";
            case "bin", "elf", "jar", "lnk", "apk" -> "ext_other_binary";
            default -> null;
        };
    }

    /** A compiled file with no source: {@code d/__pycache__/m.cpython-311.pyc} or {@code d/m.pyc} without {@code d/m.py}. */
    private static boolean orphan(String path, Set<String> allPaths) {
        int slash = path.lastIndexOf('/');
        String dir = slash < 0 ? "" : path.substring(0, slash + 1);
        String name = path.substring(slash + 1);
        String stem = name.substring(0, name.indexOf('.') < 0 ? name.length() : name.indexOf('.'));
        if (dir.endsWith("__pycache__/")) {
            dir = dir.substring(0, dir.length() - "__pycache__/".length());
        }
        return !allPaths.contains(dir + stem + ".py") && !allPaths.contains(dir + stem + ".pyw");
    }
}
