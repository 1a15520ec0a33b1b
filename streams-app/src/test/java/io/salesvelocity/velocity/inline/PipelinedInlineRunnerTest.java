package io.salesvelocity.velocity.inline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesvelocity.generator.CrmSimulator;
import io.salesvelocity.generator.Delivery;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.schemas.FunnelDay;
import io.salesvelocity.schemas.SegmentDay;
import io.salesvelocity.schemas.SegmentVelocity;
import io.salesvelocity.schemas.StageFunnel;
import io.salesvelocity.schemas.StalledDeal;
import io.salesvelocity.schemas.TeamDay;
import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.velocity.topology.DeadLetterHeaders;
import io.salesvelocity.velocity.topology.DecodedEvents;
import io.salesvelocity.velocity.topology.EngineSettings;
import io.salesvelocity.velocity.topology.TopologyFixture;
import io.salesvelocity.velocity.topology.VelocityTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/**
 * The backtest's way of running the inline engine on several cores (records decoded ahead on other threads, the
 * teams' processors on a thread of their own) against the plain synchronous runner: the sink gets the same calls,
 * in the same order, on realistic traffic with invalid records.
 */
class PipelinedInlineRunnerTest {
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  private static final long NOW = Instant.parse("2030-01-01T00:00:00Z").toEpochMilli();

  @Test
  void shouldGiveTheSinkTheSameCallsInTheSameOrderAsTheSynchronousRunner() {
    Scenario scenario = Scenario.defaults(7, START).withImperfections(0.03, Duration.ofHours(20), 0.5);
    CrmSimulator sim = new CrmSimulator(scenario);
    List<Delivery> deliveries = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      deliveries.add(sim.next());
    }
    Instant end = deliveries.get(deliveries.size() - 1).deliverAt().plus(Duration.ofDays(3));

    List<String> synchronous = new ArrayList<>();
    try (TopologyFixture fx = new TopologyFixture();
         InlineRunner runner = new InlineRunner(EngineSettings.defaults(), fx.topics, recorder(synchronous), NOW)) {
      for (int n = 0; n < deliveries.size(); n++) {
        Delivery d = deliveries.get(n);
        runner.send(topic(fx.topics, d), n, d.key().getBytes(), value(fx.topics, d), d.deliverAt().toEpochMilli(),
            new RecordHeaders());
      }
      runner.watermark(fx.topics.stageChanged().name(), end);
    }

    List<String> pipelined = new ArrayList<>();
    List<String> beforeFlush;
    try (TopologyFixture fx = new TopologyFixture();
         InlineRunner runner = InlineRunner.pipelined(EngineSettings.defaults(), fx.topics, recorder(pipelined),
             NOW)) {
      byte[][] keys = new byte[deliveries.size()][];
      byte[][] values = new byte[deliveries.size()][];
      DecodedEvents.Ahead[] decoded = new DecodedEvents.Ahead[deliveries.size()];
      IntStream.range(0, deliveries.size()).parallel().forEach(n -> { // decoded on other threads, as the backtest does
        Delivery d = deliveries.get(n);
        keys[n] = d.key().getBytes();
        values[n] = value(fx.topics, d);
        decoded[n] = runner.decode(topic(fx.topics, d), keys[n], values[n], d.deliverAt().toEpochMilli());
      });
      for (int n = 0; n < deliveries.size(); n++) {
        Delivery d = deliveries.get(n);
        runner.send(topic(fx.topics, d), n, keys[n], values[n], d.deliverAt().toEpochMilli(), new RecordHeaders(),
            decoded[n]);
      }
      runner.watermark(fx.topics.stageChanged().name(), end);
      runner.flush();
      beforeFlush = List.copyOf(pipelined);
    }

    assertThat(synchronous.stream().filter(c -> c.startsWith("daily"))).as("daily points of 4 teams over weeks")
        .hasSizeGreaterThan(4 * 20);
    assertThat(synchronous.stream().filter(c -> c.startsWith("dead-letter"))).as("the invalid records' dead letters")
        .hasSizeGreaterThan(20);
    assertThat(pipelined).containsExactlyElementsOf(synchronous);
    assertThat(beforeFlush).as("flush waits for the teams' thread").containsExactlyElementsOf(synchronous);
  }

  @Test
  void shouldThrowWhatTheSinkThrowsOnTheTeamsThreadToTheSender() {
    RuntimeException stop = new IllegalStateException("the sink stops the run");
    try (TopologyFixture fx = new TopologyFixture()) {
      List<String> calls = new ArrayList<>() {
        @Override
        public boolean add(String call) {
          if (call.startsWith("dead-letter")) {
            throw stop;
          }
          return super.add(call);
        }
      };
      InlineRunner runner = InlineRunner.pipelined(EngineSettings.defaults(), fx.topics, recorder(calls), NOW);
      runner.send(fx.topics.leadCreated().name(), 0, "L1".getBytes(), new byte[] {1, 2, 3}, 0, new RecordHeaders());
      assertThatThrownBy(runner::flush).isSameAs(stop);
      runner.close(); // thrown once: closing after it does not throw it again
    }
  }

  private static String topic(VelocityTopics topics, Delivery d) {
    return topics.input(d.kind()).name();
  }

  private static byte[] value(VelocityTopics topics, Delivery d) {
    @SuppressWarnings("unchecked")
    Serializer<SpecificRecord> ser = (Serializer<SpecificRecord>) topics.input(d.kind()).valueSerde().serializer();
    return d.record() == null ? d.rawValue() : ser.serialize(topic(topics, d), d.record());
  }

  /** Each call of the sink as a line, in the order made. */
  private static InlineRunner.Sink recorder(List<String> calls) {
    return new InlineRunner.Sink() {
      @Override
      public void daily(TeamDay key, TeamVelocity value) {
        calls.add("daily " + key + " " + value);
      }

      @Override
      public void segmentDaily(SegmentDay key, SegmentVelocity value) {
        calls.add("segment " + key + " " + value);
      }

      @Override
      public void funnelDaily(FunnelDay key, StageFunnel value) {
        calls.add("funnel " + key + " " + value);
      }

      @Override
      public void stalled(String leadId, StalledDeal value) {
        calls.add("stalled " + leadId + " " + value);
      }

      @Override
      public void deadLetter(byte[] key, byte[] value, Headers headers) {
        calls.add("dead-letter " + DeadLetterHeaders.read(headers, DeadLetterHeaders.REASON) + " "
            + DeadLetterHeaders.read(headers, DeadLetterHeaders.OFFSET) + " "
            + DeadLetterHeaders.read(headers, DeadLetterHeaders.MESSAGE));
      }
    };
  }
}
