package io.salesvelocity.velocity.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.generator.CrmSimulator;
import io.salesvelocity.generator.Delivery;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.StageChanged;
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
        Delivery d = sim.next();
        switch (d.kind()) {
          case LEAD_CREATED -> fx.leadCreated.pipeInput(d.key(), (LeadCreated) d.record(), d.deliverAt());
          case STAGE_CHANGED -> fx.stageChanged.pipeInput(d.key(), (StageChanged) d.record(), d.deliverAt());
          case DEAL_CLOSED -> fx.dealClosed.pipeInput(d.key(), (DealClosed) d.record(), d.deliverAt());
        }
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
