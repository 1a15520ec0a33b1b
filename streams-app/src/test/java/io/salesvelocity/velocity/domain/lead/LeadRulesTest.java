package io.salesvelocity.velocity.domain.lead;

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
    apply(LeadEvents.created("c", "L1", 0, "A", 0));
    assertThat(apply(LeadEvents.created("c", "L1", 0, "A", 0)).status()).isEqualTo(Verdict.Status.DUPLICATE);
  }

  @Test
  void shouldRejectASecondLeadCreated() {
    apply(LeadEvents.created("c", "L1", 0, "A", 0));
    Verdict v = apply(LeadEvents.created("c2", "L1", 1, "B", 0));
    assertThat(v.rejection()).isEqualTo(Rejection.DUPLICATE_LEAD);
  }

  @Test
  void shouldRejectAStageChangeAfterTheClose() {
    apply(LeadEvents.created("c", "L1", 0, "A", 0));
    apply(LeadEvents.close("k", "L1", DAY, false, null, null));
    Verdict v = apply(LeadEvents.stage("s", "L1", 2 * DAY, Stage.SQL.ordinal(), null));
    assertThat(v.rejection()).isEqualTo(Rejection.ALREADY_CLOSED);
  }

  @Test
  void shouldAcceptAnOutOfOrderStageChangeFromBeforeTheClose() {
    apply(LeadEvents.created("c", "L1", 0, "A", 0));
    apply(LeadEvents.close("k", "L1", 2 * DAY, false, null, null));
    assertThat(apply(LeadEvents.stage("s", "L1", DAY, Stage.SQL.ordinal(), null)).status())
        .isEqualTo(Verdict.Status.ACCEPTED);
  }

  @Test
  void shouldRejectALaterSecondClose() {
    apply(LeadEvents.created("c", "L1", 0, "A", 0));
    apply(LeadEvents.close("k1", "L1", DAY, true, BigDecimal.TEN, null));
    Verdict v = apply(LeadEvents.close("k2", "L1", 2 * DAY, false, null, null));
    assertThat(v.rejection()).isEqualTo(Rejection.ALREADY_CLOSED);
    assertThat(lead.closed().eventId()).isEqualTo("k1");
  }

  @Test
  void shouldLetAnEarlierCloseSupersedeALaterOneAndRefuseTheLaterOne() {
    apply(LeadEvents.created("c", "L1", 0, "A", 0));
    apply(LeadEvents.close("k2", "L1", 2 * DAY, false, null, null));
    Verdict v = apply(LeadEvents.close("k1", "L1", DAY, true, BigDecimal.TEN, null));
    assertThat(v.status()).isEqualTo(Verdict.Status.ACCEPTED);
    assertThat(v.evicted()).singleElement().satisfies(d -> {
      assertThat(d.reason()).isEqualTo(Rejection.ALREADY_CLOSED);
      assertThat(d.raw().eventId()).isEqualTo("k2");
    });
    assertThat(lead.closed().eventId()).isEqualTo("k1");
  }

  @Test
  void shouldRefuseHeldEventsFromBeforeTheLeadWasCreated() {
    apply(LeadEvents.stage("early", "L1", 0, Stage.MQL.ordinal(), null));
    apply(LeadEvents.stage("ok", "L1", 2 * DAY, Stage.SQL.ordinal(), null));
    Verdict v = apply(LeadEvents.created("c", "L1", DAY, "A", 0));
    assertThat(v.evicted()).singleElement().satisfies(d -> {
      assertThat(d.reason()).isEqualTo(Rejection.BEFORE_LEAD_CREATED);
      assertThat(d.raw().eventId()).isEqualTo("early");
    });
    assertThat(lead.stages()).extracting(LeadHistory.StageEntry::eventId).containsExactly("ok");
    assertThat(lead.held()).isEmpty();
  }

  @Test
  void shouldRefuseEverythingHeldForALeadNeverCreated() {
    apply(LeadEvents.stage("s", "L1", 0, Stage.MQL.ordinal(), null));
    assertThat(LeadRules.expireUnknown(lead)).singleElement()
        .satisfies(d -> assertThat(d.reason()).isEqualTo(Rejection.UNKNOWN_LEAD));
  }

  @Test
  void shouldRejectEventsBeforeCreation() {
    apply(LeadEvents.created("c", "L1", DAY, "A", 0));
    assertThat(apply(LeadEvents.stage("s", "L1", 0, 1, null)).rejection())
        .isEqualTo(Rejection.BEFORE_LEAD_CREATED);
    assertThat(apply(LeadEvents.close("k", "L1", 0, false, null, null)).rejection())
        .isEqualTo(Rejection.BEFORE_LEAD_CREATED);
  }

  @Test
  void shouldRefuseAnEventIdReusedWithOtherContentAndKeepTheFirstEvent() {
    apply(LeadEvents.created("c", "L1", 0, "A", 0));
    apply(LeadEvents.stage("e7", "L1", DAY, Stage.SQL.ordinal(), null));
    // a WON close that reuses the stage change's id: another event, not a re-delivery
    Verdict v = apply(LeadEvents.close("e7", "L1", 2 * DAY, true, BigDecimal.TEN, null));
    assertThat(v.rejection()).isEqualTo(Rejection.CONFLICTING_DUPLICATE);
    assertThat(v.message()).contains("e7");
    assertThat(lead.closed()).isNull();
    assertThat(lead.stages()).extracting(LeadHistory.StageEntry::eventId).containsExactly("e7");
  }

  @Test
  void shouldTakeAReDeliveryOfAnEventStoredWithoutAFingerprintAsADuplicate() {
    LeadHistory stored = new LeadHistory("L1", new LeadHistory.Created("c", 0, "A", 0, 0), java.util.List.of(), null,
        null, java.util.Map.of());
    assertThat(LeadRules.apply(stored, LeadEvents.created("c", "L1", 0, "A", 0), raw("c")).status())
        .isEqualTo(Verdict.Status.DUPLICATE);
  }

  @Test
  void shouldHoldBoundedBytesForALeadThatWaitsForItsLeadCreated() {
    byte[] big = new byte[(int) (LeadHistory.MAX_HELD_BYTES / 3)];
    for (int i = 0; i < 3; i++) {
      Verdict v = LeadRules.apply(lead, LeadEvents.stage("s" + i, "L1", DAY + i, Stage.SQL.ordinal(), null),
          new RawEvent("s" + i, DAY + i, "crm", 0, i, 0, null, big));
      assertThat(v.status()).isEqualTo(Verdict.Status.ACCEPTED);
    }
    Verdict full = LeadRules.apply(lead, LeadEvents.stage("s9", "L1", 2 * DAY, Stage.SQL.ordinal(), null),
        new RawEvent("s9", 2 * DAY, "crm", 0, 9, 0, null, big));
    assertThat(full.rejection()).isEqualTo(Rejection.TOO_MANY_EVENTS);
    assertThat(lead.heldBytes()).isLessThanOrEqualTo(LeadHistory.MAX_HELD_BYTES);
  }

  @Test
  void shouldRefuseAnEventOlderThanWhatACompactedLeadStillKeeps() {
    apply(LeadEvents.created("c", "L1", 0, "A", 0));
    for (int i = 1; i <= LeadHistory.MAX_STAGES; i++) {
      apply(LeadEvents.stage("s" + i, "L1", i * 60_000L, 1 + i % 6, null));
    }
    lead.compact(Long.MIN_VALUE);
    assertThat(lead.stages()).hasSize(LeadHistory.KEPT_BY_FOLD);
    long oldestKept = lead.stages().get(0).time();
    assertThat(lead.foldedBefore()).isEqualTo(oldestKept);

    Verdict late = apply(LeadEvents.stage("late", "L1", oldestKept - 1, Stage.SQL.ordinal(), null));
    assertThat(late.rejection()).isEqualTo(Rejection.TOO_MANY_EVENTS);
    assertThat(apply(LeadEvents.stage("on-time", "L1", oldestKept, Stage.SQL.ordinal(), null)).status())
        .isEqualTo(Verdict.Status.ACCEPTED);
  }

  @Test
  void shouldNeverFoldPastTheClose() {
    apply(LeadEvents.created("c", "L1", 0, "A", 0));
    apply(LeadEvents.close("k", "L1", 10 * 60_000L, false, null, null));
    for (int i = 0; i < LeadHistory.MAX_STAGES; i++) {
      apply(LeadEvents.stage("s" + i, "L1", 10 * 60_000L, 1 + i % 6, null)); // all at the close's instant
    }
    lead.compact(Long.MAX_VALUE);
    assertThat(lead.foldedBefore()).isLessThanOrEqualTo(lead.closed().time());
    Verdict v = apply(LeadEvents.stage("one-more", "L1", 10 * 60_000L, 1, null));
    assertThat(v.rejection()).as("nothing can be folded: the cap holds").isEqualTo(Rejection.TOO_MANY_EVENTS);
  }
}
