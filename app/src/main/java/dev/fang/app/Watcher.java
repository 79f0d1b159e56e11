package dev.fang.app;

import dev.fang.ingest.ReleasePublisher;
import dev.fang.ingest.pypi.ChangelogWatcher;
import dev.fang.ingest.pypi.FileSerialCursor;
import dev.fang.ingest.pypi.PyPiJsonApi;
import dev.fang.ingest.pypi.RssWatcher;
import dev.fang.platform.config.FangConfig;
import dev.fang.platform.config.FangConfig.Setting;
import java.net.URI;
import java.util.Locale;
import java.util.function.IntSupplier;

/** The registry feed {@code fang run} follows, chosen by {@code pypi.watch}: one poll step per call. */
final class Watcher {
    private Watcher() {
    }

    static IntSupplier forConfig(FangConfig config, ReleasePublisher publisher) {
        URI base = URI.create(config.pypiBaseUrl());
        PyPiJsonApi api = new PyPiJsonApi(base);
        String kind = config.get(Setting.PYPI_WATCH).toLowerCase(Locale.ROOT);
        return switch (kind) {
            case "changelog" -> {
                var cursor = new FileSerialCursor(config.dataDir().resolve("cursors").resolve("pypi-changelog.serial"));
                // The cursor moves only after the cluster has acknowledged the event.
                yield new ChangelogWatcher(URI.create(config.pypiBaseUrl() + "/pypi"), api, cursor, publisher::publishAndWait)::poll;
            }
            case "rss" -> new RssWatcher(base, api, publisher::publishAndWait)::poll;
            case "none" -> () -> 0;
            default -> throw new IllegalArgumentException("pypi.watch must be changelog, rss or none, not '" + kind + "'");
        };
    }
}
