package io.salesvelocity.velocity.inline;

import io.salesvelocity.velocity.domain.flow.Flow;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.generator.CrmSimulator;
import io.salesvelocity.generator.Delivery;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.EventType;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.Outcome;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.StageChanged;
import io.salesvelocity.velocity.domain.lead.LeadEvent;
import io.salesvelocity.velocity.domain.lead.LeadFlow;
import io.salesvelocity.velocity.domain.lead.LeadHistory;
import io.salesvelocity.velocity.domain.lead.LeadRules;
import io.salesvelocity.velocity.domain.lead.RawEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * {@link LeadFlow}, lead by lead, summed over a generated history (estimates revised, leads reassigned between teams,
 * re-deliveries, events out of order within the grace period), equals the bridge of every scope and day that
 * {@link ForecastFlowReference} computes from the events alone; the day's start and end are the sums of the flows
 * before it, so the engine needs no other state for them.
 */
class LeadFlowDefinitionTest {
  static final Instant START = Instant.parse("2025-03-01T00:00:00Z");
  static final int DAYS = 50;

  /** A generated history (revisions, reassignments, re-deliveries, 6 h of disorder) and its leads' histories. */
  static Map<String, LeadHistory> generated(List<SpecificRecord> events) {
    List<Delivery> deliveries = new ArrayList<>();
    new CrmSimulator(Scenario.defaults(28, START).withImperfections(0.02, java.time.Duration.ofHours(6), 0),
        START.plusSeconds(DAYS * 86_400L)).forEachRemaining(deliveries::add);
    deliveries.sort(Comparator.comparing(Delivery::deliverAt)); // the order they arrive in: out of order by up to 6 h
    Map<String, LeadHistory> leads = new HashMap<>();
    for (Delivery d : deliveries) {
      if (d.record() == null) {
        continue;
      }
      events.add(d.record());
      LeadHistory lead = leads.computeIfAbsent(d.key(), LeadHistory::new);
      LeadRules.apply(lead, event(d.record()), new RawEvent(eventId(d.record()), 0, "t", 0, 0, 0, null, null));
    }
    return leads;
  }

  @Test
  void shouldSumToTheDefinitionsBridgeForEveryScopeAndDay() {
    List<SpecificRecord> events = new ArrayList<>();
    Map<String, LeadHistory> leads = generated(events);
    Map<LeadFlow.Key, Flow> summed = new HashMap<>();
    for (LeadHistory lead : leads.values()) {
      LeadFlow.of(lead, Stage.SQL.ordinal()).forEach((k, f) -> summed.merge(k, f, Flow::plus));
    }

    ForecastFlowReference reference = new ForecastFlowReference(events, 90, Stage.SQL);
    long lastDay = ForecastFlowReference.dayOf(START.toEpochMilli()) + DAYS - 1;
    int compared = 0;
    for (ForecastFlowReference.BridgeRow row : reference.bridges(lastDay)) {
      String team = row.scope().equals(ForecastFlowReference.ALL) ? LeadFlow.Key.ALL : row.scope();
      Flow f = summed.getOrDefault(new LeadFlow.Key(team, row.day()), Flow.ZERO);
      String what = row.scope() + " " + row.day();
      assertThat(f.entered()).as(what).isEqualTo(row.enteredCount());
      assertThat(f.enteredValue()).as(what).isEqualByComparingTo(row.enteredValue());
      assertThat(f.movedIn()).as(what).isEqualTo(row.movedInCount());
      assertThat(f.movedInValue()).as(what).isEqualByComparingTo(row.movedInValue());
      assertThat(f.movedOut()).as(what).isEqualTo(row.movedOutCount());
      assertThat(f.movedOutValue()).as(what).isEqualByComparingTo(row.movedOutValue());
      assertThat(f.won()).as(what).isEqualTo(row.wonCount());
      assertThat(f.wonValue()).as(what).isEqualByComparingTo(row.wonValue());
      assertThat(f.lost()).as(what).isEqualTo(row.lostCount());
      assertThat(f.lostValue()).as(what).isEqualByComparingTo(row.lostValue());
      assertThat(f.revalued()).as(what).isEqualByComparingTo(row.revalued());
      assertThat(f.enteredAndClosed()).as(what).isEqualTo(row.enteredAndClosed());
      assertThat(f.netCount()).as(what).isEqualTo(row.endCount() - row.startCount());
      assertThat(f.netValue()).as(what).isEqualByComparingTo(row.endValue().subtract(row.startValue()));
      compared++;
    }
    assertThat(compared).isGreaterThan(5 * (DAYS - 5));
    assertThat(summed.values()).anyMatch(f -> f.movedIn() > 0).anyMatch(f -> f.revalued().signum() != 0)
        .anyMatch(f -> f.enteredAndClosed() > 0).anyMatch(f -> f.won() > 0).anyMatch(f -> f.lost() > 0);
  }

  static String eventId(SpecificRecord r) {
    return (String) r.get(r.getSchema().getField("eventId").pos());
  }

  /** The decoder's view of a record (without its fingerprint's role: every event here is new or an exact copy). */
  static LeadEvent event(SpecificRecord r) {
    long fingerprint = r.hashCode();
    return switch (EventType.of(r)) {
      case LEAD_CREATED -> {
        LeadCreated c = (LeadCreated) r;
        yield new LeadEvent.Created(c.getEventId(), c.getLeadId(), c.getCreatedAt().toEpochMilli(), c.getTeamId(),
            c.getStage().ordinal(), fingerprint, null, c.getAmount());
      }
      case STAGE_CHANGED -> {
        StageChanged s = (StageChanged) r;
        yield new LeadEvent.StageChange(s.getEventId(), s.getLeadId(), s.getChangedAt().toEpochMilli(),
            s.getToStage().ordinal(), s.getTeamId(), fingerprint, s.getOwnerId(), s.getAmount());
      }
      case DEAL_CLOSED -> {
        DealClosed c = (DealClosed) r;
        BigDecimal amount = c.getOutcome() == Outcome.WON ? c.getAmount() : null;
        yield new LeadEvent.Close(c.getEventId(), c.getLeadId(), c.getClosedAt().toEpochMilli(),
            c.getOutcome() == Outcome.WON, amount, c.getTeamId(), fingerprint, c.getOwnerId());
      }
    };
  }
}
