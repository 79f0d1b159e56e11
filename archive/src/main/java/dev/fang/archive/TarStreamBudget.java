package dev.fang.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the decompressed bytes of a tar stream, including headers and the data of entries the tar library
 * skips (directories with a declared size, long names, pax records), and refuses a stream whose bytes outside
 * regular files grow beyond what its entries can need. Decoding errors of the decompressor become CORRUPT.
 */
final class TarStreamBudget extends FilterInputStream {

    private static final int MAX_STEP = 64 << 10;

    private final ReadSession session;
    private long raw;

    TarStreamBudget(InputStream decompressed, ReadSession session) {
        super(decompressed);
        this.session = session;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        UnsafeArchiveException failed = session.failure();
        if (failed != null) {
            throw new EntryContent.Breach(failed);
        }
        int n;
        try {
            // Small steps keep the bytes in flight (read here, not yet counted as content) well within the slack.
            n = in.read(b, off, Math.min(len, MAX_STEP));
        } catch (EntryContent.Breach e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new EntryContent.Breach(session.decodeFailure(e));
        }
        if (n > 0) {
            raw += n;
            if (raw > session.tarStreamAllowance()) {
                throw new EntryContent.Breach(session.record(session.tarOverheadExceeded(raw)));
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipping must decompress, so it is counted like reading.
        if (n <= 0) {
            return 0;
        }
        return EntryContent.skipByReading(this, n);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public int available() {
        return 0;
    }
}
