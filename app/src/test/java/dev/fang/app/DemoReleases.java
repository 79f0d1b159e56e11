package dev.fang.app;

import dev.fang.featurize.ArtifactFeaturizer;
import dev.fang.featurize.features.PackageFeaturizer;
import dev.fang.featurize.source.PackageLoader;
import dev.fang.platform.config.FangConfig;
import dev.fang.schema.FeatureVector;
import dev.fang.schema.ReleaseKeys;
import dev.fang.schema.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Feature vectors as the featurize stage makes them, for stream tests that start at classify: the demo's
 * fixture packages (two benign ones and the canary) featurized once, then published under many names and versions.
 */
final class DemoReleases {
    private static final List<String> PACKAGES = List.of("tinyutils", "hello-wheel", "fang-canary");

    private DemoReleases() {
    }

    /** The vector of each demo package, by package name. */
    static Map<String, FeatureVector> featurizeDemoPackages() throws Exception {
        Path packages = Path.of(DemoReleases.class.getResource("/demo/packages").toURI());
        PackageLoader loader = new PackageLoader(FangConfig.defaults().archiveLimits());
        PackageFeaturizer featurizer = new PackageFeaturizer();
        Map<String, FeatureVector> vectors = new LinkedHashMap<>();
        for (String name : PACKAGES) {
            var result = featurizer.featurize(loader.fromDirectory(name, "1.0", packages.resolve(name)));
            vectors.put(name, ArtifactFeaturizer.toRecord(ReleaseKeys.of(name, "1.0"), name, "1.0", name + "-1.0.tar.gz", null, result));
        }
        return vectors;
    }

    /** {@code count} distinct releases, each a copy of a demo package's vector in turn, named {@code <package>-<prefix>-<i>}. */
    static List<FeatureVector> releases(Map<String, FeatureVector> demoVectors, String prefix, int count) {
        List<FeatureVector> templates = List.copyOf(demoVectors.values());
        List<FeatureVector> releases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            FeatureVector template = templates.get(i % templates.size());
            String name = template.getName() + "-" + prefix + "-" + i;
            String version = "1." + (i % 7) + "." + i;
            releases.add(FeatureVector.newBuilder(template)
                    .setReleaseKey(ReleaseKeys.of(name, version))
                    .setName(name)
                    .setVersion(version)
                    .setFilename(name + "-" + version + ".tar.gz")
                    .setComputedAt(Instant.now())
                    .build());
        }
        return releases;
    }

    /** Publishes vectors on {@code fang.features} as featurize does, keyed by release, with the given record time. */
    static void publish(String bootstrapServers, List<FeatureVector> vectors, Instant timestamp) {
        try (KafkaProducer<String, FeatureVector> producer = producer(bootstrapServers)) {
            send(producer, vectors, timestamp);
        }
    }

    static KafkaProducer<String, FeatureVector> producer(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, Topics.FEATURES.keySerde().serializer(), Topics.FEATURES.valueSerde().serializer());
    }

    static void send(KafkaProducer<String, FeatureVector> producer, List<FeatureVector> vectors, Instant timestamp) {
        List<Future<?>> sent = new ArrayList<>();
        for (FeatureVector vector : vectors) {
            sent.add(producer.send(new ProducerRecord<>(Topics.FEATURES.name(), null, timestamp.toEpochMilli(), vector.getReleaseKey(), vector)));
        }
        try {
            for (var future : sent) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish feature vectors: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
