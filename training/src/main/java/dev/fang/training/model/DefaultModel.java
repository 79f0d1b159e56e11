package dev.fang.training.model;

import dev.fang.platform.config.FangConfig;
import dev.fang.platform.config.FangConfig.Setting;
import java.nio.file.Files;
import java.nio.file.Path;

/** The model every command and stage uses unless {@code model.dir} names another: the shipped {@code models/default}. */
public final class DefaultModel {
    private static final Path RELATIVE = Path.of("models", "default");

    private DefaultModel() {
    }

    public static Path dir(FangConfig config) {
        String configured = config.get(Setting.MODEL_DIR);
        return configured.isBlank() ? shipped() : Path.of(configured);
    }

    /**
     * {@code bin/fang} passes the installation directory as {@code fang.home}; without it (tests, IDEs) the
     * working directory and its parent are tried, so a module of the source tree finds the shipped model too.
     */
    static Path shipped() {
        String home = System.getProperty("fang.home");
        if (home != null) {
            return Path.of(home).resolve(RELATIVE);
        }
        for (Path base : new Path[] {Path.of("."), Path.of("..")}) {
            if (Files.isRegularFile(base.resolve(RELATIVE).resolve("model.txt"))) {
                return base.resolve(RELATIVE).normalize();
            }
        }
        return RELATIVE;
    }
}
