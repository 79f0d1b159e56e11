package dev.fang.robustness;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Replacements of character ranges in one text. An edit that overlaps one already accepted is refused, so a
 * transformation never rewrites the same code twice in one pass. Insertions are empty ranges; several at the
 * same offset keep the order they were added in.
 */
final class Edits {
    private record Edit(int start, int end, String replacement, int order) { }

    private final List<Edit> edits = new ArrayList<>();

    /** Replaces {@code [start, end)}; false (and nothing changes) if that range overlaps an earlier edit. */
    boolean replace(int start, int end, String replacement) {
        for (Edit edit : edits) {
            boolean overlaps = start < edit.end() && edit.start() < end;
            boolean touchesInsertion = start == end && edit.start() < start && start < edit.end()
                    || edit.start() == edit.end() && start < edit.start() && edit.start() < end;
            if (overlaps || touchesInsertion) {
                return false;
            }
        }
        edits.add(new Edit(start, end, replacement, edits.size()));
        return true;
    }

    void insert(int offset, String text) {
        replace(offset, offset, text);
    }

    boolean isEmpty() {
        return edits.isEmpty();
    }

    String applyTo(String text) {
        List<Edit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingInt(Edit::start).thenComparingInt(e -> e.end() == e.start() ? 0 : 1)
                .thenComparingInt(Edit::order));
        StringBuilder out = new StringBuilder(text.length() + 256);
        int at = 0;
        for (Edit edit : sorted) {
            out.append(text, at, edit.start()).append(edit.replacement());
            at = edit.end();
        }
        return out.append(text, at, text.length()).toString();
    }
}
