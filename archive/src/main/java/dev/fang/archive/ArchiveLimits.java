package dev.fang.archive;

/**
 * Resource limits applied while reading an untrusted archive. Every limit is checked against bytes actually
 * produced by the decompressor, never against sizes the archive declares about itself.
 *
 * @param maxTotalBytes       most bytes all regular files together may unpack to
 * @param maxEntryBytes       most bytes one regular file may unpack to
 * @param maxEntries          most entries (files, directories and everything else) the archive may hold
 * @param maxCompressionRatio most the unpacked bytes may exceed the archive's size by, as a factor (for the
 *                            whole archive, and for each zip entry against its compressed size); only
 *                            enforced beyond {@link #RATIO_FREE_BYTES} so that tiny archives of repetitive
 *                            text are not refused
 * @param maxPathDepth        most path components (directories plus the file name) an entry path may have
 * @param maxPathLength       most characters an entry name may have, as stored in the archive
 */
public record ArchiveLimits(
        long maxTotalBytes,
        long maxEntryBytes,
        int maxEntries,
        double maxCompressionRatio,
        int maxPathDepth,
        int maxPathLength) {

    /** Unpacked bytes (per archive and per zip entry) that may always be produced whatever the ratio. */
    public static final long RATIO_FREE_BYTES = 1L << 20;

    private static final long MIB = 1L << 20;

    public ArchiveLimits {
        if (maxTotalBytes <= 0 || maxEntryBytes <= 0 || maxEntries <= 0 || maxPathDepth <= 0 || maxPathLength <= 0) {
            throw new IllegalArgumentException("archive limits must be positive: " + describe(
                    maxTotalBytes, maxEntryBytes, maxEntries, maxCompressionRatio, maxPathDepth, maxPathLength));
        }
        if (!(maxCompressionRatio >= 1.0) || Double.isInfinite(maxCompressionRatio)) {
            throw new IllegalArgumentException("maxCompressionRatio must be a finite number >= 1, was "
                    + maxCompressionRatio);
        }
    }

    /** 512 MiB in total, 64 MiB per file, 20,000 entries, ratio 200, 64 path components, 1,024-character names. */
    public static ArchiveLimits defaults() {
        return new ArchiveLimits(512 * MIB, 64 * MIB, 20_000, 200.0, 64, 1024);
    }

    public ArchiveLimits withMaxTotalBytes(long value) {
        return new ArchiveLimits(value, maxEntryBytes, maxEntries, maxCompressionRatio, maxPathDepth, maxPathLength);
    }

    public ArchiveLimits withMaxEntryBytes(long value) {
        return new ArchiveLimits(maxTotalBytes, value, maxEntries, maxCompressionRatio, maxPathDepth, maxPathLength);
    }

    public ArchiveLimits withMaxEntries(int value) {
        return new ArchiveLimits(maxTotalBytes, maxEntryBytes, value, maxCompressionRatio, maxPathDepth, maxPathLength);
    }

    public ArchiveLimits withMaxCompressionRatio(double value) {
        return new ArchiveLimits(maxTotalBytes, maxEntryBytes, maxEntries, value, maxPathDepth, maxPathLength);
    }

    public ArchiveLimits withMaxPathDepth(int value) {
        return new ArchiveLimits(maxTotalBytes, maxEntryBytes, maxEntries, maxCompressionRatio, value, maxPathLength);
    }

    public ArchiveLimits withMaxPathLength(int value) {
        return new ArchiveLimits(maxTotalBytes, maxEntryBytes, maxEntries, maxCompressionRatio, maxPathDepth, value);
    }

    /** Bytes that {@code compressedBytes} may unpack to under the ratio limit (never below the free allowance). */
    long ratioAllowance(long compressedBytes) {
        double allowed = maxCompressionRatio * Math.max(0, compressedBytes);
        long cap = allowed >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) allowed;
        return Math.max(RATIO_FREE_BYTES, cap);
    }

    private static String describe(long total, long entry, int entries, double ratio, int depth, int length) {
        return "maxTotalBytes=" + total + ", maxEntryBytes=" + entry + ", maxEntries=" + entries
                + ", maxCompressionRatio=" + ratio + ", maxPathDepth=" + depth + ", maxPathLength=" + length;
    }
}
