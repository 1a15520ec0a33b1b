package io.salesvelocity.velocity.lead;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.Stage;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class LeadRulesTest {
  private static final long DAY = 86_400_000L;
  private final LeadHistory lead = new LeadHistory("L1");

  private static RawEvent raw(String eventId) {
    return new RawEvent(eventId, 0, "crm", 0, 42, 0, null, new byte[] {1});
  }

  private Verdict apply(LeadEvent e) {
    return LeadRules.apply(lead, e, raw(e.eventId()));
  }

  @Test
  void shouldCountAnEventIdOnce() {
    apply(new LeadEvent.Created("c", "L1", 0, "A", 0));
    assertThat(apply(new LeadEvent.Created("c", "L1", 0, "A", 0)).status()).isEqualTo(Verdict.Status.DUPLICATE);
  }

  @Test
  void shouldRejectASecondLeadCreated() {
    apply(new LeadEvent.Created("c", "L1", 0, "A", 0));
    Verdict v = apply(new LeadEvent.Created("c2", "L1", 1, "B", 0));
    assertThat(v.rejection()).isEqualTo(Rejection.DUPLICATE_LEAD);
  }

  @Test
  void shouldRejectAStageChangeAfterTheClose() {
    apply(new LeadEvent.Created("c", "L1", 0, "A", 0));
    apply(new LeadEvent.Close("k", "L1", DAY, false, null, null));
    Verdict v = apply(new LeadEvent.StageChange("s", "L1", 2 * DAY, Stage.SQL.ordinal(), null));
    assertThat(v.rejection()).isEqualTo(Rejection.ALREADY_CLOSED);
  }

  @Test
  void shouldAcceptAnOutOfOrderStageChangeFromBeforeTheClose() {
    apply(new LeadEvent.Created("c", "L1", 0, "A", 0));
    apply(new LeadEvent.Close("k", "L1", 2 * DAY, false, null, null));
    assertThat(apply(new LeadEvent.StageChange("s", "L1", DAY, Stage.SQL.ordinal(), null)).status())
        .isEqualTo(Verdict.Status.ACCEPTED);
  }

  @Test
  void shouldRejectALaterSecondClose() {
    apply(new LeadEvent.Created("c", "L1", 0, "A", 0));
    apply(new LeadEvent.Close("k1", "L1", DAY, true, BigDecimal.TEN, null));
    Verdict v = apply(new LeadEvent.Close("k2", "L1", 2 * DAY, false, null, null));
    assertThat(v.rejection()).isEqualTo(Rejection.ALREADY_CLOSED);
    assertThat(lead.closed().eventId()).isEqualTo("k1");
  }

  @Test
  void shouldLetAnEarlierCloseSupersedeALaterOneAndRefuseTheLaterOne() {
    apply(new LeadEvent.Created("c", "L1", 0, "A", 0));
    apply(new LeadEvent.Close("k2", "L1", 2 * DAY, false, null, null));
    Verdict v = apply(new LeadEvent.Close("k1", "L1", DAY, true, BigDecimal.TEN, null));
    assertThat(v.status()).isEqualTo(Verdict.Status.ACCEPTED);
    assertThat(v.evicted()).singleElement().satisfies(d -> {
      assertThat(d.reason()).isEqualTo(Rejection.ALREADY_CLOSED);
      assertThat(d.raw().eventId()).isEqualTo("k2");
    });
    assertThat(lead.closed().eventId()).isEqualTo("k1");
  }

  @Test
  void shouldRefuseHeldEventsFromBeforeTheLeadWasCreated() {
    apply(new LeadEvent.StageChange("early", "L1", 0, Stage.MQL.ordinal(), null));
    apply(new LeadEvent.StageChange("ok", "L1", 2 * DAY, Stage.SQL.ordinal(), null));
    Verdict v = apply(new LeadEvent.Created("c", "L1", DAY, "A", 0));
    assertThat(v.evicted()).singleElement().satisfies(d -> {
      assertThat(d.reason()).isEqualTo(Rejection.BEFORE_LEAD_CREATED);
      assertThat(d.raw().eventId()).isEqualTo("early");
    });
    assertThat(lead.stages()).extracting(LeadHistory.StageEntry::eventId).containsExactly("ok");
    assertThat(lead.held()).isEmpty();
  }

  @Test
  void shouldRefuseEverythingHeldForALeadNeverCreated() {
    apply(new LeadEvent.StageChange("s", "L1", 0, Stage.MQL.ordinal(), null));
    assertThat(LeadRules.expireUnknown(lead)).singleElement()
        .satisfies(d -> assertThat(d.reason()).isEqualTo(Rejection.UNKNOWN_LEAD));
  }

  @Test
  void shouldRejectEventsBeforeCreation() {
    apply(new LeadEvent.Created("c", "L1", DAY, "A", 0));
    assertThat(apply(new LeadEvent.StageChange("s", "L1", 0, 1, null)).rejection())
        .isEqualTo(Rejection.BEFORE_LEAD_CREATED);
    assertThat(apply(new LeadEvent.Close("k", "L1", 0, false, null, null)).rejection())
        .isEqualTo(Rejection.BEFORE_LEAD_CREATED);
  }
}
