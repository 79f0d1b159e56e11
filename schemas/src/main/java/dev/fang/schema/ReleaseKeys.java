package dev.fang.schema;

import java.util.Locale;
import java.util.regex.Pattern;

/** Record keys shared by every topic: the PEP 503 normalized project name, "==", and the version. */
public final class ReleaseKeys {
    private static final Pattern SEPARATOR_RUNS = Pattern.compile("[-_.]+");

    private ReleaseKeys() {
    }

    /** PEP 503: runs of '-', '_' and '.' become one '-', and the name is lower-cased. */
    public static String normalizeName(String name) {
        return SEPARATOR_RUNS.matcher(name.trim()).replaceAll("-").toLowerCase(Locale.ROOT);
    }

    public static String of(String name, String version) {
        return normalizeName(name) + "==" + version.trim();
    }

    public static String of(PackageRelease release) {
        return of(release.getName(), release.getVersion());
    }
}
