package io.salesvelocity.velocity.topology;

import static io.salesvelocity.velocity.topology.CrmEvents.created;
import static io.salesvelocity.velocity.topology.CrmEvents.day;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.TeamDay;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class WatermarkTopologyTest {
  @Test
  void shouldPublishEveryDayUpToTheWatermarkMinusGraceAndRefuseLaterEventsBehindIt() {
    try (TopologyFixture fx = new TopologyFixture()) {
      fx.send(created("c1", "L1", "emea", day(0.5), Stage.SQL));
      assertThat(fx.dailyPoints()).as("day 1 is not past grace yet").isEmpty();
      // no events for days; the CRM says event time is now day 4 (grace 1 day: days 1 to 3 are final)
      fx.rawStageChanged.pipeInput(new TestRecord<>(null, null, Watermark.headers(day(4)), day(4).toEpochMilli()));
      var points = fx.dailyPoints();
      assertThat(points.keySet()).containsExactly(new TeamDay("emea", LocalDate.of(2026, 1, 1)),
          new TeamDay("emea", LocalDate.of(2026, 1, 2)), new TeamDay("emea", LocalDate.of(2026, 1, 3)));
      assertThat(points.values()).allSatisfy(v -> assertThat(v.getPipelineCount()).isEqualTo(1));
      fx.send(created("c2", "L2", "emea", day(2.5), Stage.SQL));
      assertThat(fx.readDeadLetters()).singleElement().satisfies(r -> assertThat(
          DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.REASON)).isEqualTo("late-beyond-grace"));
    }
  }

  @Test
  void shouldDeadLetterAMalformedWatermark() {
    try (TopologyFixture fx = new TopologyFixture()) {
      RecordHeaders h = new RecordHeaders();
      h.add(Watermark.HEADER, "next tuesday".getBytes(StandardCharsets.UTF_8));
      fx.rawStageChanged.pipeInput(new TestRecord<>(null, null, h, day(1).toEpochMilli()));
      assertThat(fx.readDeadLetters()).singleElement().satisfies(r -> {
        assertThat(DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.REASON)).isEqualTo("invalid-watermark");
        assertThat(DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.MESSAGE)).contains("next tuesday");
      });
    }
  }
}
