package dev.fang.featurize.analysis;

import dev.fang.featurize.parser.PythonFrontEnd;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
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
    final Set<String> payloadTexts = new HashSet<>();

    Run(ModuleAnalyzer.Limits limits, PythonFrontEnd.Limits parseLimits, boolean strict) {
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
        if (list.size() >= limits.maxRecords()) {
            truncated = true;
            return false;
        }
        list.add(new Entry<>(line, pos, seq++, item));
        return true;
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
