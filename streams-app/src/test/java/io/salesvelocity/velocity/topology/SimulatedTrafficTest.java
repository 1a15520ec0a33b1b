package io.salesvelocity.velocity.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.generator.CrmSimulator;
import io.salesvelocity.generator.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The generator's realistic traffic (duplicates, disorder within grace) through the topology. */
class SimulatedTrafficTest {
  @Test
  void shouldDeadLetterNothingFromValidTrafficWithDuplicatesAndDisorderWithinGrace() {
    Scenario scenario = Scenario.defaults(7, Instant.parse("2025-01-01T00:00:00Z"))
        .withImperfections(0.02, Duration.ofHours(6), 0);
    CrmSimulator sim = new CrmSimulator(scenario);
    try (TopologyFixture fx = new TopologyFixture()) {
      for (int i = 0; i < 30_000; i++) {
        fx.send(sim.next());
      }
      Map<String, Integer> reasons = new TreeMap<>();
      fx.readDeadLetters().forEach(r -> reasons.merge(DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.REASON)
          + ": " + DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.MESSAGE).replaceAll("[0-9TZ:.-]+", "#"),
          1, Integer::sum));
      assertThat(reasons).isEmpty();
      assertThat(fx.currentVelocity()).hasSize(4);
    }
  }
}
