package dev.fang.ingest.pypi;

import java.util.OptionalLong;

/** Where a changelog watcher stopped: the last PyPI change serial whose events were fully handed on. */
public interface SerialCursor {
    /** The stored serial, or empty when nothing was ever stored. */
    OptionalLong load();

    /** Durably records {@code serial}; when this returns, a later {@link #load()} (even after a restart) sees it. */
    void store(long serial);

    /** A cursor that lives only as long as this object (tests, one-shot runs). */
    static SerialCursor inMemory() {
        return new MemorySerialCursor();
    }
}
