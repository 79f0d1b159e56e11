package dev.fang.app;

import dev.fang.featurize.features.FeatureCatalogue;
import dev.fang.platform.config.FangConfig;
import dev.fang.platform.consumers.DefaultConsumers;
import dev.fang.platform.kafka.TopicAdmin;
import dev.fang.platform.json.RecordJson;
import dev.fang.schema.ConsumerKind;
import dev.fang.schema.ConsumerPolicy;
import dev.fang.schema.ReleaseKeys;
import dev.fang.schema.Suppression;
import dev.fang.schema.Topic;
import dev.fang.schema.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "consumers", description = {
        "Who receives alerts, and at which operating point: the compacted fang.consumers topic.",
        "Changes reach the running stages with the next record; no restart."},
        subcommands = {ConsumersCommand.ListConsumers.class, ConsumersCommand.Add.class, ConsumersCommand.Set.class,
                ConsumersCommand.Suppress.class, ConsumersCommand.Unsuppress.class, ConsumersCommand.Remove.class})
final class ConsumersCommand {
    private ConsumersCommand() {
    }

    @Command(name = "list", description = "Print every consumer as a JSON line (the defaults are shown until the topic has any).")
    static final class ListConsumers implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Map<String, ConsumerPolicy> policies = ConsumerRegistry.current(options.loadForRunningCluster());
            List<ConsumerPolicy> shown = policies.isEmpty() ? DefaultConsumers.all() : new ArrayList<>(policies.values());
            shown.forEach(policy -> spec.commandLine().getOut().println(RecordJson.toJson(policy)));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** Options shared by add and set: the operating point, the topic and the dependency allow-list. */
    static final class PolicyOptions {
        @Option(names = "--target-fpr", paramLabel = "RATE", description = "Wanted false-positive rate, e.g. 0.001; the threshold is read off the model's calibration table.")
        Double targetFpr;

        @Option(names = "--threshold", paramLabel = "SCORE", description = "A fixed score threshold instead of a target FPR.")
        Double threshold;

        @Option(names = "--topic", paramLabel = "TOPIC", description = "Alert topic (created if missing).")
        String topic;

        @Option(names = "--packages", split = ",", paramLabel = "NAME", description = "Alert only for these packages (an enterprise's dependency set).")
        List<String> packages;

        void validate() {
            if (targetFpr != null && (targetFpr <= 0 || targetFpr >= 1)) {
                throw new IllegalArgumentException("--target-fpr must be between 0 and 1, e.g. 0.001 for 0.1%");
            }
            if (threshold != null && (threshold < 0 || threshold > 1)) {
                throw new IllegalArgumentException("--threshold must be a score between 0 and 1");
            }
        }
    }

    @Command(name = "add", description = "Add a consumer.")
    static final class Add implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--kind", defaultValue = "ENTERPRISE", description = "PYPI_MAINTAINER, ENTERPRISE or OTHER; default: ${DEFAULT-VALUE}.")
        ConsumerKind kind;

        @Mixin
        PolicyOptions policy;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            FangConfig config = options.loadForRunningCluster();
            policy.validate();
            if (policy.targetFpr == null && policy.threshold == null) {
                throw new IllegalArgumentException("a consumer needs --target-fpr or --threshold");
            }
            if (ConsumerRegistry.current(config).containsKey(id)) {
                throw new IllegalArgumentException("consumer '" + id + "' exists; change it with 'fang consumers set'");
            }
            String topic = policy.topic != null ? policy.topic : "fang.alerts." + id.toLowerCase(Locale.ROOT);
            ensureTopic(config, topic);
            ConsumerPolicy created = ConsumerPolicy.newBuilder().setConsumerId(id).setKind(kind).setTargetFpr(policy.targetFpr)
                    .setThreshold(policy.threshold).setAlertTopic(topic)
                    .setPackageAllowList(policy.packages == null ? List.of() : policy.packages).build();
            ConsumerRegistry.write(config, id, created);
            spec.commandLine().getOut().println(RecordJson.toJson(created));
            return 0;
        }
    }

    @Command(name = "set", description = "Change a consumer's operating point, topic or allow-list.")
    static final class Set implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Mixin
        PolicyOptions policy;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            FangConfig config = options.loadForRunningCluster();
            policy.validate();
            ConsumerPolicy.Builder changed = ConsumerPolicy.newBuilder(existing(config, id));
            if (policy.targetFpr != null) {
                changed.setTargetFpr(policy.targetFpr).setThreshold(null);
            }
            if (policy.threshold != null) {
                changed.setThreshold(policy.threshold);
            }
            if (policy.topic != null) {
                ensureTopic(config, policy.topic);
                changed.setAlertTopic(policy.topic);
            }
            if (policy.packages != null) {
                changed.setPackageAllowList(policy.packages);
            }
            ConsumerPolicy updated = changed.build();
            ConsumerRegistry.write(config, id, updated);
            spec.commandLine().getOut().println(RecordJson.toJson(updated));
            return 0;
        }
    }

    /** What a suppression is keyed by; the reason aside. */
    static final class SuppressionKey {
        @Option(names = "--package", required = true, paramLabel = "NAME", description = "The project (compared normalized).")
        String packageName;

        @Option(names = "--version", required = true, paramLabel = "VERSION", description = "The release: a suppression never covers other versions.")
        String version;

        @Option(names = "--sha256", paramLabel = "HASH", description = "Only this file of the release (its SHA-256); default: any of its files.")
        String sha256;

        @Option(names = "--feature", paramLabel = "NAME", description = "Only while this feature is the alert's strongest reason; default: whatever the reasons.")
        String feature;

        void validate() {
            if (sha256 != null && !sha256.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException("--sha256 must be 64 hexadecimal digits");
            }
            if (feature != null && FeatureCatalogue.features().stream().noneMatch(f -> f.name().equals(feature))) {
                throw new IllegalArgumentException("no feature '" + feature + "' in catalogue " + FeatureCatalogue.VERSION);
            }
        }

        boolean sameKey(Suppression s) {
            return ReleaseKeys.normalizeName(s.getPackageName()).equals(ReleaseKeys.normalizeName(packageName))
                    && s.getVersion().equals(version) && Objects.equals(s.getArtifactSha256(), lower(sha256))
                    && Objects.equals(s.getFeature(), feature);
        }

        private static String lower(String hash) {
            return hash == null ? null : hash.toLowerCase(Locale.ROOT);
        }
    }

    /** A change to one consumer's suppressions, written back to the topic and printed. */
    abstract static class SuppressionChange implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Mixin
        SuppressionKey key;

        @Spec
        CommandSpec spec;

        /** Changes the consumer's list in place. */
        abstract void change(List<Suppression> suppressions);

        @Override
        public Integer call() {
            key.validate();
            FangConfig config = options.loadForRunningCluster();
            ConsumerPolicy existing = existing(config, id);
            List<Suppression> suppressions = new ArrayList<>(existing.getSuppressions());
            change(suppressions);
            ConsumerPolicy updated = ConsumerPolicy.newBuilder(existing).setSuppressions(suppressions).build();
            ConsumerRegistry.write(config, id, updated);
            spec.commandLine().getOut().println(RecordJson.toJson(updated));
            return 0;
        }
    }

    @Command(name = "suppress", description = {
            "Accept a reviewed alert: this consumer gets no more alerts for the release (or for one file of it, or while",
            "one feature is the strongest reason). It pins the version, so a new version alerts again."})
    static final class Suppress extends SuppressionChange {
        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why it was accepted, and by whom (kept with it).")
        String reason;

        @Override
        void change(List<Suppression> suppressions) {
            if (reason.isBlank()) {
                throw new IllegalArgumentException("--reason must say why the alert is accepted");
            }
            suppressions.removeIf(key::sameKey);
            suppressions.add(Suppression.newBuilder().setPackageName(key.packageName).setVersion(key.version)
                    .setArtifactSha256(SuppressionKey.lower(key.sha256)).setFeature(key.feature).setReason(reason).build());
        }
    }

    @Command(name = "unsuppress", description = "Remove a suppression (same --package, --version, --sha256 and --feature as it was made with).")
    static final class Unsuppress extends SuppressionChange {
        @Override
        void change(List<Suppression> suppressions) {
            if (!suppressions.removeIf(key::sameKey)) {
                throw new IllegalArgumentException("consumer '" + id + "' has no such suppression");
            }
        }
    }

    /** A consumer as it stands: from the topic, or from the defaults while the topic has none. */
    private static ConsumerPolicy existing(FangConfig config, String id) {
        Map<String, ConsumerPolicy> policies = ConsumerRegistry.current(config);
        ConsumerPolicy existing = policies.isEmpty()
                ? DefaultConsumers.all().stream().filter(defaults -> defaults.getConsumerId().equals(id)).findFirst().orElse(null)
                : policies.get(id);
        if (existing == null) {
            throw new IllegalArgumentException("no consumer '" + id + "'; add it with 'fang consumers add'");
        }
        return existing;
    }

    @Command(name = "remove", description = "Remove a consumer: it gets no more alerts.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            FangConfig config = options.loadForRunningCluster();
            ConsumerRegistry.write(config, id, null);
            spec.commandLine().getOut().println("removed consumer " + id);
            return 0;
        }
    }

    private static void ensureTopic(FangConfig config, String topic) {
        Topic<String, ?> alertTopic = new Topic<>(topic, Topics.ALERTS_ENTERPRISE.keySerde(), Topics.ALERTS_ENTERPRISE.valueSerde(),
                Topics.ALERTS_ENTERPRISE.valueType(), false);
        TopicAdmin.ensureTopics(config.bootstrapServers(), List.of(alertTopic), config.topicPartitions(), config.replicationFactor());
    }
}
