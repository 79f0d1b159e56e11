package dev.fang.ingest.pypi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * A {@link SerialCursor} kept in a small text file holding the decimal serial. Every store writes a temporary
 * file next to it, forces it to disk and renames it over the old one (atomically where the file system can),
 * so a crash leaves either the old or the new serial, never a torn one.
 */
public final class FileSerialCursor implements SerialCursor {
    private final Path file;

    public FileSerialCursor(Path file) {
        this.file = file.toAbsolutePath();
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized OptionalLong load() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read serial cursor " + file, e);
        }
        try {
            long serial = Long.parseLong(text);
            if (serial < 0) {
                throw new NumberFormatException("negative");
            }
            return OptionalLong.of(serial);
        } catch (NumberFormatException e) {
            // Refuse to guess: restarting from the newest serial would silently skip releases.
            throw new IllegalStateException("serial cursor " + file + " is corrupt (expected a non-negative integer, found '"
                    + abbreviate(text) + "'); fix or delete it", e);
        }
    }

    @Override
    public synchronized void store(long serial) {
        if (serial < 0) {
            throw new IllegalArgumentException("serial must be >= 0: " + serial);
        }
        Path dir = file.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, file.getFileName().toString() + ".", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap((serial + "\n").getBytes(StandardCharsets.US_ASCII));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write serial cursor " + file, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    @Override
    public String toString() {
        return "FileSerialCursor(" + file + ")";
    }
}
