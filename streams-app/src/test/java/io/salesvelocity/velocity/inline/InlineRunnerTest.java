package io.salesvelocity.velocity.inline;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.generator.CrmSimulator;
import io.salesvelocity.generator.Delivery;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.schemas.SegmentDay;
import io.salesvelocity.schemas.SegmentVelocity;
import io.salesvelocity.schemas.TeamDay;
import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.velocity.topology.DeadLetterHeaders;
import io.salesvelocity.velocity.topology.EngineSettings;
import io.salesvelocity.velocity.topology.TopologyFixture;
import io.salesvelocity.velocity.topology.VelocityTopics;
import io.salesvelocity.velocity.topology.Watermark;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The inline runner the backtests use against the topology itself under Kafka's TopologyTestDriver: the same
 * deliveries, in the same order, give the same daily points and the same dead letters.
 */
class InlineRunnerTest {
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  @Test
  void shouldPublishExactlyWhatTheTopologyPublishesForRealisticTraffic() {
    Scenario scenario = Scenario.defaults(31, START).withImperfections(0.03, Duration.ofHours(20), 0.02);
    List<Delivery> deliveries = new ArrayList<>();
    CrmSimulator sim = new CrmSimulator(scenario);
    for (int i = 0; i < 25_000; i++) {
      deliveries.add(sim.next());
    }
    Instant end = deliveries.get(deliveries.size() - 1).deliverAt().plus(Duration.ofDays(3));

    Map<TeamDay, TeamVelocity> topologyDaily = new LinkedHashMap<>();
    Map<SegmentDay, SegmentVelocity> topologySegments = new LinkedHashMap<>();
    List<String> topologyLetters = new ArrayList<>();
    try (TopologyFixture fx = new TopologyFixture()) {
      for (Delivery d : deliveries) {
        if (d.record() == null) {
          fx.rawDealClosed.pipeInput(d.key().getBytes(), d.rawValue(), d.deliverAt());
        } else {
          fx.send(d);
        }
      }
      fx.rawStageChanged.pipeInput(new TestRecord<>(null, null, Watermark.headers(end), end.toEpochMilli()));
      topologyDaily.putAll(fx.dailyPoints());
      topologySegments.putAll(fx.segmentDailyPoints());
      fx.readDeadLetters().forEach(r -> topologyLetters.add(letter(r.headers())));
    }

    Map<TeamDay, TeamVelocity> inlineDaily = new LinkedHashMap<>();
    Map<SegmentDay, SegmentVelocity> inlineSegments = new LinkedHashMap<>();
    List<String> inlineLetters = new ArrayList<>();
    try (TopologyFixture serdes = new TopologyFixture()) {
      VelocityTopics topics = serdes.topics;
      InlineRunner.Sink sink = new InlineRunner.Sink() {
        @Override
        public void daily(TeamDay key, TeamVelocity value) {
          inlineDaily.put(key, value);
        }

        @Override
        public void segmentDaily(SegmentDay key, SegmentVelocity value) {
          inlineSegments.put(key, value);
        }

        @Override
        public void deadLetter(byte[] key, byte[] value, Headers headers) {
          inlineLetters.add(letter(headers));
        }
      };
      try (InlineRunner runner = new InlineRunner(EngineSettings.defaults(), topics, sink)) {
        long offset = 0;
        for (Delivery d : deliveries) {
          String topic = switch (d.kind()) {
            case LEAD_CREATED -> topics.leadCreated().name();
            case STAGE_CHANGED -> topics.stageChanged().name();
            case DEAL_CLOSED -> topics.dealClosed().name();
          };
          @SuppressWarnings("unchecked")
          Serializer<Object> ser = (Serializer<Object>) (Serializer<?>) switch (d.kind()) {
            case LEAD_CREATED -> topics.leadCreated().valueSerde().serializer();
            case STAGE_CHANGED -> topics.stageChanged().valueSerde().serializer();
            case DEAL_CLOSED -> topics.dealClosed().valueSerde().serializer();
          };
          byte[] value = d.record() == null ? d.rawValue() : ser.serialize(topic, d.record());
          runner.send(topic, offset++, d.key().getBytes(), value, d.deliverAt().toEpochMilli(), new RecordHeaders());
        }
        runner.watermark(topics.stageChanged().name(), end);
      }
    }

    assertThat(topologyDaily).as("4 teams, about 25 days").hasSizeGreaterThan(4 * 20);
    assertThat(topologyLetters).as("the invalid traffic is dead-lettered").isNotEmpty();
    assertThat(inlineDaily).isEqualTo(topologyDaily);
    assertThat(topologySegments.keySet()).as("segments of every dimension, of teams and of ALL")
        .extracting(SegmentDay::getDimension).containsOnly("industry", "companySize", "region", "source", "owner");
    assertThat(topologySegments.keySet()).extracting(SegmentDay::getScope).contains("ALL");
    assertThat(inlineSegments).isEqualTo(topologySegments);
    assertThat(inlineLetters).containsExactlyInAnyOrderElementsOf(topologyLetters);
  }

  private static String letter(Headers h) {
    return DeadLetterHeaders.read(h, DeadLetterHeaders.REASON) + " " + DeadLetterHeaders.read(h,
        DeadLetterHeaders.EVENT_ID) + " " + DeadLetterHeaders.read(h, DeadLetterHeaders.MESSAGE);
  }
}
