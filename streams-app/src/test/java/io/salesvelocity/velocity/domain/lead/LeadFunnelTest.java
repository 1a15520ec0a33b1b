package io.salesvelocity.velocity.domain.lead;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.Stage;
import io.salesvelocity.velocity.domain.funnel.FunnelChange;
import io.salesvelocity.velocity.domain.funnel.FunnelFact;
import io.salesvelocity.velocity.domain.funnel.Resolution;
import io.salesvelocity.velocity.domain.funnel.Visit;
import io.salesvelocity.velocity.domain.segment.SegmentTag;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stage visits of the definition, lead by lead (issue 13). */
class LeadFunnelTest {
  private static final long DAY = 86_400_000L;
  private static final int NEW = Stage.NEW.ordinal();
  private static final int MQL = Stage.MQL.ordinal();
  private static final int SAL = Stage.SAL.ordinal();
  private static final int SQL = Stage.SQL.ordinal();
  private static final int PROPOSAL = Stage.PROPOSAL.ordinal();

  private static LeadHistory lead(LeadEvent... events) {
    LeadHistory lead = new LeadHistory("L");
    for (LeadEvent e : events) {
      Verdict v = LeadRules.apply(lead, e, new RawEvent(e.eventId(), e.time(), "t", 0, 0, e.time(), null, null));
      assertThat(v.status()).as(e.eventId()).isEqualTo(Verdict.Status.ACCEPTED);
    }
    return lead;
  }

  private static LeadEvent.Created created(long time, String team, int stage, String owner) {
    return LeadEvents.created("c", "L", time, team, stage, new SegmentTag(null, null, null, null, owner));
  }

  private static LeadEvent.StageChange stage(String id, long time, int stage) {
    return LeadEvents.stage(id, "L", time, stage, null, null);
  }

  /** The facts as (team, time) -> fact -> count, for comparing with expectations written out. */
  private static Map<List<Object>, Map<FunnelFact, Integer>> facts(Map<LeadFunnel.Place, FunnelChange> of) {
    Map<List<Object>, Map<FunnelFact, Integer>> out = new LinkedHashMap<>();
    of.forEach((p, c) -> out.put(List.of(p.teamId(), p.time()), c.counts()));
    return out;
  }

  private static FunnelFact.Exit exit(int stage, long duration, boolean advanced) {
    return new FunnelFact.Exit(stage, duration, advanced);
  }

  private static FunnelFact.Arrive arrive(int stage, long began, String owner) {
    return new FunnelFact.Arrive(new Visit(stage, began, "L", owner));
  }

  private static FunnelFact.Leave leave(int stage, long began, String owner, Resolution how) {
    return new FunnelFact.Leave(new Visit(stage, began, "L", owner), how);
  }

  @Test
  void shouldVisitOnlyTheStagesALeadArrivesAtWhenItSkipsSome() {
    LeadHistory l = lead(created(0, "A", NEW, "ana"), stage("s1", DAY, MQL), stage("s2", 3 * DAY, SQL));

    assertThat(facts(LeadFunnel.of(l))).containsExactly(
        Map.entry(List.of("A", 0L), Map.of(arrive(NEW, 0, "ana"), 1)),
        Map.entry(List.of("A", DAY), Map.of(exit(NEW, DAY, true), 1, leave(NEW, 0, "ana", Resolution.ADVANCED), 1,
            arrive(MQL, DAY, "ana"), 1)),
        Map.entry(List.of("A", 3 * DAY), Map.of(exit(MQL, 2 * DAY, true), 1,
            leave(MQL, DAY, "ana", Resolution.ADVANCED), 1, arrive(SQL, 3 * DAY, "ana"), 1)));
  }

  @Test
  void shouldCountAMoveBackAsAnExitThatDidNotAdvance() {
    LeadHistory l = lead(created(0, "A", SQL, null), stage("s1", 2 * DAY, MQL));

    assertThat(facts(LeadFunnel.of(l)).get(List.of("A", 2 * DAY))).isEqualTo(Map.of(exit(SQL, 2 * DAY, false), 1,
        leave(SQL, 0, null, Resolution.MOVED_BACK), 1, arrive(MQL, 2 * DAY, null), 1));
  }

  @Test
  void shouldIgnoreAChangeToTheStageTheLeadIsIn() {
    LeadHistory l = lead(created(0, "A", MQL, null), stage("s1", DAY, MQL), stage("s2", 2 * DAY, SQL));

    Map<List<Object>, Map<FunnelFact, Integer>> f = facts(LeadFunnel.of(l));
    assertThat(f).doesNotContainKey(List.of("A", DAY));
    assertThat(f.get(List.of("A", 2 * DAY))).containsEntry(exit(MQL, 2 * DAY, true), 1);
  }

  @Test
  void shouldMoveAnOpenVisitToTheNewTeamAndCountItsWholeDurationThereWhenItEnds() {
    LeadHistory l = lead(created(0, "A", SAL, "ana"), LeadEvents.stage("s1", "L", DAY, SAL, "B", null),
        LeadEvents.stage("s2", "L", 4 * DAY, SQL, null, null));

    assertThat(facts(LeadFunnel.of(l))).containsExactly(
        Map.entry(List.of("A", 0L), Map.of(arrive(SAL, 0, "ana"), 1)),
        // the visit goes on, begun at 0: it leaves A and arrives at B
        Map.entry(List.of("A", DAY), Map.of(leave(SAL, 0, "ana", Resolution.REASSIGNED), 1)),
        Map.entry(List.of("B", DAY), Map.of(arrive(SAL, 0, "ana"), 1)),
        Map.entry(List.of("B", 4 * DAY), Map.of(exit(SAL, 4 * DAY, true), 1,
            leave(SAL, 0, "ana", Resolution.ADVANCED), 1, arrive(SQL, 4 * DAY, "ana"), 1)));
  }

  @Test
  void shouldMoveAnOpenVisitToTheNewRepWithinItsTeam() {
    LeadHistory l = lead(created(0, "A", SAL, "ana"), LeadEvents.stage("s1", "L", DAY, SAL, null, "bo"));

    assertThat(facts(LeadFunnel.of(l)).get(List.of("A", DAY))).isEqualTo(Map.of(
        leave(SAL, 0, "ana", Resolution.REASSIGNED), 1, arrive(SAL, 0, "bo"), 1));
  }

  @Test
  void shouldCountAnExitForTheTeamThatHoldsTheLeadAfterEveryEventOfItsInstant() {
    // the change that ends the visit also gives the lead to B: the exit is B's, the leaving A's
    LeadHistory l = lead(created(0, "A", SAL, null), LeadEvents.stage("s1", "L", DAY, SQL, "B", null));

    assertThat(facts(LeadFunnel.of(l))).containsExactly(
        Map.entry(List.of("A", 0L), Map.of(arrive(SAL, 0, null), 1)),
        Map.entry(List.of("B", DAY), Map.of(exit(SAL, DAY, true), 1, arrive(SQL, DAY, null), 1)),
        Map.entry(List.of("A", DAY), Map.of(leave(SAL, 0, null, Resolution.ADVANCED), 1)));
  }

  @Test
  void shouldEndTheLastVisitAtTheCloseAdvancedWhenWon() {
    LeadHistory won = lead(created(0, "A", PROPOSAL, null),
        LeadEvents.close("k", "L", 5 * DAY, true, new BigDecimal("10"), null));
    assertThat(facts(LeadFunnel.of(won)).get(List.of("A", 5 * DAY))).isEqualTo(Map.of(
        exit(PROPOSAL, 5 * DAY, true), 1, leave(PROPOSAL, 0, null, Resolution.WON), 1));

    LeadHistory lost = lead(created(0, "A", PROPOSAL, null), LeadEvents.close("k", "L", 5 * DAY, false, null, null));
    assertThat(facts(LeadFunnel.of(lost)).get(List.of("A", 5 * DAY))).isEqualTo(Map.of(
        exit(PROPOSAL, 5 * DAY, false), 1, leave(PROPOSAL, 0, null, Resolution.LOST), 1));
  }

  @Test
  void shouldCountAVisitBegunAndEndedAtOneInstantAsAnExitOfNoDurationThatIsNeverOpen() {
    LeadHistory l = lead(created(0, "A", NEW, null), stage("s1", DAY, MQL),
        LeadEvents.close("k", "L", DAY, false, null, null));

    assertThat(facts(LeadFunnel.of(l)).get(List.of("A", DAY))).isEqualTo(Map.of(exit(NEW, DAY, true), 1,
        exit(MQL, 0, false), 1, leave(NEW, 0, null, Resolution.ADVANCED), 1));
  }

  @Test
  void shouldSendTheSameFactsWhateverOrderTheEventsArriveIn() {
    List<LeadEvent> events = List.of(created(0, "A", NEW, "ana"), stage("s1", DAY, MQL),
        LeadEvents.stage("s2", "L", 2 * DAY, SAL, "B", null), stage("s3", 3 * DAY, MQL),
        LeadEvents.stage("s4", "L", 3 * DAY + 5, MQL, null, "bo"), stage("s5", 6 * DAY, SQL),
        LeadEvents.close("k", "L", 9 * DAY, true, BigDecimal.ONE, "C", "cy"));
    Map<LeadFunnel.Place, FunnelChange> expected = LeadFunnel.of(lead(events.toArray(LeadEvent[]::new)));
    Random random = new Random(3);
    for (int round = 0; round < 50; round++) {
      List<LeadEvent> shuffled = new ArrayList<>(events);
      Collections.shuffle(shuffled, random);
      LeadHistory l = new LeadHistory("L");
      Map<LeadFunnel.Place, FunnelChange> sent = new HashMap<>();
      for (LeadEvent e : shuffled) {
        Map<LeadFunnel.Place, FunnelChange> before = LeadFunnel.of(l);
        LeadRules.apply(l, e, new RawEvent(e.eventId(), e.time(), "t", 0, 0, e.time(), null, null));
        LeadFunnel.diff(before, LeadFunnel.of(l)).forEach((p, c) -> sent.merge(p, c, FunnelChange::plus));
      }
      sent.values().removeIf(FunnelChange::isEmpty);
      assertThat(sent).as("order %s", shuffled.stream().map(LeadEvent::eventId).toList()).isEqualTo(expected);
    }
  }

  @Test
  void shouldKeepTheFactsFromTheFoldOnWhenALongHistoryIsFolded() {
    List<LeadEvent> events = new ArrayList<>();
    events.add(created(0, "A", NEW, "ana"));
    for (int i = 1; i <= LeadHistory.MAX_STAGES; i++) {
      // back and forth between two stages, a reassignment now and then
      events.add(LeadEvents.stage("s" + i, "L", i * 60_000L, i % 2 == 0 ? MQL : SAL, i % 40 == 0 ? "T" + i : null,
          i % 30 == 0 ? "rep" + i : null));
    }
    LeadHistory full = lead(events.toArray(LeadEvent[]::new));
    Map<LeadFunnel.Place, FunnelChange> unfolded = new HashMap<>(LeadFunnel.of(full));
    full.compact(Long.MIN_VALUE);
    assertThat(full.fold()).isNotNull();
    long from = full.foldedBefore();
    unfolded.keySet().removeIf(p -> p.time() < from);

    assertThat(LeadFunnel.of(full)).isEqualTo(unfolded);
    // a lead whose teams never had its facts also sends the visit it is in at the fold as arriving there
    Map<LeadFunnel.Place, FunnelChange> first = LeadFunnel.firstSend(full);
    assertThat(first.keySet()).containsAll(unfolded.keySet());
    LeadHistory.Fold fold = full.fold();
    assertThat(first.get(new LeadFunnel.Place(fold.teamId(), from)).counts())
        .containsEntry(new FunnelFact.Arrive(new Visit(fold.visitStage(), fold.visitBegan(), "L", fold.ownerId())), 1);
  }

  @Test
  void shouldHoldAVisitWithTheLatestEstimateAndReviseItInPlaceWithoutEndingTheVisit() {
    BigDecimal first = new BigDecimal("50000");
    BigDecimal revised = new BigDecimal("64000.5");
    LeadHistory l = lead(LeadEvents.estimated("c", "L", 0, "A", SQL, first),
        LeadEvents.revision("s1", "L", DAY, SQL, revised), // to the stage it is in: only the amount changes
        LeadEvents.revision("s2", "L", 3 * DAY, PROPOSAL, null)); // no estimate: the last one holds
    Visit sql = new Visit(SQL, 0, "L", null);

    assertThat(facts(LeadFunnel.of(l))).containsExactly(
        Map.entry(List.of("A", 0L), Map.of(new FunnelFact.Arrive(sql, new BigDecimal("50000.00")), 1)),
        Map.entry(List.of("A", DAY), Map.of(new FunnelFact.Leave(sql, Resolution.REVISED, new BigDecimal("50000.00")),
            1, new FunnelFact.Arrive(sql, new BigDecimal("64000.50")), 1)),
        Map.entry(List.of("A", 3 * DAY), Map.of(exit(SQL, 3 * DAY, true), 1,
            new FunnelFact.Leave(sql, Resolution.ADVANCED, new BigDecimal("64000.50")), 1,
            new FunnelFact.Arrive(new Visit(PROPOSAL, 3 * DAY, "L", null), new BigDecimal("64000.50")), 1)));
  }

  @Test
  void shouldKeepTheLatestEstimateOfTheFoldedChanges() {
    List<LeadEvent> events = new ArrayList<>();
    events.add(LeadEvents.estimated("c", "L", 0, "A", NEW, new BigDecimal("10")));
    for (int i = 1; i <= LeadHistory.MAX_STAGES; i++) {
      events.add(LeadEvents.revision("s" + i, "L", i * 60_000L, i % 2 == 0 ? MQL : SAL,
          i % 7 == 0 ? new BigDecimal(i) : null));
    }
    LeadHistory full = lead(events.toArray(LeadEvent[]::new));
    Map<LeadFunnel.Place, FunnelChange> unfolded = new HashMap<>(LeadFunnel.of(full));
    full.compact(Long.MIN_VALUE);
    long from = full.foldedBefore();
    unfolded.keySet().removeIf(p -> p.time() < from);
    // the last revision before the fold
    int lastFolded = (int) ((from - 1) / 60_000L);
    assertThat(full.fold().amount()).isEqualByComparingTo(new BigDecimal(lastFolded - lastFolded % 7));

    assertThat(LeadFunnel.of(full)).isEqualTo(unfolded);
  }

  @Test
  void shouldSendNothingForALeadNotCreatedYet() {
    LeadHistory l = new LeadHistory("L");
    LeadRules.apply(l, stage("s1", DAY, MQL), new RawEvent("s1", DAY, "t", 0, 0, DAY, null, new byte[] {1}));
    assertThat(LeadFunnel.of(l)).isEmpty();
  }
}
