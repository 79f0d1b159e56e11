package dev.fang.testkit.archives;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

/**
 * Package archives built in memory for tests and demos: normal sdists, wheels, zips and tars, and hostile ones
 * (bombs, traversal, absolute paths, links, devices, truncation, too many entries). Everything is harmless:
 * content is plain text or zeros, link targets are never followed, and nothing here touches the disk.
 *
 * <p>File maps take a {@link String} (written as UTF-8) or a {@code byte[]} per path and are written in the map's
 * iteration order (use a {@link LinkedHashMap} to control it). Names are written exactly as given, including
 * absolute and {@code ..} names. Output is deterministic: fixed timestamps and owners.
 */
public final class FixtureArchives {

    /** Entry name used by the path traversal fixtures. */
    public static final String TRAVERSAL_ENTRY = "../../fang-escape/evil.py";
    /** Entry name used by the absolute path fixtures. */
    public static final String ABSOLUTE_ENTRY = "/tmp/fang-absolute/evil.py";
    /** Entry name of the symbolic link in the symlink fixtures. */
    public static final String SYMLINK_ENTRY = "fang-fixture-1.0/config.py";
    /** Where the symbolic link fixtures point. */
    public static final String SYMLINK_TARGET = "/etc/passwd";
    /** Entry name of the hard link in {@link #hardLinkTarGz()}. */
    public static final String HARDLINK_ENTRY = "fang-fixture-1.0/copy_of_setup.py";
    /** Entry name of the FIFO in {@link #fifoTarGz()}. */
    public static final String FIFO_ENTRY = "fang-fixture-1.0/pipe";
    /** Entry name of the character device in {@link #charDeviceTarGz()}. */
    public static final String CHAR_DEVICE_ENTRY = "fang-fixture-1.0/null";
    /** Entry name of the block device in {@link #blockDeviceTarGz()}. */
    public static final String BLOCK_DEVICE_ENTRY = "fang-fixture-1.0/sda";
    /** Entry name of the highly compressible file in the bomb fixtures. */
    public static final String BOMB_ENTRY = "fang-bomb-1.0/zeros.txt";
    /** Entry name of the large incompressible file in {@link #hugeMemberTarGz(long)}. */
    public static final String HUGE_ENTRY = "fang-fixture-1.0/data/blob.bin";
    /** Entry name of the encrypted entry in {@link #encryptedZip()}. */
    public static final String ENCRYPTED_ENTRY = "fang_fixture/secret.py";
    /** Entry name with a NUL byte in {@link #nulByteNameZip()}. */
    public static final String NUL_BYTE_ENTRY = "fang_fixture/evil.py\0.txt";

    /** Fixed modification time of every entry (2024-01-01T00:00:00Z). */
    private static final long MTIME_MILLIS = 1_704_067_200_000L;
    private static final int CHUNK = 64 << 10;

    private FixtureArchives() {
    }

    // ------------------------------------------------------------------ normal archives

    /** A small harmless package: {@code setup.py}, a module and a README, under {@code fang-fixture-1.0/}. */
    public static Map<String, Object> samplePackageFiles() {
        Map<String, Object> files = new LinkedHashMap<>();
        files.put("fang-fixture-1.0/PKG-INFO", pkgInfo("fang-fixture", "1.0"));
        files.put("fang-fixture-1.0/setup.py",
                "from setuptools import setup\n\nsetup(name=\"fang-fixture\", version=\"1.0\", packages=[\"fang_fixture\"])\n");
        files.put("fang-fixture-1.0/fang_fixture/__init__.py", "def greet(name):\n    return f\"hello {name}\"\n");
        files.put("fang-fixture-1.0/README.md", "# fang-fixture\n\nA harmless package used by Fang's tests.\n");
        return files;
    }

    /** Gzipped tar (an sdist) of {@code files}, with directory entries for their parents, paths as given. */
    public static byte[] sdistTarGz(Map<String, ?> files) {
        return gzip(tar(files));
    }

    /**
     * An sdist as setuptools lays it out: every file under {@code name-version/}, plus a {@code PKG-INFO} unless
     * {@code files} has one.
     */
    public static byte[] sdistTarGz(String name, String version, Map<String, ?> files) {
        return sdistTarGz(sdistLayout(name, version, files));
    }

    /** Uncompressed tar of {@code files}, with directory entries for their parents. */
    public static byte[] tar(Map<String, ?> files) {
        return buildTar(tar -> {
            Set<String> dirs = new HashSet<>();
            for (Map.Entry<String, ?> file : files.entrySet()) {
                String path = file.getKey();
                for (String dir : parentDirectories(path)) {
                    if (dirs.add(dir)) {
                        putDirectory(tar, dir);
                    }
                }
                putFile(tar, path, bytes(file.getValue()));
            }
        });
    }

    /** Bzip2-compressed tar of {@code files}. */
    public static byte[] tarBz2(Map<String, ?> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BZip2CompressorOutputStream bz = new BZip2CompressorOutputStream(out)) {
            bz.write(tar(files));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Zip of {@code files} (deflated), with directory entries for their parents. */
    public static byte[] zip(Map<String, ?> files) {
        return buildZip(zip -> {
            Set<String> dirs = new HashSet<>();
            for (Map.Entry<String, ?> file : files.entrySet()) {
                String path = file.getKey();
                for (String dir : parentDirectories(path)) {
                    if (dirs.add(dir)) {
                        zip.putArchiveEntry(rawZipEntry(dir, 040755));
                        zip.closeArchiveEntry();
                    }
                }
                putZipFile(zip, rawZipEntry(path, 0100644), bytes(file.getValue()));
            }
        });
    }

    /**
     * A wheel: {@code files} at the root (e.g. {@code fang_fixture/__init__.py}) plus a {@code .dist-info} with
     * METADATA, WHEEL and a RECORD of SHA-256 hashes, as pip expects.
     */
    public static byte[] wheel(String name, String version, Map<String, ?> files) {
        String distInfo = name.replace('-', '_') + "-" + version + ".dist-info/";
        Map<String, Object> all = new LinkedHashMap<>(files);
        all.put(distInfo + "METADATA", "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n");
        all.put(distInfo + "WHEEL", "Wheel-Version: 1.0\nGenerator: fang-testkit\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
        StringBuilder record = new StringBuilder();
        for (Map.Entry<String, Object> file : all.entrySet()) {
            byte[] content = bytes(file.getValue());
            record.append(file.getKey()).append(",sha256=")
                    .append(Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(content)))
                    .append(',').append(content.length).append('\n');
        }
        record.append(distInfo).append("RECORD,,\n");
        all.put(distInfo + "RECORD", record.toString());
        return zip(all);
    }

    /**
     * A zip with an sdist's layout ({@code name-version/...}, PKG-INFO), as malicious uploads disguise zips as
     * {@code .tar.gz}: serve or store it under a {@code .tar.gz} name; readers must go by content.
     */
    public static byte[] zipDisguisedAsSdist(String name, String version, Map<String, ?> files) {
        return zip(sdistLayout(name, version, files));
    }

    /** A Unix {@code ar} archive of the given members, in order (a {@code .deb} is one). */
    public static byte[] ar(Map<String, byte[]> members) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArArchiveOutputStream ar = new ArArchiveOutputStream(out)) {
            for (Map.Entry<String, byte[]> member : members.entrySet()) {
                ar.putArchiveEntry(new ArArchiveEntry(member.getKey(), member.getValue().length, 0, 0, 0100644,
                        MTIME_MILLIS / 1000));
                ar.write(member.getValue());
                ar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A {@code .deb}-like ar: {@code debian-binary}, {@code control.tar.gz} and {@code data.tar.gz} holding
     * {@code files}.
     */
    public static byte[] debLike(Map<String, ?> files) {
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
        members.put("control.tar.gz", sdistTarGz(Map.of("./control",
                "Package: fang-fixture\nVersion: 1.0\nArchitecture: all\nDescription: harmless fixture\n")));
        members.put("data.tar.gz", sdistTarGz(files));
        return ar(members);
    }

    // ------------------------------------------------------------------ bombs and size limits

    /** A zip whose single entry {@link #BOMB_ENTRY} is {@code uncompressedBytes} of zeros (about 1000:1). */
    public static byte[] zipBomb(long uncompressedBytes) {
        return buildZip(zip -> {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            zip.putArchiveEntry(rawZipEntry(BOMB_ENTRY, 0100644));
            writeZeros(zip, uncompressedBytes);
            zip.closeArchiveEntry();
        });
    }

    /** A tar.gz whose single file {@link #BOMB_ENTRY} is {@code uncompressedBytes} of zeros (about 1000:1). */
    public static byte[] gzipTarBomb(long uncompressedBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new BestGzip(out);
             TarArchiveOutputStream tar = newTar(gz)) {
            TarArchiveEntry entry = new TarArchiveEntry(BOMB_ENTRY, true);
            stamp(entry);
            entry.setSize(uncompressedBytes);
            tar.putArchiveEntry(entry);
            writeZeros(tar, uncompressedBytes);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A tar.gz with one {@code bytes}-long file {@link #HUGE_ENTRY} of incompressible pseudo-random bytes (so it is
     * too large, not a bomb); the archive itself is about {@code bytes} long.
     */
    public static byte[] hugeMemberTarGz(long bytes) {
        return gzip(buildTar(tar -> {
            TarArchiveEntry entry = new TarArchiveEntry(HUGE_ENTRY, true);
            stamp(entry);
            entry.setSize(bytes);
            tar.putArchiveEntry(entry);
            Random random = new Random(42);
            byte[] chunk = new byte[CHUNK];
            for (long left = bytes; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                tar.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
            tar.closeArchiveEntry();
        }));
    }

    /** A tar.gz of {@code count} tiny files {@code fang-many-1.0/f<i>.txt} (plus their directory entry). */
    public static byte[] tooManyEntriesTarGz(int count) {
        return gzip(buildTar(tar -> {
            putDirectory(tar, "fang-many-1.0/");
            for (int i = 0; i < count; i++) {
                putFile(tar, manyEntryName(i), new byte[] {'x'});
            }
        }));
    }

    /** A zip of {@code count} tiny files {@code fang-many-1.0/f<i>.txt}. */
    public static byte[] tooManyEntriesZip(int count) {
        return buildZip(zip -> {
            for (int i = 0; i < count; i++) {
                putZipFile(zip, rawZipEntry(manyEntryName(i), 0100644), new byte[] {'x'});
            }
        });
    }

    /** Name of the {@code i}-th (0-based) file of the too-many-entries fixtures. */
    public static String manyEntryName(int i) {
        return "fang-many-1.0/f" + i + ".txt";
    }

    // ------------------------------------------------------------------ hostile paths

    /** A tar.gz whose file {@link #deepPath(int)} is nested {@code depth} path components deep. */
    public static byte[] deepPathTarGz(int depth) {
        return gzip(buildTar(tar -> putFile(tar, deepPath(depth), bytes("x = 1\n"))));
    }

    /** {@code d/d/.../deep.py} with {@code depth} components in all (the file name included). */
    public static String deepPath(int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be at least 1");
        }
        return "d/".repeat(depth - 1) + "deep.py";
    }

    /** A tar.gz whose file name is {@code length} characters long (stored in a pax header). */
    public static byte[] longNameTarGz(int length) {
        return gzip(buildTar(tar -> putFile(tar, longName(length), bytes("x = 1\n"))));
    }

    /** The name used by {@link #longNameTarGz(int)}: {@code fang-long/aaaa...a.py}, {@code length} characters. */
    public static String longName(int length) {
        String prefix = "fang-long/";
        String suffix = ".py";
        if (length < prefix.length() + suffix.length() + 1) {
            throw new IllegalArgumentException("length must be at least " + (prefix.length() + suffix.length() + 1));
        }
        return prefix + "a".repeat(length - prefix.length() - suffix.length()) + suffix;
    }

    /** A normal sdist plus one file named {@link #TRAVERSAL_ENTRY}. */
    public static byte[] traversalTarGz() {
        return sdistTarGz(withExtra(TRAVERSAL_ENTRY, "print('harmless fixture')\n"));
    }

    /** A normal package plus one file named {@link #TRAVERSAL_ENTRY}. */
    public static byte[] traversalZip() {
        return zipWithRawNames(withExtra(TRAVERSAL_ENTRY, "print('harmless fixture')\n"));
    }

    /** A normal sdist plus one file named {@link #ABSOLUTE_ENTRY}. */
    public static byte[] absolutePathTarGz() {
        return sdistTarGz(withExtra(ABSOLUTE_ENTRY, "print('harmless fixture')\n"));
    }

    /** A normal package plus one file named {@link #ABSOLUTE_ENTRY}. */
    public static byte[] absolutePathZip() {
        return zipWithRawNames(withExtra(ABSOLUTE_ENTRY, "print('harmless fixture')\n"));
    }

    /**
     * A zip whose entries are written byte for byte as named, without directory entries or the backslash-to-slash
     * conversion zip writers usually apply: for {@code C:\x}, {@code \\server\x}, {@code ..\x} or NUL bytes.
     */
    public static byte[] zipWithRawNames(Map<String, ?> files) {
        return buildZip(zip -> {
            for (Map.Entry<String, ?> file : files.entrySet()) {
                putZipFile(zip, rawZipEntry(file.getKey(), 0100644), bytes(file.getValue()));
            }
        });
    }

    /** A zip with one entry named {@link #NUL_BYTE_ENTRY}. */
    public static byte[] nulByteNameZip() {
        return zipWithRawNames(withExtra(NUL_BYTE_ENTRY, "print('harmless fixture')\n"));
    }

    // ------------------------------------------------------------------ links, devices, encryption

    /** A normal sdist plus {@link #SYMLINK_ENTRY}, a symbolic link to {@link #SYMLINK_TARGET}. */
    public static byte[] symlinkTarGz() {
        return gzip(buildTar(tar -> {
            putSample(tar);
            TarArchiveEntry link = new TarArchiveEntry(SYMLINK_ENTRY, TarConstants.LF_SYMLINK, true);
            stamp(link);
            link.setLinkName(SYMLINK_TARGET);
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }));
    }

    /** A normal package plus {@link #SYMLINK_ENTRY}, a zip entry with unix symlink mode pointing at {@link #SYMLINK_TARGET}. */
    public static byte[] symlinkZip() {
        return buildZip(zip -> {
            for (Map.Entry<String, Object> file : samplePackageFiles().entrySet()) {
                putZipFile(zip, rawZipEntry(file.getKey(), 0100644), bytes(file.getValue()));
            }
            putZipFile(zip, rawZipEntry(SYMLINK_ENTRY, 0120777), bytes(SYMLINK_TARGET));
        });
    }

    /** A normal sdist plus {@link #HARDLINK_ENTRY}, a hard link to its {@code setup.py}. */
    public static byte[] hardLinkTarGz() {
        return gzip(buildTar(tar -> {
            putSample(tar);
            TarArchiveEntry link = new TarArchiveEntry(HARDLINK_ENTRY, TarConstants.LF_LINK, true);
            stamp(link);
            link.setLinkName("fang-fixture-1.0/setup.py");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }));
    }

    /** A normal sdist plus {@link #FIFO_ENTRY}, a named pipe. */
    public static byte[] fifoTarGz() {
        return specialTarGz(FIFO_ENTRY, TarConstants.LF_FIFO, 0, 0);
    }

    /** A normal sdist plus {@link #CHAR_DEVICE_ENTRY}, a character device (1,3 like /dev/null). */
    public static byte[] charDeviceTarGz() {
        return specialTarGz(CHAR_DEVICE_ENTRY, TarConstants.LF_CHR, 1, 3);
    }

    /** A normal sdist plus {@link #BLOCK_DEVICE_ENTRY}, a block device (8,0 like /dev/sda). */
    public static byte[] blockDeviceTarGz() {
        return specialTarGz(BLOCK_DEVICE_ENTRY, TarConstants.LF_BLK, 8, 0);
    }

    /**
     * A zip whose entry {@link #ENCRYPTED_ENTRY} has the "encrypted" flag set (its bytes are plain text: it only
     * has to look encrypted).
     */
    public static byte[] encryptedZip() {
        byte[] content = bytes("print('not really encrypted')\n");
        byte[] zip = buildZip(out -> {
            ZipArchiveEntry entry = rawZipEntry(ENCRYPTED_ENTRY, 0100644);
            entry.setMethod(ZipArchiveEntry.STORED);
            entry.setSize(content.length);
            entry.setCrc(crc32(content));
            putZipFile(out, entry, content);
        });
        // Zip writers refuse to set the flag without encrypting, so set bit 0 of the general purpose flags in the
        // local header (offset 6) and the central directory header (offset 8) afterwards.
        zip[6] |= 1;
        for (int i = zip.length - 46; i >= 0; i--) {
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2) {
                zip[i + 8] |= 1;
                break;
            }
        }
        return zip;
    }

    // ------------------------------------------------------------------ corruption

    /** A normal sdist (with enough content to span several deflate blocks) cut off at 60% of its bytes. */
    public static byte[] truncatedTarGz() {
        Map<String, Object> files = samplePackageFiles();
        StringBuilder module = new StringBuilder();
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            module.append("VALUE_").append(i).append(" = ").append(random.nextInt()).append('\n');
        }
        files.put("fang-fixture-1.0/fang_fixture/values.py", module.toString());
        byte[] whole = sdistTarGz(files);
        return Arrays.copyOf(whole, whole.length * 6 / 10);
    }

    /** Compresses {@code data} with gzip (e.g. to wrap something that is not a tar). */
    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** SHA-256 of {@code data} as lowercase hex, as archive readers report it. */
    public static String sha256Hex(byte[] data) {
        StringBuilder sb = new StringBuilder(64);
        for (byte b : sha256(data)) {
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }

    /** The bytes a file map value stands for: UTF-8 of a String, or the byte[] itself. */
    public static byte[] bytes(Object content) {
        if (content instanceof byte[] b) {
            return b;
        }
        if (content instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        throw new IllegalArgumentException("file content must be a String or byte[], was "
                + (content == null ? "null" : content.getClass().getName()));
    }

    // ------------------------------------------------------------------ internals

    @FunctionalInterface
    private interface TarBody {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    @FunctionalInterface
    private interface ZipBody {
        void write(ZipArchiveOutputStream zip) throws IOException;
    }

    private static byte[] buildTar(TarBody body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = newTar(out)) {
            body.write(tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static TarArchiveOutputStream newTar(OutputStream out) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        return tar;
    }

    private static byte[] buildZip(ZipBody body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            zip.setEncoding("UTF-8");
            body.write(zip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void putFile(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        stamp(entry);
        entry.setMode(0100644);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static void putDirectory(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_DIR, true);
        stamp(entry);
        entry.setMode(040755);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static void putSample(TarArchiveOutputStream tar) throws IOException {
        putDirectory(tar, "fang-fixture-1.0/");
        for (Map.Entry<String, Object> file : samplePackageFiles().entrySet()) {
            putFile(tar, file.getKey(), bytes(file.getValue()));
        }
    }

    private static byte[] specialTarGz(String name, byte type, int major, int minor) {
        return gzip(buildTar(tar -> {
            putSample(tar);
            TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
            stamp(entry);
            entry.setDevMajor(major);
            entry.setDevMinor(minor);
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
        }));
    }

    private static void stamp(TarArchiveEntry entry) {
        entry.setModTime(MTIME_MILLIS);
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("fang");
        entry.setGroupName("fang");
    }

    private static void putZipFile(ZipArchiveOutputStream zip, ZipArchiveEntry entry, byte[] content)
            throws IOException {
        zip.putArchiveEntry(entry);
        zip.write(content);
        zip.closeArchiveEntry();
    }

    /** A zip entry whose name is kept byte for byte (no backslash conversion), with the given unix mode. */
    private static ZipArchiveEntry rawZipEntry(String name, int unixMode) {
        RawNameZipEntry entry = new RawNameZipEntry(name, unixMode);
        entry.setTime(MTIME_MILLIS);
        return entry;
    }

    /** Subclass only to reach the protected setters: the public constructor rewrites backslashes. */
    private static final class RawNameZipEntry extends ZipArchiveEntry {
        RawNameZipEntry(String name, int unixMode) {
            super("placeholder");
            setUnixMode(unixMode);
            setName(name);
        }
    }

    private static void writeZeros(OutputStream out, long count) throws IOException {
        byte[] zeros = new byte[CHUNK];
        for (long left = count; left > 0; left -= zeros.length) {
            out.write(zeros, 0, (int) Math.min(zeros.length, left));
        }
    }

    /**
     * Directory entries a well-behaved packer writes before {@code path}: none for hostile names (absolute,
     * {@code ..}, backslashes, drive letters), so that those fixtures fail on the named entry itself.
     */
    private static List<String> parentDirectories(String path) {
        List<String> dirs = new ArrayList<>();
        if (path.startsWith("/") || path.contains("\\") || path.contains(":") || path.indexOf('\0') >= 0
                || Arrays.asList(path.split("/")).contains("..")) {
            return dirs;
        }
        for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
            dirs.add(path.substring(0, i + 1));
        }
        return dirs;
    }

    private static Map<String, Object> sdistLayout(String name, String version, Map<String, ?> files) {
        String root = name + "-" + version + "/";
        Map<String, Object> all = new LinkedHashMap<>();
        if (!files.containsKey("PKG-INFO")) {
            all.put(root + "PKG-INFO", pkgInfo(name, version));
        }
        for (Map.Entry<String, ?> file : files.entrySet()) {
            all.put(root + file.getKey(), file.getValue());
        }
        return all;
    }

    private static Map<String, Object> withExtra(String name, String content) {
        Map<String, Object> files = samplePackageFiles();
        files.put(name, content);
        return files;
    }

    private static String pkgInfo(String name, String version) {
        return "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\nSummary: harmless fixture\n";
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long crc32(byte[] data) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(data);
        return crc.getValue();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Gzip at the best compression level, for bombs. */
    private static final class BestGzip extends GZIPOutputStream {
        BestGzip(OutputStream out) throws IOException {
            super(out, CHUNK);
            def.setLevel(Deflater.BEST_COMPRESSION);
        }
    }
}
