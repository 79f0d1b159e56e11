package dev.fang.ingest.fetch;

import dev.fang.platform.config.FangConfig;
import dev.fang.platform.config.FangConfig.Setting;
import java.time.Duration;
import java.util.List;

/** Limits of one download: where from, how big, how long, how often. */
public record FetchPolicy(List<String> allowedHosts, long maxBytes, Duration timeout, int attempts, Duration firstBackoff) {
    public static final int MAX_REDIRECTS = 5;

    public static FetchPolicy from(FangConfig config) {
        return new FetchPolicy(
                config.allowedHosts(),
                config.longValue(Setting.FETCH_MAX_BYTES),
                Duration.ofSeconds(config.longValue(Setting.FETCH_TIMEOUT_SECONDS)),
                Math.max(1, config.intValue(Setting.FETCH_ATTEMPTS)),
                Duration.ofMillis(config.longValue(Setting.FETCH_BACKOFF_MS)));
    }
}
