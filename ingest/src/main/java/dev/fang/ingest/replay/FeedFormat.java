package dev.fang.ingest.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fang.schema.PackageRelease;
import dev.fang.schema.ReleaseFile;
import dev.fang.schema.ReleaseKeys;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The historical-feed format: JSON Lines, one release per line, e.g.
 * <pre>{"name":"requests","version":"2.32.0","upload_time":"2024-05-20T15:00:00Z",
 *  "files":[{"filename":"requests-2.32.0.tar.gz","url":"https://files.pythonhosted.org/...","sha256":"...","size":131218,"packagetype":"sdist"}]}</pre>
 * File digests may also be given PyPI-style as {@code "digests":{"sha256":"..."}}.
 */
public final class FeedFormat {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FeedFormat() {
    }

    /** Parses one line; the message of the exception says what is wrong with it. */
    public static PackageRelease parse(String line, String defaultSource) {
        JsonNode json;
        try {
            json = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String name = required(json, "name");
        String version = required(json, "version");
        List<ReleaseFile> files = new ArrayList<>();
        for (JsonNode file : json.path("files")) {
            String sha256 = file.hasNonNull("sha256") ? file.get("sha256").asText() : file.path("digests").path("sha256").asText(null);
            files.add(ReleaseFile.newBuilder()
                    .setFilename(required(file, "filename"))
                    .setUrl(required(file, "url"))
                    .setSha256(sha256)
                    .setSize(file.hasNonNull("size") ? file.get("size").asLong() : null)
                    .setPackagetype(file.path("packagetype").asText("sdist"))
                    .build());
        }
        return PackageRelease.newBuilder()
                .setEcosystem(json.path("ecosystem").asText("pypi"))
                .setName(name)
                .setNormalizedName(ReleaseKeys.normalizeName(name))
                .setVersion(version)
                .setFiles(files)
                .setUploadTime(time(json))
                .setSource(json.path("source").asText(defaultSource))
                .setSerial(json.hasNonNull("serial") ? json.get("serial").asLong() : null)
                .build();
    }

    /** One feed line for a release, the inverse of {@link #parse}. */
    public static String format(PackageRelease release) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("ecosystem", release.getEcosystem());
        json.put("name", release.getName());
        json.put("version", release.getVersion());
        if (release.getUploadTime() != null) {
            json.put("upload_time", release.getUploadTime().toString());
        }
        json.put("source", release.getSource());
        if (release.getSerial() != null) {
            json.put("serial", release.getSerial());
        }
        ArrayNode files = json.putArray("files");
        for (ReleaseFile file : release.getFiles()) {
            ObjectNode node = files.addObject();
            node.put("filename", file.getFilename());
            node.put("url", file.getUrl());
            if (file.getSha256() != null) {
                node.put("sha256", file.getSha256());
            }
            if (file.getSize() != null) {
                node.put("size", file.getSize());
            }
            node.put("packagetype", file.getPackagetype());
        }
        return json.toString();
    }

    private static Instant time(JsonNode json) {
        JsonNode node = json.hasNonNull("upload_time") ? json.get("upload_time") : json.get("uploadTime");
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return Instant.ofEpochMilli(node.asLong());
        }
        try {
            String text = node.asText();
            // PyPI writes "2024-05-20T15:00:00" (UTC, no zone) in some places and ISO-8601 with a zone in others.
            return Instant.parse(text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$") ? text : text + "Z");
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("upload_time '" + node.asText() + "' is not an ISO-8601 time");
        }
    }

    private static String required(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull() || node.asText().isBlank()) {
            throw new IllegalArgumentException("missing \"" + field + "\"");
        }
        return node.asText().strip();
    }
}
