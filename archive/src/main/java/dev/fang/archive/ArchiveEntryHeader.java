package dev.fang.archive;

/**
 * What is known about a regular file entry before its content is read.
 *
 * @param path normalized relative path: forward slashes, no {@code .} or empty components, never {@code ..}
 * @param size size the archive <em>declares</em> for the entry, or -1 when it declares none; untrusted (the
 *             content stream enforces the limits on the bytes really produced) and only a hint for buffers
 */
public record ArchiveEntryHeader(String path, long size) {
}
