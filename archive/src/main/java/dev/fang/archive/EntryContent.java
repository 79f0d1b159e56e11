package dev.fang.archive;

import dev.fang.archive.UnsafeArchiveException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The content of one regular file as handed to a visitor: never delivers a byte beyond the per-entry, total or
 * compression-ratio allowance (counted on bytes really decompressed), hashes everything it delivers, and does not
 * close the archive stream beneath it.
 */
final class EntryContent extends InputStream {

    /** An {@link IOException} carrying a refusal through code that only lets IOExceptions pass. */
    static final class Breach extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient UnsafeArchiveException refusal;

        Breach(UnsafeArchiveException refusal) {
            super(refusal.getMessage(), refusal);
            this.refusal = refusal;
        }

        UnsafeArchiveException refusal() {
            return refusal;
        }
    }

    private final ReadSession session;
    private final String rawName;
    private final InputStream source;
    private final long entryCap;
    private final Reason entryCapReason;
    private final long compressedSize;
    private final MessageDigest sha256;
    private final byte[] one = new byte[1];
    private long count;
    private boolean eof;

    EntryContent(ReadSession session, String rawName, InputStream source, long compressedSize) {
        this.session = session;
        this.rawName = rawName;
        this.source = source;
        this.compressedSize = compressedSize;
        long maxEntry = session.limits.maxEntryBytes();
        long ratioCap = compressedSize < 0 ? Long.MAX_VALUE : session.limits.ratioAllowance(compressedSize);
        if (maxEntry <= ratioCap) {
            entryCap = maxEntry;
            entryCapReason = Reason.ENTRY_TOO_LARGE;
        } else {
            entryCap = ratioCap;
            entryCapReason = Reason.COMPRESSION_RATIO;
        }
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        UnsafeArchiveException failed = session.failure();
        if (failed != null) {
            throw new Breach(failed);
        }
        if (eof) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        long entryLeft = entryCap - count;
        long totalLeft = session.totalCap() - session.totalBytes();
        long allowed = Math.min(entryLeft, totalLeft);
        if (allowed <= 0) {
            // At the allowance: one more byte from the decompressor means the limit is exceeded.
            if (sourceRead(one, 0, 1) < 0) {
                eof = true;
                return -1;
            }
            UnsafeArchiveException refusal = entryLeft <= totalLeft ? entryLimitExceeded()
                    : session.totalLimitExceeded(rawName);
            throw new Breach(session.record(refusal));
        }
        int n = sourceRead(b, off, (int) Math.min(len, allowed));
        if (n < 0) {
            eof = true;
            return -1;
        }
        count += n;
        session.addTotal(n);
        sha256.update(b, off, n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        if (n <= 0) {
            return 0;
        }
        return skipByReading(this, n);
    }

    /** Skips by reading through {@code in}, so that skipped bytes are decompressed, counted and checked like read ones. */
    static long skipByReading(InputStream in, long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(8192, n)];
        long skipped = 0;
        while (skipped < n) {
            int r = in.read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public int available() {
        return 0;
    }

    /** Does not close the archive stream: the reader owns it. */
    @Override
    public void close() {
        // nothing: content left unread is drained by the reader
    }

    /** Reads the rest of the entry, enforcing the limits, so that size and hash cover all of it. */
    void drain() throws Breach {
        byte[] scratch = new byte[16384];
        try {
            while (read(scratch, 0, scratch.length) >= 0) {
                // keep reading
            }
        } catch (Breach e) {
            throw e;
        } catch (IOException e) {
            throw new Breach(session.decodeFailure(e));
        }
    }

    long count() {
        return count;
    }

    String sha256Hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    private int sourceRead(byte[] b, int off, int len) throws Breach {
        try {
            return source.read(b, off, len);
        } catch (Breach e) {
            throw new Breach(session.record(e.refusal()));
        } catch (IOException | RuntimeException e) {
            throw new Breach(session.decodeFailure(e));
        }
    }

    private UnsafeArchiveException entryLimitExceeded() {
        if (entryCapReason == Reason.ENTRY_TOO_LARGE) {
            return Refusals.of(Reason.ENTRY_TOO_LARGE, rawName, "entry " + Refusals.quote(rawName)
                    + " unpacks to more than " + Refusals.bytes(entryCap) + ", the per-file limit");
        }
        return Refusals.of(Reason.COMPRESSION_RATIO, rawName, "entry " + Refusals.quote(rawName) + " of "
                + Refusals.bytes(compressedSize) + " compressed unpacks to more than " + Refusals.bytes(entryCap)
                + ", over the " + Refusals.ratio(session.limits.maxCompressionRatio())
                + "x compression-ratio limit (a likely decompression bomb)");
    }
}
