package io.salesvelocity.velocity.runtime;

import io.salesvelocity.velocity.topology.VelocityTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the engine's input and output topics if missing (internal topics are Kafka Streams' own), and
 * checks that the three input topics are co-partitioned: the lead processor reads partition i of all three
 * together, so one lead's events must land in the same partition number everywhere.
 */
public final class TopicProvisioner {
  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);
  private static final Duration SERVED_TIMEOUT = Duration.ofSeconds(60);

  private TopicProvisioner() {
  }

  /** Creates the configured topics that are missing, as the engine does at start (for tools that publish first). */
  public static void ensureTopics(EngineConfig config) {
    try (Admin admin = Admin.create(config.adminProperties())) {
      ensureTopics(admin, config.topicNames(), config.partitions(), config.replicationFactor());
    }
  }

  public static void ensureTopics(Admin admin, VelocityTopics.TopicNames names, int partitions, short replication) {
    Map<String, Map<String, String>> configs = new HashMap<>();
    for (String input : names.inputs()) {
      configs.put(input, Map.of());
    }
    configs.put(names.velocity(), Map.of("cleanup.policy", "compact"));
    configs.put(names.velocityDaily(), Map.of("cleanup.policy", "compact"));
    configs.put(names.segments(), Map.of("cleanup.policy", "compact"));
    configs.put(names.segmentsDaily(), Map.of("cleanup.policy", "compact"));
    configs.put(names.funnel(), Map.of("cleanup.policy", "compact"));
    configs.put(names.funnelDaily(), Map.of("cleanup.policy", "compact"));
    configs.put(names.pipelineFlowDaily(), Map.of("cleanup.policy", "compact"));
    configs.put(names.forecastDaily(), Map.of("cleanup.policy", "compact"));
    configs.put(names.forecast(), Map.of("cleanup.policy", "compact"));
    // events (a lead is found stalled, then resolved, maybe more than once): not compacted, the broker's retention
    configs.put(names.stalledDeals(), Map.of());
    // dead letters keep the rejected event's own timestamp; retention counts from when it was dead-lettered
    configs.put(names.deadLetters(), Map.of("retention.ms", Long.toString(30L * 24 * 3600 * 1000),
        "message.timestamp.type", "LogAppendTime"));
    try {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = new ArrayList<>();
      for (Map.Entry<String, Map<String, String>> e : configs.entrySet()) {
        if (!existing.contains(e.getKey())) {
          missing.add(new NewTopic(e.getKey(), Optional.of(partitions), Optional.of(replication)).configs(e.getValue()));
        }
      }
      if (!missing.isEmpty()) {
        try {
          admin.createTopics(missing).all().get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
        awaitServed(admin, missing.stream().map(NewTopic::name).toList(), partitions, SERVED_TIMEOUT);
        log.info("Created topics {} with {} partitions", missing.stream().map(NewTopic::name).sorted().toList(),
            partitions);
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not create topics: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating topics", e);
    }
  }

  /**
   * Returns once the leader of every partition of {@code topics} serves it. A topic is created when the controller
   * has committed it, before its brokers have applied that: an idempotent producer (every Kafka client's default)
   * that writes at once can then have its first request refused (NOT_LEADER_OR_FOLLOWER) and a later one appended,
   * and before Kafka 4.5 the broker then refuses every retry of the first as out of sequence: its records are lost
   * with no error (KAFKA-15591). A list-offsets request meets the leader's same check as a produce request.
   */
  public static void awaitServed(Admin admin, List<String> topics, int partitions, Duration timeout)
      throws InterruptedException, ExecutionException {
    Map<TopicPartition, OffsetSpec> all = new HashMap<>();
    for (String topic : topics) {
      for (int p = 0; p < partitions; p++) {
        all.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    long backoffMs = 50;
    while (true) {
      try {
        admin.listOffsets(all, new ListOffsetsOptions().timeoutMs((int) Math.min(timeout.toMillis(),
            Integer.MAX_VALUE))).all().get();
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(backoffMs); // the broker applies the new partitions within milliseconds
        backoffMs = Math.min(backoffMs * 2, 1000);
      }
    }
  }

  /** Fails with a clear message unless every input topic exists with the same number of partitions. */
  public static int checkInputs(Admin admin, VelocityTopics.TopicNames names) {
    Map<String, TopicDescription> described;
    try {
      described = admin.describeTopics(names.inputs()).allTopicNames().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("input topics " + names.inputs() + " must exist: " + e.getCause().getMessage(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted describing topics", e);
    }
    Map<String, Integer> counts = new HashMap<>();
    described.forEach((name, d) -> counts.put(name, d.partitions().size()));
    if (counts.values().stream().distinct().count() != 1) {
      throw new IllegalStateException("input topics must have the same number of partitions (co-partitioned by "
          + "leadId), found " + counts);
    }
    return counts.values().iterator().next();
  }
}
