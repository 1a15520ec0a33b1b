package io.salesvelocity.velocity.topology;

import static io.salesvelocity.velocity.topology.CrmEvents.created;
import static io.salesvelocity.velocity.topology.CrmEvents.day;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.Stage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A record that needs the schema registry while it is unavailable is parked in the lead task's state, not refused
 * and not lost; the other records go on; once the registry answers, a wall-clock punctuation processes it.
 */
class RegistryOutageTopologyTest {
  private final FlakyRegistry registry = new FlakyRegistry();
  private final TopologyFixture fx = new TopologyFixture(registry);

  @AfterEach
  void close() {
    fx.close();
  }

  private long pipeline() {
    return fx.currentVelocity().get("A").getPipelineCount();
  }

  private double total(String metric) {
    return fx.driver.metrics().entrySet().stream().filter(e -> e.getKey().name().equals(metric + "-total"))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
  }

  /** LeadCreated as written by a CRM on a newer version of the contract: a schema id the engine has not read. */
  private byte[] newerVersion(String leadId) {
    Schema v2 = new Schema.Parser().parse(LeadCreated.getClassSchema().toString().replace("\"fields\":[",
        "\"fields\":[{\"name\":\"campaign\",\"type\":[\"null\",\"string\"],\"default\":null},"));
    GenericRecord r = new GenericData.Record(v2);
    r.put("eventId", "c-" + leadId);
    r.put("leadId", leadId);
    r.put("teamId", "A");
    r.put("createdAt", day(0.5).toEpochMilli());
    r.put("stage", new GenericData.EnumSymbol(v2.getField("stage").schema(), "SQL"));
    r.put("currency", "USD");
    return fx.wire("crm.lead-created-value", v2, r);
  }

  @Test
  void shouldParkARecordThatNeedsTheUnavailableRegistryAndProcessItWhenTheRegistryAnswers() throws Exception {
    fx.send(created("c1", "L1", "A", day(0), Stage.SQL));
    // as the engine does at start, the outputs' schema ids are known before the outage
    assertThat(pipeline()).isEqualTo(1);
    byte[] later = newerVersion("L2");
    registry.down = true;

    var raw = fx.driver.createInputTopic(fx.topics.leadCreated().name(),
        new org.apache.kafka.common.serialization.ByteArraySerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer());
    raw.pipeInput("L2".getBytes(StandardCharsets.UTF_8), later, day(0.5));
    fx.send(created("c3", "L3", "A", day(0.6), Stage.SQL)); // a schema the engine knows: goes on meanwhile

    assertThat(fx.readDeadLetters()).as("an outage is not a bad record").isEmpty();
    assertThat(pipeline()).isEqualTo(2);
    assertThat(total("parked-for-registry")).isEqualTo(1.0);

    fx.advanceWallClock(Duration.ofSeconds(5)); // retries while it is still down
    assertThat(pipeline()).isEqualTo(2);

    registry.down = false;
    fx.advanceWallClock(Duration.ofSeconds(40));
    assertThat(pipeline()).as("the parked lead, once the registry answers").isEqualTo(3);
    assertThat(fx.readDeadLetters()).isEmpty();
  }
}
