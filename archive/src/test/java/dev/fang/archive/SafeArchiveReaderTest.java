package dev.fang.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.fang.testkit.archives.FixtureArchives;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Normal archives: paths, sizes and hashes come out right, whatever the container. */
class SafeArchiveReaderTest {

    private final SafeArchiveReader reader = new SafeArchiveReader();
    private final ArchiveLimits limits = ArchiveLimits.defaults();

    @TempDir
    Path dir;

    @Test
    void shouldReadSdistTarGzWithPathsSizesAndSha256() throws Exception {
        Map<String, Object> files = FixtureArchives.samplePackageFiles();
        Path archive = write("fang-fixture-1.0.tar.gz", FixtureArchives.sdistTarGz(files));

        Map<String, String> seen = new LinkedHashMap<>();
        ArchiveSummary summary = reader.read(archive, limits,
                (header, content) -> seen.put(header.path(), new String(content.readAllBytes(), StandardCharsets.UTF_8)));

        assertThat(summary.format()).isEqualTo(ArchiveFormat.TAR_GZ);
        assertThat(summary.archiveSize()).isEqualTo(Files.size(archive));
        assertThat(summary.fileCount()).isEqualTo(files.size());
        assertThat(summary.totalUnpackedBytes()).isEqualTo(totalBytes(files));
        assertEntriesMatch(summary, files);
        assertThat(seen).containsExactlyEntriesOf(toStrings(files));
    }

    @Test
    void shouldReadWheelFromZipCentralDirectory() throws Exception {
        Map<String, Object> files = new LinkedHashMap<>();
        files.put("fang_fixture/__init__.py", "def greet():\n    return 'hi'\n");
        files.put("fang_fixture/data.bin", new byte[] {0, 1, 2, (byte) 0xFF});
        Path archive = write("fang_fixture-1.0-py3-none-any.whl", FixtureArchives.wheel("fang-fixture", "1.0", files));

        ArchiveSummary summary = reader.read(archive, limits);

        assertThat(summary.format()).isEqualTo(ArchiveFormat.ZIP);
        assertThat(summary.entries()).extracting(ArchiveSummary.Entry::path).containsExactly(
                "fang_fixture/__init__.py", "fang_fixture/data.bin", "fang_fixture-1.0.dist-info/METADATA",
                "fang_fixture-1.0.dist-info/WHEEL", "fang_fixture-1.0.dist-info/RECORD");
        assertThat(summary.entries().get(1)).isEqualTo(
                new ArchiveSummary.Entry("fang_fixture/data.bin", 4, sha256(new byte[] {0, 1, 2, (byte) 0xFF})));
        assertThat(summary.entries().get(0).sha256())
                .isEqualTo(sha256("def greet():\n    return 'hi'\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldReadZipDisguisedAsTarGzByContent() throws Exception {
        Map<String, Object> files = new LinkedHashMap<>();
        files.put("setup.py", "print('hello')\n");
        files.put("evil/__init__.py", "");
        Path archive = write("evil-1.0.tar.gz", FixtureArchives.zipDisguisedAsSdist("evil", "1.0", files));

        ArchiveSummary summary = reader.read(archive, limits);

        assertThat(summary.format()).isEqualTo(ArchiveFormat.ZIP);
        assertThat(summary.entries()).extracting(ArchiveSummary.Entry::path, ArchiveSummary.Entry::size)
                .containsExactly(tuple("evil-1.0/PKG-INFO", summary.entries().get(0).size()),
                        tuple("evil-1.0/setup.py", 15L), tuple("evil-1.0/evil/__init__.py", 0L));
        assertThat(summary.entries().get(2).sha256()).isEqualTo(sha256(new byte[0]));
    }

    @Test
    void shouldReadDebLikeArThroughItsDataTarXzOnly() throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("./usr/lib/python3/dist-packages/fang_fixture/__init__.py", "VERSION = '1.0'\n");
        data.put("./usr/share/doc/fang-fixture/copyright", "harmless\n");
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
        members.put("control.tar.gz", FixtureArchives.sdistTarGz(Map.of("./control", "Package: fang-fixture\n")));
        members.put("data.tar.xz", xz(FixtureArchives.tar(data)));
        Path archive = write("fang-fixture_1.0_all.deb", arWithCommonsCompress(members));

        ArchiveSummary summary = reader.read(archive, limits);

        assertThat(summary.format()).isEqualTo(ArchiveFormat.AR);
        assertThat(summary.entries()).containsExactly(
                new ArchiveSummary.Entry("usr/lib/python3/dist-packages/fang_fixture/__init__.py", 16,
                        sha256("VERSION = '1.0'\n".getBytes(StandardCharsets.UTF_8))),
                new ArchiveSummary.Entry("usr/share/doc/fang-fixture/copyright", 9,
                        sha256("harmless\n".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void shouldReadDebLikeFixtureWithDataTarGz() throws Exception {
        ArchiveSummary summary = reader.read(FixtureArchives.debLike(Map.of("./opt/fang/a.py", "a = 1\n")),
                limits, EntryVisitor.NONE);

        assertThat(summary.entries()).extracting(ArchiveSummary.Entry::path).containsExactly("opt/fang/a.py");
    }

    @Test
    void shouldReadTarBz2TarXzAndPlainTar() throws Exception {
        Map<String, Object> files = FixtureArchives.samplePackageFiles();
        byte[] plain = FixtureArchives.tar(files);

        for (byte[] archive : List.of(plain, FixtureArchives.tarBz2(files), xz(plain))) {
            ArchiveSummary summary = reader.read(archive, limits, EntryVisitor.NONE);
            assertEntriesMatch(summary, files);
        }
        assertThat(reader.read(xz(plain), limits, EntryVisitor.NONE).format()).isEqualTo(ArchiveFormat.TAR_XZ);
    }

    @Test
    void shouldTreatArchivesInsideArchivesAsPlainFiles() throws Exception {
        byte[] inner = FixtureArchives.traversalTarGz();
        Map<String, Object> files = new LinkedHashMap<>();
        files.put("pkg/vendored.tar.gz", inner);
        files.put("pkg/vendored.whl", FixtureArchives.symlinkZip());

        ArchiveSummary summary = reader.read(FixtureArchives.sdistTarGz(files), limits, EntryVisitor.NONE);

        assertThat(summary.entries()).extracting(ArchiveSummary.Entry::path)
                .containsExactly("pkg/vendored.tar.gz", "pkg/vendored.whl");
        assertThat(summary.entries().get(0).sha256()).isEqualTo(sha256(inner));
    }

    @Test
    void shouldNormalizeDotAndDoubleSlashPaths() throws Exception {
        Map<String, Object> files = new LinkedHashMap<>();
        files.put("./pkg//mod.py", "x = 1\n");
        files.put("pkg/./sub/other.py", "y = 2\n");

        ArchiveSummary summary = reader.read(FixtureArchives.sdistTarGz(files), limits, EntryVisitor.NONE);

        assertThat(summary.entries()).extracting(ArchiveSummary.Entry::path)
                .containsExactly("pkg/mod.py", "pkg/sub/other.py");
    }

    @Test
    void shouldSkipDirectoriesAndCountOnlyFiles() throws Exception {
        Map<String, Object> files = Map.of("a/b/c/d.py", "d\n");
        List<String> visited = new ArrayList<>();

        ArchiveSummary summary = reader.read(FixtureArchives.zip(files), limits,
                (header, content) -> visited.add(header.path()));

        assertThat(visited).containsExactly("a/b/c/d.py");
        assertThat(summary.fileCount()).isEqualTo(1);
    }

    @Test
    void shouldHashWholeEntryEvenWhenVisitorReadsOnlyPart() throws Exception {
        byte[] content = "0123456789".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        byte[] archive = FixtureArchives.sdistTarGz(Map.of("pkg/big.txt", content));

        ArchiveSummary summary = reader.read(archive, limits, (header, in) -> {
            assertThat(header.size()).isEqualTo(content.length);
            assertThat(in.readNBytes(3)).containsExactly('0', '1', '2');
            in.close();
        });

        assertThat(summary.entries()).containsExactly(
                new ArchiveSummary.Entry("pkg/big.txt", content.length, sha256(content)));
    }

    @Test
    void shouldHashAcrossSkipAndSingleByteReads() throws Exception {
        byte[] content = "abcdefghij".repeat(100).getBytes(StandardCharsets.US_ASCII);

        ArchiveSummary summary = reader.read(FixtureArchives.zip(Map.of("x.txt", content)), limits, (h, in) -> {
            assertThat(in.read()).isEqualTo('a');
            assertThat(in.skip(500)).isEqualTo(500);
            assertThat(in.read()).isEqualTo('b');
        });

        assertThat(summary.entries().get(0).sha256()).isEqualTo(sha256(content));
        assertThat(summary.totalUnpackedBytes()).isEqualTo(content.length);
    }

    @Test
    void shouldAllowSmallHighlyCompressibleFileUnderTheRatioFreeAllowance() throws Exception {
        byte[] zeros = new byte[(int) ArchiveLimits.RATIO_FREE_BYTES];

        ArchiveSummary summary = reader.read(FixtureArchives.sdistTarGz(Map.of("pkg/table.dat", zeros)), limits,
                EntryVisitor.NONE);

        assertThat(summary.totalUnpackedBytes()).isEqualTo(zeros.length);
    }

    @Test
    void shouldReadEmptyTarGzAsNoFiles() throws Exception {
        ArchiveSummary summary = reader.read(FixtureArchives.sdistTarGz(Map.of()), limits, EntryVisitor.NONE);

        assertThat(summary.fileCount()).isZero();
        assertThat(summary.entries()).isEmpty();
    }

    @Test
    void shouldPropagateVisitorsOwnIoExceptionUnchanged() {
        IOException own = new IOException("disk of the visitor is full");

        assertThatThrownBy(() -> reader.read(FixtureArchives.sdistTarGz(FixtureArchives.samplePackageFiles()),
                limits, (header, content) -> {
                    throw own;
                })).isSameAs(own);
    }

    @Test
    void shouldFailWithIoExceptionWhenFileIsMissing() {
        assertThatThrownBy(() -> reader.read(dir.resolve("missing.tar.gz"), limits))
                .isInstanceOf(IOException.class);
    }

    @Test
    void shouldProvideSensibleDefaultLimitsAndCopies() {
        ArchiveLimits d = ArchiveLimits.defaults();
        assertThat(d).isEqualTo(new ArchiveLimits(512L << 20, 64L << 20, 20_000, 200.0, 64, 1024));
        assertThat(d.withMaxEntries(5).maxEntries()).isEqualTo(5);
        assertThat(d.withMaxEntries(5).maxTotalBytes()).isEqualTo(d.maxTotalBytes());
        assertThatThrownBy(() -> d.withMaxEntryBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withMaxCompressionRatio(0.5)).isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ helpers

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private static void assertEntriesMatch(ArchiveSummary summary, Map<String, Object> files) {
        List<ArchiveSummary.Entry> expected = new ArrayList<>();
        for (Map.Entry<String, Object> file : files.entrySet()) {
            byte[] content = FixtureArchives.bytes(file.getValue());
            expected.add(new ArchiveSummary.Entry(file.getKey(), content.length, sha256(content)));
        }
        assertThat(summary.entries()).containsExactlyElementsOf(expected);
    }

    private static long totalBytes(Map<String, Object> files) {
        return files.values().stream().mapToLong(v -> FixtureArchives.bytes(v).length).sum();
    }

    private static Map<String, String> toStrings(Map<String, Object> files) {
        Map<String, String> out = new LinkedHashMap<>();
        files.forEach((k, v) -> out.put(k, new String(FixtureArchives.bytes(v), StandardCharsets.UTF_8)));
        return out;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] xz(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XZCompressorOutputStream xz = new XZCompressorOutputStream(out)) {
            xz.write(data);
        }
        return out.toByteArray();
    }

    static byte[] arWithCommonsCompress(Map<String, byte[]> members) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArArchiveOutputStream ar = new ArArchiveOutputStream(out)) {
            for (Map.Entry<String, byte[]> member : members.entrySet()) {
                ar.putArchiveEntry(new ArArchiveEntry(member.getKey(), member.getValue().length));
                ar.write(member.getValue());
                ar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }
}
