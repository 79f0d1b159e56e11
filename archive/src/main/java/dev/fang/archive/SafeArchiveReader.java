package dev.fang.archive;

import dev.fang.archive.ArchivePaths.Checked;
import dev.fang.archive.UnsafeArchiveException.Reason;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * Reads untrusted package archives (sdists, wheels, zips, tars, {@code .deb}) safely: entirely in memory as
 * streams, never writing an entry to disk and never executing anything. The whole archive is refused with an
 * {@link UnsafeArchiveException} on path traversal, absolute paths, links, special files, encrypted entries,
 * corruption, or any {@link ArchiveLimits} exceeded; limits are enforced on bytes actually decompressed.
 *
 * <p>Stateless and safe to share between threads; each call reads one archive on the calling thread.
 */
public final class SafeArchiveReader {

    /** Most memory the xz decoder may use (xz -9 needs 64 MiB); beyond it the archive is refused as CORRUPT. */
    static final int XZ_MEMORY_LIMIT_KIB = 96 * 1024;

    private static final int IO_BUFFER = 64 << 10;

    /** What to do with symbolic and hard links, which a safe reader never follows. */
    public enum LinkPolicy {
        /** Refuse the whole archive: uploads to a registry have no business shipping links. */
        REFUSE,
        /** Leave links out and read the rest: installed trees (Debian packages) link files routinely. */
        SKIP
    }

    private final LinkPolicy links;

    /** A reader that refuses archives containing links. */
    public SafeArchiveReader() {
        this(LinkPolicy.REFUSE);
    }

    public SafeArchiveReader(LinkPolicy links) {
        this.links = links;
    }

    /**
     * Reads {@code archive}, streaming every regular file to {@code visitor} in archive order.
     *
     * @throws UnsafeArchiveException when the archive is refused; nothing more is visited after the refusal
     * @throws IOException            when the file cannot be read, or the visitor fails for reasons of its own
     */
    public ArchiveSummary read(Path archive, ArchiveLimits limits, EntryVisitor visitor)
            throws UnsafeArchiveException, IOException {
        return read(new FileSource(archive), limits, visitor);
    }

    /** Reads {@code archive} only to measure and hash its files. */
    public ArchiveSummary read(Path archive, ArchiveLimits limits) throws UnsafeArchiveException, IOException {
        return read(archive, limits, EntryVisitor.NONE);
    }

    /** Reads an archive held in memory (tests, small uploads); same rules as {@link #read(Path, ArchiveLimits, EntryVisitor)}. */
    public ArchiveSummary read(byte[] archive, ArchiveLimits limits, EntryVisitor visitor)
            throws UnsafeArchiveException, IOException {
        return read(new BytesSource(archive), limits, visitor);
    }

    private ArchiveSummary read(Source source, ArchiveLimits limits, EntryVisitor visitor)
            throws UnsafeArchiveException, IOException {
        if (limits == null || visitor == null) {
            throw new NullPointerException("limits and visitor are required");
        }
        long size = source.size();
        byte[] head = source.head();
        ArchiveFormat format = ArchiveFormat.detect(head);
        ReadSession session = new ReadSession(limits, size, visitor, links == LinkPolicy.SKIP);
        switch (format) {
            case ZIP -> readZip(source, session);
            case TAR, TAR_GZ, TAR_BZ2, TAR_XZ -> {
                try (InputStream in = source.open()) {
                    readTar(format, in, session);
                }
            }
            case AR -> {
                try (InputStream in = source.open()) {
                    readAr(in, session);
                }
            }
            default -> throw unknownFormat(size, head);
        }
        return session.summary(format);
    }

    // ---------------------------------------------------------------- tar

    private static void readTar(ArchiveFormat format, InputStream compressed, ReadSession session)
            throws UnsafeArchiveException, IOException {
        InputStream decompressed = decompressor(format, compressed, session);
        PushbackInputStream peek = new PushbackInputStream(new TarStreamBudget(decompressed, session),
                ArchiveFormat.HEAD_BYTES);
        byte[] first;
        try {
            first = peek.readNBytes(ArchiveFormat.HEAD_BYTES);
            peek.unread(first);
        } catch (IOException e) {
            throw session.decodeFailure(e);
        }
        if (!ArchiveFormat.looksLikeTarHeader(first, first.length) && !ArchiveFormat.isZeroBlock(first, first.length)) {
            String what = first.length == 0 ? "it is empty" : "its " + describe(format)
                    + " content is not a tar archive";
            throw session.record(Refusals.corrupt("", what, null));
        }
        try (TarArchiveInputStream tar = new TarArchiveInputStream(peek, "UTF-8")) {
            readTarEntries(tar, session);
        }
    }

    private static void readTarEntries(TarArchiveInputStream tar, ReadSession session)
            throws UnsafeArchiveException, IOException {
        while (true) {
            TarArchiveEntry entry;
            try {
                entry = tar.getNextEntry();
            } catch (IOException | RuntimeException e) {
                throw session.decodeFailure(e);
            }
            if (entry == null) {
                break;
            }
            String name = entry.getName();
            session.beginEntry(name);
            if (!entry.isCheckSumOK()) {
                throw session.record(Refusals.corrupt(name, "the entry header's checksum does not match", null));
            }
            Checked path = session.checkPath(name);
            if (skipOrRefuseTarLink(entry, name, session)) {
                session.endEntry();
                continue;
            }
            refuseNonRegularTarEntry(entry, name, session);
            if (!entry.isDirectory()) {
                session.visitFile(name, path.path(), entry.getSize(), tar, -1);
            }
            session.endEntry();
        }
    }

    /** True when the entry is a link to leave out; throws when links are refused. */
    private static boolean skipOrRefuseTarLink(TarArchiveEntry entry, String name, ReadSession session)
            throws UnsafeArchiveException {
        if (!entry.isSymbolicLink() && !entry.isLink()) {
            return false;
        }
        if (session.skipLinks()) {
            return true;
        }
        String kind = entry.isSymbolicLink() ? "a symbolic link" : "a hard link";
        throw session.record(Refusals.of(Reason.LINK, name, "entry " + Refusals.quote(name) + " is " + kind + " to "
                + Refusals.quote(entry.getLinkName()) + "; archives with links are refused"));
    }

    private static void refuseNonRegularTarEntry(TarArchiveEntry entry, String name, ReadSession session)
            throws UnsafeArchiveException {
        String quoted = Refusals.quote(name);
        String special = entry.isCharacterDevice() ? "a character device" : entry.isBlockDevice() ? "a block device"
                : entry.isFIFO() ? "a FIFO (named pipe)" : null;
        if (special != null) {
            throw session.record(Refusals.of(Reason.SPECIAL_FILE, name, "entry " + quoted + " is " + special
                    + "; only regular files and directories are allowed"));
        }
        if (entry.isDirectory()) {
            return;
        }
        byte flag = entry.getLinkFlag();
        boolean regular = flag == 0 || flag == '0' || flag == '7' || entry.isSparse();
        if (!regular) {
            String type = flag >= 0x20 && flag < 0x7F ? "'" + (char) flag + "'" : String.format(Locale.ROOT, "0x%02x", flag);
            throw session.record(Refusals.of(Reason.SPECIAL_FILE, name, "entry " + quoted + " has tar type "
                    + type + ", which is not a regular file or directory"));
        }
    }

    private static InputStream decompressor(ArchiveFormat format, InputStream in, ReadSession session)
            throws UnsafeArchiveException {
        if (format == ArchiveFormat.TAR) {
            return in;
        }
        try {
            if (format == ArchiveFormat.TAR_GZ) {
                return new GZIPInputStream(in, IO_BUFFER);
            }
            if (format == ArchiveFormat.TAR_BZ2) {
                return new BZip2CompressorInputStream(in, true);
            }
            return XZCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true)
                    .setMemoryLimitKiB(XZ_MEMORY_LIMIT_KIB).get();
        } catch (IOException | RuntimeException e) {
            throw session.decodeFailure(e);
        }
    }

    // ---------------------------------------------------------------- zip

    private static void readZip(Source source, ReadSession session) throws UnsafeArchiveException, IOException {
        ZipFile zip;
        SeekableByteChannel channel = source.channel();
        try {
            zip = ZipFile.builder().setSeekableByteChannel(channel).get();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw session.record(Refusals.corrupt("", "its zip central directory cannot be read ("
                    + (e instanceof IOException io ? Refusals.describe(io) : e.toString()) + ")", e));
        }
        try (zip) {
            Enumeration<ZipArchiveEntry> entries = zip.getEntries();
            while (entries.hasMoreElements()) {
                ZipArchiveEntry entry = entries.nextElement();
                String name = entry.getName();
                session.beginEntry(name);
                Checked path = session.checkPath(name);
                if (refuseNonRegularZipEntry(entry, name, path, session)) {
                    session.endEntry();
                    continue;
                }
                if (entry.getGeneralPurposeBit().usesEncryption()
                        || entry.getGeneralPurposeBit().usesStrongEncryption()) {
                    throw session.record(Refusals.of(Reason.ENCRYPTED, name, "entry " + Refusals.quote(name)
                            + " is encrypted, so its content cannot be inspected"));
                }
                if (!zip.canReadEntryData(entry)) {
                    throw session.record(Refusals.corrupt(name, "it uses zip compression method "
                            + entry.getMethod() + ", which cannot be read", null));
                }
                InputStream content;
                try {
                    content = zip.getInputStream(entry);
                } catch (IOException | RuntimeException e) {
                    throw session.decodeFailure(e);
                }
                try (content) {
                    session.visitFile(name, path.path(), entry.getSize(), content, entry.getCompressedSize());
                }
                session.endEntry();
            }
        }
    }

    /** Refuses links (unless skipped) and special files; returns true for an entry to skip (directory, skipped link). */
    private static boolean refuseNonRegularZipEntry(ZipArchiveEntry entry, String name, Checked path,
            ReadSession session) throws UnsafeArchiveException {
        String quoted = Refusals.quote(name);
        if (entry.isUnixSymlink() && session.skipLinks()) {
            return true;
        }
        if (entry.isUnixSymlink()) {
            throw session.record(Refusals.of(Reason.LINK, name, "entry " + quoted
                    + " is a symbolic link; archives with links are refused"));
        }
        boolean unixDirectory = false;
        if (entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX) {
            int type = entry.getUnixMode() & 0170000;
            unixDirectory = type == 0040000;
            if (type != 0 && type != 0100000 && !unixDirectory) {
                throw session.record(Refusals.of(Reason.SPECIAL_FILE, name, "entry " + quoted + " is "
                        + unixTypeName(type) + "; only regular files and directories are allowed"));
            }
        }
        return entry.isDirectory() || path.trailingSlash() || unixDirectory;
    }

    private static String unixTypeName(int type) {
        return switch (type) {
            case 0020000 -> "a character device";
            case 0060000 -> "a block device";
            case 0010000 -> "a FIFO (named pipe)";
            case 0140000 -> "a socket";
            default -> String.format(Locale.ROOT, "of unix file type 0%o", type);
        };
    }

    // ---------------------------------------------------------------- ar (.deb)

    private static void readAr(InputStream in, ReadSession session) throws UnsafeArchiveException, IOException {
        ArArchiveInputStream ar = new ArArchiveInputStream(in);
        while (true) {
            ArArchiveEntry member;
            try {
                member = ar.getNextEntry();
            } catch (IOException | RuntimeException e) {
                throw session.decodeFailure(e);
            }
            if (member == null) {
                break;
            }
            String name = member.getName();
            session.beginEntry(name);
            session.checkPath(name);
            if (!name.startsWith("data.tar")) {
                // debian-binary, control.tar.*: not package content; skipped unread.
                session.endEntry();
                continue;
            }
            BufferedInputStream memberIn = new BufferedInputStream(new NonClosing(ar), IO_BUFFER);
            byte[] head;
            try {
                memberIn.mark(ArchiveFormat.HEAD_BYTES);
                head = memberIn.readNBytes(ArchiveFormat.HEAD_BYTES);
                memberIn.reset();
            } catch (IOException | RuntimeException e) {
                throw session.decodeFailure(e);
            }
            ArchiveFormat nested = ArchiveFormat.detect(head);
            if (nested != ArchiveFormat.TAR && nested != ArchiveFormat.TAR_GZ && nested != ArchiveFormat.TAR_BZ2
                    && nested != ArchiveFormat.TAR_XZ) {
                throw session.record(Refusals.of(Reason.UNKNOWN_FORMAT, name, "member " + Refusals.quote(name)
                        + " of the ar archive is not a tar, tar.gz, tar.bz2 or tar.xz (detected "
                        + nested.name().toLowerCase(Locale.ROOT) + "), so its files cannot be read"));
            }
            session.endEntry();
            readTar(nested, memberIn, session);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static UnsafeArchiveException unknownFormat(long size, byte[] head) {
        if (size == 0) {
            return Refusals.of(Reason.UNKNOWN_FORMAT, "", "file is empty, not an archive");
        }
        int shown = Math.min(8, head.length);
        String hex = HexFormat.ofDelimiter(" ").formatHex(head, 0, shown);
        return Refusals.of(Reason.UNKNOWN_FORMAT, "", "file is not a recognised archive (it starts with bytes "
                + hex + "); expected tar.gz, tar.bz2, tar.xz, tar, zip/wheel/egg or ar (.deb)");
    }

    private static String describe(ArchiveFormat format) {
        return switch (format) {
            case TAR_GZ -> "gzip";
            case TAR_BZ2 -> "bzip2";
            case TAR_XZ -> "xz";
            default -> "uncompressed";
        };
    }

    /** Shields the ar stream from being closed by the nested tar readers. */
    private static final class NonClosing extends FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the ar reader owns the stream
        }
    }

    private interface Source {
        long size() throws IOException;

        byte[] head() throws IOException;

        InputStream open() throws IOException;

        SeekableByteChannel channel() throws IOException;
    }

    private record FileSource(Path path) implements Source {
        @Override
        public long size() throws IOException {
            return Files.size(path);
        }

        @Override
        public byte[] head() throws IOException {
            try (InputStream in = Files.newInputStream(path)) {
                return in.readNBytes(ArchiveFormat.HEAD_BYTES);
            }
        }

        @Override
        public InputStream open() throws IOException {
            return new BufferedInputStream(Files.newInputStream(path), IO_BUFFER);
        }

        @Override
        public SeekableByteChannel channel() throws IOException {
            return Files.newByteChannel(path, StandardOpenOption.READ);
        }
    }

    private record BytesSource(byte[] bytes) implements Source {
        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public byte[] head() {
            return java.util.Arrays.copyOf(bytes, Math.min(bytes.length, ArchiveFormat.HEAD_BYTES));
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public SeekableByteChannel channel() {
            return new SeekableInMemoryByteChannel(bytes);
        }
    }
}
