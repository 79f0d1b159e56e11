package dev.fang.archive;

import java.util.List;

/**
 * Result of reading a whole archive safely.
 *
 * @param format             format detected from the content
 * @param archiveSize        size of the archive file in bytes
 * @param totalUnpackedBytes bytes of all regular files together, as actually decompressed
 * @param fileCount          number of regular files (directories are not counted)
 * @param entries            every regular file in archive order
 */
public record ArchiveSummary(
        ArchiveFormat format, long archiveSize, long totalUnpackedBytes, int fileCount, List<Entry> entries) {

    public ArchiveSummary {
        entries = List.copyOf(entries);
    }

    /**
     * One regular file.
     *
     * @param path   normalized relative path (see {@link ArchiveEntryHeader#path()})
     * @param size   bytes actually decompressed
     * @param sha256 lowercase hex SHA-256 of the content
     */
    public record Entry(String path, long size, String sha256) {
    }
}
