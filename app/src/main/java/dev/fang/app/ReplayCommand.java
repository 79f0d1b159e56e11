package dev.fang.app;

import dev.fang.ingest.ReleasePublisher;
import dev.fang.ingest.replay.FeedReplayer;
import dev.fang.ingest.replay.ReplaySpeed;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "replay", description = "Publish a historical feed (JSON Lines, one release per line) to fang.releases.")
final class ReplayCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Parameters(paramLabel = "FILE", description = "The feed; see README for the line format.")
    Path feed;

    @Option(names = "--speed", paramLabel = "max|Nx", defaultValue = "max", description = "Full speed (max, the default) or N times the original pace, e.g. 10x.")
    String speed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var config = options.loadForRunningCluster();
        try (ReleasePublisher publisher = new ReleasePublisher(config.bootstrapServers())) {
            FeedReplayer.Summary summary = new FeedReplayer(publisher, ReplaySpeed.parse(speed), "replay").replay(feed);
            spec.commandLine().getOut().printf("replayed %s: %d releases published, %d lines dead-lettered to fang.dlq.ingest%n",
                    feed, summary.published(), summary.rejected());
            return summary.rejected() == 0 ? 0 : 1;
        }
    }
}
