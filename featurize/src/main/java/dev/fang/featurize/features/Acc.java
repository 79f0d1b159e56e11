package dev.fang.featurize.features;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Values of one scope (or one file) by base feature name, with the evidence behind them. Four ways to
 * combine: sums, maxima, minima and distinct-key counts (optionally minus keys also seen "plainly", for the
 * features that count what appears only after decoding or only through detours).
 */
final class Acc {

    /** Evidence kept per feature while accumulating. */
    static final int EVIDENCE_PER_FEATURE = 5;
    /** Distinct keys kept per feature (a counter still counts beyond). */
    static final int MAX_KEYS = 10_000;

    private enum Mode { SUM, MAX, MIN }

    private final Map<String, Double> values = new HashMap<>();
    private final Map<String, Mode> modes = new HashMap<>();
    private final Map<String, List<Ev>> evidence = new HashMap<>();
    private final Map<String, LinkedHashMap<String, Ev>> distinct = new HashMap<>();
    private final Map<String, Set<String>> plain = new HashMap<>();

    void sum(String base, double x, Ev ev) {
        if (x == 0) {
            return;
        }
        modes.put(base, Mode.SUM);
        values.merge(base, x, Double::sum);
        addEvidence(base, ev);
    }

    void max(String base, double x, Ev ev) {
        if (takesMax(base, x)) {
            addEvidence(base, ev);
        }
    }

    /** As {@link #max(String, double, Ev)}, the evidence made only if it is kept: most values are no maximum. */
    void max(String base, double x, Supplier<Ev> ev) {
        if (takesMax(base, x) && evidence.getOrDefault(base, List.of()).size() < EVIDENCE_PER_FEATURE) {
            addEvidence(base, ev.get());
        }
    }

    /** Counts x for the maximum of base: whether it is the maximum now, whose evidence is kept. */
    private boolean takesMax(String base, double x) {
        modes.put(base, Mode.MAX);
        Double cur = values.get(base);
        if (cur == null || x > cur) {
            values.put(base, x);
            evidence.remove(base);
            return true;
        }
        return x == cur;
    }

    void min(String base, double x, Ev ev) {
        modes.put(base, Mode.MIN);
        Double cur = values.get(base);
        if (cur == null || x < cur) {
            values.put(base, x);
            evidence.remove(base);
            addEvidence(base, ev);
        } else if (x == cur) {
            addEvidence(base, ev);
        }
    }

    /** Counts {@code key} once for {@code base}. */
    void distinct(String base, String key, Ev ev) {
        LinkedHashMap<String, Ev> m = distinct.computeIfAbsent(base, k -> new LinkedHashMap<>());
        if (m.size() < MAX_KEYS) {
            m.putIfAbsent(key, ev);
        }
    }

    /** {@code key} was also seen plainly: it does not count for {@code base}. */
    void plain(String base, String key) {
        Set<String> s = plain.computeIfAbsent(base, k -> new HashSet<>());
        if (s.size() < MAX_KEYS) {
            s.add(key);
        }
    }

    private void addEvidence(String base, Ev ev) {
        if (ev == null) {
            return;
        }
        List<Ev> list = evidence.computeIfAbsent(base, k -> new ArrayList<>(2));
        if (list.size() < EVIDENCE_PER_FEATURE) {
            list.add(ev);
        }
    }

    /** Folds another accumulator (another file of the same scope) into this one. */
    void merge(Acc other) {
        merge(other, UnaryOperator.identity());
    }

    /** Folds another accumulator into this one with its evidence restated (why that file belongs to this scope). */
    void merge(Acc other, UnaryOperator<Ev> restate) {
        for (Map.Entry<String, Double> e : other.values.entrySet()) {
            String base = e.getKey();
            List<Ev> evs = other.evidence.getOrDefault(base, List.of());
            Mode mode = other.modes.get(base);
            switch (mode) {
                case SUM -> {
                    modes.put(base, Mode.SUM);
                    values.merge(base, e.getValue(), Double::sum);
                    evs.forEach(ev -> addEvidence(base, restate.apply(ev)));
                }
                case MAX, MIN -> {
                    Double cur = values.get(base);
                    double x = e.getValue();
                    boolean better = cur == null || (mode == Mode.MAX ? x > cur : x < cur);
                    modes.put(base, mode);
                    if (better) {
                        values.put(base, x);
                        evidence.remove(base);
                        evs.forEach(ev -> addEvidence(base, restate.apply(ev)));
                    } else if (x == cur) {
                        evs.forEach(ev -> addEvidence(base, restate.apply(ev)));
                    }
                }
            }
        }
        for (Map.Entry<String, LinkedHashMap<String, Ev>> e : other.distinct.entrySet()) {
            e.getValue().forEach((k, ev) -> distinct(e.getKey(), k, ev == null ? null : restate.apply(ev)));
        }
        for (Map.Entry<String, Set<String>> e : other.plain.entrySet()) {
            e.getValue().forEach(k -> plain(e.getKey(), k));
        }
    }

    boolean has(String base) {
        return values.containsKey(base) || distinct.containsKey(base);
    }

    /** The value of a feature: the number of distinct keys (minus plain ones), or the accumulated value. */
    double value(String base, double dflt) {
        LinkedHashMap<String, Ev> m = distinct.get(base);
        if (m != null) {
            Set<String> p = plain.getOrDefault(base, Set.of());
            int n = 0;
            for (String k : m.keySet()) {
                if (!p.contains(k)) {
                    n++;
                }
            }
            return n;
        }
        Double v = values.get(base);
        return v == null ? dflt : v;
    }

    /** Evidence of a feature, at most {@link #EVIDENCE_PER_FEATURE}. */
    List<Ev> evidence(String base) {
        LinkedHashMap<String, Ev> m = distinct.get(base);
        if (m != null) {
            Set<String> p = plain.getOrDefault(base, Set.of());
            List<Ev> out = new ArrayList<>();
            for (Map.Entry<String, Ev> e : m.entrySet()) {
                if (!p.contains(e.getKey()) && e.getValue() != null) {
                    out.add(e.getValue());
                    if (out.size() >= EVIDENCE_PER_FEATURE) {
                        break;
                    }
                }
            }
            return out;
        }
        return evidence.getOrDefault(base, List.of());
    }
}
