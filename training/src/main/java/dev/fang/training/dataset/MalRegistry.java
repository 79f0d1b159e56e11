package dev.fang.training.dataset;

import dev.fang.platform.blob.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipUtil;

/**
 * The malicious training collection: a password-protected zip of real malicious PyPI archives plus a CSV
 * manifest. Samples are decrypted into memory one at a time and checked against the manifest's SHA-256;
 * nothing is written to disk and nothing is ever executed. The bytes are live malware: hand them only to the
 * safe archive reader.
 */
public final class MalRegistry implements AutoCloseable {
    /** The collection's top-level directory inside the zip. */
    private static final String ROOT = "malregistry/";
    private static final long MAX_SAMPLE_BYTES = 64L * 1024 * 1024;

    private final ZipFile zip;
    private final byte[] password;
    private final List<MalwareSample> samples;

    private MalRegistry(ZipFile zip, byte[] password, List<MalwareSample> samples) {
        this.zip = zip;
        this.password = password;
        this.samples = samples;
    }

    public static MalRegistry open(Path zipFile, Path manifest, String password) throws IOException {
        List<MalwareSample> samples = readManifest(manifest);
        ZipFile zip = ZipFile.builder().setPath(zipFile).get();
        return new MalRegistry(zip, password.getBytes(StandardCharsets.UTF_8), samples);
    }

    public List<MalwareSample> samples() {
        return samples;
    }

    /** The sample's archive bytes, decrypted and verified against the manifest's digest. */
    public byte[] read(MalwareSample sample) throws IOException {
        ZipArchiveEntry entry = zip.getEntry(ROOT + sample.path());
        if (entry == null) {
            throw new IOException(sample.path() + " is listed in the manifest but missing from the collection");
        }
        if (entry.getSize() > MAX_SAMPLE_BYTES || entry.getCompressedSize() > MAX_SAMPLE_BYTES) {
            throw new IOException(sample.path() + " is larger than " + MAX_SAMPLE_BYTES + " bytes");
        }
        byte[] raw;
        try (InputStream in = zip.getRawInputStream(entry)) {
            raw = in.readNBytes((int) entry.getCompressedSize());
        }
        byte[] stored = entry.getGeneralPurposeBit().usesEncryption()
                ? ZipCrypto.decrypt(raw, password, checkBytes(entry))
                : raw;
        byte[] content = switch (entry.getMethod()) {
            case ZipArchiveEntry.STORED -> stored;
            case ZipArchiveEntry.DEFLATED -> inflate(stored, entry.getSize(), sample);
            default -> throw new IOException(sample.path() + " uses zip method " + entry.getMethod() + ", which is not supported");
        };
        CRC32 crc = new CRC32();
        crc.update(content);
        if (crc.getValue() != entry.getCrc()) {
            throw new IOException(sample.path() + " fails its zip CRC check after decryption");
        }
        MessageDigest sha256 = Sha256.newDigest();
        sha256.update(content);
        String digest = Sha256.hex(sha256);
        if (!digest.equals(sample.sha256())) {
            throw new IOException(sample.path() + " has SHA-256 " + digest + " but the manifest says " + sample.sha256());
        }
        return content;
    }

    /**
     * With a data descriptor the CRC is not known when the header is written, so the DOS time stands in for it;
     * either is accepted, and the CRC of the decrypted content is checked afterwards anyway.
     */
    private static int[] checkBytes(ZipArchiveEntry entry) {
        byte[] dosTime = ZipUtil.toDosTime(entry.getTime());
        return new int[] {(int) (entry.getCrc() >>> 24) & 0xff, dosTime[1] & 0xff};
    }

    private static byte[] inflate(byte[] deflated, long expectedSize, MalwareSample sample) throws IOException {
        Inflater inflater = new Inflater(true);
        inflater.setInput(deflated);
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(expectedSize, 0), MAX_SAMPLE_BYTES));
        byte[] buffer = new byte[64 * 1024];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IOException(sample.path() + " is truncated inside the collection");
                }
                out.write(buffer, 0, n);
                if (out.size() > MAX_SAMPLE_BYTES) {
                    throw new IOException(sample.path() + " inflates to more than " + MAX_SAMPLE_BYTES + " bytes");
                }
            }
        } catch (DataFormatException e) {
            throw new IOException(sample.path() + " is corrupt inside the collection: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
        return out.toByteArray();
    }

    static List<MalwareSample> readManifest(Path manifest) throws IOException {
        List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split(",", -1));
        List<MalwareSample> samples = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> cells = Csv.split(line);
            String added = cell(header, cells, "added_to_dataset");
            samples.add(new MalwareSample(
                    cell(header, cells, "path"), cell(header, cells, "package"), cell(header, cells, "version"),
                    cell(header, cells, "sha256"), Long.parseLong(cell(header, cells, "bytes")), cell(header, cells, "format"),
                    added.isEmpty() ? null : LocalDate.parse(added), cell(header, cells, "group_id"),
                    cell(header, cells, "kam193_category"), cell(header, cells, "kam193_campaign")));
        }
        return List.copyOf(samples);
    }

    private static String cell(List<String> header, List<String> cells, String column) {
        int index = header.indexOf(column);
        if (index < 0) {
            throw new UncheckedIOException(new IOException("the manifest has no column '" + column + "'"));
        }
        return index < cells.size() ? cells.get(index) : "";
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
