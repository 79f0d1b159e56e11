package dev.fang.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Redirects are followed by hand so that every hop is checked against the host allow-list. */
class DownloadRedirectTest {
    @TempDir
    Path dir;

    private HttpServer server;
    private String base;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/to-metadata", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/to-file", exchange -> {
            exchange.getResponseHeaders().add("Location", "/file");
            exchange.sendResponseHeaders(301, -1);
            exchange.close();
        });
        server.createContext("/file", exchange -> {
            byte[] body = "content".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private Download download() {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        return new Download(http, new FetchPolicy(List.of("127.0.0.1"), 1024, Duration.ofSeconds(5), 1, Duration.ofMillis(1)));
    }

    @Test
    void shouldRefuseARedirectToAHostOutsideTheAllowList() {
        assertThatThrownBy(() -> download().fetch(base + "/to-metadata", dir))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.failure()).isEqualTo(FetchFailure.HOST_NOT_ALLOWED))
                .hasMessageContaining("169.254.169.254");
    }

    @Test
    void shouldFollowARedirectWithinTheAllowList() throws Exception {
        Download.Result result = download().fetch(base + "/to-file", dir);

        assertThat(Files.readString(result.file())).isEqualTo("content");
        assertThat(result.size()).isEqualTo(7);
    }

    @Test
    void shouldRefuseNonHttpSchemes() {
        assertThatThrownBy(() -> download().fetch("file:///etc/passwd", dir))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.failure()).isEqualTo(FetchFailure.BAD_URL));
    }
}
