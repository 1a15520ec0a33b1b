package io.salesvelocity.velocity.inline;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.generator.CrmSimulator;
import io.salesvelocity.generator.Delivery;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.schemas.FunnelDay;
import io.salesvelocity.schemas.SegmentDay;
import io.salesvelocity.schemas.SegmentVelocity;
import io.salesvelocity.schemas.StageFunnel;
import io.salesvelocity.schemas.StallStatus;
import io.salesvelocity.schemas.StalledDeal;
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
    Map<FunnelDay, StageFunnel> topologyFunnel = new LinkedHashMap<>();
    List<StalledDeal> topologyStalled = new ArrayList<>();
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
      topologyFunnel.putAll(fx.funnelDailyPoints());
      topologyStalled.addAll(fx.stalledDeals());
      fx.readDeadLetters().forEach(r -> topologyLetters.add(letter(r.headers())));
    }

    Map<TeamDay, TeamVelocity> inlineDaily = new LinkedHashMap<>();
    Map<SegmentDay, SegmentVelocity> inlineSegments = new LinkedHashMap<>();
    Map<FunnelDay, StageFunnel> inlineFunnel = new LinkedHashMap<>();
    List<StalledDeal> inlineStalled = new ArrayList<>();
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
        public void funnelDaily(FunnelDay key, StageFunnel value) {
          inlineFunnel.put(key, value);
        }

        @Override
        public void stalled(String leadId, StalledDeal value) {
          inlineStalled.add(value);
        }

        @Override
        public void deadLetter(byte[] key, byte[] value, Headers headers) {
          inlineLetters.add(letter(headers));
        }
      };
      try (InlineRunner runner = new InlineRunner(EngineSettings.defaults(), topics, sink)) {
        long offset = 0;
        for (Delivery d : deliveries) {
          InlineReplay.send(runner, topics, d, offset++, d.deliverAt().toEpochMilli());
        }
        runner.watermark(topics.stageChanged().name(), end);
      }
    }

    assertThat(topologyDaily).as("4 teams, about 25 days").hasSizeGreaterThan(4 * 20);
    assertThat(topologyLetters).as("the invalid traffic is dead-lettered").isNotEmpty();
    assertThat(topologyLetters).as("and nothing the engine fails on itself").noneMatch(l -> l.startsWith(
        "processing-error"));
    assertThat(inlineDaily).isEqualTo(topologyDaily);
    assertThat(topologySegments.keySet()).as("segments of every dimension, of teams and of ALL")
        .extracting(SegmentDay::getDimension).containsOnly("industry", "companySize", "region", "source", "owner");
    assertThat(topologySegments.keySet()).extracting(SegmentDay::getScope).contains("ALL");
    assertThat(inlineSegments).isEqualTo(topologySegments);
    assertThat(inlineLetters).containsExactlyInAnyOrderElementsOf(topologyLetters);
    assertThat(topologyFunnel).as("7 stages a day of each team").hasSizeGreaterThan(4 * 20 * 7);
    assertThat(inlineFunnel).isEqualTo(topologyFunnel);
    assertThat(topologyStalled).as("stalls found and resolved").extracting(StalledDeal::getStatus)
        .contains(StallStatus.STALLED, StallStatus.RESOLVED);
    assertThat(inlineStalled).isEqualTo(topologyStalled);
  }

  private static String letter(Headers h) {
    return DeadLetterHeaders.read(h, DeadLetterHeaders.REASON) + " " + DeadLetterHeaders.read(h,
        DeadLetterHeaders.EVENT_ID) + " " + DeadLetterHeaders.read(h, DeadLetterHeaders.MESSAGE);
  }
}
