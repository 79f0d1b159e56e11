package dev.fang.platform.config;

import dev.fang.archive.ArchiveLimits;
import dev.fang.platform.blob.BlobStore;
import dev.fang.platform.blob.LocalBlobStore;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Fang's configuration: built-in defaults, then a properties file, then {@code FANG_*} environment
 * variables, then command-line flags, each layer overriding the one before. Every key is listed in
 * {@link Setting}, so an unknown key in a file is an error rather than a silent typo.
 */
public final class FangConfig {
    /** Prefix for raw Kafka Streams properties passed through untouched, e.g. {@code streams.override.num.standby.replicas}. */
    public static final String STREAMS_OVERRIDE_PREFIX = "streams.override.";

    /** Every setting with its default and what it is for (the README's configuration table lists these). */
    public enum Setting {
        BOOTSTRAP_SERVERS("bootstrap.servers", "", "Kafka cluster to use; empty starts an embedded single-node broker"),
        EMBEDDED_KAFKA_PORT("embedded.kafka.port", "9092", "Port of the embedded broker that 'fang run' starts when no cluster is given (0: any free port)"),
        DATA_DIR("data.dir", "var", "Directory for Kafka Streams state, the blob store and watcher cursors"),
        TOPIC_PARTITIONS("topic.partitions", "6", "Partitions of topics Fang creates (the most instances one stage can use)"),
        TOPIC_REPLICATION_FACTOR("topic.replication.factor", "1", "Replication factor of topics Fang creates and of Streams' internal topics"),
        STREAMS_THREADS("streams.threads", "1", "Stream threads per stage instance"),
        STREAMS_COMMIT_INTERVAL_MS("streams.commit.interval.ms", "100", "How often a stage commits its transaction (latency vs. throughput)"),
        PYPI_BASE_URL("pypi.base.url", "https://pypi.org", "Registry or mirror serving the JSON API, XML-RPC changelog and RSS feeds"),
        PYPI_POLL_SECONDS("pypi.poll.seconds", "30", "How often the watcher polls the registry"),
        PYPI_WATCH("pypi.watch", "changelog", "Which feed the watcher follows: changelog (XML-RPC serial cursor) or rss"),
        FETCH_ALLOWED_HOSTS("fetch.allowed.hosts", "files.pythonhosted.org,pypi.org", "Hosts artifacts may be downloaded from (comma-separated); anything else is refused"),
        FETCH_MAX_BYTES("fetch.max.bytes", String.valueOf(100L * 1024 * 1024), "Largest artifact downloaded, in bytes"),
        FETCH_TIMEOUT_SECONDS("fetch.timeout.seconds", "60", "Timeout of one download attempt"),
        FETCH_ATTEMPTS("fetch.attempts", "3", "Download attempts before an artifact is dead-lettered (404s are not retried)"),
        FETCH_BACKOFF_MS("fetch.backoff.ms", "500", "First retry delay; doubles on each further attempt"),
        MODEL_DIR("model.dir", "", "Model directory classify and scan use; empty means the shipped models/default"),
        MODEL_RELOAD_SECONDS("model.reload.seconds", "30", "How often classify checks model.dir for a new model, which it swaps in between records (0: never)"),
        ARCHIVE_MAX_TOTAL_BYTES("archive.max.total.bytes", String.valueOf(512L * 1024 * 1024), "Most bytes an archive may unpack to"),
        ARCHIVE_MAX_ENTRY_BYTES("archive.max.entry.bytes", String.valueOf(64L * 1024 * 1024), "Largest single file inside an archive"),
        ARCHIVE_MAX_ENTRIES("archive.max.entries", "20000", "Most files in one archive"),
        ARCHIVE_MAX_RATIO("archive.max.ratio", "200", "Highest unpacked-to-packed size ratio before an archive counts as a bomb");

        private final String key;
        private final String defaultValue;
        private final String description;

        Setting(String key, String defaultValue, String description) {
            this.key = key;
            this.defaultValue = defaultValue;
            this.description = description;
        }

        public String key() {
            return key;
        }

        public String defaultValue() {
            return defaultValue;
        }

        public String description() {
            return description;
        }

        /** {@code bootstrap.servers} is read from {@code FANG_BOOTSTRAP_SERVERS}. */
        public String environmentVariable() {
            return "FANG_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
        }

        static Optional<Setting> byKey(String key) {
            return Arrays.stream(values()).filter(setting -> setting.key.equals(key)).findFirst();
        }
    }

    private final Map<String, String> values;

    private FangConfig(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static FangConfig defaults() {
        Map<String, String> values = new LinkedHashMap<>();
        for (Setting setting : Setting.values()) {
            values.put(setting.key, setting.defaultValue);
        }
        return new FangConfig(values);
    }

    /** Defaults, then the file (if given), then the environment; flags are applied afterwards with {@link #with}. */
    public static FangConfig load(Optional<Path> file, Map<String, String> environment) {
        FangConfig config = defaults();
        if (file.isPresent()) {
            config = config.withAll(readProperties(file.get()));
        }
        for (Setting setting : Setting.values()) {
            String fromEnvironment = environment.get(setting.environmentVariable());
            if (fromEnvironment != null) {
                config = config.with(setting, fromEnvironment);
            }
        }
        return config;
    }

    public FangConfig with(Setting setting, String value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(setting.key, value.strip());
        return new FangConfig(copy);
    }

    public FangConfig withAll(Map<String, String> overrides) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        overrides.forEach((key, value) -> {
            if (Setting.byKey(key).isEmpty() && !key.startsWith(STREAMS_OVERRIDE_PREFIX)) {
                throw new IllegalArgumentException("unknown setting '" + key + "'; known settings: "
                        + Arrays.stream(Setting.values()).map(Setting::key).toList());
            }
            copy.put(key, value.strip());
        });
        return new FangConfig(copy);
    }

    public String get(Setting setting) {
        return values.get(setting.key);
    }

    public boolean usesEmbeddedKafka() {
        return bootstrapServers().isEmpty();
    }

    public String bootstrapServers() {
        return get(Setting.BOOTSTRAP_SERVERS);
    }

    public Path dataDir() {
        return Path.of(get(Setting.DATA_DIR));
    }

    public int topicPartitions() {
        return intValue(Setting.TOPIC_PARTITIONS);
    }

    public short replicationFactor() {
        return (short) intValue(Setting.TOPIC_REPLICATION_FACTOR);
    }

    public int streamThreads() {
        return intValue(Setting.STREAMS_THREADS);
    }

    public long commitIntervalMs() {
        return longValue(Setting.STREAMS_COMMIT_INTERVAL_MS);
    }

    /** Zero turns model reloading off. */
    public Duration modelReloadInterval() {
        long seconds = longValue(Setting.MODEL_RELOAD_SECONDS);
        if (seconds < 0) {
            throw new IllegalArgumentException("setting " + Setting.MODEL_RELOAD_SECONDS.key + " must not be negative, got " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    public String pypiBaseUrl() {
        String url = get(Setting.PYPI_BASE_URL);
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public Duration pollInterval() {
        return Duration.ofSeconds(longValue(Setting.PYPI_POLL_SECONDS));
    }

    public List<String> allowedHosts() {
        return Arrays.stream(get(Setting.FETCH_ALLOWED_HOSTS).split(","))
                .map(String::strip)
                .filter(host -> !host.isEmpty())
                .map(host -> host.toLowerCase(Locale.ROOT))
                .toList();
    }

    /** Limits of the safe archive reader, the same for ingest (inventory) and featurize (content). */
    public ArchiveLimits archiveLimits() {
        return ArchiveLimits.defaults()
                .withMaxTotalBytes(longValue(Setting.ARCHIVE_MAX_TOTAL_BYTES))
                .withMaxEntryBytes(longValue(Setting.ARCHIVE_MAX_ENTRY_BYTES))
                .withMaxEntries(intValue(Setting.ARCHIVE_MAX_ENTRIES))
                .withMaxCompressionRatio(doubleValue(Setting.ARCHIVE_MAX_RATIO));
    }

    /** Where artifact bytes are kept: content-addressed under the data dir. */
    public BlobStore blobStore() {
        return new LocalBlobStore(dataDir().resolve("blobs"));
    }

    public long longValue(Setting setting) {
        String value = get(setting);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + setting.key + " must be a whole number, got '" + value + "'");
        }
    }

    public int intValue(Setting setting) {
        return Math.toIntExact(longValue(setting));
    }

    public double doubleValue(Setting setting) {
        String value = get(setting);
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + setting.key + " must be a number, got '" + value + "'");
        }
    }

    /** Raw Kafka Streams properties given as {@code streams.override.<property>}. */
    public Map<String, String> streamsOverrides() {
        Map<String, String> overrides = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(STREAMS_OVERRIDE_PREFIX)) {
                overrides.put(key.substring(STREAMS_OVERRIDE_PREFIX.length()), value);
            }
        });
        return overrides;
    }

    private static Map<String, String> readProperties(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> map = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(name -> map.put(name, props.getProperty(name)));
        return map;
    }
}
