package io.salesvelocity.velocity.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.salesvelocity.generator.CrmSimulator;
import io.salesvelocity.generator.LivePublisher;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.serde.ConfluentAvroSerializer;
import io.salesvelocity.serde.SchemaRegistryConfig;
import io.salesvelocity.velocity.runtime.VelocityEngine;
import io.salesvelocity.velocity.topology.DeadLetterHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Tag("integration")
@Timeout(300)
class GeneratedTrafficIT {
  @Test
  void shouldConsumeLiveGeneratedTrafficWithoutRejectingValidEvents() throws Exception {
    EngineHarness h = new EngineHarness(2);
    try (VelocityEngine engine = h.start()) {
      ConfluentAvroSerializer<SpecificRecord> serializer = new ConfluentAvroSerializer<>();
      serializer.configure(Map.of(SchemaRegistryConfig.URL, EmbeddedStack.registry().url()), false);
      CrmSimulator sim = new CrmSimulator(Scenario.defaults(11, Instant.parse("2025-01-01T00:00:00Z")));
      long sent;
      try (LivePublisher pub = new LivePublisher(Map.of("bootstrap.servers", h.settings.get("bootstrap.servers")),
          serializer, new LivePublisher.Topics(h.names().leadCreated(), h.names().stageChanged(),
          h.names().dealClosed()))) {
        sent = pub.run(sim, LivePublisher.Pace.unlimited(), 40_000, null, null, null);
      }
      await().atMost(Duration.ofSeconds(120)).until(() -> engine.counters().getOrDefault("events-read", 0.0) >= sent);
      Map<String, Integer> reasons = new TreeMap<>();
      h.deadLetters().forEach(r -> reasons.merge(DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.REASON), 1,
          Integer::sum));
      assertThat(reasons).isEmpty();
      await().atMost(Duration.ofSeconds(30)).until(() -> h.latestVelocity(engine).size() == 4);
    }
  }
}
