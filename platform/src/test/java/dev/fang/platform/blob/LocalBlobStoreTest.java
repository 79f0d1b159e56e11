package dev.fang.platform.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBlobStoreTest {
    private static final String DIGEST = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    @TempDir
    Path dir;

    @Test
    void shouldStoreByDigestAndFindItAgain() throws IOException {
        LocalBlobStore store = new LocalBlobStore(dir.resolve("blobs"));
        Path incoming = Files.writeString(dir.resolve("hello"), "hello");

        String uri = store.put(DIGEST, incoming);

        assertThat(store.find(DIGEST)).contains(uri);
        assertThat(Files.readString(store.localFile(uri))).isEqualTo("hello");
        assertThat(store.localFile(uri)).endsWith(Path.of("sha256", "2c", DIGEST));
    }

    @Test
    void shouldStoreTheSameContentOnce() throws IOException {
        LocalBlobStore store = new LocalBlobStore(dir.resolve("blobs"));
        Path incoming = Files.writeString(dir.resolve("hello"), "hello");

        assertThat(store.put(DIGEST, incoming)).isEqualTo(store.put(DIGEST, incoming));
    }

    @Test
    void shouldRefuseUrisOutsideTheStore() throws IOException {
        LocalBlobStore store = new LocalBlobStore(dir.resolve("blobs"));
        Path outside = Files.writeString(dir.resolve("secret"), "x");

        assertThatThrownBy(() -> store.localFile(outside.toUri().toString())).hasMessageContaining("is not in the store");
    }

    @Test
    void shouldRejectDigestsThatCouldEscapeTheStore() {
        LocalBlobStore store = new LocalBlobStore(dir.resolve("blobs"));

        assertThatThrownBy(() -> store.find("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }
}
