package io.salesvelocity.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.salesvelocity.generator.CrmSimulator;
import io.salesvelocity.generator.Delivery;
import io.salesvelocity.generator.LivePublisher;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.Outcome;
import io.salesvelocity.velocity.runtime.VelocityEngine;
import io.salesvelocity.velocity.topology.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Tag("integration")
@Timeout(300)
class GeneratedTrafficIT {
  private static final double SIMULATED_SECONDS_PER_SECOND = 86_400;
  /** About 16 simulated days of the default scenario. */
  private static final int LIVE_EVENTS = 12_000;

  @Test
  void shouldConsumeLiveGeneratedTrafficWithoutRejectingValidEvents() throws Exception {
    EngineHarness h = new EngineHarness(2);
    try (VelocityEngine engine = h.start()) {
      CrmSimulator sim = new CrmSimulator(Scenario.defaults(11, Instant.parse("2025-01-01T00:00:00Z")));
      long sent;
      try (LivePublisher pub = Histories.publisher(h)) {
        // live traffic: event time runs with the wall clock, one simulated day per second (as in the demo), so the
        // grace period of a day is a second of wall-clock time, not the few milliseconds of an unpaced replay
        sent = pub.run(sim, new LivePublisher.Pace(0, SIMULATED_SECONDS_PER_SECOND), LIVE_EVENTS, null, null, null);
      }
      await().atMost(Duration.ofSeconds(120)).until(() -> engine.counters().getOrDefault("events-read", 0.0) >= sent);
      Map<String, Integer> reasons = new TreeMap<>();
      List<String> samples = new ArrayList<>();
      h.deadLetters().forEach(r -> {
        reasons.merge(DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.REASON), 1, Integer::sum);
        if (samples.size() < 5) {
          samples.add(DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.TOPIC) + "/"
              + DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.PARTITION) + "@"
              + DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.OFFSET) + ": "
              + DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.MESSAGE));
        }
      });
      assertThat(reasons).as("dead letters, first ones: %s", samples).isEmpty();
      await().atMost(Duration.ofSeconds(30)).until(() -> h.latestVelocity(engine).size() == 4);
    }
  }

  @Test
  void shouldDeadLetterInvalidEventsWithTheirBytesAndReasonsAndKeepRunning() throws Exception {
    EngineHarness h = new EngineHarness(1);
    List<Delivery> deliveries = new ArrayList<>();
    CrmSimulator sim = new CrmSimulator(Scenario.defaults(5, Instant.parse("2025-06-01T00:00:00Z"))
        .withImperfections(0, Duration.ZERO, 0.5));
    for (int i = 0; i < 40_000; i++) {
      deliveries.add(sim.next());
    }
    Map<String, Long> expected = new TreeMap<>();
    for (Delivery d : deliveries) {
      if (d.rawValue() != null) {
        expected.merge("unreadable-bytes", 1L, Long::sum);
      } else if (d.record() instanceof DealClosed c && c.getOutcome() == Outcome.WON && c.getAmount() == null) {
        expected.merge("invalid-amount", 1L, Long::sum);
      }
    }
    assertThat(expected).containsKeys("unreadable-bytes", "invalid-amount");
    long invalid = expected.values().stream().mapToLong(Long::longValue).sum();

    h.createTopics();
    try (LivePublisher pub = Histories.publisher(h)) {
      pub.run(deliveries.iterator(), LivePublisher.Pace.unlimited(), deliveries.size(), null, null, null);
    }
    try (VelocityEngine engine = h.start()) {
      await().atMost(Duration.ofSeconds(90)).until(() -> h.deadLetters().size() >= invalid);
      List<ConsumerRecord<byte[], byte[]>> letters = h.deadLetters();
      Map<String, Long> reasons = new TreeMap<>();
      letters.forEach(r -> reasons.merge(DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.REASON), 1L, Long::sum));
      assertThat(reasons).isEqualTo(expected);
      ConsumerRecord<byte[], byte[]> corrupt = letters.stream()
          .filter(r -> "unreadable-bytes".equals(DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.REASON)))
          .findFirst().orElseThrow();
      assertThat(new String(corrupt.value(), StandardCharsets.UTF_8)).startsWith("corrupt:");
      assertThat(DeadLetterHeaders.read(corrupt.headers(), DeadLetterHeaders.TOPIC)).isEqualTo(h.names().dealClosed());
      assertThat(DeadLetterHeaders.read(corrupt.headers(), DeadLetterHeaders.OFFSET)).matches("[0-9]+");
      assertThat(engine.counters().get("dead-letter-unreadable-bytes")).isEqualTo((double) expected.get("unreadable-bytes"));
      assertThat(engine.state()).isEqualTo(org.apache.kafka.streams.KafkaStreams.State.RUNNING);
      await().atMost(Duration.ofSeconds(30)).until(() -> !h.latestVelocity(engine).isEmpty());
    }
  }
}
