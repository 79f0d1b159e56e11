package dev.fang.app;

import dev.fang.ingest.ReleasePublisher;
import dev.fang.platform.blob.BlobStore;
import dev.fang.platform.blob.Sha256;
import dev.fang.schema.PackageRelease;
import dev.fang.schema.ReleaseFile;
import dev.fang.schema.ReleaseKeys;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "publish", description = {
        "Publish one release event to fang.releases.",
        "Each FILE is a URL on an allow-listed host, or a local archive: local archives are put in the blob store",
        "(the data dir shared with ingest) and ingest takes them from there by digest."})
final class PublishCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "VERSION")
    String version;

    @Parameters(index = "2..*", arity = "1..*", paramLabel = "FILE", description = "Artifact URLs or local paths (.tar.gz, .zip, .whl).")
    List<String> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        var config = options.loadForRunningCluster();
        BlobStore blobs = config.blobStore();
        List<ReleaseFile> releaseFiles = new ArrayList<>();
        for (String file : files) {
            releaseFiles.add(isUrl(file) ? remoteFile(file) : localFile(Path.of(file), blobs));
        }
        PackageRelease release = PackageRelease.newBuilder()
                .setName(name)
                .setNormalizedName(ReleaseKeys.normalizeName(name))
                .setVersion(version)
                .setFiles(releaseFiles)
                .setUploadTime(Instant.now())
                .setSource("publish")
                .build();
        try (ReleasePublisher publisher = new ReleasePublisher(config.bootstrapServers())) {
            publisher.publish(release);
            publisher.flush();
        }
        spec.commandLine().getOut().printf("published %s with %d file(s)%n", ReleaseKeys.of(release), releaseFiles.size());
        return 0;
    }

    private static boolean isUrl(String file) {
        return file.startsWith("https://") || file.startsWith("http://");
    }

    private static ReleaseFile remoteFile(String url) {
        String path = URI.create(url).getPath();
        String filename = path.substring(path.lastIndexOf('/') + 1);
        return ReleaseFile.newBuilder().setFilename(filename).setUrl(url).setPackagetype(packageType(filename)).build();
    }

    /** A local archive put in the blob store, where ingest takes it from by digest. */
    static ReleaseFile localFile(Path path, BlobStore blobs) throws IOException {
        String sha256 = Sha256.of(path);
        String uri = blobs.put(sha256, path);
        String filename = path.getFileName().toString();
        return ReleaseFile.newBuilder().setFilename(filename).setUrl(uri).setSha256(sha256)
                .setSize(Files.size(path)).setPackagetype(packageType(filename)).build();
    }

    private static String packageType(String filename) {
        return filename.endsWith(".whl") ? "bdist_wheel" : "sdist";
    }
}
