package dev.fang.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Container format of a package archive, decided from its first bytes and never from its file name:
 * malicious uploads routinely name a zip {@code .tar.gz}.
 */
public enum ArchiveFormat {
    /** Gzip-compressed tar (a classic sdist). Whether the content really is a tar is checked on read. */
    TAR_GZ,
    /** Bzip2-compressed tar. */
    TAR_BZ2,
    /** XZ-compressed tar. */
    TAR_XZ,
    /** Uncompressed tar (ustar/GNU/pax magic at offset 257, or an old v7 header with a valid checksum). */
    TAR,
    /** Zip, which includes wheels ({@code .whl}) and eggs. */
    ZIP,
    /** Unix {@code ar} archive such as a Debian {@code .deb}; its {@code data.tar.*} member is read as a tar. */
    AR,
    /** Anything else. */
    UNKNOWN;

    /** Bytes needed by {@link #detect(byte[])} to recognise every format (one tar header block). */
    public static final int HEAD_BYTES = 512;

    private static final byte[] XZ_MAGIC = {(byte) 0xFD, '7', 'z', 'X', 'Z', 0};
    private static final byte[] AR_MAGIC = "!<arch>\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] USTAR = "ustar".getBytes(StandardCharsets.US_ASCII);

    /**
     * Detects the format from the first bytes of a file ({@link #HEAD_BYTES} are enough; fewer bytes can only
     * miss an uncompressed tar).
     */
    public static ArchiveFormat detect(byte[] head) {
        return detect(head, head.length);
    }

    /** Detects the format of a file from its first {@link #HEAD_BYTES} bytes. */
    public static ArchiveFormat detect(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(HEAD_BYTES);
            return detect(head, head.length);
        }
    }

    static ArchiveFormat detect(byte[] head, int length) {
        int n = Math.min(length, head.length);
        if (n >= 3 && u(head[0]) == 0x1F && u(head[1]) == 0x8B && head[2] == 8) {
            return TAR_GZ;
        }
        if (n >= 4 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h' && head[3] >= '1' && head[3] <= '9') {
            return TAR_BZ2;
        }
        if (startsWith(head, n, XZ_MAGIC)) {
            return TAR_XZ;
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K'
                && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6) || (head[2] == 7 && head[3] == 8))) {
            return ZIP;
        }
        if (startsWith(head, n, AR_MAGIC)) {
            return AR;
        }
        if (looksLikeTarHeader(head, n)) {
            return TAR;
        }
        return UNKNOWN;
    }

    /** True when {@code head} starts with a tar header: ustar magic, or a v7 header whose checksum adds up. */
    static boolean looksLikeTarHeader(byte[] head, int n) {
        if (n < HEAD_BYTES) {
            return false;
        }
        boolean magic = true;
        for (int i = 0; i < USTAR.length; i++) {
            if (head[257 + i] != USTAR[i]) {
                magic = false;
                break;
            }
        }
        if (magic) {
            return true;
        }
        return head[0] != 0 && checksumMatches(head);
    }

    /** True when the 512-byte block is entirely zero: the end-of-archive marker (an empty tar). */
    static boolean isZeroBlock(byte[] head, int n) {
        if (n < HEAD_BYTES) {
            return false;
        }
        for (int i = 0; i < HEAD_BYTES; i++) {
            if (head[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean checksumMatches(byte[] header) {
        long stored = 0;
        boolean digits = false;
        for (int i = 148; i < 156; i++) {
            byte b = header[i];
            if (b >= '0' && b <= '7') {
                stored = stored * 8 + (b - '0');
                digits = true;
            } else if (b == 0 || b == ' ') {
                if (digits) {
                    break;
                }
            } else {
                return false;
            }
        }
        if (!digits) {
            return false;
        }
        long unsigned = 0;
        for (int i = 0; i < HEAD_BYTES; i++) {
            unsigned += (i >= 148 && i < 156) ? ' ' : u(header[i]);
        }
        return unsigned == stored;
    }

    private static boolean startsWith(byte[] data, int n, byte[] prefix) {
        if (n < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int u(byte b) {
        return b & 0xFF;
    }
}
