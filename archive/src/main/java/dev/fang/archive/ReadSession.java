package dev.fang.archive;

import dev.fang.archive.UnsafeArchiveException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** State of one read: counters against the limits, the first refusal, and the summary being built. */
final class ReadSession {
    private final boolean skipLinks;


    /** Tar bytes allowed per entry beyond file content: header, pax/long-name records, padding. */
    static final long TAR_OVERHEAD_PER_ENTRY = 64L << 10;
    /** Tar bytes allowed beyond file content regardless of entries: end-of-archive blocks, record padding. */
    static final long TAR_OVERHEAD_FIXED = 1L << 20;

    final ArchiveLimits limits;
    final long archiveSize;
    private final EntryVisitor visitor;
    private final long totalCap;
    private final Reason totalCapReason;
    private final List<ArchiveSummary.Entry> files = new ArrayList<>();

    private long totalBytes;
    private int entryCount;
    /** Raw name of the entry whose header has been read and not finished yet, or "" between entries. */
    private String currentEntry = "";
    private UnsafeArchiveException failure;

    ReadSession(ArchiveLimits limits, long archiveSize, EntryVisitor visitor, boolean skipLinks) {
        this.skipLinks = skipLinks;
        this.limits = limits;
        this.archiveSize = archiveSize;
        this.visitor = visitor;
        long ratioCap = limits.ratioAllowance(archiveSize);
        if (limits.maxTotalBytes() <= ratioCap) {
            totalCap = limits.maxTotalBytes();
            totalCapReason = Reason.TOTAL_TOO_LARGE;
        } else {
            totalCap = ratioCap;
            totalCapReason = Reason.COMPRESSION_RATIO;
        }
    }

    /** Counts a new entry of any kind against the entry limit and makes it the current entry. */
    void beginEntry(String rawName) throws UnsafeArchiveException {
        currentEntry = rawName == null ? "" : rawName;
        entryCount++;
        if (entryCount > limits.maxEntries()) {
            throw record(Refusals.of(Reason.TOO_MANY_ENTRIES, currentEntry, "archive has more than "
                    + String.format("%,d", limits.maxEntries()) + " entries, the limit; refused at entry "
                    + Refusals.quote(currentEntry)));
        }
    }

    void endEntry() {
        currentEntry = "";
    }

    String currentEntry() {
        return currentEntry;
    }

    ArchivePaths.Checked checkPath(String rawName) throws UnsafeArchiveException {
        try {
            return ArchivePaths.check(rawName, limits);
        } catch (UnsafeArchiveException e) {
            throw record(e);
        }
    }

    /**
     * Streams one regular file to the visitor, then drains what it left unread, enforcing the limits throughout.
     *
     * @param compressedSize bytes the entry occupies compressed (zip), or -1 when only the archive-wide ratio applies
     * @throws IOException only when the visitor itself failed for reasons of its own
     */
    void visitFile(String rawName, String path, long declaredSize, InputStream source, long compressedSize)
            throws UnsafeArchiveException, IOException {
        if (path.isEmpty()) {
            throw record(Refusals.of(Reason.CORRUPT, rawName, "entry " + Refusals.quote(rawName)
                    + " is a regular file whose name points at the archive root"));
        }
        EntryContent content = new EntryContent(this, rawName, source, compressedSize);
        try {
            visitor.visit(new ArchiveEntryHeader(path, declaredSize), content);
        } catch (IOException | RuntimeException e) {
            if (failure != null) {
                throw failure;
            }
            throw e;
        }
        if (failure != null) {
            // The visitor swallowed the exception thrown at it.
            throw failure;
        }
        try {
            content.drain();
        } catch (EntryContent.Breach e) {
            throw e.refusal();
        }
        files.add(new ArchiveSummary.Entry(path, content.count(), content.sha256Hex()));
    }

    // ---- limits, used by the streams ----

    long totalBytes() {
        return totalBytes;
    }

    void addTotal(long n) {
        totalBytes += n;
    }

    long totalCap() {
        return totalCap;
    }

    /** Most decompressed tar bytes tolerated so far: file content plus bounded per-entry overhead. */
    long tarStreamAllowance() {
        return totalBytes + (entryCount + 1L) * TAR_OVERHEAD_PER_ENTRY + TAR_OVERHEAD_FIXED;
    }

    UnsafeArchiveException totalLimitExceeded(String rawName) {
        String where = rawName.isEmpty() ? "" : "; stopped in entry " + Refusals.quote(rawName);
        if (totalCapReason == Reason.TOTAL_TOO_LARGE) {
            return Refusals.of(Reason.TOTAL_TOO_LARGE, rawName, "archive unpacks to more than "
                    + Refusals.bytes(totalCap) + " in total, the limit" + where);
        }
        return Refusals.of(Reason.COMPRESSION_RATIO, rawName, "archive of " + Refusals.bytes(archiveSize)
                + " unpacks to more than " + Refusals.bytes(totalCap) + ", over the "
                + Refusals.ratio(limits.maxCompressionRatio()) + "x compression-ratio limit (a likely decompression bomb)"
                + where);
    }

    UnsafeArchiveException tarOverheadExceeded(long rawBytes) {
        String name = currentEntry;
        String where = name.isEmpty() ? "" : "; stopped at entry " + Refusals.quote(name);
        boolean ratio = rawBytes > limits.ratioAllowance(archiveSize);
        return Refusals.of(ratio ? Reason.COMPRESSION_RATIO : Reason.TOTAL_TOO_LARGE, name,
                "archive's tar stream holds " + Refusals.bytes(rawBytes - totalBytes)
                        + " of data outside its regular files (headers, long names or contents of skipped entries),"
                        + " more than its " + String.format("%,d", entryCount) + " entries can need"
                        + (ratio ? " and over the " + Refusals.ratio(limits.maxCompressionRatio())
                                + "x compression-ratio limit (a likely decompression bomb)" : "")
                        + where);
    }

    // ---- failures ----

    /** Remembers the first refusal so that it survives visitors and libraries that swallow or wrap exceptions. */
    UnsafeArchiveException record(UnsafeArchiveException e) {
        if (failure == null) {
            failure = e;
        }
        return failure;
    }

    UnsafeArchiveException failure() {
        return failure;
    }

    /** Turns a decoding failure of the archive library into the recorded refusal, or a CORRUPT one. */
    UnsafeArchiveException decodeFailure(Exception e) {
        if (failure != null) {
            return failure;
        }
        if (e instanceof EntryContent.Breach b) {
            return record(b.refusal());
        }
        String what = e instanceof IOException io ? Refusals.describe(io)
                : "the archive library could not parse it (" + e + ")";
        return record(Refusals.corrupt(currentEntry, what, e));
    }

    ArchiveSummary summary(ArchiveFormat format) {
        return new ArchiveSummary(format, archiveSize, totalBytes, files.size(), files);
    }

    /** Links are left out rather than refused (see {@link SafeArchiveReader.LinkPolicy#SKIP}). */
    boolean skipLinks() {
        return skipLinks;
    }
}
