package dev.fang.archive;

import java.util.Objects;

/**
 * The archive was refused as a whole: it is hostile, too big, corrupt or not an archive. The message is one
 * sentence naming the entry and the limit with its numbers; {@link #reason()} is for programs.
 */
public final class UnsafeArchiveException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why an archive was refused. */
    public enum Reason {
        /** An entry path has a {@code ..} component and so could escape the extraction directory. */
        PATH_TRAVERSAL,
        /** An entry path is absolute ({@code /x}, {@code C:\x}, {@code \\server\x}). */
        ABSOLUTE_PATH,
        /** A symbolic or hard link entry. */
        LINK,
        /** A device, FIFO, socket or other non-regular entry. */
        SPECIAL_FILE,
        /** More entries than {@link ArchiveLimits#maxEntries()}. */
        TOO_MANY_ENTRIES,
        /** One file unpacks to more than {@link ArchiveLimits#maxEntryBytes()}. */
        ENTRY_TOO_LARGE,
        /** All files together unpack to more than {@link ArchiveLimits#maxTotalBytes()}. */
        TOTAL_TOO_LARGE,
        /** Unpacked bytes exceed {@link ArchiveLimits#maxCompressionRatio()} times the compressed bytes. */
        COMPRESSION_RATIO,
        /** An entry path has more components than {@link ArchiveLimits#maxPathDepth()}. */
        PATH_TOO_DEEP,
        /** An entry name is longer than {@link ArchiveLimits#maxPathLength()}. */
        PATH_TOO_LONG,
        /** The archive is truncated or malformed (including entry names with NUL bytes). */
        CORRUPT,
        /** The content is not an archive format Fang reads. */
        UNKNOWN_FORMAT,
        /** An entry is encrypted and cannot be inspected. */
        ENCRYPTED
    }

    private final Reason reason;
    private final String entryName;

    UnsafeArchiveException(Reason reason, String entryName, String message) {
        this(reason, entryName, message, null);
    }

    UnsafeArchiveException(Reason reason, String entryName, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.entryName = entryName == null ? "" : entryName;
    }

    public Reason reason() {
        return reason;
    }

    /**
     * Name of the offending entry as stored in the archive (not normalized, cut to 4,096 characters), or an empty
     * string when the problem concerns the archive as a whole.
     */
    public String entryName() {
        return entryName;
    }
}
