package io.salesvelocity.velocity.domain.lead;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.Stage;
import io.salesvelocity.velocity.domain.math.Delta;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeadContributionTest {
  private static final int SQL = Stage.SQL.ordinal();
  private static final long DAY = 86_400_000L;

  private static RawEvent raw(String eventId) {
    return new RawEvent(eventId, 0, "t", 0, 0, 0, null, null);
  }

  private static LeadHistory lead(LeadEvent... events) {
    LeadHistory h = new LeadHistory("L1");
    for (LeadEvent e : events) {
      assertThat(LeadRules.apply(h, e, raw(e.eventId())).status()).isEqualTo(Verdict.Status.ACCEPTED);
    }
    return h;
  }

  private static LeadEvent.Created created(long t, String team, Stage stage) {
    return LeadEvents.created("c", "L1", t, team, stage.ordinal());
  }

  private static LeadEvent.StageChange stage(String id, long t, Stage stage, String team) {
    return LeadEvents.stage(id, "L1", t, stage.ordinal(), team);
  }

  private static LeadEvent.Close won(long t, String amount) {
    return LeadEvents.close("k", "L1", t, true, new BigDecimal(amount), null);
  }

  @Test
  void shouldEnterThePipelineAtTheFirstStageAtOrAboveTheEntryStage() {
    Map<Attribution, Delta> c = LeadContribution.of(lead(created(0, "A", Stage.NEW), stage("s1", DAY, Stage.MQL, null),
        stage("s2", 2 * DAY, Stage.SQL, null), stage("s3", 3 * DAY, Stage.PROPOSAL, null)), SQL);
    assertThat(c).containsEntry(new Attribution("A", null, 2 * DAY), Delta.pipeline(1))
        .containsEntry(new Attribution("A", null, 0), Delta.touch()).hasSize(2);
  }

  @Test
  void shouldEnterAtCreationWhenCreatedAtTheEntryStage() {
    Map<Attribution, Delta> c = LeadContribution.of(lead(created(5, "A", Stage.SQL)), SQL);
    assertThat(c).containsEntry(new Attribution("A", null, 5), Delta.pipeline(1).plus(Delta.touch()));
  }

  @Test
  void shouldComputeTheCycleFromEntryToClose() {
    Map<Attribution, Delta> c = LeadContribution.of(lead(created(0, "A", Stage.NEW),
        stage("s1", 10 * DAY, Stage.SQL, null), won(40 * DAY, "500.00")), SQL);
    assertThat(c.get(new Attribution("A", null, 40 * DAY)))
        .isEqualTo(Delta.pipeline(-1).plus(Delta.wonDeal(new BigDecimal("500.00"), 30 * DAY)));
  }

  @Test
  void shouldTakeCreatedAtAsEntryForALeadThatClosesWithoutEntering() {
    Map<Attribution, Delta> c = LeadContribution.of(lead(created(0, "A", Stage.NEW), won(7 * DAY, "10.00")), SQL);
    assertThat(c.get(new Attribution("A", null, 7 * DAY))).isEqualTo(Delta.wonDeal(new BigDecimal("10.00"), 7 * DAY));
    assertThat(c.values().stream().mapToLong(Delta::pipeline).sum()).isZero();
  }

  @Test
  void shouldMoveThePipelineToTheNewTeamAtAReassignment() {
    Map<Attribution, Delta> c = LeadContribution.of(lead(created(0, "A", Stage.SQL),
        stage("s1", DAY, Stage.PROPOSAL, "B")), SQL);
    assertThat(c.get(new Attribution("A", null, DAY))).isEqualTo(Delta.pipeline(-1));
    assertThat(c.get(new Attribution("B", null, DAY))).isEqualTo(Delta.pipeline(1).plus(Delta.touch()));
  }

  @Test
  void shouldAttributeACloseToTheTeamNamedOnTheClose() {
    LeadHistory h = lead(created(0, "A", Stage.SQL),
        LeadEvents.close("k", "L1", DAY, false, null, "B"));
    Map<Attribution, Delta> c = LeadContribution.of(h, SQL);
    assertThat(c.get(new Attribution("A", null, DAY))).isEqualTo(Delta.pipeline(-1));
    assertThat(c.get(new Attribution("B", null, DAY))).isEqualTo(Delta.lostDeal().plus(Delta.touch()));
  }

  @Test
  void shouldGiveTheSameContributionWhateverTheArrivalOrder() {
    LeadEvent[] events = {created(0, "A", Stage.NEW), stage("s1", DAY, Stage.SQL, null),
        stage("s2", 2 * DAY, Stage.MQL, "B"), stage("s3", 3 * DAY, Stage.NEGOTIATION, null), won(5 * DAY, "7.50")};
    Map<Attribution, Delta> sorted = LeadContribution.of(lead(events), SQL);
    Map<Attribution, Delta> reversed = LeadContribution.of(lead(events[4], events[3], events[2], events[1],
        events[0]), SQL);
    assertThat(reversed).isEqualTo(sorted);
  }

  @Test
  void shouldDiffToRetractWhatALateEventChanges() {
    LeadHistory h = lead(created(0, "A", Stage.NEW), stage("s2", 5 * DAY, Stage.SQL, null));
    Map<Attribution, Delta> before = LeadContribution.of(h, SQL);
    LeadRules.apply(h, stage("s1", 2 * DAY, Stage.SQL, null), raw("s1"));
    Map<Attribution, Delta> diff = LeadContribution.diff(before, LeadContribution.of(h, SQL));
    assertThat(diff).containsOnly(Map.entry(new Attribution("A", null, 5 * DAY), Delta.pipeline(-1)),
        Map.entry(new Attribution("A", null, 2 * DAY), Delta.pipeline(1)));
  }

  @Test
  void shouldContributeNothingBeforeTheLeadIsCreated() {
    LeadHistory h = new LeadHistory("L1");
    LeadRules.apply(h, stage("s1", DAY, Stage.SQL, "A"), raw("s1"));
    assertThat(LeadContribution.of(h, SQL)).isEmpty();
  }
}
