package dev.fang.featurize.analysis;

import dev.fang.featurize.parser.BigStackWorkers;
import dev.fang.featurize.parser.ParsedFile;
import dev.fang.featurize.parser.PythonFrontEnd;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The semantic engine of the featurize stage: resolves every API reference of a parsed Python file to its
 * canonical name, folds and decodes string constants, and analyses code hidden in constants recursively.
 * {@link #analyze} never throws, never hangs and never allocates beyond its {@link Limits}.
 *
 * <h2>Name resolution ({@link ApiUse})</h2>
 * Names are resolved through imports ({@code import os as o}, {@code from os import system as s},
 * {@code from os import *}), assignments ({@code x = os.system}), dynamic imports ({@code __import__},
 * {@code importlib.import_module}, {@code sys.modules[...]}), {@code getattr}, {@code __getattribute__},
 * {@code __dict__}/{@code vars()} lookups, {@code globals()}/{@code locals()}, {@code __builtins__},
 * {@code .__call__}; names computed from constants count as written. Each detour adds an {@link Obfuscation}.
 * Conventions:
 * <ul>
 *   <li>A reference is reported where it is called, subscripted, or where its attribute chain ends: one
 *       {@code ApiUse} for {@code os.path.join(a)} ({@code os.path.join}, call), one for
 *       {@code os.environ['HOME']} ({@code os.environ}, not a call). The import statements themselves are not
 *       reported, nor are bare mentions of a module object ({@code f(os)}).</li>
 *   <li>Builtins resolve to {@code builtins.<name>} ({@code print(x)} is {@code builtins.print}); names
 *       imported from the module {@code builtins} or reached through {@code __builtins__} or
 *       {@code globals()['__builtins__']} carry {@link Obfuscation#BUILTINS_LOOKUP}.</li>
 *   <li>A name bound by {@code from m import *} and nothing else resolves to {@code m.<name>} unless it is a
 *       builtin; with several star imports the last one wins.</li>
 *   <li>Canonical module names: {@code __builtin__} is {@code builtins}; {@code posix} and {@code nt} are
 *       {@code os}; relative imports keep their dots ({@code from .core import f} gives {@code .core.f}).</li>
 *   <li>An attribute of a receiver that cannot be resolved keeps a {@code ?.} prefix: {@code s.connect(a)}
 *       gives {@code ?.connect}, {@code self.sock.send(b)} gives {@code ?.sock.send}. Bare unresolved names
 *       ({@code foo(x)} with no binding in sight) are not reported.</li>
 *   <li>Functions and classes defined in the file (and instances of those classes) are not APIs: their uses are
 *       not reported. Function parameters are unknown values.</li>
 *   <li>Scoping is flow-insensitive but ordered: module-level statements are visited in order (the value of a
 *       name is its last assignment so far), function bodies after the whole module (they see the final
 *       module-level values). Branches and loops are visited once, in order.</li>
 *   <li>{@code moduleLevel} is true for code that runs when the module is imported or executed: module-level
 *       statements, class bodies (Python runs them at import), decorators and default values; false inside
 *       function and lambda bodies. Code decoded from a constant inherits the flag of its decoding site.</li>
 *   <li>{@code folded}: a call or subscript whose value is known, a constant folded from constants
 *       ({@code base64.b64decode('...')}, {@code chr(104)}) or a module, API or namespace found by name
 *       ({@code __import__('os')}, {@code getattr(os, 'system')}, {@code sys.modules['os']}, {@code vars(m)},
 *       {@code globals()}), and the references such a call only mentions in its arguments ({@code chr} in
 *       {@code map(chr, [...])}). It is still reported, in order, so that obfuscation stays visible; features
 *       treat it as plumbing. {@code (os.system)(c)} reports {@code os.system} once, where it is called.</li>
 * </ul>
 *
 * <h2>Folding and decoding ({@link StringConstant})</h2>
 * Every string literal is reported (adjacent literals as one). An expression over constants is folded and
 * reported once, where its value stops being folded further. Folded: {@code +} and {@code *} on strings,
 * {@code %}, {@code str.format} and f-strings over constants, {@code sep.join(...)}, slices, {@code chr},
 * {@code ord}, {@code int}, {@code str}, {@code bytes}/{@code bytearray} of ints, {@code list}, {@code tuple},
 * {@code reversed}, {@code range}, {@code zip}, {@code enumerate}, {@code map(chr|ord|int|str, ...)},
 * {@code itertools.cycle}, comprehensions and generators over constants, integer arithmetic and XOR,
 * {@code str.replace/upper/lower/strip/split/...}, {@code bytes.decode}/{@code str.encode}, and the decoders
 * below. Variables holding constants are followed. Transform names (in order of application):
 * {@code base64, base32, base16, base85, ascii85, hex, rot13, unicode-escape, zlib, gzip, lzma, bz2, xor,
 * chr, bytes, reverse, stride, replace, marshal-blob}. Concatenation, joining and formatting add none.
 * Bytes are one char per byte (ISO-8859-1); {@code .decode()} turns them into text as Python would (strict
 * UTF-8 by default: invalid UTF-8 does not fold). {@code marshal.loads(constant)} is not unmarshalled: the
 * blob is reported with the transform {@code marshal-blob}.
 *
 * <h2>Payloads ({@link DecodedPayload})</h2>
 * A constant passed to {@code exec}, {@code eval} or {@code compile} is parsed with the same front end (bytes
 * with Python's source decoding: BOM, coding cookie, UTF-8) and analysed in the namespace of its call site; a
 * decoded constant (non-empty transforms) that is not executed in sight is analysed too when it parses
 * without error and contains an import, a definition or a call. Its API uses, strings and classes are merged
 * with depth + 1 and the line of the decoding site. The latter, and code inside it, is {@code speculative}: the
 * same text written as a plain literal is not analysed as code.
 *
 * <p>Instances are immutable and thread-safe; each analysis runs on a worker thread with a large stack (one per calling thread, reused;
 * the caller's own thread when it is such a worker already, see {@link BigStackWorkers}).
 */
public final class ModuleAnalyzer {

    /**
     * Resource bounds for one file, payloads included. Exceeding any sets {@link ModuleAnalysis#truncated()}.
     *
     * @param maxDepth               deepest payload analysed (code decoded from code decoded from ...)
     * @param maxValueChars          longest folded or decoded value, in chars; also the longest sequence
     * @param maxPayloadChars        longest payload parsed
     * @param maxDecodedCharsPerFile total output of decoders and total payload text per file
     * @param maxFoldSteps           folding work per file (comprehension items, chars produced / 16, ...)
     * @param timeBudget             wall-clock budget per file, payload parsing included
     * @param maxRecords             most API uses, and most string constants, kept per file
     * @param maxRecursion           deepest syntax nesting evaluated; deeper expressions are unknown
     */
    public record Limits(int maxDepth, int maxValueChars, int maxPayloadChars, long maxDecodedCharsPerFile,
                         long maxFoldSteps, Duration timeBudget, int maxRecords, int maxRecursion) {
        public static Limits defaults() {
            return new Limits(4, 1 << 20, 1 << 20, 8L << 20, 20_000_000L, Duration.ofSeconds(10), 500_000, 3_000);
        }
    }

    private static final long STACK_BYTES = 256L * 1024 * 1024;
    private static final long GRACE_MILLIS = 5_000;
    /** Analyses run on a big-stack worker of the calling thread, reused from file to file. */
    private static final BigStackWorkers WORKERS = new BigStackWorkers("fang-module-analysis", STACK_BYTES);

    private final Limits limits;
    private final PythonFrontEnd.Limits parseLimits;
    private final boolean strict;

    public ModuleAnalyzer() {
        this(Limits.defaults());
    }

    public ModuleAnalyzer(Limits limits) {
        this(limits, PythonFrontEnd.Limits.defaults());
    }

    /** @param parseLimits limits for parsing decoded payloads (the time limit is capped by the time left) */
    public ModuleAnalyzer(Limits limits, PythonFrontEnd.Limits parseLimits) {
        this(limits, parseLimits, false);
    }

    /** @param strict rethrow internal errors instead of recording a truncated analysis (for tests) */
    ModuleAnalyzer(Limits limits, PythonFrontEnd.Limits parseLimits, boolean strict) {
        this.limits = limits == null ? Limits.defaults() : limits;
        this.parseLimits = parseLimits == null ? PythonFrontEnd.Limits.defaults() : parseLimits;
        this.strict = strict;
    }

    public Limits limits() {
        return limits;
    }

    /** Parses and analyses one file. Never throws. */
    public ModuleAnalysis analyze(String fileName, byte[] content) {
        return analyze(new PythonFrontEnd(parseLimits).parse(fileName, content));
    }

    /** Analyses one parsed file on its own. Never throws. */
    public ModuleAnalysis analyze(ParsedFile file) {
        return analyze(file, ImportedConstants.NONE);
    }

    /** Analyses one parsed file of a package, folding the constants it imports from the package. Never throws. */
    public ModuleAnalysis analyze(ParsedFile file, ImportedConstants imported) {
        ParsedFile parsed = file != null ? file : new PythonFrontEnd(parseLimits).parseText("<none>", "");
        Run run = new Run(limits, parseLimits, strict, imported);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        BigStackWorkers.Job job = null;
        try {
            job = WORKERS.start(() -> {
                try {
                    new Evaluator(run, parsed, 0, 0, 0, true, false, null).run();
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            if (!job.await(limits.timeBudget().toMillis() + GRACE_MILLIS)) {
                run.cancelled = true;
                if (!job.await(GRACE_MILLIS)) {
                    job.abandon();
                    return new ModuleAnalysis(parsed, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), true);
                }
            }
        } catch (InterruptedException e) {
            if (job != null) {
                job.abandon();
            }
            Thread.currentThread().interrupt();
            run.cancelled = true;
            return new ModuleAnalysis(parsed, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), true);
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        }
        Throwable f = failure.get();
        if (f != null) {
            if (strict) {
                throw new IllegalStateException("analysis failed", f);
            }
            run.truncated = true;
        }
        try {
            return new ModuleAnalysis(parsed, Run.sorted(run.apiUses), Run.sorted(run.strings), Run.sorted(run.classes),
                    Run.sorted(run.payloads), run.encodedTexts(), Run.sorted(run.imports), Run.sorted(run.flowSites), run.constants, run.truncated);
        } catch (RuntimeException e) {
            if (strict) {
                throw e;
            }
            return new ModuleAnalysis(parsed, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), true);
        }
    }
}
