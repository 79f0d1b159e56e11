package dev.fang.testkit.pypi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.fang.schema.ReleaseKeys;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 that stands in for PyPI (or a PyPI mirror) in tests and the demo.
 *
 * <p>It serves, in PyPI's own shapes:
 * <ul>
 *   <li>{@code GET /pypi/<name>/<version>/json} and {@code GET /pypi/<name>/json} (the JSON API; a project
 *       name that is not spelled canonically is redirected like PyPI does);</li>
 *   <li>{@code GET /packages/<aa>/<bb>/<rest of sha256>/<filename>} (the distribution files);</li>
 *   <li>{@code POST /pypi} (XML-RPC {@code changelog_since_serial(int)} and {@code changelog_last_serial()});</li>
 *   <li>{@code GET /rss/updates.xml} and {@code GET /rss/packages.xml}.</li>
 * </ul>
 * Faults can be injected per request path: failing statuses, canned responses, slow responses, stalled
 * bodies, files whose bytes differ from their advertised digest, and advertised files that are missing.
 *
 * <p>All methods are thread-safe; the server answers on a pool of daemon threads.
 */
public final class LocalPackageIndex implements AutoCloseable {
    /** Rows per {@code changelog_since_serial} answer; PyPI caps it at 50,000. */
    public static final int DEFAULT_CHANGELOG_LIMIT = 50_000;
    /** Items in {@code /rss/updates.xml}, as on PyPI. */
    public static final int UPDATES_FEED_SIZE = 100;
    /** Items in {@code /rss/packages.xml}, as on PyPI. */
    public static final int PACKAGES_FEED_SIZE = 40;

    static {
        // The JDK server writes headers and body separately; with Nagle on, each response then waits for the
        // client's delayed ACK (~40 ms). Must be set before the first HttpServer in the JVM is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter RFC_822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final HttpServer server;
    private final ExecutorService executor;
    private final String baseUrl;

    private final Object lock = new Object();
    /** normalized name -> project. */
    private final Map<String, Project> projects = new LinkedHashMap<>();
    /** Decoded request path -> file. */
    private final Map<String, HostedFile> filesByPath = new HashMap<>();
    private final List<ChangelogRow> changelog = new ArrayList<>();
    /** Every release ever added, oldest first (for the updates feed). */
    private final List<Release> releaseLog = new ArrayList<>();
    /** Projects in order of creation (for the packages feed). */
    private final List<Project> projectLog = new ArrayList<>();
    private long serial;
    private int changelogLimit = DEFAULT_CHANGELOG_LIMIT;

    private final Map<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();
    private final Map<String, Deque<CannedResponse>> canned = new HashMap<>();
    private final Map<String, Duration> headerDelays = new HashMap<>();
    private final Map<String, Duration> bodyStalls = new HashMap<>();

    /** Starts an index whose change serials begin after 1,000 (so a serial of 0 is never valid). */
    public LocalPackageIndex() {
        this(1_000);
    }

    /** Starts an index whose first change gets serial {@code initialSerial + 1}. */
    public LocalPackageIndex(long initialSerial) {
        if (initialSerial < 0) {
            throw new IllegalArgumentException("initialSerial must be >= 0: " + initialSerial);
        }
        this.serial = initialSerial;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the local package index", e);
        }
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "local-package-index-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    // ------------------------------------------------------------------ publishing

    /** Publishes a release now; {@code .whl} files are {@code bdist_wheel}, everything else {@code sdist}. */
    public PublishedRelease addRelease(String name, String version, Map<String, byte[]> files) {
        return addRelease(name, version, files, Instant.now());
    }

    /**
     * Publishes a release with the given upload time (every file gets it). Appends changelog rows like
     * PyPI: {@code create} for a new project, {@code new release}, then one {@code add <pyversion> file <filename>}
     * per file, each with the next serial.
     */
    public PublishedRelease addRelease(String name, String version, Map<String, byte[]> files, Instant uploadTime) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(uploadTime, "uploadTime");
        if (name.isBlank() || version.isBlank()) {
            throw new IllegalArgumentException("name and version must not be blank");
        }
        Instant time = uploadTime.truncatedTo(ChronoUnit.MICROS);
        synchronized (lock) {
            String normalized = ReleaseKeys.normalizeName(name);
            Project project = projects.get(normalized);
            if (project == null) {
                project = new Project(name, normalized);
                projects.put(normalized, project);
                projectLog.add(project);
                project.created = time;
                appendRow(name, null, time, "create");
            }
            if (project.releases.containsKey(version)) {
                throw new IllegalStateException("release already exists: " + name + " " + version);
            }
            Release release = new Release(project, version, time);
            project.releases.put(version, release);
            releaseLog.add(release);
            appendRow(project.name, version, time, "new release");
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                addFileLocked(release, e.getKey(), e.getValue(), time);
            }
            return release.snapshot();
        }
    }

    /** Uploads one more file to an existing release (PyPI allows adding wheels after the sdist). */
    public PublishedRelease addFile(String name, String version, String filename, byte[] content, Instant uploadTime) {
        synchronized (lock) {
            Release release = requireRelease(name, version);
            addFileLocked(release, filename, content, uploadTime.truncatedTo(ChronoUnit.MICROS));
            return release.snapshot();
        }
    }

    /** Deletes a release like a PyPI admin takes down malware: JSON and files answer 404, changelog says so. */
    public void removeRelease(String name, String version) {
        synchronized (lock) {
            Release release = requireRelease(name, version);
            release.project.releases.remove(version);
            for (HostedFile f : release.files.values()) {
                filesByPath.remove(f.path);
            }
            release.removed = true;
            appendRow(release.project.name, version, Instant.now(), "remove release");
        }
    }

    /** Appends a raw changelog row (e.g. {@code "add Owner alice"}); version may be null. Returns its serial. */
    public long appendChangelog(String name, String version, String action) {
        synchronized (lock) {
            return appendRow(name, version, Instant.now(), action).serial();
        }
    }

    /** The highest change serial so far (what {@code changelog_last_serial()} answers). */
    public long lastSerial() {
        synchronized (lock) {
            return serial;
        }
    }

    /** Caps the rows returned per {@code changelog_since_serial} call (PyPI: 50,000). */
    public void setChangelogLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1");
        }
        synchronized (lock) {
            changelogLimit = limit;
        }
    }

    // ------------------------------------------------------------------ addresses

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The XML-RPC endpoint, {@code <baseUrl>/pypi}. */
    public String xmlRpcUrl() {
        return baseUrl + "/pypi";
    }

    /** The download URL advertised for a file of a release. */
    public String fileUrl(String name, String version, String filename) {
        synchronized (lock) {
            return baseUrl + encodePath(requireFile(name, version, filename).path);
        }
    }

    /** The (decoded) request path of a file, for {@link #requestCount(String)} and path-based faults. */
    public String filePath(String name, String version, String filename) {
        synchronized (lock) {
            return requireFile(name, version, filename).path;
        }
    }

    /** Path of the release JSON endpoint: {@code /pypi/<name>/<version>/json}. */
    public static String releaseJsonPath(String name, String version) {
        return "/pypi/" + name + "/" + version + "/json";
    }

    /** Path of the project JSON endpoint: {@code /pypi/<name>/json}. */
    public static String projectJsonPath(String name) {
        return "/pypi/" + name + "/json";
    }

    /** How many requests arrived for this exact (decoded) path, faults included. */
    public int requestCount(String path) {
        AtomicInteger n = requestCounts.get(path);
        return n == null ? 0 : n.get();
    }

    // ------------------------------------------------------------------ faults

    /** The next {@code times} requests for {@code path} answer {@code status} (e.g. 503) with a short text body. */
    public void failNext(String path, int times, int status) {
        byte[] body = ("injected failure " + status + "\n").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < times; i++) {
            respondNext(path, status, "text/plain; charset=utf-8", body);
        }
    }

    /** The next {@code times} requests for {@code path} answer 503 Service Unavailable. */
    public void failNext(String path, int times) {
        failNext(path, times, 503);
    }

    /** Queues a canned response for the next request of {@code path} (queued responses are used in order). */
    public void respondNext(String path, int status, String contentType, byte[] body) {
        synchronized (lock) {
            canned.computeIfAbsent(path, p -> new ArrayDeque<>())
                    .addLast(new CannedResponse(status, contentType, body.clone()));
        }
    }

    /** The next {@code POST /pypi} answers with an XML-RPC fault (HTTP 200, like Python's xmlrpc servers). */
    public void xmlRpcFaultNext(int faultCode, String faultString) {
        respondNext("/pypi", 200, "text/xml", XmlRpcWriter.fault(faultCode, faultString).getBytes(StandardCharsets.UTF_8));
    }

    /** Every request for {@code path} waits {@code delay} before the response headers are sent. */
    public void delayResponses(String path, Duration delay) {
        synchronized (lock) {
            headerDelays.put(path, delay);
        }
    }

    /**
     * Every request for {@code path} gets its headers and the first half of the body at once, then waits
     * {@code stall} before the rest: a server that hangs mid-download.
     */
    public void stallBody(String path, Duration stall) {
        synchronized (lock) {
            bodyStalls.put(path, stall);
        }
    }

    /** Serves {@code servedBytes} for the file while the JSON API keeps advertising the original sha256/size. */
    public void tamperFile(String name, String version, String filename, byte[] servedBytes) {
        synchronized (lock) {
            requireFile(name, version, filename).served = servedBytes.clone();
        }
    }

    /** Keeps advertising the file but answers 404 when it is downloaded. */
    public void makeFileMissing(String name, String version, String filename) {
        synchronized (lock) {
            requireFile(name, version, filename).missing = true;
        }
    }

    /** The next {@code times} downloads of the file answer 503. */
    public void failFileDownloads(String name, String version, String filename, int times) {
        failNext(filePath(name, version, filename), times, 503);
    }

    /** Every download of the file waits {@code delay} before answering. */
    public void slowFile(String name, String version, String filename, Duration delay) {
        delayResponses(filePath(name, version, filename), delay);
    }

    /** Removes every injected fault, delay and canned response. */
    public void clearFaults() {
        synchronized (lock) {
            canned.clear();
            headerDelays.clear();
            bodyStalls.clear();
            for (Project p : projects.values()) {
                for (Release r : p.releases.values()) {
                    for (HostedFile f : r.files.values()) {
                        f.served = null;
                        f.missing = false;
                    }
                }
            }
        }
    }

    /** SHA-256 of the bytes, lower-case hex. */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest("SHA-256", bytes));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------ model

    /** What was published, as the JSON API advertises it. */
    public record PublishedRelease(String name, String version, Instant uploadTime, List<PublishedFile> files) {
    }

    /** One advertised file. */
    public record PublishedFile(String filename, String url, String sha256, long size, String packagetype,
                                String pythonVersion) {
    }

    /** One row of the XML-RPC changelog: {@code [name, version, timestamp, action, serial]}. */
    public record ChangelogRow(String name, String version, long timestamp, String action, long serial) {
    }

    /** A copy of the full changelog, oldest first. */
    public List<ChangelogRow> changelog() {
        synchronized (lock) {
            return List.copyOf(changelog);
        }
    }

    private record CannedResponse(int status, String contentType, byte[] body) {
    }

    private static final class Project {
        final String name;
        final String normalized;
        final Map<String, Release> releases = new LinkedHashMap<>();
        Instant created;

        Project(String name, String normalized) {
            this.name = name;
            this.normalized = normalized;
        }

        Release latest() {
            Release latest = null;
            for (Release r : releases.values()) {
                latest = r;
            }
            return latest;
        }
    }

    private final class Release {
        final Project project;
        final String version;
        final Instant created;
        final Map<String, HostedFile> files = new LinkedHashMap<>();
        boolean removed;

        Release(Project project, String version, Instant created) {
            this.project = project;
            this.version = version;
            this.created = created;
        }

        PublishedRelease snapshot() {
            List<PublishedFile> out = new ArrayList<>();
            for (HostedFile f : files.values()) {
                out.add(new PublishedFile(f.filename, baseUrl + encodePath(f.path), f.sha256, f.content.length,
                        f.packagetype, f.pythonVersion));
            }
            return new PublishedRelease(project.name, version, created, List.copyOf(out));
        }
    }

    private static final class HostedFile {
        final String filename;
        final byte[] content;
        final String sha256;
        final String md5;
        final String packagetype;
        final String pythonVersion;
        final Instant uploadTime;
        final String path;
        byte[] served;
        boolean missing;

        HostedFile(String filename, byte[] content, Instant uploadTime) {
            this.filename = filename;
            this.content = content;
            this.sha256 = sha256Hex(content);
            this.md5 = HexFormat.of().formatHex(digest("MD5", content));
            this.packagetype = filename.endsWith(".whl") ? "bdist_wheel" : "sdist";
            this.pythonVersion = pythonVersionOf(filename);
            this.uploadTime = uploadTime;
            this.path = "/packages/" + sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/"
                    + sha256.substring(4) + "/" + filename;
        }
    }

    private static String pythonVersionOf(String filename) {
        if (filename.endsWith(".whl")) {
            // name-version(-build)?-pytag-abitag-platformtag.whl
            String[] parts = filename.substring(0, filename.length() - 4).split("-");
            if (parts.length >= 5) {
                return parts[parts.length - 3];
            }
            return "py3";
        }
        if (filename.endsWith(".egg")) {
            int i = filename.lastIndexOf("-py");
            if (i >= 0) {
                return filename.substring(i + 3, filename.length() - 4).split("-")[0];
            }
        }
        return "source";
    }

    private void addFileLocked(Release release, String filename, byte[] content, Instant time) {
        if (filename == null || filename.isBlank() || filename.contains("/") || filename.contains("\\")) {
            throw new IllegalArgumentException("bad filename: " + filename);
        }
        if (release.files.containsKey(filename)) {
            throw new IllegalStateException("file already exists: " + filename);
        }
        HostedFile file = new HostedFile(filename, content.clone(), time);
        release.files.put(filename, file);
        filesByPath.put(file.path, file);
        appendRow(release.project.name, release.version, time, "add " + file.pythonVersion + " file " + filename);
    }

    private ChangelogRow appendRow(String name, String version, Instant time, String action) {
        ChangelogRow row = new ChangelogRow(name, version, time.getEpochSecond(), action, ++serial);
        changelog.add(row);
        return row;
    }

    private Release requireRelease(String name, String version) {
        Project project = projects.get(ReleaseKeys.normalizeName(name));
        Release release = project == null ? null : project.releases.get(version);
        if (release == null) {
            throw new IllegalArgumentException("no such release: " + name + " " + version);
        }
        return release;
    }

    private HostedFile requireFile(String name, String version, String filename) {
        HostedFile file = requireRelease(name, version).files.get(filename);
        if (file == null) {
            throw new IllegalArgumentException("no such file in " + name + " " + version + ": " + filename);
        }
        return file;
    }

    // ------------------------------------------------------------------ HTTP

    private void handle(HttpExchange exchange) {
        try {
            String path = exchange.getRequestURI().getPath();
            requestCounts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            byte[] requestBody;
            try (InputStream in = exchange.getRequestBody()) {
                requestBody = in.readNBytes(1 << 20);
            }
            Duration headerDelay;
            Duration stall;
            CannedResponse cannedResponse;
            synchronized (lock) {
                headerDelay = headerDelays.get(path);
                stall = bodyStalls.get(path);
                Deque<CannedResponse> queue = canned.get(path);
                cannedResponse = queue == null ? null : queue.pollFirst();
            }
            if (headerDelay != null && !pause(headerDelay)) {
                return;
            }
            Response response = cannedResponse != null
                    ? new Response(cannedResponse.status(), cannedResponse.contentType(), cannedResponse.body(), Map.of())
                    : route(exchange.getRequestMethod(), path, requestBody);
            send(exchange, response, stall);
        } catch (RuntimeException e) {
            // Never let a bug in the stand-in look like a network fault: answer 500 with the reason.
            try {
                byte[] body = ("local index error: " + e).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(500, body.length);
                exchange.getResponseBody().write(body);
            } catch (IOException | RuntimeException ignored) {
                // headers were already sent; the client sees a truncated response
            }
        } catch (IOException e) {
            // the client went away; nothing to answer
        } finally {
            exchange.close();
        }
    }

    private static boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
        static Response text(int status, String text) {
            return new Response(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
        }
    }

    private static void send(HttpExchange exchange, Response response, Duration stall) throws IOException {
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        if (response.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
        }
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        byte[] body = response.body();
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length == 0) {
            return;
        }
        OutputStream out = exchange.getResponseBody();
        if (stall != null) {
            int half = body.length / 2;
            out.write(body, 0, half);
            out.flush();
            if (!pause(stall)) {
                return;
            }
            out.write(body, half, body.length - half);
        } else {
            out.write(body);
        }
    }

    private Response route(String method, String path, byte[] requestBody) {
        if (path.equals("/pypi") || path.equals("/pypi/")) {
            if (!"POST".equals(method)) {
                return Response.text(405, "XML-RPC expects POST");
            }
            return xmlRpc(requestBody);
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return Response.text(405, "method not allowed");
        }
        if (path.equals("/rss/updates.xml")) {
            return rss(updatesFeed());
        }
        if (path.equals("/rss/packages.xml")) {
            return rss(packagesFeed());
        }
        if (path.startsWith("/packages/")) {
            return file(path);
        }
        if (path.startsWith("/pypi/") && path.endsWith("/json")) {
            String[] parts = path.substring("/pypi/".length(), path.length() - "/json".length()).split("/", -1);
            if (parts.length == 1) {
                return projectJson(parts[0]);
            }
            if (parts.length == 2) {
                return releaseJson(parts[0], parts[1]);
            }
        }
        return Response.text(404, "Not Found");
    }

    private Response file(String path) {
        synchronized (lock) {
            HostedFile file = filesByPath.get(path);
            if (file == null || file.missing) {
                return Response.text(404, "Not Found");
            }
            byte[] bytes = file.served != null ? file.served : file.content;
            return new Response(200, "application/octet-stream", bytes, Map.of("ETag", "\"" + file.md5 + "\""));
        }
    }

    private Response redirect(String location) {
        return new Response(301, "text/plain; charset=utf-8", new byte[0], Map.of("Location", baseUrl + encodePath(location)));
    }

    private Response projectJson(String name) {
        synchronized (lock) {
            Project project = projects.get(ReleaseKeys.normalizeName(name));
            if (project == null || project.releases.isEmpty()) {
                return Response.text(404, "Not Found");
            }
            if (!project.name.equals(name)) {
                return redirect(projectJsonPath(project.name));
            }
            Release latest = project.latest();
            ObjectNode root = JSON.createObjectNode();
            root.set("info", info(latest));
            root.put("last_serial", lastSerialOf(project));
            ObjectNode releases = root.putObject("releases");
            for (Release r : project.releases.values()) {
                ArrayNode files = releases.putArray(r.version);
                r.files.values().forEach(f -> files.add(fileJson(f)));
            }
            ArrayNode urls = root.putArray("urls");
            latest.files.values().forEach(f -> urls.add(fileJson(f)));
            root.putArray("vulnerabilities");
            return json(root);
        }
    }

    private Response releaseJson(String name, String version) {
        synchronized (lock) {
            Project project = projects.get(ReleaseKeys.normalizeName(name));
            Release release = project == null ? null : project.releases.get(version);
            if (release == null) {
                return Response.text(404, "Not Found");
            }
            if (!project.name.equals(name)) {
                return redirect(releaseJsonPath(project.name, version));
            }
            ObjectNode root = JSON.createObjectNode();
            root.set("info", info(release));
            root.put("last_serial", lastSerialOf(project));
            ArrayNode urls = root.putArray("urls");
            release.files.values().forEach(f -> urls.add(fileJson(f)));
            root.putArray("vulnerabilities");
            return json(root);
        }
    }

    private long lastSerialOf(Project project) {
        long last = 0;
        for (ChangelogRow row : changelog) {
            if (ReleaseKeys.normalizeName(row.name()).equals(project.normalized)) {
                last = row.serial();
            }
        }
        return last;
    }

    private ObjectNode info(Release release) {
        Project p = release.project;
        ObjectNode info = JSON.createObjectNode();
        info.put("author", "");
        info.put("author_email", "");
        info.putArray("classifiers");
        info.put("description", "");
        info.put("description_content_type", (String) null);
        info.put("home_page", "");
        info.put("license", "");
        info.put("name", p.name);
        info.put("package_url", baseUrl + "/project/" + p.name + "/");
        info.put("project_url", baseUrl + "/project/" + p.name + "/");
        info.putNull("project_urls");
        info.put("release_url", baseUrl + "/project/" + p.name + "/" + release.version + "/");
        info.putNull("requires_dist");
        info.putNull("requires_python");
        info.put("summary", "");
        info.put("version", release.version);
        info.put("yanked", false);
        info.putNull("yanked_reason");
        return info;
    }

    private ObjectNode fileJson(HostedFile f) {
        ObjectNode o = JSON.createObjectNode();
        o.put("comment_text", "");
        ObjectNode digests = o.putObject("digests");
        digests.put("md5", f.md5);
        digests.put("sha256", f.sha256);
        o.put("downloads", -1);
        o.put("filename", f.filename);
        o.put("has_sig", false);
        o.put("md5_digest", f.md5);
        o.put("packagetype", f.packagetype);
        o.put("python_version", f.pythonVersion);
        o.putNull("requires_python");
        o.put("size", f.content.length);
        o.put("upload_time", ISO_SECONDS.format(f.uploadTime));
        o.put("upload_time_iso_8601", ISO_MICROS.format(f.uploadTime));
        o.put("url", baseUrl + encodePath(f.path));
        o.put("yanked", false);
        o.putNull("yanked_reason");
        return o;
    }

    private static Response json(ObjectNode root) {
        try {
            return new Response(200, "application/json", JSON.writeValueAsBytes(root), Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ XML-RPC

    private Response xmlRpc(byte[] body) {
        XmlRpcWriter.Call call;
        try {
            call = XmlRpcWriter.parseCall(body);
        } catch (IllegalArgumentException e) {
            return xmlResponse(XmlRpcWriter.fault(-32700, "parse error: " + e.getMessage()));
        }
        switch (call.method()) {
            case "changelog_last_serial":
                return xmlResponse(XmlRpcWriter.response(XmlRpcWriter.intValue(lastSerial())));
            case "changelog_since_serial": {
                if (call.params().size() != 1) {
                    return xmlResponse(XmlRpcWriter.fault(-32602, "changelog_since_serial takes 1 argument"));
                }
                long since;
                try {
                    since = Long.parseLong(call.params().get(0));
                } catch (NumberFormatException e) {
                    return xmlResponse(XmlRpcWriter.fault(-32602, "serial must be an int"));
                }
                List<ChangelogRow> rows = new ArrayList<>();
                synchronized (lock) {
                    for (ChangelogRow row : changelog) {
                        if (row.serial() > since) {
                            rows.add(row);
                            if (rows.size() >= changelogLimit) {
                                break;
                            }
                        }
                    }
                }
                return xmlResponse(XmlRpcWriter.response(XmlRpcWriter.changelog(rows)));
            }
            default:
                return xmlResponse(XmlRpcWriter.fault(1,
                        "<class 'xmlrpc.client.Fault'>:method \"" + call.method() + "\" is not supported"));
        }
    }

    private static Response xmlResponse(String xml) {
        return new Response(200, "text/xml", xml.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    // ------------------------------------------------------------------ RSS

    private record FeedItem(String title, String link, String description, Instant pubDate) {
    }

    private List<FeedItem> updatesFeed() {
        synchronized (lock) {
            List<FeedItem> items = new ArrayList<>();
            for (int i = releaseLog.size() - 1; i >= 0 && items.size() < UPDATES_FEED_SIZE; i--) {
                Release r = releaseLog.get(i);
                if (r.removed) {
                    continue;
                }
                items.add(new FeedItem(r.project.name + " " + r.version,
                        baseUrl + "/project/" + r.project.name + "/" + r.version + "/", "", r.created));
            }
            return items;
        }
    }

    private List<FeedItem> packagesFeed() {
        synchronized (lock) {
            List<FeedItem> items = new ArrayList<>();
            for (int i = projectLog.size() - 1; i >= 0 && items.size() < PACKAGES_FEED_SIZE; i--) {
                Project p = projectLog.get(i);
                if (p.releases.isEmpty()) {
                    continue;
                }
                items.add(new FeedItem(p.name + " added to PyPI", baseUrl + "/project/" + p.name + "/", "", p.created));
            }
            return items;
        }
    }

    private Response rss(List<FeedItem> items) {
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n  <channel>\n")
                .append("    <title>PyPI recent updates</title>\n")
                .append("    <link>").append(XmlRpcWriter.escape(baseUrl + "/")).append("</link>\n")
                .append("    <description>Recent updates to the Python Package Index</description>\n")
                .append("    <language>en</language>");
        for (FeedItem item : items) {
            sb.append("    <item>\n")
                    .append("      <title>").append(XmlRpcWriter.escape(item.title())).append("</title>\n")
                    .append("      <link>").append(XmlRpcWriter.escape(item.link())).append("</link>\n")
                    .append("      <description>").append(XmlRpcWriter.escape(item.description())).append("</description>\n")
                    .append("      <pubDate>").append(RFC_822.format(item.pubDate())).append("</pubDate>\n")
                    .append("    </item>");
        }
        sb.append("  </channel>\n</rss>");
        return new Response(200, "text/xml; charset=utf-8", sb.toString().getBytes(StandardCharsets.UTF_8), Map.of());
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JDK", e);
        }
    }

    /** Percent-encodes each segment of a decoded path (keeps '/', RFC 3986 unreserved characters). */
    static String encodePath(String path) {
        StringBuilder sb = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    /** The published release, if it exists and was not removed. */
    public Optional<PublishedRelease> release(String name, String version) {
        synchronized (lock) {
            Project project = projects.get(ReleaseKeys.normalizeName(name));
            Release release = project == null ? null : project.releases.get(version);
            return Optional.ofNullable(release).map(Release::snapshot);
        }
    }
}
