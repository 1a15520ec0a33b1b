package io.salesvelocity.velocity.topology;

import static io.salesvelocity.velocity.topology.CrmEvents.created;
import static io.salesvelocity.velocity.topology.CrmEvents.day;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.Stage;
import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.team.TeamDelta;
import io.salesvelocity.velocity.state.StateSerdes;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The team side never stops either: a team delta the team processor fails on goes to the dead-letter topic, a team
 * whose figures cannot be computed stops only its own outputs, and a record of the internal topic that cannot be
 * read is dead-lettered by the deserialization handler. (The lead tasks only ever write consistent deltas: these
 * stand for a fault of the engine's own, or a corrupt internal topic.)
 */
class TeamFaultTopologyTest {
  private final TopologyFixture fx = new TopologyFixture();
  private final String internal = fx.applicationId + "-" + Names.TEAM_DELTAS_REPARTITION + "-repartition";

  @AfterEach
  void close() {
    fx.close();
  }

  private static Headers from(String partition, long clock) {
    RecordHeaders h = new RecordHeaders();
    h.add(TeamDeltaRecords.PARTITION_HEADER, partition.getBytes(StandardCharsets.UTF_8));
    h.add(TeamDeltaRecords.CLOCK_HEADER, java.nio.ByteBuffer.allocate(8).putLong(clock).array());
    return h;
  }

  private static String reason(TestRecord<byte[], byte[]> r) {
    return DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.REASON);
  }

  @Test
  void shouldDeadLetterATeamDeltaItFailsOnAndGoOn() {
    TestInputTopic<String, TeamDelta> deltas = fx.driver.createInputTopic(internal, new StringSerializer(),
        StateSerdes.teamDelta().serializer());
    long t = day(0).toEpochMilli();
    deltas.pipeInput(new TestRecord<>("B", new TeamDelta(t, Delta.pipeline(1)), from("not-a-number", t), t));
    fx.send(created("c1", "L1", "A", day(0), Stage.SQL));

    assertThat(fx.readDeadLetters()).singleElement().satisfies(r -> {
      assertThat(reason(r)).isEqualTo("processing-error");
      assertThat(DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.TOPIC)).isEqualTo(internal);
      assertThat(DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.MESSAGE)).contains("NumberFormatException");
      assertThat(r.value()).isEqualTo(StateSerdes.teamDelta().serializer().serialize(null,
          new TeamDelta(t, Delta.pipeline(1))));
    });
    assertThat(fx.currentVelocity().get("A").getPipelineCount()).isEqualTo(1);
  }

  @Test
  void shouldStopOnlyTheOutputsOfATeamWhoseFiguresCannotBeComputed() {
    TestInputTopic<String, TeamDelta> deltas = fx.driver.createInputTopic(internal, new StringSerializer(),
        StateSerdes.teamDelta().serializer());
    long t = day(0).toEpochMilli();
    // a retraction of what was never added: a negative pipeline, which no velocity can be computed from
    deltas.pipeInput(new TestRecord<>("broken", new TeamDelta(t, Delta.pipeline(-1)), from("0", t), t));
    fx.send(created("c1", "L1", "A", day(0), Stage.SQL));
    fx.send(created("c2", "L2", "A", day(3), Stage.SQL));

    var daily = fx.dailyPoints();
    assertThat(daily.keySet()).extracting(k -> k.getTeamId()).containsOnly("A").hasSize(2);
    var current = fx.currentVelocity();
    assertThat(current).containsOnlyKeys("A");
    assertThat(fx.driver.metrics().entrySet()).anySatisfy(m -> {
      assertThat(m.getKey().name()).isEqualTo(EngineMetrics.TEAM_ERRORS + "-total");
      assertThat((Double) m.getValue().metricValue()).isPositive();
    });
  }

  @Test
  void shouldDeadLetterARecordOfTheInternalTopicThatCannotBeRead() {
    TestInputTopic<byte[], byte[]> raw = fx.driver.createInputTopic(internal, new ByteArraySerializer(),
        new ByteArraySerializer());
    raw.pipeInput("A".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3}, day(0));
    fx.send(created("c1", "L1", "A", day(0), Stage.SQL));

    assertThat(fx.readDeadLetters()).singleElement().satisfies(r -> {
      assertThat(reason(r)).isEqualTo("processing-error");
      assertThat(r.value()).isEqualTo(new byte[] {1, 2, 3});
    });
    assertThat(fx.currentVelocity().get("A").getPipelineCount()).isEqualTo(1);
  }
}
