package dev.fang.ingest.pypi;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP client shared by the PyPI sources: connect and whole-request timeouts, a cap on response size,
 * and bounded retries with exponential backoff (honouring {@code Retry-After}) on 5xx, 408, 429 and I/O errors.
 */
public final class PyPiHttp {
    private static final Logger LOG = LoggerFactory.getLogger(PyPiHttp.class);

    /**
     * @param connectTimeout  TCP/TLS connect timeout
     * @param requestTimeout  deadline for one whole attempt, response body included
     * @param maxAttempts     attempts per request (1 = no retry)
     * @param initialBackoff  wait before the second attempt; doubles per attempt
     * @param maxBackoff      cap on any single wait (also caps {@code Retry-After})
     * @param maxBodyBytes    larger responses fail (not retried)
     * @param userAgent       sent with every request, as PyPI asks of automated clients
     */
    public record Options(Duration connectTimeout, Duration requestTimeout, int maxAttempts, Duration initialBackoff,
                          Duration maxBackoff, long maxBodyBytes, String userAgent) {
        public Options {
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            Objects.requireNonNull(userAgent, "userAgent");
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1");
            }
            if (maxBodyBytes < 1) {
                throw new IllegalArgumentException("maxBodyBytes must be >= 1");
            }
            if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative()
                    || requestTimeout.isZero() || initialBackoff.isNegative() || maxBackoff.isNegative()) {
                throw new IllegalArgumentException("timeouts must be positive and backoffs non-negative");
            }
        }

        /** 10 s connect, 60 s per attempt, 4 attempts, 0.5 s doubling up to 30 s, 128 MiB bodies. */
        public static Options defaults() {
            return new Options(Duration.ofSeconds(10), Duration.ofSeconds(60), 4, Duration.ofMillis(500),
                    Duration.ofSeconds(30), 128L << 20, "fang/0.1 (malicious-package detector)");
        }

        public Options withConnectTimeout(Duration d) {
            return new Options(d, requestTimeout, maxAttempts, initialBackoff, maxBackoff, maxBodyBytes, userAgent);
        }

        public Options withRequestTimeout(Duration d) {
            return new Options(connectTimeout, d, maxAttempts, initialBackoff, maxBackoff, maxBodyBytes, userAgent);
        }

        public Options withMaxAttempts(int n) {
            return new Options(connectTimeout, requestTimeout, n, initialBackoff, maxBackoff, maxBodyBytes, userAgent);
        }

        public Options withBackoff(Duration initial, Duration max) {
            return new Options(connectTimeout, requestTimeout, maxAttempts, initial, max, maxBodyBytes, userAgent);
        }

        public Options withMaxBodyBytes(long n) {
            return new Options(connectTimeout, requestTimeout, maxAttempts, initialBackoff, maxBackoff, n, userAgent);
        }

        public Options withUserAgent(String ua) {
            return new Options(connectTimeout, requestTimeout, maxAttempts, initialBackoff, maxBackoff, maxBodyBytes, ua);
        }
    }

    private final Options options;
    private final HttpClient client;

    public PyPiHttp() {
        this(Options.defaults());
    }

    public PyPiHttp(Options options) {
        this.options = Objects.requireNonNull(options, "options");
        this.client = HttpClient.newBuilder()
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public Options options() {
        return options;
    }

    /** GET; the body of a 2xx answer, empty on 404/410, {@link PyPiException} otherwise. */
    public Optional<byte[]> getIfFound(URI uri, String accept) {
        HttpRequest request = base(uri).header("Accept", accept).GET().build();
        return execute(request, true);
    }

    /** GET; the body of a 2xx answer, {@link PyPiException} otherwise (404 included). */
    public byte[] get(URI uri, String accept) {
        HttpRequest request = base(uri).header("Accept", accept).GET().build();
        return execute(request, false).orElseThrow();
    }

    /** POST (only for idempotent calls: it is retried like a GET). */
    public byte[] post(URI uri, String contentType, byte[] body) {
        HttpRequest request = base(uri).header("Content-Type", contentType).header("Accept", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return execute(request, false).orElseThrow();
    }

    private HttpRequest.Builder base(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(options.requestTimeout()).header("User-Agent", options.userAgent());
    }

    private Optional<byte[]> execute(HttpRequest request, boolean notFoundIsEmpty) {
        String what = request.method() + " " + request.uri();
        int max = options.maxAttempts();
        for (int attempt = 1; ; attempt++) {
            Duration retryAfter = null;
            String failure;
            Throwable cause = null;
            try {
                HttpResponse<byte[]> response = sendOnce(request);
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return Optional.of(response.body());
                }
                if (notFoundIsEmpty && (status == 404 || status == 410)) {
                    return Optional.empty();
                }
                failure = "HTTP " + status + snippet(response.body());
                if (!retryable(status)) {
                    throw new PyPiException(what + " failed: " + failure);
                }
                retryAfter = response.headers().firstValue("Retry-After").flatMap(PyPiHttp::parseRetryAfter).orElse(null);
            } catch (IOException | TimeoutException e) {
                boolean timedOut = e instanceof TimeoutException || e instanceof HttpTimeoutException;
                failure = timedOut ? "no complete answer within " + options.requestTimeout()
                        : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                cause = e;
            }
            if (attempt >= max) {
                throw new PyPiException(what + " failed after " + attempt + " attempt" + (attempt == 1 ? "" : "s")
                        + ": " + failure, cause);
            }
            Duration wait = backoff(attempt, retryAfter);
            LOG.debug("{} attempt {}/{} failed ({}); retrying in {} ms", what, attempt, max, failure, wait.toMillis());
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PyPiException(what + " interrupted while waiting to retry", e);
            }
        }
    }

    private HttpResponse<byte[]> sendOnce(HttpRequest request) throws IOException, TimeoutException {
        CompletableFuture<HttpResponse<byte[]>> future =
                client.sendAsync(request, info -> new LimitedBody(options.maxBodyBytes()));
        try {
            // The request timeout alone only covers the wait for headers; this deadline covers the body too.
            return future.get(options.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw e;
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new PyPiException(request.method() + " " + request.uri() + " interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BodyTooLargeException tooLarge) {
                throw new PyPiException(request.method() + " " + request.uri() + " failed: " + tooLarge.getMessage(), tooLarge);
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause == null ? "request failed" : cause.toString(), cause);
        }
    }

    static boolean retryable(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    private Duration backoff(int attempt, Duration retryAfter) {
        long initial = options.initialBackoff().toMillis();
        long cap = options.maxBackoff().toMillis();
        long exp = initial << Math.min(attempt - 1, 20);
        long wait = Math.min(cap, exp < 0 ? cap : exp);
        // jitter in [wait/2, wait] so many watchers do not retry in lock-step
        if (wait > 1) {
            wait = wait / 2 + ThreadLocalRandom.current().nextLong(wait / 2 + 1);
        }
        if (retryAfter != null) {
            wait = Math.max(wait, Math.min(cap, retryAfter.toMillis()));
        }
        return Duration.ofMillis(wait);
    }

    private static Optional<Duration> parseRetryAfter(String value) {
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty(); // HTTP-date form: fall back to our own backoff
        }
    }

    private static String snippet(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8)
                .replaceAll("[\\p{Cntrl}&&[^ ]]+", " ").trim();
        return text.isEmpty() ? "" : " (" + text + (body.length > 200 ? "..." : "") + ")";
    }

    /** Percent-encodes one path segment (everything but RFC 3986 unreserved characters). */
    static String segment(String value) {
        Objects.requireNonNull(value, "path segment");
        if (value.isEmpty() || value.equals(".") || value.equals("..")) {
            throw new IllegalArgumentException("not a usable path segment: '" + value + "'");
        }
        StringBuilder sb = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    /** {@code base} with {@code path} appended (base may or may not end with '/'). */
    static URI resolve(URI base, String path) {
        String b = base.toString();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        return URI.create(b + path);
    }

    private static final class BodyTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException(long limit) {
            super("response body larger than " + limit + " bytes");
        }
    }

    /** Collects the body but gives up (and cancels the download) past {@code limit} bytes. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final long limit;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        LimitedBody(long limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                int n = item.remaining();
                if (buffer.size() + (long) n > limit) {
                    subscription.cancel();
                    result.completeExceptionally(new BodyTooLargeException(limit));
                    return;
                }
                byte[] chunk = new byte[n];
                item.get(chunk);
                buffer.write(chunk, 0, n);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(buffer.toByteArray());
        }
    }
}
