package dev.fang.ingest.pypi;

import java.util.OptionalLong;

/** {@link SerialCursor#inMemory()}. */
final class MemorySerialCursor implements SerialCursor {
    private volatile OptionalLong serial = OptionalLong.empty();

    @Override
    public OptionalLong load() {
        return serial;
    }

    @Override
    public void store(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("serial must be >= 0: " + value);
        }
        serial = OptionalLong.of(value);
    }

    @Override
    public String toString() {
        return "SerialCursor.inMemory(" + serial + ")";
    }
}
