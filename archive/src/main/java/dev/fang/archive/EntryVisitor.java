package dev.fang.archive;

import java.io.IOException;
import java.io.InputStream;

/** Receives each regular file of an archive, in archive order, as a bounded in-memory stream. */
@FunctionalInterface
public interface EntryVisitor {

    /** A visitor that reads nothing (the reader still hashes and measures every entry). */
    EntryVisitor NONE = (header, content) -> { };

    /**
     * Called once per regular file. {@code content} is valid only during this call; the visitor may read all, part
     * or none of it (the rest is drained for hashing and limit checks afterwards) and need not close it. Reading
     * past a limit throws an {@link IOException}; the reader then fails with the matching
     * {@link UnsafeArchiveException} even if the visitor swallows that exception.
     */
    void visit(ArchiveEntryHeader header, InputStream content) throws IOException;
}
