package dev.fang.robustness;

import dev.fang.training.dataset.DatasetRow;
import dev.fang.training.dataset.PackageSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Training packages of both classes put through every transformation. Benign slices become honest code that is
 * obfuscated, as PyArmor-protected, minified or vendored code is; malware becomes malware that hides. With copies on
 * one side only, a model learns obfuscation itself as a label: from obfuscated benign code alone it learns "obfuscated
 * ⇒ benign" (the attack then only has to obfuscate), from obfuscated malware alone "obfuscated ⇒ malicious". With both,
 * obfuscation stops separating the classes and the decoded behaviour has to. Copies keep their package's group, so
 * they stay on its side of every split, and train models only ({@link DatasetRow#derived()}).
 */
public final class ObfuscatedCopies {
    /** As {@code fang obfuscate}: about half the occurrences rewritten, so plain and obfuscated code mix. */
    static final double PROBABILITY = 0.5;

    private ObfuscatedCopies() {
    }

    /**
     * The sources, each package and each benign slice followed by its obfuscated copy (the same every time; next to
     * it, so the package both come from is read once while both are in flight). Whole benign packages are copied as
     * well as slices: obfuscation adds to every file, so a big obfuscated package must not look like nothing a model
     * has seen.
     */
    public static List<PackageSource> withCopies(List<PackageSource> sources) {
        List<PackageSource> out = new ArrayList<>();
        for (PackageSource source : sources) {
            out.add(source);
            DatasetRow row = source.row();
            String kind = copyKind(row);
            if (kind == null) {
                continue;
            }
            long seed = row.id().hashCode();
            DatasetRow copy = new DatasetRow("obf:" + row.id(), row.label(), row.group(), kind, row.category(), row.date(),
                    row.sha256() + ":obf1", 0);
            out.add(new PackageSource(copy, () -> Transformations.apply(source.loader().load(), Transformations.names(), PROBABILITY, seed)));
        }
        return out;
    }

    private static String copyKind(DatasetRow row) {
        if (row.derived() && !row.kind().equals(DatasetRow.SLICE_KIND)) {
            return null;
        }
        return row.label() == 1 ? DatasetRow.OBFUSCATED_MALWARE_KIND : DatasetRow.OBFUSCATED_BENIGN_KIND;
    }
}
