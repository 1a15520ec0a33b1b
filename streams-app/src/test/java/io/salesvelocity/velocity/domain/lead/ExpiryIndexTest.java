package io.salesvelocity.velocity.domain.lead;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.Stage;
import org.junit.jupiter.api.Test;

class ExpiryIndexTest {
  private static final long DAY = 86_400_000L;
  private final ExpiryIndex index = new ExpiryIndex();

  private static LeadHistory apply(LeadHistory lead, LeadEvent e) {
    LeadRules.apply(lead, e, new RawEvent(e.eventId(), e.time(), "crm", 0, 0, e.time(), null, new byte[] {1}));
    return lead;
  }

  /** Applies the event and indexes the lead as the processor does. */
  private LeadHistory step(LeadHistory lead, LeadEvent e) {
    Long before = ExpiryIndex.expiryTime(lead);
    apply(lead, e);
    index.update(lead, before);
    return lead;
  }

  @Test
  void shouldNotIndexAnOpenLead() {
    step(new LeadHistory("L1"), LeadEvents.created("c", "L1", DAY, "A", 0));
    assertThat(index.pollBefore(Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void shouldMakeAClosedLeadDueAtItsClose() {
    LeadHistory lead = step(new LeadHistory("L1"), LeadEvents.created("c", "L1", DAY, "A", 0));
    step(lead, LeadEvents.close("k", "L1", 3 * DAY, true, null, null));
    assertThat(index.pollBefore(3 * DAY)).isEmpty();
    assertThat(index.pollBefore(3 * DAY + 1)).containsExactly(new ExpiryIndex.Due("L1", true));
    assertThat(index.pollBefore(Long.MAX_VALUE)).as("polled once").isEmpty();
  }

  @Test
  void shouldMoveALeadWaitingForItsCreationWithItsLatestEvent() {
    LeadHistory lead = step(new LeadHistory("L1"), LeadEvents.stage("s1", "L1", DAY, Stage.MQL.ordinal(),
        null));
    step(lead, LeadEvents.stage("s2", "L1", 2 * DAY, Stage.SQL.ordinal(), null));
    assertThat(index.pollBefore(2 * DAY)).isEmpty();
    assertThat(index.pollBefore(2 * DAY + 1)).containsExactly(new ExpiryIndex.Due("L1", false));
  }

  @Test
  void shouldForgetAWaitingLeadOnceItIsCreatedAndStillOpen() {
    LeadHistory lead = step(new LeadHistory("L1"), LeadEvents.stage("s1", "L1", 2 * DAY,
        Stage.MQL.ordinal(), null));
    step(lead, LeadEvents.created("c", "L1", DAY, "A", 0));
    assertThat(index.pollBefore(Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void shouldMarkAWaitingLeadCreatedWhenItsCloseCameAtTheSameTime() {
    LeadHistory lead = step(new LeadHistory("L1"), LeadEvents.close("k", "L1", 2 * DAY, false, null, null));
    step(lead, LeadEvents.created("c", "L1", DAY, "A", 0));
    assertThat(index.pollBefore(Long.MAX_VALUE)).containsExactly(new ExpiryIndex.Due("L1", true));
  }

  @Test
  void shouldPollEarliestFirstAndKeepTheRest() {
    for (int i = 3; i >= 1; i--) {
      String id = "L" + i;
      LeadHistory lead = step(new LeadHistory(id), LeadEvents.created("c" + i, id, 0, "A", 0));
      step(lead, LeadEvents.close("k" + i, id, i * DAY, true, null, null));
    }
    assertThat(index.pollBefore(2 * DAY + 1)).extracting(ExpiryIndex.Due::leadId).containsExactly("L1", "L2");
    index.clear();
    assertThat(index.pollBefore(Long.MAX_VALUE)).isEmpty();
  }
}
