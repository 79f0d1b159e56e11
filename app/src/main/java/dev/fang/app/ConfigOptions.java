package dev.fang.app;

import dev.fang.platform.config.FangConfig;
import dev.fang.platform.config.FangConfig.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every command shares: a config file, the common settings as flags, and {@code --set key=value}. */
final class ConfigOptions {
    private static final Path DEFAULT_FILE = Path.of("fang.properties");

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file (default: ./fang.properties if present).")
    Path file;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka cluster; without it an embedded broker is used (env FANG_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "State, blobs and cursors (env FANG_DATA_DIR; default var).")
    Path dataDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any setting, e.g. --set topic.partitions=12 (see README).")
    Map<String, String> settings = new LinkedHashMap<>();

    FangConfig load() {
        Optional<Path> configFile = Optional.ofNullable(file).or(() -> Files.isRegularFile(DEFAULT_FILE) ? Optional.of(DEFAULT_FILE) : Optional.empty());
        FangConfig config = FangConfig.load(configFile, System.getenv()).withAll(settings);
        if (bootstrapServers != null) {
            config = config.with(Setting.BOOTSTRAP_SERVERS, bootstrapServers);
        }
        if (dataDir != null) {
            config = config.with(Setting.DATA_DIR, dataDir.toString());
        }
        return config;
    }

    /** For commands that talk to a running pipeline: an embedded broker of their own would be empty. */
    FangConfig loadForRunningCluster() {
        FangConfig config = load();
        if (config.usesEmbeddedKafka()) {
            throw new IllegalArgumentException("this command needs a running cluster: pass --bootstrap-servers (fang run prints its address)");
        }
        return config;
    }
}
