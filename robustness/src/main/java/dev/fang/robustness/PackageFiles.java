package dev.fang.robustness;

import dev.fang.archive.ArchiveLimits;
import dev.fang.archive.SafeArchiveReader;
import dev.fang.archive.UnsafeArchiveException;
import dev.fang.featurize.features.PackageContents;
import dev.fang.featurize.features.SourceFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * A whole package in memory, every file with its content, so a transformed package can be written out
 * complete: {@link #contents()} is what transformations see, the other files are copied as they were.
 * Archives are read with the safe reader and its limits; directories are walked without following links.
 */
public record PackageFiles(PackageContents contents, Map<String, byte[]> otherFiles) {

    public static PackageFiles read(Path input, ArchiveLimits limits) throws IOException, UnsafeArchiveException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (Files.isDirectory(input, LinkOption.NOFOLLOW_LINKS)) {
            long[] total = {0};
            Files.walkFileTree(input, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    if (attributes.isRegularFile()) {
                        total[0] += attributes.size();
                        if (files.size() >= limits.maxEntries() || total[0] > limits.maxTotalBytes()) {
                            throw new IOException(input + " is larger than the archive limits (archive.max.entries, archive.max.total.bytes)");
                        }
                        files.put(input.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"), Files.readAllBytes(file));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } else {
            new SafeArchiveReader().read(input, limits, (header, content) -> files.put(header.path(), content.readAllBytes()));
        }
        List<SourceFile> sources = new ArrayList<>();
        Map<String, byte[]> others = new LinkedHashMap<>();
        files.forEach((path, content) -> {
            if (PackageContents.isSource(path)) {
                sources.add(new SourceFile(path, content));
            } else {
                others.put(path, content);
            }
        });
        String name = input.getFileName().toString().replaceFirst("(\\.tar\\.gz|\\.tgz|\\.zip|\\.whl)$", "");
        return new PackageFiles(new PackageContents(name, "", List.copyOf(files.keySet()), sources), others);
    }

    /** The same package with transformed sources (new files included), the other files unchanged. */
    public PackageFiles with(PackageContents transformed) {
        return new PackageFiles(transformed, otherFiles);
    }

    /**
     * Writes the package to {@code out}: a {@code .tar.gz} file if the name says so, else a directory. Refuses
     * to overwrite anything and to write inside a Git working tree (transformed malware must not end up in a
     * commit by accident).
     */
    public void write(Path out) throws IOException {
        Path target = out.toAbsolutePath().normalize();
        for (Path p = target.getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                throw new IOException("refusing to write " + out + " inside the Git working tree " + p + "; choose a directory outside it");
            }
        }
        Map<String, byte[]> all = new LinkedHashMap<>(otherFiles);
        contents.sources().forEach(file -> all.put(file.path(), file.content()));
        for (String path : all.keySet()) {
            safe(path); // all checked before anything is written
        }
        if (target.getFileName().toString().endsWith(".tar.gz") || target.getFileName().toString().endsWith(".tgz")) {
            if (Files.exists(target)) {
                throw new IOException(out + " exists; not overwriting it");
            }
            Files.createDirectories(target.getParent());
            try (OutputStream file = Files.newOutputStream(target);
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                for (Map.Entry<String, byte[]> entry : all.entrySet()) {
                    TarArchiveEntry header = new TarArchiveEntry(safe(entry.getKey()));
                    header.setSize(entry.getValue().length);
                    tar.putArchiveEntry(header);
                    tar.write(entry.getValue());
                    tar.closeArchiveEntry();
                }
            }
            return;
        }
        if (Files.exists(target)) {
            try (var entries = Files.list(target)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException(out + " exists and is not an empty directory; not overwriting it");
                }
            } catch (java.nio.file.NotDirectoryException e) {
                throw new IOException(out + " exists and is not a directory; not overwriting it");
            }
        }
        for (Map.Entry<String, byte[]> entry : all.entrySet()) {
            Path file = target.resolve(safe(entry.getKey())).normalize();
            Files.createDirectories(file.getParent());
            Files.write(file, entry.getValue());
        }
    }

    /** A relative path that cannot leave the output directory. */
    private static String safe(String path) throws IOException {
        if (path.startsWith("/") || path.contains("\\") || List.of(path.split("/")).contains("..") || path.isEmpty()) {
            throw new IOException("refusing to write the unsafe path " + path);
        }
        return path;
    }
}
