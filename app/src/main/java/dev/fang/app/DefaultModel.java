package dev.fang.app;

import java.nio.file.Path;

/** The model every command uses unless told otherwise: {@code models/default} of the installation. */
final class DefaultModel {
    private DefaultModel() {
    }

    static Path dir() {
        // bin/fang passes the installation directory; run from the source tree, the working directory is it.
        return Path.of(System.getProperty("fang.home", ".")).resolve("models").resolve("default");
    }
}
