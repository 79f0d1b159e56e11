package dev.fang.ingest.pypi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSerialCursorTest {
    @TempDir
    Path dir;

    @Test
    void missingFileMeansNoPosition() {
        assertThat(new FileSerialCursor(dir.resolve("none.serial")).load()).isEmpty();
    }

    @Test
    void storedSerialSurvivesANewInstanceAndCreatesParentDirectories() {
        Path file = dir.resolve("a/b/changelog.serial");
        new FileSerialCursor(file).store(25_000_123L);

        assertThat(new FileSerialCursor(file).load()).hasValue(25_000_123L);
    }

    @Test
    void overwritingLeavesOnlyTheCursorFile() throws IOException {
        FileSerialCursor cursor = new FileSerialCursor(dir.resolve("changelog.serial"));
        for (long s = 1; s <= 20; s++) {
            cursor.store(s);
        }

        assertThat(cursor.load()).hasValue(20);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("changelog.serial");
        }
    }

    @Test
    void corruptFileIsAClearErrorInsteadOfASilentRestart() throws IOException {
        Path file = dir.resolve("changelog.serial");
        Files.writeString(file, "12ab");

        assertThatThrownBy(() -> new FileSerialCursor(file).load())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("corrupt")
                .hasMessageContaining("12ab");
    }

    @Test
    void negativeSerialIsRejected() {
        assertThatThrownBy(() -> new FileSerialCursor(dir.resolve("c")).store(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SerialCursor.inMemory().store(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
