package dev.fang.featurize.source;

import dev.fang.archive.ArchiveLimits;
import dev.fang.archive.ArchiveSummary;
import dev.fang.archive.EntryVisitor;
import dev.fang.archive.SafeArchiveReader;
import dev.fang.archive.UnsafeArchiveException;
import dev.fang.featurize.features.PackageContents;
import dev.fang.featurize.features.SourceFile;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an archive or a directory into {@link PackageContents}: every file's path, and the content of the
 * files the featurizer reads. Archives go through the safe reader (in memory, with its limits); directories
 * are walked without following links. Nothing is extracted, nothing is executed.
 */
public final class PackageLoader {
    private final ArchiveLimits limits;
    private final SafeArchiveReader reader;

    /** A loader for registry uploads: archives with links are refused (ingest refused them already). */
    public PackageLoader(ArchiveLimits limits) {
        this(limits, SafeArchiveReader.LinkPolicy.REFUSE);
    }

    /** With {@link SafeArchiveReader.LinkPolicy#SKIP} for corpora of installed trees, where links are routine. */
    public PackageLoader(ArchiveLimits limits, SafeArchiveReader.LinkPolicy links) {
        this.limits = limits;
        this.reader = new SafeArchiveReader(links);
    }

    public PackageContents fromArchive(String name, String version, Path archive) throws UnsafeArchiveException, IOException {
        List<SourceFile> sources = new ArrayList<>();
        return contents(name, version, reader.read(archive, limits, sourceCollector(sources)), sources);
    }

    /** An archive already in memory (e.g. a sample decrypted from a collection), never written to disk. */
    public PackageContents fromArchive(String name, String version, byte[] archive) throws UnsafeArchiveException, IOException {
        List<SourceFile> sources = new ArrayList<>();
        return contents(name, version, reader.read(archive, limits, sourceCollector(sources)), sources);
    }

    private static EntryVisitor sourceCollector(List<SourceFile> sources) {
        return (header, content) -> {
            if (PackageContents.isSource(header.path())) {
                sources.add(new SourceFile(header.path(), content.readAllBytes()));
            }
        };
    }

    private static PackageContents contents(String name, String version, ArchiveSummary summary, List<SourceFile> sources) {
        return new PackageContents(name, version, summary.entries().stream().map(ArchiveSummary.Entry::path).toList(), sources);
    }

    /** A directory tree, e.g. an unpacked project or an installed package; symbolic links are not followed. */
    public PackageContents fromDirectory(String name, String version, Path dir) throws IOException {
        List<String> paths = new ArrayList<>();
        List<SourceFile> sources = new ArrayList<>();
        long[] total = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (!attributes.isRegularFile() || Files.isSymbolicLink(file)) {
                    return FileVisitResult.CONTINUE;
                }
                if (paths.size() >= limits.maxEntries()) {
                    throw new IOException(dir + " has more than " + limits.maxEntries() + " files (archive.max.entries)");
                }
                String path = dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                paths.add(path);
                if (PackageContents.isSource(path) && attributes.size() <= limits.maxEntryBytes()) {
                    total[0] += attributes.size();
                    if (total[0] > limits.maxTotalBytes()) {
                        throw new IOException(dir + " holds more than " + limits.maxTotalBytes() + " bytes of source (archive.max.total.bytes)");
                    }
                    sources.add(new SourceFile(path, Files.readAllBytes(file)));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " is not a directory");
        }
        return new PackageContents(name, version, paths, sources);
    }
}
