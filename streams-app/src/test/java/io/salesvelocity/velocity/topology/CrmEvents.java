package io.salesvelocity.velocity.topology;

import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.Outcome;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.StageChanged;
import java.math.BigDecimal;
import java.time.Instant;

/** Valid CRM events for tests, with explicit event times. */
public final class CrmEvents {
  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  public static final long DAY = 86_400_000L;

  private CrmEvents() {
  }

  public static Instant day(double days) {
    return T0.plusMillis((long) (days * DAY));
  }

  public static LeadCreated created(String eventId, String leadId, String team, Instant at, Stage stage) {
    return LeadCreated.newBuilder().setEventId(eventId).setLeadId(leadId).setTeamId(team).setCreatedAt(at)
        .setStage(stage).setCurrency("USD").build();
  }

  public static StageChanged stage(String eventId, String leadId, Instant at, Stage to) {
    return StageChanged.newBuilder().setEventId(eventId).setLeadId(leadId).setChangedAt(at).setToStage(to).build();
  }

  public static StageChanged reassign(String eventId, String leadId, Instant at, Stage to, String team) {
    return StageChanged.newBuilder().setEventId(eventId).setLeadId(leadId).setChangedAt(at).setToStage(to)
        .setTeamId(team).build();
  }

  public static DealClosed won(String eventId, String leadId, Instant at, String amount) {
    return DealClosed.newBuilder().setEventId(eventId).setLeadId(leadId).setClosedAt(at).setOutcome(Outcome.WON)
        .setAmount(new BigDecimal(amount).setScale(2)).setCurrency("USD").build();
  }

  public static DealClosed lost(String eventId, String leadId, Instant at) {
    return DealClosed.newBuilder().setEventId(eventId).setLeadId(leadId).setClosedAt(at).setOutcome(Outcome.LOST)
        .setCurrency("USD").build();
  }
}
