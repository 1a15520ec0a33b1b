package io.salesvelocity.cli.bench;

import io.salesvelocity.devstack.EmbeddedKafka;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Consumer lag and records written, read from the broker with an admin client. */
final class Offsets {
  private Offsets() {
  }

  static Admin admin(EmbeddedKafka kafka) {
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    return Admin.create(p);
  }

  /** Per topic: records not yet committed by the group (transaction markers make exactly-once ends one higher). */
  static Map<String, Long> lag(Admin admin, String group, List<String> topics) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    Map<String, Long> out = new TreeMap<>();
    for (var e : latest(admin, topics).entrySet()) {
      OffsetAndMetadata c = committed.get(e.getKey());
      long behind = e.getValue() - (c == null ? 0 : c.offset());
      out.merge(e.getKey().topic().replace(group + "-", ""), Math.max(0, behind), Long::sum);
    }
    return out;
  }

  /** End offsets of the application's internal topics and the outputs, per input event. */
  static String writtenPerEvent(Admin admin, String appId, List<String> outputs, long events) throws Exception {
    List<String> topics = new ArrayList<>(outputs);
    admin.listTopics().names().get().stream().filter(t -> t.startsWith(appId + "-")).forEach(topics::add);
    Map<String, Long> ends = new TreeMap<>();
    latest(admin, topics).forEach((tp, offset) -> ends.merge(tp.topic().replace(appId + "-", ""), offset, Long::sum));
    StringBuilder out = new StringBuilder();
    long total = 0;
    for (var e : ends.entrySet()) {
      out.append(String.format("%s %.3f, ", e.getKey(), e.getValue() / (double) events));
      total += e.getValue();
    }
    return out.append(String.format("total %.3f", total / (double) events)).toString();
  }

  /** Bytes on the broker's disks of each of the application's changelog topics (all partitions, all segments). */
  static Map<String, Long> changelogBytes(Admin admin, String appId) throws Exception {
    List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(org.apache.kafka.common.Node::id)
        .toList();
    Map<String, Long> out = new TreeMap<>();
    admin.describeLogDirs(brokers).allDescriptions().get().values().forEach(dirs -> dirs.values().forEach(dir ->
        dir.replicaInfos().forEach((tp, info) -> {
          if (tp.topic().startsWith(appId + "-") && tp.topic().endsWith("-changelog")) {
            out.merge(tp.topic().substring(appId.length() + 1), info.size(), Long::sum);
          }
        })));
    return out;
  }

  private static Map<TopicPartition, Long> latest(Admin admin, List<String> topics) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (var d : admin.describeTopics(topics).allTopicNames().get().values()) {
      d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
    }
    Map<TopicPartition, Long> out = new HashMap<>();
    admin.listOffsets(latest).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
    return out;
  }
}
