package io.salesvelocity.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.salesvelocity.generator.Delivery;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.velocity.runtime.EngineConfig;
import io.salesvelocity.velocity.runtime.VelocityEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An application whose state was built without the bridge and the forecasts, started again with them on: its figures
 * would miss everything before, so it stops and says what to do, rather than publish them. Started again as it was,
 * it runs.
 */
@Tag("integration")
@Timeout(240)
class StateFeaturesIT {
  @Test
  void shouldRefuseToTurnTheBridgeAndForecastsOnForStateBuiltWithoutThem() throws Exception {
    EngineHarness h = new EngineHarness(2);
    h.settings.put(EngineConfig.BRIDGE, "false");
    h.settings.put(EngineConfig.FORECAST_HORIZONS, "");
    h.createTopics();
    Instant start = Instant.parse("2025-03-01T00:00:00Z");
    List<Delivery> deliveries = Histories.generate(Scenario.defaults(7, start), start.plus(Duration.ofDays(10)));
    Histories.publish(h, deliveries);
    try (VelocityEngine engine = h.start()) {
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(h::drained);
      assertThat(h.latestVelocity(engine)).isNotEmpty();
    }

    h.settings.put(EngineConfig.BRIDGE, "true");
    h.settings.put(EngineConfig.FORECAST_HORIZONS, "30,90");
    try (VelocityEngine engine = new VelocityEngine(h.config()).start()) {
      String failure = engine.failure().get(90, TimeUnit.SECONDS);
      assertThat(failure).contains("built without the pipeline bridge (velocity.bridge=true)")
          .contains("the forecasts of 30 days").contains("velocity reset");
    }

    h.settings.put(EngineConfig.BRIDGE, "false");
    h.settings.put(EngineConfig.FORECAST_HORIZONS, "");
    try (VelocityEngine engine = h.start()) {
      assertThat(engine.state()).isEqualTo(org.apache.kafka.streams.KafkaStreams.State.RUNNING);
    }
  }
}
