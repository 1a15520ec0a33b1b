package io.salesvelocity.velocity.topology;

import static io.salesvelocity.velocity.topology.CrmEvents.created;
import static io.salesvelocity.velocity.topology.CrmEvents.day;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.Stage;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the lead task writes when it commits (TopologyTestDriver commits after every input record): the changes
 * still waiting for their batch are in the outbox's changelog, so a task revived from it sends them; once sent, they
 * are deleted there. The wall-clock stamping of what a commit writes is in {@code UntrustedInputTopologyTest}.
 */
class CommitWritesTopologyTest {
  private final TopologyFixture fx = new TopologyFixture();

  @AfterEach
  void close() {
    fx.close();
  }

  private List<TestRecord<String, byte[]>> outboxChangelog() {
    return fx.driver.createOutputTopic(fx.applicationId + "-" + Names.LEAD_OUTBOX_STORE + "-changelog",
        new StringDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
  }

  @Test
  void shouldStoreTheChangesWaitingForTheirBatchAtTheCommitAndDeleteThemOnceSent() {
    fx.send(created("c0", "L0", "A", day(0), Stage.SQL)); // a task's first clock goes to the teams at once
    assertThat(outboxChangelog()).as("sent with the first clock tick, before the commit").isEmpty();
    fx.send(created("c1", "L1", "B", day(0.1), Stage.SQL));
    fx.send(created("c2", "L2", "A", day(0.2), Stage.SQL));

    List<TestRecord<String, byte[]>> stored = outboxChangelog();
    assertThat(stored).as("each commit stored what was waiting then, once")
        .extracting(TestRecord::key).containsExactly("1:B:0", "1:A:0");
    assertThat(stored).allSatisfy(r -> assertThat(r.value()).isNotEmpty());

    fx.advanceWallClock(Duration.ofSeconds(1)); // the batch interval passes: the batches go out
    assertThat(outboxChangelog()).as("sent, so deleted").extracting(TestRecord::key, TestRecord::value)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("1:A:0", null),
            org.assertj.core.groups.Tuple.tuple("1:B:0", null));
    var velocity = fx.currentVelocity();
    assertThat(velocity.get("A").getPipelineCount()).isEqualTo(2);
    assertThat(velocity.get("B").getPipelineCount()).isEqualTo(1);
    assertThat(outboxChangelog()).as("nothing waits any more").isEmpty();
  }
}
