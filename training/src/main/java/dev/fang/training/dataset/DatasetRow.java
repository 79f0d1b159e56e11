package dev.fang.training.dataset;

/**
 * One package of a dataset.
 *
 * @param id        unique id: {@code mal:<path in the collection>} or {@code deb:<file name>}, {@code src:...}, {@code graalpy:...}
 * @param label     1 malicious, 0 benign
 * @param group     what must never be split across training and test: the campaign group of a malicious
 *                  sample, the project (source package) of a benign one
 * @param kind      where it came from: malregistry, debian-binary, debian-source, graalpy, fixture, or
 *                  {@value #SLICE_KIND} (a small package carved out of a benign one, see {@link BenignSlices}),
 *                  {@value #OBFUSCATED_BENIGN_KIND} (such a slice or a whole benign package after every obfuscating transformation) or
 *                  {@value #OBFUSCATED_MALWARE_KIND} (a malware package after them)
 * @param category  malware category (malicious, probably_pentest) or empty
 * @param date      ISO date the sample was first seen (malware) or empty: test malware comes from later than training malware
 * @param sha256    digest of the archive, the cache key together with the feature catalogue version
 * @param pythonBytes bytes of Python source in the package (for per-size results)
 */
public record DatasetRow(String id, int label, String group, String kind, String category, String date, String sha256, long pythonBytes) {
    public static final String SLICE_KIND = "benign-slice";
    public static final String OBFUSCATED_BENIGN_KIND = "benign-obfuscated";
    public static final String OBFUSCATED_MALWARE_KIND = "malicious-obfuscated";

    /** Derived for training only: such rows train models but are neither evaluated nor used to calibrate thresholds. */
    public boolean derived() {
        return kind.equals(SLICE_KIND) || kind.equals(OBFUSCATED_BENIGN_KIND) || kind.equals(OBFUSCATED_MALWARE_KIND);
    }
}
