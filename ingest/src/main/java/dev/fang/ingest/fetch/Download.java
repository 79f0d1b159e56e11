package dev.fang.ingest.fetch;

import dev.fang.platform.blob.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;

/**
 * One artifact download into a temporary file, hashed while it streams. Only allow-listed hosts are
 * contacted, redirects included, so an event cannot make the fetcher reach arbitrary addresses (SSRF).
 */
final class Download {
    private final HttpClient http;
    private final FetchPolicy policy;

    Download(HttpClient http, FetchPolicy policy) {
        this.http = http;
        this.policy = policy;
    }

    record Result(Path file, String sha256, long size) {
    }

    /** Downloads with bounded retries and exponential backoff; 404s and refusals are final at once. */
    Result fetch(String url, Path tempDir) throws FetchException {
        long backoff = policy.firstBackoff().toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return fetchOnce(url, tempDir);
            } catch (FetchException e) {
                if (e.failure().permanent() || attempt >= policy.attempts()) {
                    throw attempt > 1 ? new FetchException(e.failure(), e.getMessage() + " (after " + attempt + " attempts)", e) : e;
                }
            }
            sleep(backoff);
            backoff *= 2;
        }
    }

    private Result fetchOnce(String url, Path tempDir) throws FetchException {
        URI uri = checkedUri(url);
        for (int redirects = 0; redirects <= FetchPolicy.MAX_REDIRECTS; redirects++) {
            HttpResponse<InputStream> response = send(uri);
            int status = response.statusCode();
            if (status >= 300 && status < 400) {
                Optional<String> location = response.headers().firstValue("Location");
                closeQuietly(response.body());
                if (location.isEmpty()) {
                    throw new FetchException(FetchFailure.BAD_URL, "redirect without a Location from " + uri);
                }
                uri = checkedUri(uri.resolve(location.get()).toString());
                continue;
            }
            if (status == 200) {
                return save(uri, response, tempDir);
            }
            closeQuietly(response.body());
            if (status == 404 || status == 410) {
                throw new FetchException(FetchFailure.NOT_FOUND, "not found (HTTP " + status + "): " + uri);
            }
            if (status == 429 || status >= 500) {
                throw new FetchException(FetchFailure.HTTP_ERROR, "server error (HTTP " + status + ") from " + uri);
            }
            throw new FetchException(FetchFailure.NOT_FOUND, "refused (HTTP " + status + "): " + uri);
        }
        throw new FetchException(FetchFailure.BAD_URL, "more than " + FetchPolicy.MAX_REDIRECTS + " redirects fetching " + url);
    }

    private URI checkedUri(String url) throws FetchException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new FetchException(FetchFailure.BAD_URL, "not a valid URL: '" + url + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new FetchException(FetchFailure.BAD_URL, "only http(s) URLs are fetched, not '" + url + "'");
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!policy.allowedHosts().contains(host)) {
            throw new FetchException(FetchFailure.HOST_NOT_ALLOWED, "host '" + host + "' is not in fetch.allowed.hosts "
                    + policy.allowedHosts() + " (URL " + url + ")");
        }
        return uri;
    }

    private HttpResponse<InputStream> send(URI uri) throws FetchException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(policy.timeout()).GET()
                .header("User-Agent", "fang-ingest (malicious package detector)").build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new FetchException(FetchFailure.NETWORK, "timed out after " + policy.timeout().toSeconds() + " s fetching " + uri, e);
        } catch (IOException e) {
            throw new FetchException(FetchFailure.NETWORK, "network error fetching " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException(FetchFailure.NETWORK, "interrupted fetching " + uri, e);
        }
    }

    private Result save(URI uri, HttpResponse<InputStream> response, Path tempDir) throws FetchException {
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > policy.maxBytes()) {
            closeQuietly(response.body());
            throw tooLarge(uri);
        }
        Path file = null;
        try (InputStream body = response.body()) {
            Files.createDirectories(tempDir);
            file = Files.createTempFile(tempDir, "download-", ".part");
            MessageDigest digest = Sha256.newDigest();
            long size = 0;
            byte[] buffer = new byte[64 * 1024];
            try (OutputStream out = Files.newOutputStream(file)) {
                for (int n; (n = body.read(buffer)) > 0; ) {
                    size += n;
                    if (size > policy.maxBytes()) {
                        throw tooLarge(uri);
                    }
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            return new Result(file, Sha256.hex(digest), size);
        } catch (FetchException e) {
            deleteQuietly(file);
            throw e;
        } catch (IOException e) {
            deleteQuietly(file);
            throw new FetchException(FetchFailure.NETWORK, "download of " + uri + " broke off: " + e.getMessage(), e);
        }
    }

    private FetchException tooLarge(URI uri) {
        return new FetchException(FetchFailure.TOO_LARGE, uri + " is larger than fetch.max.bytes=" + policy.maxBytes() + " bytes");
    }

    static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a stray temp file in the data dir is harmless
            }
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the response is discarded anyway
        }
    }

    private static void sleep(long millis) throws FetchException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException(FetchFailure.NETWORK, "interrupted while waiting to retry", e);
        }
    }
}
