package io.salesvelocity.velocity.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.velocity.domain.lead.LeadHistory;
import io.salesvelocity.velocity.domain.lead.Rejection;
import io.salesvelocity.velocity.state.StateSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A record the engine itself fails on (here: the stored history of its lead is corrupt, and the real state codec
 * cannot read it) is dead-lettered as processing-error; it reaches no error handler of Kafka Streams, and the next
 * record is processed as usual.
 */
class LeadProcessorFaultTest {
  /** Stored under this lead: bytes that are not a lead history. */
  private static final String CORRUPT = "corrupt";

  private final TopologyFixture fx = new TopologyFixture();
  private final LeadTaskContext task = new LeadTaskContext();
  private final MockProcessorContext<String, LeadOutput> context = task.context;
  private final LeadProcessor processor = new LeadProcessor(new DecodedEvents(new CrmEventDecoder(fx.topics)),
      EngineSettings.defaults(), false, false);

  @AfterEach
  void close() {
    fx.close();
  }

  private void process(LeadCreated event, long offset) {
    String topic = fx.topics.leadCreated().name();
    byte[] value = fx.topics.leadCreated().valueSerde().serializer().serialize(topic, event);
    context.setRecordMetadata(topic, 0, offset);
    processor.process(new Record<>(event.getLeadId().getBytes(StandardCharsets.UTF_8), value,
        event.getCreatedAt().toEpochMilli()));
  }

  @Test
  void shouldDeadLetterARecordTheEngineFailsOnAndProcessTheNextOne() {
    task.leadBytes.put(CORRUPT, new byte[] {(byte) 0xC3, 1, 7}); // not a lead history
    context.setCurrentSystemTimeMs(Instant.parse("2026-06-01T00:00:00Z").toEpochMilli());
    processor.init(context);

    process(CrmEvents.created("c1", CORRUPT, "emea", Instant.parse("2026-01-01T00:00:00Z"), Stage.SQL), 5);
    process(CrmEvents.created("c2", "healthy", "emea", Instant.parse("2026-01-01T01:00:00Z"), Stage.SQL), 6);

    List<LeadOutput> outputs = context.forwarded().stream().map(f -> (LeadOutput) f.record().value()).toList();
    List<LeadOutput.Refused> refused = outputs.stream().filter(LeadOutput.Refused.class::isInstance)
        .map(LeadOutput.Refused.class::cast).toList();
    assertThat(refused).singleElement().satisfies(r -> {
      assertThat(r.letter().reason()).isEqualTo(Rejection.PROCESSING_ERROR);
      assertThat(r.letter().raw().offset()).isEqualTo(5);
      assertThat(r.letter().message()).contains("the engine failed on this record");
      assertThat(r.letter().raw().value()).isNotEmpty();
    });
    assertThat(outputs).anySatisfy(o -> assertThat(o).isInstanceOfSatisfying(LeadOutput.Batch.class,
        b -> assertThat(b.parts()).isNotEmpty()));
    assertThat(task.leads().get("healthy")).isNotNull();
    assertThat(context.metrics().metrics().entrySet()).anySatisfy(m -> {
      assertThat(m.getKey().name()).isEqualTo(EngineMetrics.UNREADABLE_STATE + "-total");
      assertThat(m.getValue().metricValue()).isEqualTo(1.0); // left out of the expiry index at init, not fatal
    });
  }
}
