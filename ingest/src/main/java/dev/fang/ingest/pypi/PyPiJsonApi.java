package dev.fang.ingest.pypi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fang.schema.PackageRelease;
import dev.fang.schema.ReleaseFile;
import dev.fang.schema.ReleaseKeys;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads releases from PyPI's JSON API ({@code <base>/pypi/<name>/<version>/json}) or from a mirror that serves the
 * same API under another base URL (devpi, Artifactory, Nexus, ...).
 */
public final class PyPiJsonApi {
    /** The public index. */
    public static final URI PYPI = URI.create("https://pypi.org");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final String ACCEPT = "application/json";

    private final URI baseUrl;
    private final PyPiHttp http;

    /** Uses {@link PyPiHttp.Options#defaults()}. */
    public PyPiJsonApi(URI baseUrl) {
        this(baseUrl, new PyPiHttp());
    }

    public PyPiJsonApi(URI baseUrl, PyPiHttp http) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.http = Objects.requireNonNull(http, "http");
        String scheme = baseUrl.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("base URL must be http(s): " + baseUrl);
        }
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** The HTTP client (timeouts, retries) this API uses; the watchers share it. */
    public PyPiHttp http() {
        return http;
    }

    /**
     * One release, from {@code /pypi/<name>/<version>/json}.
     *
     * @param source recorded in {@link PackageRelease#getSource()} (e.g. {@code pypi-changelog})
     * @return empty when the index answers 404/410 (no such project or version, or it was deleted)
     * @throws PyPiException on any other failure, after retries, or when the answer is malformed
     */
    public Optional<PackageRelease> release(String name, String version, String source) {
        URI uri = PyPiHttp.resolve(baseUrl, "/pypi/" + PyPiHttp.segment(name) + "/" + PyPiHttp.segment(version) + "/json");
        return http.getIfFound(uri, ACCEPT).map(body -> parse(uri, body, version, source));
    }

    /**
     * The project's current release (what {@code info.version} names), from {@code /pypi/<name>/json}.
     *
     * @return empty when the project does not exist (404/410)
     */
    public Optional<PackageRelease> latestRelease(String name, String source) {
        URI uri = PyPiHttp.resolve(baseUrl, "/pypi/" + PyPiHttp.segment(name) + "/json");
        return http.getIfFound(uri, ACCEPT).map(body -> parse(uri, body, null, source));
    }

    static PackageRelease parse(URI uri, byte[] body, String requestedVersion, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new PyPiException("malformed JSON from " + uri + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new PyPiException("malformed JSON from " + uri + ": not an object");
        }
        JsonNode info = root.path("info");
        String name = text(info, "name");
        if (name == null || name.isBlank()) {
            throw new PyPiException("malformed JSON from " + uri + ": info.name missing");
        }
        String version = text(info, "version");
        if (version == null || version.isBlank()) {
            version = requestedVersion;
        }
        if (version == null || version.isBlank()) {
            throw new PyPiException("malformed JSON from " + uri + ": info.version missing");
        }
        JsonNode urls = root.path("urls");
        if (!urls.isMissingNode() && !urls.isNull() && !urls.isArray()) {
            throw new PyPiException("malformed JSON from " + uri + ": urls is not an array");
        }
        List<ReleaseFile> files = new ArrayList<>();
        Instant earliest = null;
        for (JsonNode f : urls) {
            files.add(file(uri, f));
            Instant t = uploadTime(uri, f);
            if (t != null && (earliest == null || t.isBefore(earliest))) {
                earliest = t;
            }
        }
        return PackageRelease.newBuilder()
                .setEcosystem("pypi")
                .setName(name)
                .setNormalizedName(ReleaseKeys.normalizeName(name))
                .setVersion(version)
                .setFiles(files)
                .setUploadTime(earliest)
                .setSource(source)
                .setSerial(null)
                .build();
    }

    private static ReleaseFile file(URI uri, JsonNode f) {
        String filename = text(f, "filename");
        String url = text(f, "url");
        if (filename == null || filename.isBlank() || url == null || url.isBlank()) {
            throw new PyPiException("malformed JSON from " + uri + ": a file lacks filename or url");
        }
        String resolvedUrl;
        try {
            resolvedUrl = uri.resolve(url.trim()).toString(); // mirrors may answer with relative links
        } catch (IllegalArgumentException e) {
            throw new PyPiException("malformed JSON from " + uri + ": bad url for " + filename + ": " + url, e);
        }
        String sha256 = text(f.path("digests"), "sha256");
        if (sha256 != null) {
            sha256 = sha256.trim().toLowerCase(Locale.ROOT);
            if (!SHA256.matcher(sha256).matches()) {
                throw new PyPiException("malformed JSON from " + uri + ": bad sha256 for " + filename + ": " + sha256);
            }
        }
        Long size = null;
        JsonNode sizeNode = f.get("size");
        if (sizeNode != null && !sizeNode.isNull()) {
            if (!sizeNode.canConvertToLong() || sizeNode.asLong() < 0) {
                throw new PyPiException("malformed JSON from " + uri + ": bad size for " + filename + ": " + sizeNode);
            }
            size = sizeNode.asLong();
        }
        String packagetype = text(f, "packagetype");
        return ReleaseFile.newBuilder()
                .setFilename(filename)
                .setUrl(resolvedUrl)
                .setSha256(sha256)
                .setSize(size)
                .setPackagetype(packagetype == null || packagetype.isBlank() ? "sdist" : packagetype)
                .build();
    }

    private static Instant uploadTime(URI uri, JsonNode f) {
        String iso = text(f, "upload_time_iso_8601");
        String plain = text(f, "upload_time");
        try {
            if (iso != null && !iso.isBlank()) {
                return Instant.parse(iso.trim());
            }
            if (plain != null && !plain.isBlank()) {
                // PyPI's older field: UTC without a zone.
                return LocalDateTime.parse(plain.trim()).toInstant(ZoneOffset.UTC);
            }
        } catch (DateTimeParseException e) {
            throw new PyPiException("malformed JSON from " + uri + ": bad upload time '" + (iso != null ? iso : plain) + "'", e);
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }

    @Override
    public String toString() {
        return "PyPiJsonApi(" + baseUrl + ")";
    }
}
