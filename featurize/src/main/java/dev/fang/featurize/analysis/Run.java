package dev.fang.featurize.analysis;

import dev.fang.featurize.parser.PyLiterals;
import dev.fang.featurize.parser.PythonFrontEnd;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * State shared by the analysis of one file and of every payload decoded from it: the budgets and the
 * results. Used by one thread at a time.
 */
final class Run {

    /** A result with the position it sorts by: line and character offset of the site in the file on disk. */
    record Entry<T>(int line, int pos, long seq, T item) { }

    final ModuleAnalyzer.Limits limits;
    final PythonFrontEnd.Limits parseLimits;
    final boolean strict;
    /** The constants imports from the file's package bring in. */
    final ImportedConstants imported;
    final long deadline;
    volatile boolean cancelled;

    long foldSteps;
    long decodedChars;
    long payloadChars;
    int visits;
    boolean timeUp;
    boolean truncated;
    private long seq;

    final List<Entry<ApiUse>> apiUses = new ArrayList<>();
    final List<Entry<StringConstant>> strings = new ArrayList<>();
    final List<Entry<ClassDef>> classes = new ArrayList<>();
    final List<Entry<DecodedPayload>> payloads = new ArrayList<>();
    final List<Entry<ModuleImport>> imports = new ArrayList<>();
    final List<Entry<FlowSite>> flowSites = new ArrayList<>();
    private final List<Entry<Held>> held = new ArrayList<>();
    final Set<String> payloadTexts = new HashSet<>();
    /** The file's module-level names bound to a string once it has run (see {@link ModuleAnalysis#constants}). */
    Map<String, PyLiterals.Literal> constants = Map.of();

    Run(ModuleAnalyzer.Limits limits, PythonFrontEnd.Limits parseLimits, boolean strict, ImportedConstants imported) {
        this.imported = imported;
        this.limits = limits;
        this.parseLimits = parseLimits;
        this.strict = strict;
        this.deadline = System.nanoTime() + limits.timeBudget().toNanos();
    }

    /** Called on every node visit; false once the time budget is spent (or the caller gave up). */
    boolean alive() {
        if (timeUp) {
            return false;
        }
        if ((++visits & 255) == 0 && (System.nanoTime() > deadline || cancelled)) {
            timeUp = true;
            truncated = true;
            return false;
        }
        return true;
    }

    /** Charges folding work; false (and truncated) once the per-file budget is spent. */
    boolean charge(long units) {
        foldSteps += units;
        if (foldSteps > limits.maxFoldSteps()) {
            truncated = true;
            return false;
        }
        return true;
    }

    /** Largest output a decoder may produce now, or -1 (and truncated) when the per-file budget is spent. */
    int decodeBound() {
        long left = limits.maxDecodedCharsPerFile() - decodedChars;
        if (left <= 0) {
            truncated = true;
            return -1;
        }
        return (int) Math.min(limits.maxValueChars(), left);
    }

    Duration timeLeft() {
        long ns = deadline - System.nanoTime();
        return Duration.ofNanos(Math.max(ns, 1_000_000L));
    }

    <T> boolean add(List<Entry<T>> list, int line, int pos, T item) {
        return put(list, -1, line, pos, item) >= 0;
    }

    /** Adds an item, or replaces the one at {@code index} when that is not -1; returns its index, or -1 when full. */
    <T> int put(List<Entry<T>> list, int index, int line, int pos, T item) {
        if (index >= 0) {
            list.set(index, new Entry<>(line, pos, seq++, item));
            return index;
        }
        if (list.size() >= limits.maxRecords()) {
            truncated = true;
            return -1;
        }
        list.add(new Entry<>(line, pos, seq++, item));
        return list.size() - 1;
    }

    /** Marks the API use at {@code index} of {@link #apiUses} as folded (see {@link ApiUse#folded}), in place. */
    void fold(int index) {
        Entry<ApiUse> e = apiUses.get(index);
        apiUses.set(index, new Entry<>(e.line(), e.pos(), e.seq(), e.item().asFolded()));
    }

    /**
     * A text of the file as written that may hold base64 or hex, with the character span of its expression.
     *
     * @param folded the text was computed from the constants inside its span
     */
    private record Held(EncodedText text, int from, int to, boolean folded) { }

    /**
     * Records a string constant of the file as written, or a text a decoder consumed (see {@link #encodedTexts}), and
     * returns its index, or -1. Short texts matter only as the span of what they were folded from.
     */
    int hold(EncodedText text, int from, int to, boolean folded) {
        if (!folded && text.value().length() < EncodedText.MIN_CHARS) {
            return -1;
        }
        return put(held, -1, text.line(), from, new Held(text, from, Math.max(from, to), folded));
    }

    /** Keeps the held text at {@code index} only as a span (see {@link #encodedTexts}): a later text replaced it. */
    void spanOnly(int index) {
        Entry<Held> e = held.get(index);
        Held h = e.item();
        EncodedText none = new EncodedText("", h.text().computed(), null, h.text().line(), "");
        held.set(index, new Entry<>(e.line(), e.pos(), e.seq(), new Held(none, h.from(), h.to(), h.folded())));
    }

    /**
     * The held texts, without the operands of folding: a string inside the span of a larger folded constant (a piece
     * of a concatenation or join, the literal under a reversal or a re-encoding) counts through that constant. Texts a
     * decoder consumed are all kept: their wrappers are told apart by what they decode to.
     */
    List<EncodedText> encodedTexts() {
        List<int[]> spans = new ArrayList<>();
        for (Entry<Held> e : held) {
            if (e.item().folded()) {
                spans.add(new int[] {e.item().from(), e.item().to()});
            }
        }
        spans.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(b[1], a[1]));
        // folded spans nest or are disjoint: the outermost ones decide
        List<int[]> outer = new ArrayList<>();
        for (int[] span : spans) {
            int[] last = outer.isEmpty() ? null : outer.get(outer.size() - 1);
            if (last != null && span[0] <= last[1]) {
                last[1] = Math.max(last[1], span[1]);
            } else {
                outer.add(span);
            }
        }
        List<EncodedText> out = new ArrayList<>();
        for (Held h : sorted(held)) {
            boolean operand = h.text().decodesTo() == null && insideLarger(outer, h);
            if (h.text().value().length() >= EncodedText.MIN_CHARS && !operand) {
                out.add(h.text());
            }
        }
        return out;
    }

    private static boolean insideLarger(List<int[]> outer, Held h) {
        int lo = 0;
        int hi = outer.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (outer.get(mid)[0] <= h.from()) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0) {
            return false;
        }
        int[] span = outer.get(found);
        return h.to() <= span[1] && (span[0] != h.from() || span[1] != h.to());
    }

    /** By line, then position, then the order found; written out, as composed comparators showed in profiles. */
    private static final Comparator<Entry<?>> ORDER = (a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line())
            : a.pos() != b.pos() ? Integer.compare(a.pos(), b.pos()) : Long.compare(a.seq(), b.seq());

    static <T> List<T> sorted(List<Entry<T>> list) {
        List<Entry<T>> copy = new ArrayList<>(list);
        copy.sort(ORDER);
        List<T> out = new ArrayList<>(copy.size());
        for (Entry<T> e : copy) {
            out.add(e.item());
        }
        return out;
    }
}
