package io.salesvelocity.velocity.topology;

import io.salesvelocity.velocity.domain.team.TeamDelta;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partitions team-deltas by team exactly as Kafka's default partitioner would (murmur2 of the key bytes),
 * and multicasts clock ticks to every partition (KIP-837).
 */
final class TeamPartitioner implements StreamPartitioner<String, List<TeamDelta>> {
  @Override
  public Optional<Set<Integer>> partitions(String topic, String key, List<TeamDelta> value, int numPartitions) {
    if (TeamDeltaRecords.isTick(key)) {
      return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
    }
    return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % numPartitions));
  }
}
