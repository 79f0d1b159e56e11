package dev.fang.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fang.archive.UnsafeArchiveException.Reason;
import dev.fang.testkit.archives.FixtureArchives;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile archives: each is refused as a whole, with the right reason, entry and a readable message. */
class HostileArchiveTest {

    private static final long MIB = 1L << 20;

    private final SafeArchiveReader reader = new SafeArchiveReader();
    private final ArchiveLimits limits = ArchiveLimits.defaults();

    @TempDir
    Path dir;

    // ------------------------------------------------------------------ bombs and sizes

    @Test
    void shouldStopGzipTarBombByCompressionRatioBeforeReadingItAll() throws IOException {
        long bombSize = 128 * MIB;
        byte[] bomb = FixtureArchives.gzipTarBomb(bombSize);
        Path archive = write("bomb-1.0.tar.gz", bomb);
        ArchiveLimits generous = limits.withMaxEntryBytes(1024 * MIB).withMaxTotalBytes(1024 * MIB);
        CountingVisitor visitor = new CountingVisitor();

        UnsafeArchiveException e = refusal(() -> reader.read(archive, generous, visitor));

        long ratioCap = (long) (generous.maxCompressionRatio() * bomb.length);
        assertThat(e.reason()).isEqualTo(Reason.COMPRESSION_RATIO);
        assertThat(e.entryName()).isEqualTo(FixtureArchives.BOMB_ENTRY);
        assertThat(e.getMessage()).contains("200x compression-ratio limit").contains(FixtureArchives.BOMB_ENTRY);
        assertThat(visitor.bytes.get()).isPositive().isLessThanOrEqualTo(ratioCap).isLessThan(bombSize);
        assertThat(visitor.sawLimitException).isTrue();
    }

    @Test
    void shouldStopZipBombByPerEntryCompressionRatio() throws IOException {
        long bombSize = 128 * MIB;
        byte[] bomb = FixtureArchives.zipBomb(bombSize);
        ArchiveLimits generous = limits.withMaxEntryBytes(1024 * MIB).withMaxTotalBytes(1024 * MIB);
        CountingVisitor visitor = new CountingVisitor();

        UnsafeArchiveException e = refusal(() -> reader.read(write("bomb.whl", bomb), generous, visitor));

        assertThat(e.reason()).isEqualTo(Reason.COMPRESSION_RATIO);
        assertThat(e.entryName()).isEqualTo(FixtureArchives.BOMB_ENTRY);
        assertThat(e.getMessage()).startsWith("entry \"" + FixtureArchives.BOMB_ENTRY + "\" of ")
                .contains("compressed unpacks to more than");
        assertThat(visitor.bytes.get()).isLessThanOrEqualTo((long) (200.0 * bomb.length)).isLessThan(bombSize);
    }

    @Test
    void shouldStopBombEvenWhenVisitorSwallowsTheLimitException() {
        byte[] bomb = FixtureArchives.gzipTarBomb(64 * MIB);
        AtomicLong seen = new AtomicLong();

        UnsafeArchiveException e = refusal(() -> reader.read(bomb, limits, (header, content) -> {
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = content.read(buf)) >= 0; ) {
                    seen.addAndGet(n);
                }
            } catch (IOException swallowed) {
                // a careless visitor
            }
        }));

        assertThat(e.reason()).isEqualTo(Reason.COMPRESSION_RATIO);
        assertThat(seen.get()).isLessThan(64 * MIB);
    }

    @Test
    void shouldStopBombWhenVisitorReadsNothing() {
        byte[] bomb = FixtureArchives.zipBomb(64 * MIB);

        UnsafeArchiveException e = refusal(() -> reader.read(bomb, limits, EntryVisitor.NONE));

        assertThat(e.reason()).isEqualTo(Reason.COMPRESSION_RATIO);
        assertThat(e.entryName()).isEqualTo(FixtureArchives.BOMB_ENTRY);
    }

    @Test
    void shouldRejectHugeMemberByActualBytesWithoutDeliveringMoreThanTheLimit() {
        ArchiveLimits small = limits.withMaxEntryBytes(MIB);
        CountingVisitor visitor = new CountingVisitor();

        UnsafeArchiveException e = refusal(() -> reader.read(FixtureArchives.hugeMemberTarGz(3 * MIB), small, visitor));

        assertThat(e.reason()).isEqualTo(Reason.ENTRY_TOO_LARGE);
        assertThat(e.entryName()).isEqualTo(FixtureArchives.HUGE_ENTRY);
        assertThat(e.getMessage()).isEqualTo("entry \"" + FixtureArchives.HUGE_ENTRY
                + "\" unpacks to more than 1,048,576 bytes (1.0 MiB), the per-file limit");
        assertThat(visitor.bytes.get()).isEqualTo(MIB);
    }

    @Test
    void shouldRejectWhenTotalUnpackedBytesExceedTheLimit() {
        Map<String, Object> files = new LinkedHashMap<>();
        Random random = new Random(1);
        for (int i = 0; i < 3; i++) {
            byte[] noise = new byte[600 * 1024];
            random.nextBytes(noise);
            files.put("pkg/blob" + i + ".bin", noise);
        }
        CountingVisitor visitor = new CountingVisitor();

        UnsafeArchiveException e = refusal(() -> reader.read(FixtureArchives.sdistTarGz(files),
                limits.withMaxTotalBytes(MIB), visitor));

        assertThat(e.reason()).isEqualTo(Reason.TOTAL_TOO_LARGE);
        assertThat(e.entryName()).isEqualTo("pkg/blob1.bin");
        assertThat(e.getMessage()).contains("in total, the limit").contains("pkg/blob1.bin");
        assertThat(visitor.bytes.get()).isEqualTo(MIB);
    }

    @Test
    void shouldRejectTooManyEntriesInTar() {
        UnsafeArchiveException e = refusal(() -> reader.read(FixtureArchives.tooManyEntriesTarGz(50),
                limits.withMaxEntries(20), EntryVisitor.NONE));

        assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_ENTRIES);
        // The directory entry counts too, so the 21st entry is the 20th file.
        assertThat(e.entryName()).isEqualTo(FixtureArchives.manyEntryName(19));
        assertThat(e.getMessage()).startsWith("archive has more than 20 entries, the limit");
    }

    @Test
    void shouldRejectTooManyEntriesInZip() {
        UnsafeArchiveException e = refusal(() -> reader.read(FixtureArchives.tooManyEntriesZip(50),
                limits.withMaxEntries(20), EntryVisitor.NONE));

        assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_ENTRIES);
        assertThat(e.entryName()).isEqualTo(FixtureArchives.manyEntryName(20));
    }

    @Test
    void shouldStopTarWhoseLongNameRecordExplodes() throws IOException {
        // A GNU long-name record is read by the tar library itself, outside any file entry.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            TarArchiveEntry longName = new TarArchiveEntry(TarConstants.GNU_LONGLINK, TarConstants.LF_GNUTYPE_LONGNAME);
            longName.setSize(64 * MIB);
            tar.putArchiveEntry(longName);
            byte[] chunk = new byte[1 << 16];
            java.util.Arrays.fill(chunk, (byte) 'a');
            for (long left = 64 * MIB; left > 0; left -= chunk.length) {
                tar.write(chunk);
            }
            tar.closeArchiveEntry();
        }

        UnsafeArchiveException e = refusal(() -> reader.read(out.toByteArray(), limits, EntryVisitor.NONE));

        assertThat(e.reason()).isIn(Reason.TOTAL_TOO_LARGE, Reason.COMPRESSION_RATIO);
        assertThat(e.getMessage()).contains("outside its regular files");
    }

    // ------------------------------------------------------------------ paths

    @Test
    void shouldRejectPathTraversalInTar() {
        UnsafeArchiveException e = refusal(() -> reader.read(FixtureArchives.traversalTarGz(), limits,
                EntryVisitor.NONE));

        assertThat(e.reason()).isEqualTo(Reason.PATH_TRAVERSAL);
        assertThat(e.entryName()).isEqualTo(FixtureArchives.TRAVERSAL_ENTRY);
        assertThat(e.getMessage())
                .isEqualTo("entry \"../../fang-escape/evil.py\" escapes the archive root (path traversal)");
    }

    @Test
    void shouldRejectPathTraversalInZip() {
        UnsafeArchiveException e = refusal(() -> reader.read(FixtureArchives.traversalZip(), limits,
                EntryVisitor.NONE));

        assertThat(e.reason()).isEqualTo(Reason.PATH_TRAVERSAL);
        assertThat(e.entryName()).isEqualTo(FixtureArchives.TRAVERSAL_ENTRY);
    }

    @Test
    void shouldRejectBackslashTraversalInZip() {
        String name = "pkg\\..\\..\\evil.py";

        UnsafeArchiveException e = refusal(() -> reader.read(
                FixtureArchives.zipWithRawNames(Map.of(name, "x")), limits, EntryVisitor.NONE));

        assertThat(e.reason()).isEqualTo(Reason.PATH_TRAVERSAL);
        assertThat(e.entryName()).isEqualTo(name);
        assertThat(e.getMessage()).contains("\"pkg\\\\..\\\\..\\\\evil.py\"");
    }

    @Test
    void shouldRejectAbsolutePathInTar() {
        UnsafeArchiveException e = refusal(() -> reader.read(FixtureArchives.absolutePathTarGz(), limits,
                EntryVisitor.NONE));

        assertThat(e.reason()).isEqualTo(Reason.ABSOLUTE_PATH);
        assertThat(e.entryName()).isEqualTo(FixtureArchives.ABSOLUTE_ENTRY);
    }

    @Test
    void shouldRejectAbsolutePathInZip() {
        UnsafeArchiveException e = refusal(() -> reader.read(FixtureArchives.absolutePathZip(), limits,
                EntryVisitor.NONE));

        assertThat(e.reason()).isEqualTo(Reason.ABSOLUTE_PATH);
        assertThat(e.entryName()).isEqualTo(FixtureArchives.ABSOLUTE_ENTRY);
    }

    @Test
    void shouldRejectWindowsDriveAndUncPathsInZip() {
        for (String name : List.of("C:\\fang\\evil.py", "\\\\server\\share\\evil.py")) {
            UnsafeArchiveException e = refusal(() -> reader.read(
                    FixtureArchives.zipWithRawNames(Map.of(name, "x")), limits, EntryVisitor.NONE));
            assertThat(e.reason()).as(name).isEqualTo(Reason.ABSOLUTE_PATH);
            assertThat(e.entryName()).isEqualTo(name);
        }
    }

    @Test
    void shouldRejectNulByteInZipEntryName() {
        UnsafeArchiveException e = refusal(() -> reader.read(FixtureArchives.nulByteNameZip(), limits,
                EntryVisitor.NONE));

        assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
        assertThat(e.entryName()).isEqualTo(FixtureArchives.NUL_BYTE_ENTRY);
        assertThat(e.getMessage()).contains("NUL byte");
    }

    @Test
    void shouldRejectDeeplyNestedPath() {
        UnsafeArchiveException e = refusal(() -> reader.read(FixtureArchives.deepPathTarGz(100), limits,
                EntryVisitor.NONE));

        assertThat(e.reason()).isEqualTo(Reason.PATH_TOO_DEEP);
        assertThat(e.entryName()).isEqualTo(FixtureArchives.deepPath(100));
        assertThat(e.getMessage()).endsWith("is 100 path components deep, over the limit of 64");
    }

    @Test
    void shouldRejectOverlongPathAndKeepTheMessageShort() {
        UnsafeArchiveException e = refusal(() -> reader.read(FixtureArchives.longNameTarGz(3000), limits,
                EntryVisitor.NONE));

        assertThat(e.reason()).isEqualTo(Reason.PATH_TOO_LONG);
        assertThat(e.entryName()).isEqualTo(FixtureArchives.longName(3000));
        assertThat(e.getMessage()).contains("3,000 characters, over the limit of 1,024").hasSizeLessThan(400);
    }

    // ------------------------------------------------------------------ links and special files

    @Test
    void shouldRejectSymlinkEntryInTar() {
        List<String> visited = new ArrayList<>();

        UnsafeArchiveException e = refusal(() -> reader.read(FixtureArchives.symlinkTarGz(), limits,
                (header, content) -> visited.add(header.path())));

        assertThat(e.reason()).isEqualTo(Reason.LINK);
        assertThat(e.entryName()).isEqualTo(FixtureArchives.SYMLINK_ENTRY);
        assertThat(e.getMessage()).isEqualTo("entry \"" + FixtureArchives.SYMLINK_ENTRY
                + "\" is a symbolic link to \"/etc/passwd\"; archives with links are refused");
        assertThat(visited).doesNotContain("fang-fixture-1.0/config.py");
    }

    @Test
    void shouldRejectSymlinkEntryInZip() {
        UnsafeArchiveException e = refusal(() -> reader.read(FixtureArchives.symlinkZip(), limits,
                EntryVisitor.NONE));

        assertThat(e.reason()).isEqualTo(Reason.LINK);
        assertThat(e.entryName()).isEqualTo(FixtureArchives.SYMLINK_ENTRY);
    }

    @Test
    void shouldRejectHardLinkEntryInTar() {
        UnsafeArchiveException e = refusal(() -> reader.read(FixtureArchives.hardLinkTarGz(), limits,
                EntryVisitor.NONE));

        assertThat(e.reason()).isEqualTo(Reason.LINK);
        assertThat(e.entryName()).isEqualTo(FixtureArchives.HARDLINK_ENTRY);
        assertThat(e.getMessage()).contains("hard link to \"fang-fixture-1.0/setup.py\"");
    }

    @Test
    void shouldRejectFifoEntryInTar() {
        UnsafeArchiveException e = refusal(() -> reader.read(FixtureArchives.fifoTarGz(), limits,
                EntryVisitor.NONE));

        assertThat(e.reason()).isEqualTo(Reason.SPECIAL_FILE);
        assertThat(e.entryName()).isEqualTo(FixtureArchives.FIFO_ENTRY);
        assertThat(e.getMessage()).contains("FIFO");
    }

    @Test
    void shouldRejectCharacterAndBlockDeviceEntriesInTar() {
        UnsafeArchiveException chr = refusal(() -> reader.read(FixtureArchives.charDeviceTarGz(), limits,
                EntryVisitor.NONE));
        UnsafeArchiveException blk = refusal(() -> reader.read(FixtureArchives.blockDeviceTarGz(), limits,
                EntryVisitor.NONE));

        assertThat(chr.reason()).isEqualTo(Reason.SPECIAL_FILE);
        assertThat(chr.entryName()).isEqualTo(FixtureArchives.CHAR_DEVICE_ENTRY);
        assertThat(chr.getMessage()).contains("character device");
        assertThat(blk.reason()).isEqualTo(Reason.SPECIAL_FILE);
        assertThat(blk.entryName()).isEqualTo(FixtureArchives.BLOCK_DEVICE_ENTRY);
    }

    @Test
    void shouldRejectEncryptedZipEntry() {
        UnsafeArchiveException e = refusal(() -> reader.read(FixtureArchives.encryptedZip(), limits,
                EntryVisitor.NONE));

        assertThat(e.reason()).isEqualTo(Reason.ENCRYPTED);
        assertThat(e.entryName()).isEqualTo(FixtureArchives.ENCRYPTED_ENTRY);
    }

    // ------------------------------------------------------------------ corruption and formats

    @Test
    void shouldReportTruncatedGzipAsCorruptWithAClearMessage() throws IOException {
        Path archive = write("cut-1.0.tar.gz", FixtureArchives.truncatedTarGz());

        UnsafeArchiveException e = refusal(() -> reader.read(archive, limits, new CountingVisitor()));

        assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
        // The cut falls inside the big module that makes up most of the fixture.
        assertThat(e.entryName()).isEqualTo("fang-fixture-1.0/fang_fixture/values.py");
        assertThat(e.getMessage()).startsWith("archive is corrupt or truncated at entry "
                + "\"fang-fixture-1.0/fang_fixture/values.py\": the data ends unexpectedly");
    }

    @Test
    void shouldReportZipWithoutCentralDirectoryAsCorrupt() {
        byte[] zip = FixtureArchives.zip(FixtureArchives.samplePackageFiles());
        byte[] cut = java.util.Arrays.copyOf(zip, zip.length / 2);

        UnsafeArchiveException e = refusal(() -> reader.read(cut, limits, EntryVisitor.NONE));

        assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
        assertThat(e.entryName()).isEmpty();
        assertThat(e.getMessage()).startsWith("archive is corrupt or truncated: its zip central directory");
    }

    @Test
    void shouldReportGzipOfSomethingElseAsCorrupt() {
        byte[] notTar = FixtureArchives.gzip("<html>not a tar</html>".repeat(40).getBytes(StandardCharsets.UTF_8));

        UnsafeArchiveException e = refusal(() -> reader.read(notTar, limits, EntryVisitor.NONE));

        assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
        assertThat(e.getMessage()).contains("gzip content is not a tar archive");
    }

    @Test
    void shouldRejectUnknownFormatWithTheFirstBytes() throws IOException {
        Path page = write("fang-1.0.tar.gz", "<html>Not Found</html>".getBytes(StandardCharsets.US_ASCII));

        UnsafeArchiveException e = refusal(() -> reader.read(page, limits));

        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_FORMAT);
        assertThat(e.getMessage()).contains("3c 68 74 6d 6c 3e").contains("not a recognised archive");
    }

    @Test
    void shouldRejectEmptyFileAsUnknownFormat() throws IOException {
        UnsafeArchiveException e = refusal(() -> reader.read(write("empty.whl", new byte[0]), limits));

        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_FORMAT);
        assertThat(e.getMessage()).isEqualTo("file is empty, not an archive");
    }

    @Test
    void shouldRejectDebWhoseDataMemberIsNotATar() throws IOException {
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
        members.put("data.tar.zst", new byte[] {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD, 0, 0, 0, 0});

        UnsafeArchiveException e = refusal(() -> reader.read(SafeArchiveReaderTest.arWithCommonsCompress(members),
                limits, EntryVisitor.NONE));

        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_FORMAT);
        assertThat(e.entryName()).isEqualTo("data.tar.zst");
    }

    @Test
    void shouldApplyPathRulesInsideDebDataTar() {
        byte[] deb = FixtureArchives.debLike(Map.of("../../etc/cron.d/evil", "harmless\n"));

        UnsafeArchiveException e = refusal(() -> reader.read(deb, limits, EntryVisitor.NONE));

        assertThat(e.reason()).isEqualTo(Reason.PATH_TRAVERSAL);
        assertThat(e.entryName()).isEqualTo("../../etc/cron.d/evil");
    }

    // ------------------------------------------------------------------ helpers

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private interface Read {
        ArchiveSummary run() throws Exception;
    }

    private static UnsafeArchiveException refusal(Read read) {
        Throwable thrown = catchThrowable(read::run);
        assertThat(thrown).isInstanceOf(UnsafeArchiveException.class);
        UnsafeArchiveException e = (UnsafeArchiveException) thrown;
        assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
        return e;
    }

    /** Reads everything it is given and counts the bytes it actually received. */
    private static final class CountingVisitor implements EntryVisitor {
        final AtomicLong bytes = new AtomicLong();
        boolean sawLimitException;

        @Override
        public void visit(ArchiveEntryHeader header, InputStream content) throws IOException {
            byte[] buf = new byte[1 << 16];
            try {
                for (int n; (n = content.read(buf)) >= 0; ) {
                    bytes.addAndGet(n);
                }
            } catch (IOException e) {
                sawLimitException = true;
                throw e;
            }
        }
    }
}
