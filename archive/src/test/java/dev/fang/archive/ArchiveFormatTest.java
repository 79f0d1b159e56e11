package dev.fang.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.testkit.archives.FixtureArchives;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveFormatTest {

    private static final Map<String, Object> FILES = FixtureArchives.samplePackageFiles();

    @Test
    void shouldDetectGzipTarFromContent() {
        assertThat(ArchiveFormat.detect(FixtureArchives.sdistTarGz(FILES))).isEqualTo(ArchiveFormat.TAR_GZ);
    }

    @Test
    void shouldDetectBzip2Tar() {
        assertThat(ArchiveFormat.detect(FixtureArchives.tarBz2(FILES))).isEqualTo(ArchiveFormat.TAR_BZ2);
    }

    @Test
    void shouldDetectXzTar() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XZCompressorOutputStream xz = new XZCompressorOutputStream(out)) {
            xz.write(FixtureArchives.tar(FILES));
        }
        assertThat(ArchiveFormat.detect(out.toByteArray())).isEqualTo(ArchiveFormat.TAR_XZ);
    }

    @Test
    void shouldDetectUncompressedTarByUstarMagic() {
        assertThat(ArchiveFormat.detect(FixtureArchives.tar(FILES))).isEqualTo(ArchiveFormat.TAR);
    }

    @Test
    void shouldDetectOldV7TarByHeaderChecksum() {
        byte[] tar = FixtureArchives.tar(Map.of("a.py", "x = 1\n"));
        // Blank the ustar magic and version; the checksum no longer matches unless recomputed.
        for (int i = 257; i < 265; i++) {
            tar[i] = 0;
        }
        rewriteChecksum(tar);
        assertThat(ArchiveFormat.detect(tar)).isEqualTo(ArchiveFormat.TAR);
    }

    @Test
    void shouldDetectZipWheelAndZipDisguisedAsTarGz(@TempDir Path dir) throws IOException {
        Path disguised = dir.resolve("fang-fixture-1.0.tar.gz");
        Files.write(disguised, FixtureArchives.zipDisguisedAsSdist("fang-fixture", "1.0", Map.of("setup.py", "")));
        assertThat(ArchiveFormat.detect(disguised)).isEqualTo(ArchiveFormat.ZIP);
        assertThat(ArchiveFormat.detect(FixtureArchives.wheel("fang-fixture", "1.0", Map.of("a.py", ""))))
                .isEqualTo(ArchiveFormat.ZIP);
    }

    @Test
    void shouldDetectArFromMagic() {
        assertThat(ArchiveFormat.detect(FixtureArchives.debLike(Map.of("./a.py", "")))).isEqualTo(ArchiveFormat.AR);
    }

    @Test
    void shouldReportUnknownForHtmlEmptyAndShortInput() {
        assertThat(ArchiveFormat.detect("<html>Not Found</html>".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(ArchiveFormat.UNKNOWN);
        assertThat(ArchiveFormat.detect(new byte[0])).isEqualTo(ArchiveFormat.UNKNOWN);
        assertThat(ArchiveFormat.detect(new byte[] {0x1F})).isEqualTo(ArchiveFormat.UNKNOWN);
        assertThat(ArchiveFormat.detect(new byte[512])).isEqualTo(ArchiveFormat.UNKNOWN);
    }

    private static void rewriteChecksum(byte[] header) {
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += header[i] & 0xFF;
        }
        byte[] octal = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(octal, 0, header, 148, 8);
    }
}
