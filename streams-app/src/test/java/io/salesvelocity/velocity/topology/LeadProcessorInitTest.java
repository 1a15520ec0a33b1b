package io.salesvelocity.velocity.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.velocity.domain.lead.LeadEvent;
import io.salesvelocity.velocity.domain.lead.LeadEvents;
import io.salesvelocity.velocity.domain.lead.LeadHistory;
import io.salesvelocity.velocity.domain.lead.LeadRules;
import io.salesvelocity.velocity.domain.lead.RawEvent;
import io.salesvelocity.velocity.domain.lead.Rejection;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A lead task started on state left by an earlier run (as after a restart or a fail-over) must know which of
 * those leads are due to expire, though nothing but the lead histories and the clock was kept.
 */
class LeadProcessorInitTest {
  private final TopologyFixture fx = new TopologyFixture();
  private final LeadTaskContext task = new LeadTaskContext();
  private final MockProcessorContext<String, LeadOutput> context = task.context;
  private final KeyValueStore<String, Long> clock = task.clock;
  private final LeadProcessor processor = new LeadProcessor(new DecodedEvents(new CrmEventDecoder(fx.topics)),
      EngineSettings.defaults(), true, false);

  @AfterEach
  void close() {
    fx.close();
  }

  private static LeadHistory history(String leadId, LeadEvent... events) {
    LeadHistory lead = new LeadHistory(leadId);
    for (LeadEvent e : events) {
      LeadRules.apply(lead, e, new RawEvent(e.eventId(), e.time(), "crm.stage-changed", 0, 7, e.time(),
          leadId.getBytes(StandardCharsets.UTF_8), new byte[] {0}));
    }
    return lead;
  }

  private void process(LeadCreated event) {
    String topic = fx.topics.leadCreated().name();
    byte[] value = fx.topics.leadCreated().valueSerde().serializer().serialize(topic, event);
    context.setRecordMetadata(topic, 0, 100);
    processor.process(new Record<>(event.getLeadId().getBytes(StandardCharsets.UTF_8), value,
        event.getCreatedAt().toEpochMilli()));
  }

  @Test
  void shouldExpireLeadsFromStateLeftByAnEarlierRun() {
    long day = 86_400_000L;
    task.leads().put(history("closed", LeadEvents.created("c1", "closed", 0, "emea", Stage.SQL.ordinal()),
        LeadEvents.close("k1", "closed", 5 * day, true, new BigDecimal("10.00"), null)));
    task.leads().put(history("waiting", LeadEvents.stage("s1", "waiting", 5 * day,
        Stage.SQL.ordinal(), null)));
    task.leads().put(history("open", LeadEvents.created("c2", "open", 4 * day, "emea", Stage.SQL.ordinal())));
    clock.put("event-time", 5 * day);
    context.setCurrentSystemTimeMs(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli()); // the engine's wall clock
    processor.init(context);

    process(CrmEvents.created("c3", "new", "emea", Instant.ofEpochMilli(6 * day + 1), Stage.NEW));

    assertThat(task.leads().get("closed")).isNull();
    assertThat(task.leads().get("waiting")).isNull();
    assertThat(task.leads().get("open")).isNotNull();
    assertThat(task.leads().get("new")).isNotNull();
    List<LeadOutput.Refused> refused = context.forwarded().stream().map(f -> f.record().value())
        .filter(LeadOutput.Refused.class::isInstance).map(LeadOutput.Refused.class::cast).toList();
    assertThat(refused).hasSize(1);
    assertThat(refused.get(0).letter().reason()).isEqualTo(Rejection.UNKNOWN_LEAD);
    assertThat(refused.get(0).letter().raw().offset()).isEqualTo(7);
  }
}
