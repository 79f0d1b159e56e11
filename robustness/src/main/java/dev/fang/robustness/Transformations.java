package dev.fang.robustness;

import dev.fang.featurize.features.PackageContents;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The transformations by name, in the order a combined run applies them. */
public final class Transformations {
    private static final Map<String, Transformation> BY_NAME = new LinkedHashMap<>();

    static {
        // Relocation first (it needs plain statements), renaming before the rewrites that add names,
        // padding last so that its dead code is not itself obfuscated.
        for (Transformation t : List.of(new PayloadRelocation(), new Renaming(), new ApiObfuscation(),
                new StringObfuscation(), new Padding())) {
            BY_NAME.put(t.name(), t);
        }
    }

    private Transformations() {
    }

    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    public static Transformation byName(String name) {
        Transformation t = BY_NAME.get(name);
        if (t == null) {
            throw new IllegalArgumentException("unknown transformation '" + name + "'; known: " + String.join(", ", names()));
        }
        return t;
    }

    /** Applies the named transformations in their canonical order, each with its own seed derived from {@code seed}. */
    public static PackageContents apply(PackageContents pkg, List<String> names, double probability, long seed) {
        names.forEach(Transformations::byName);
        PackageContents out = pkg;
        for (Map.Entry<String, Transformation> entry : BY_NAME.entrySet()) {
            if (names.contains(entry.getKey())) {
                out = entry.getValue().apply(out, probability, seed);
            }
        }
        return out;
    }
}
