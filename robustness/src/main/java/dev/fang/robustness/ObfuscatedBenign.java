package dev.fang.robustness;

import dev.fang.training.dataset.DatasetRow;
import dev.fang.training.dataset.PackageSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Benign training packages put through every transformation: honest code that is obfuscated, as PyArmor-protected,
 * minified or vendored code is. Without them, every obfuscated package a model ever learned from is malware, so it
 * learns "obfuscated ⇒ malicious" and flags legitimately obfuscated packages; with them, obfuscation alone stops
 * separating the classes and the decoded behaviour has to. Like the slices they come from, they keep their project's
 * group and train models only ({@link DatasetRow#derived()}).
 */
public final class ObfuscatedBenign {
    /** As {@code fang obfuscate}: about half the occurrences rewritten, so plain and obfuscated code mix. */
    static final double PROBABILITY = 0.5;

    private ObfuscatedBenign() {
    }

    /**
     * The sources, each benign slice followed by its obfuscated copy (the same for the same slice; next to it, so the
     * package both are carved from is read once while both are in flight).
     */
    public static List<PackageSource> withCopies(List<PackageSource> slices) {
        List<PackageSource> obfuscated = new ArrayList<>();
        for (PackageSource slice : slices) {
            obfuscated.add(slice);
            DatasetRow row = slice.row();
            if (row.label() != 0 || !row.kind().equals(DatasetRow.SLICE_KIND)) {
                continue;
            }
            long seed = row.id().hashCode();
            DatasetRow derived = new DatasetRow("obf:" + row.id(), 0, row.group(), DatasetRow.OBFUSCATED_KIND, "", "", row.sha256() + ":obf1", 0);
            obfuscated.add(new PackageSource(derived, () -> Transformations.apply(slice.loader().load(), Transformations.names(), PROBABILITY, seed)));
        }
        return obfuscated;
    }
}
