package dev.fang.platform.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * The Kafka Streams reset procedure for one application, done with the Admin API: what Kafka's
 * {@code kafka-streams-application-reset} tool does, plus wiping the application's local state. Afterwards the
 * application processes its input topics again from the chosen point, as if it had never seen them.
 */
public final class StreamsReset {
    /** What a reset did, for the user to read. */
    public record Outcome(String applicationId, Map<TopicPartition, Long> inputOffsets, List<String> deletedTopics, Optional<Path> wipedStateDir) {
    }

    private StreamsReset() {
    }

    /**
     * Refuses to go on while any instance of the application is in its group: offsets cannot be changed under
     * a running group, and a running instance would write its state straight back.
     */
    public static void requireStopped(Admin admin, String applicationId) {
        List<String> members = activeMembers(admin, applicationId);
        if (!members.isEmpty()) {
            throw new IllegalStateException(applicationId + " is still running: its group has " + members.size() + " active member(s) "
                    + members + "; stop every instance of it before resetting");
        }
    }

    /**
     * Resets the application: its group's offsets on {@code inputTopics} go to the first record at or after
     * {@code since} (the end of a partition that has none), or to the earliest record when {@code since} is empty;
     * its internal changelog and repartition topics are deleted; {@code stateDir/<application id>} is removed.
     */
    public static Outcome reset(Admin admin, String applicationId, Set<String> inputTopics, Path stateDir, Optional<Instant> since) {
        requireStopped(admin, applicationId);
        Map<TopicPartition, Long> offsets = startOffsets(admin, inputTopics, since);
        Map<TopicPartition, OffsetAndMetadata> commits = offsets.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> new OffsetAndMetadata(entry.getValue())));
        if (groupType(admin, applicationId).orElse(GroupType.CLASSIC) == GroupType.STREAMS) {
            await(admin.alterStreamsGroupOffsets(applicationId, commits).all(), "reset the offsets of " + applicationId);
        } else {
            await(admin.alterConsumerGroupOffsets(applicationId, commits).all(), "reset the offsets of " + applicationId);
        }
        List<String> internalTopics = await(admin.listTopics().names(), "list topics").stream()
                .filter(topic -> isInternalTopicOf(applicationId, topic)).sorted().toList();
        if (!internalTopics.isEmpty()) {
            await(admin.deleteTopics(internalTopics).all(), "delete the internal topics " + internalTopics);
        }
        Path appStateDir = stateDir.resolve(applicationId);
        boolean wiped = Files.isDirectory(appStateDir);
        if (wiped) {
            deleteRecursively(appStateDir);
        }
        return new Outcome(applicationId, offsets, internalTopics, wiped ? Optional.of(appStateDir) : Optional.empty());
    }

    /** Kafka Streams names its internal topics {@code <application id>-<name>-changelog} or {@code -repartition}. */
    private static boolean isInternalTopicOf(String applicationId, String topic) {
        return topic.startsWith(applicationId + "-") && (topic.endsWith("-changelog") || topic.endsWith("-repartition"));
    }

    private static List<String> activeMembers(Admin admin, String applicationId) {
        Optional<GroupType> type = groupType(admin, applicationId);
        if (type.isEmpty()) {
            return List.of();
        }
        if (type.get() == GroupType.STREAMS) {
            return await(admin.describeStreamsGroups(List.of(applicationId)).describedGroups().get(applicationId), "describe group " + applicationId)
                    .members().stream().map(member -> member.clientId() + " on " + member.clientHost()).toList();
        }
        return await(admin.describeConsumerGroups(List.of(applicationId)).describedGroups().get(applicationId), "describe group " + applicationId)
                .members().stream().map(member -> member.clientId() + " on " + member.host()).toList();
    }

    /** Streams runs a classic consumer group by default, a streams group with {@code group.protocol=streams}; empty if none exists yet. */
    private static Optional<GroupType> groupType(Admin admin, String applicationId) {
        Collection<GroupListing> groups = await(admin.listGroups().all(), "list groups");
        return groups.stream().filter(group -> group.groupId().equals(applicationId)).findFirst().flatMap(GroupListing::type);
    }

    private static Map<TopicPartition, Long> startOffsets(Admin admin, Set<String> topics, Optional<Instant> since) {
        Map<String, TopicDescription> descriptions = await(admin.describeTopics(topics).allTopicNames(), "describe the input topics " + topics);
        List<TopicPartition> partitions = descriptions.values().stream()
                .flatMap(topic -> topic.partitions().stream().map(partition -> new TopicPartition(topic.name(), partition.partition())))
                .toList();
        OffsetSpec start = since.map(instant -> OffsetSpec.forTimestamp(instant.toEpochMilli())).orElse(OffsetSpec.earliest());
        Map<TopicPartition, Long> offsets = listOffsets(admin, partitions, start);
        // A partition with no record at or after the timestamp starts at its end: nothing of it is re-processed.
        List<TopicPartition> noneSince = offsets.entrySet().stream().filter(entry -> entry.getValue() < 0).map(Map.Entry::getKey).toList();
        if (!noneSince.isEmpty()) {
            offsets.putAll(listOffsets(admin, noneSince, OffsetSpec.latest()));
        }
        return offsets;
    }

    private static Map<TopicPartition, Long> listOffsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = partitions.stream().collect(Collectors.toMap(Function.identity(), partition -> spec));
        Map<TopicPartition, ListOffsetsResultInfo> found = await(admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all(),
                "look up offsets of " + partitions);
        Map<TopicPartition, Long> offsets = new TreeMap<>(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        found.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    private static <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the local state in " + dir + ": " + e.getMessage(), e);
        }
    }
}
