package io.salesvelocity.velocity.domain.funnel;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.Stage;
import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.math.UtcDays;
import io.salesvelocity.velocity.domain.team.MapDays;
import io.salesvelocity.velocity.domain.team.TeamDelta;
import io.salesvelocity.velocity.domain.team.TeamLedger;
import io.salesvelocity.velocity.domain.team.TeamState;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A team's funnel as its ledger moves it: the window of exits, percentiles by nearest rank, open visits, the stall
 * threshold (percentile with its minimum of exits, fixed, per stage) and the stalls found and resolved; the open
 * visits at the daily cursor as buckets in a store, written once per flush, and a book restored from them.
 */
class FunnelBookTest {
  private static final long DAY = 86_400_000L;
  private static final int W = 10;
  private static final int SQL = Stage.SQL.ordinal();
  private static final int MQL = Stage.MQL.ordinal();

  private final MapDays log = new MapDays();
  private final TeamLedger ledger = new TeamLedger(W * DAY, log);
  private final MapBuckets<VisitBucket> buckets = new MapBuckets<>();
  private final FunnelBook book = new FunnelBook("A", new LeadOpenVisits("A", buckets));
  private TeamState state = ledger.newTeam("A", 0);
  private final List<StallEvent> events = new ArrayList<>();

  private void send(long time, FunnelFact fact, int n) {
    state = ledger.apply(state, new TeamDelta(time, Delta.touch(), null, FunnelChange.of(fact, n)), book).state();
    book.flush();
    events.addAll(book.drainEvents());
  }

  private long dailyOpen(int stage) {
    return book.openVisits().open(stage);
  }

  private StageFigures dailyFigures(long day, StallThreshold threshold) {
    return book.dailyFigures(UtcDays.endOfDay(day), threshold).get(SQL);
  }

  private void exit(long time, int stage, long duration, boolean advanced) {
    send(time, new FunnelFact.Exit(stage, duration, advanced), 1);
  }

  private Visit open(String lead, int stage, long began) {
    Visit v = new Visit(stage, began, lead, "rep-" + lead);
    send(began, new FunnelFact.Arrive(v), 1);
    return v;
  }

  private void leave(Visit v, long at, Resolution how) {
    send(at, new FunnelFact.Leave(v, how), 1);
  }

  /** Makes every day through {@code day} final, finding stalls at each day's end as the team task does. */
  private void finalizeThrough(long day, StallThreshold threshold) {
    state = ledger.finalizeThrough(state, day, p -> book.stallsAt(p.epochDay(), p.cursor().at(), threshold), book);
    book.flush();
    events.addAll(book.drainEvents());
  }

  private static StallThreshold fixed(long days) {
    return new StallThreshold(new StallRule.Fixed(days * DAY), Map.of(), 20);
  }

  @Test
  void shouldCountTheExitsOfTheWindowWithTheirPercentilesAndForgetThemAfterIt() {
    for (int i = 1; i <= 10; i++) {
      exit(i * 1000L, SQL, i * DAY, i % 2 == 0);
    }
    finalizeThrough(0, StallThreshold.defaults());
    StageFigures f = book.dailyFigures(UtcDays.endOfDay(0), StallThreshold.defaults()).get(SQL);
    assertThat(f.exits()).isEqualTo(10);
    assertThat(f.advanced()).isEqualTo(5);
    assertThat(f.conversion()).isEqualTo(0.5);
    assertThat(f.avgDays()).isEqualTo(5.5);
    assertThat(f.medianDays()).isEqualTo(5.0); // the 5th of 10
    assertThat(f.p90Days()).isEqualTo(9.0); // the 9th of 10
    assertThat(book.dailyFigures(UtcDays.endOfDay(0), StallThreshold.defaults()).get(MQL).conversion()).isNull();

    finalizeThrough(W - 1, StallThreshold.defaults());
    assertThat(book.daily(SQL).exits()).isEqualTo(10); // day 0 is still in (T - W, T] at the end of day W - 1
    finalizeThrough(W, StallThreshold.defaults());
    assertThat(book.daily(SQL).exits()).isZero();
    assertThat(book.daily(SQL).advanced()).isZero();
  }

  @Test
  void shouldCountOpenVisitsFromTheirArrivalUntilTheyLeave() {
    Visit a = open("a", SQL, 0);
    open("b", SQL, DAY + 5);
    finalizeThrough(0, fixed(30));
    assertThat(dailyOpen(SQL)).isEqualTo(1);
    assertThat(book.currentFigures(state.current().at(), fixed(30)).get(SQL).openNow()).as("b too, and not a twice")
        .isEqualTo(2);
    leave(a, 2 * DAY + 7, Resolution.ADVANCED);
    assertThat(book.currentFigures(state.current().at(), fixed(30)).get(SQL).openNow()).isEqualTo(1);
    finalizeThrough(1, fixed(30));
    assertThat(dailyOpen(SQL)).isEqualTo(2);
    finalizeThrough(2, fixed(30));
    assertThat(dailyOpen(SQL)).isEqualTo(1);
    assertThat(MapBuckets.rows(buckets)).containsOnlyKeys(new Visit(SQL, DAY + 5, "b", "rep-b"));
  }

  @Test
  void shouldFindNothingStalledUntilAPercentileHasItsMinimumOfExits() {
    StallThreshold p50 = new StallThreshold(StallThreshold.percentile(50), Map.of(), 20);
    open("old", SQL, 0);
    for (int i = 0; i < 19; i++) {
      exit(DAY + i, SQL, DAY, true);
    }
    finalizeThrough(3, p50);
    assertThat(events).isEmpty();
    assertThat(dailyFigures(3, p50).stalledNow()).isZero();
    assertThat(dailyFigures(3, p50).thresholdMillis()).isNull();

    exit(4 * DAY, SQL, DAY, true); // the 20th: the threshold is one day
    finalizeThrough(4, p50);
    assertThat(events).containsExactly(new StallEvent.Found("A", new Visit(SQL, 0, "old", "rep-old"), 4,
        UtcDays.endOfDay(4), DAY, null));
    assertThat(dailyFigures(4, p50).stalledNow()).isEqualTo(1);
  }

  @Test
  void shouldFindAVisitStalledOnceAtTheFirstDayEndItIsOverAFixedThreshold() {
    open("v", SQL, 10 * DAY + 1); // in stage 3 days at the end of day 12, just over 3 days at the end of day 13
    finalizeThrough(12, fixed(3));
    assertThat(events).isEmpty();
    finalizeThrough(13, fixed(3));
    finalizeThrough(20, fixed(3));
    assertThat(events).hasSize(1).first().isInstanceOfSatisfying(StallEvent.Found.class, f -> {
      assertThat(f.stalledOn()).isEqualTo(13);
      assertThat(f.inStageMillis()).isEqualTo(UtcDays.endOfDay(13) - (10 * DAY + 1));
      assertThat(f.thresholdMillis()).isEqualTo(3 * DAY);
    });
    assertThat(dailyFigures(20, fixed(3)).stalledNow()).isEqualTo(1);
  }

  @Test
  void shouldCountAVisitStalledOnlyOnceItsTimeInStageExceedsTheThreshold() {
    long end = UtcDays.endOfDay(5);
    open("equal", SQL, end - 2 * DAY); // exactly the threshold: not over it
    open("over", SQL, end - 2 * DAY - 1);
    finalizeThrough(5, fixed(2));
    assertThat(events).extracting(StallEvent::visit).extracting(Visit::leadId).containsExactly("over");
    assertThat(dailyFigures(5, fixed(2)).stalledNow()).isEqualTo(1);
  }

  @Test
  void shouldApplyAStagesOwnThreshold() {
    StallThreshold t = new StallThreshold(new StallRule.Fixed(30 * DAY), Map.of(Stage.SQL, new StallRule.Fixed(DAY)),
        20);
    open("sql", SQL, 0);
    open("mql", MQL, 0);
    finalizeThrough(5, t);
    assertThat(events).extracting(StallEvent::visit).extracting(Visit::leadId).containsExactly("sql");
  }

  @Test
  void shouldResolveAStalledVisitByEachWayItCanEnd() {
    Map<String, Resolution> ways = Map.of("a", Resolution.ADVANCED, "b", Resolution.MOVED_BACK, "w", Resolution.WON,
        "l", Resolution.LOST, "r", Resolution.REASSIGNED);
    Map<String, Visit> visits = new java.util.TreeMap<>();
    ways.keySet().forEach(lead -> visits.put(lead, open(lead, SQL, 0)));
    finalizeThrough(2, fixed(1));
    assertThat(events).hasSize(5).allMatch(e -> e instanceof StallEvent.Found);
    events.clear();

    long at = 3 * DAY;
    for (Map.Entry<String, Visit> e : visits.entrySet()) {
      leave(e.getValue(), at++, ways.get(e.getKey()));
    }
    assertThat(events).isEmpty(); // resolved as the daily cursor passes the instants
    finalizeThrough(3, fixed(1));
    assertThat(events).hasSize(5).allSatisfy(e -> {
      StallEvent.Resolved r = (StallEvent.Resolved) e;
      assertThat(r.how()).isEqualTo(ways.get(r.visit().leadId()));
      assertThat(r.stalledOn()).isEqualTo(1); // in the stage longer than a day at the end of day 1
      assertThat(r.teamId()).isEqualTo("A");
    });
    assertThat(events).extracting(e -> ((StallEvent.Resolved) e).at())
        .containsExactly(3 * DAY, 3 * DAY + 1, 3 * DAY + 2, 3 * DAY + 3, 3 * DAY + 4);
  }

  @Test
  void shouldSayTheLatestAmountAVisitIsHeldWithWhenFoundStalledAndWhenResolved() {
    Visit v = new Visit(SQL, 0, "v", "rep-v");
    BigDecimal first = new BigDecimal("1000.00");
    BigDecimal revised = new BigDecimal("1250.00");
    send(0, new FunnelFact.Arrive(v, first), 1);
    // a revision: leaving and arriving again at one instant, in one part
    state = ledger.apply(state, new TeamDelta(DAY / 2, Delta.touch(), null, FunnelChange.of(
        Map.of(new FunnelFact.Leave(v, Resolution.REVISED, first), 1, new FunnelFact.Arrive(v, revised), 1))), book)
        .state();
    finalizeThrough(2, fixed(1));
    assertThat(events).singleElement().isInstanceOfSatisfying(StallEvent.Found.class,
        f -> assertThat(f.amount()).isEqualTo(revised));
    assertThat(MapBuckets.rows(buckets).get(v).amount()).isEqualTo(revised);
    assertThat(MapBuckets.rows(buckets).get(v).count()).isEqualTo(1);
    events.clear();

    send(3 * DAY, new FunnelFact.Leave(v, Resolution.WON, revised), 1);
    finalizeThrough(3, fixed(1));
    assertThat(events).singleElement().isInstanceOfSatisfying(StallEvent.Resolved.class, r -> {
      assertThat(r.how()).isEqualTo(Resolution.WON);
      assertThat(r.amount()).isEqualTo(revised);
    });
  }

  @Test
  void shouldNotResolveAStalledVisitWhoseAmountIsRevised() {
    Visit v = new Visit(SQL, 0, "v", "rep-v");
    send(0, new FunnelFact.Arrive(v, BigDecimal.TEN), 1);
    finalizeThrough(2, fixed(1));
    events.clear();
    state = ledger.apply(state, new TeamDelta(3 * DAY, Delta.touch(), null, FunnelChange.of(
        Map.of(new FunnelFact.Leave(v, Resolution.REVISED, BigDecimal.TEN), 1, new FunnelFact.Arrive(v, BigDecimal.ONE),
            1))), book).state();
    finalizeThrough(4, fixed(1));
    assertThat(events).isEmpty(); // found once; still the same visit with the same holder
    assertThat(MapBuckets.rows(buckets).get(v).amount()).isEqualByComparingTo(BigDecimal.ONE);
  }

  @Test
  void shouldResolveAtOnceWhenTheEndOfAStalledVisitArrivesAfterItsDayIsFinal() {
    Visit v = open("v", SQL, 0);
    finalizeThrough(5, fixed(1));
    events.clear();
    leave(v, 4 * DAY, Resolution.WON); // before the daily cursor: taken in at once
    assertThat(events).containsExactly(new StallEvent.Resolved("A", v, 1, 4 * DAY, Resolution.WON, null));
  }

  @Test
  void shouldNotResolveAVisitThatWasNeverFoundStalled() {
    Visit v = open("v", SQL, 0);
    leave(v, DAY, Resolution.ADVANCED);
    finalizeThrough(5, fixed(2));
    assertThat(events).isEmpty();
  }

  @Test
  void shouldWriteEachBucketOnceADayAndDeleteOnlyWhatItStored() {
    Visit brief = open("brief", SQL, 0);
    leave(brief, 1000, Resolution.ADVANCED);
    Visit kept = open("kept", SQL, 2000);
    open("kept2", SQL, 3000);
    buckets.writes.clear();
    finalizeThrough(0, fixed(30));
    // brief came and went within the day, kept and kept2 share a bucket: one write
    assertThat(buckets.writes).containsExactly(Map.entry(LeadOpenVisits.key("A", SQL, 0), false));
    leave(kept, DAY + 5, Resolution.WON);
    open("back", MQL, DAY + 6);
    leave(new Visit(MQL, DAY + 6, "back", "rep-back"), DAY + 7, Resolution.ADVANCED);
    buckets.writes.clear();
    finalizeThrough(1, fixed(30));
    assertThat(buckets.writes).as("the bucket of day 0 rewritten; the MQL one of day 1 never written")
        .containsExactly(Map.entry(LeadOpenVisits.key("A", SQL, 0), false));
    assertThat(MapBuckets.rows(buckets)).containsOnlyKeys(new Visit(SQL, 3000, "kept2", "rep-kept2"));
    leave(new Visit(SQL, 3000, "kept2", "rep-kept2"), 2 * DAY, Resolution.LOST);
    buckets.writes.clear();
    finalizeThrough(2, fixed(30));
    assertThat(buckets.writes).containsExactly(Map.entry(LeadOpenVisits.key("A", SQL, 0), true));
    assertThat(buckets.map).isEmpty();
  }

  @Test
  void shouldCountTheVisitsOpenBeforeAnInstantWithinABucket() {
    for (int i = 0; i < 10; i++) {
      open("L" + i, SQL, i * 1000L);
    }
    finalizeThrough(0, fixed(30));
    assertThat(book.openVisits().openBelow(SQL, 0)).isZero();
    assertThat(book.openVisits().openBelow(SQL, 1)).isEqualTo(1);
    assertThat(book.openVisits().openBelow(SQL, 4500)).isEqualTo(5);
    assertThat(book.openVisits().openBelow(SQL, DAY)).isEqualTo(10);
    assertThat(book.openVisits().openBelow(MQL, DAY)).isZero();
  }

  @Test
  void shouldCountOpenVisitsWithoutKnowingTheirLeadsWhenAskedTo() {
    MapBuckets<byte[]> countedBuckets = new MapBuckets<>();
    FunnelBook counted = new FunnelBook("ALL", new CountedOpenVisits(countedBuckets));
    TeamState s = ledger.newTeam("ALL", 0);
    Visit v = new Visit(SQL, 0, "", null);
    s = ledger.apply(s, new TeamDelta(0, Delta.touch(), null, FunnelChange.of(new FunnelFact.Arrive(v), 1)), counted)
        .state();
    s = ledger.apply(s, new TeamDelta(10, Delta.touch(), null, FunnelChange.of(new FunnelFact.Arrive(
        new Visit(SQL, 10, "", null)), 1)), counted).state();
    s = ledger.finalizeThrough(s, 3, p -> { }, counted);
    counted.flush();
    assertThat(counted.openVisits().open(SQL)).isEqualTo(2);
    assertThat(countedBuckets.map).containsOnlyKeys(CountedOpenVisits.key(SQL, 0));
    assertThat(counted.stallsAt(3, UtcDays.endOfDay(3), fixed(1))).isEmpty();
    assertThat(counted.dailyFigures(UtcDays.endOfDay(3), fixed(1)).get(SQL).stalledNow()).isEqualTo(2);
    assertThat(counted.openVisits().openBelow(SQL, 10)).isEqualTo(1);
    // a leaving known only by stage and beginning, as the scope of all teams gets it: an arrival taken back
    s = ledger.apply(s, new TeamDelta(5 * DAY, Delta.touch(), null, FunnelChange.of(new FunnelFact.Arrive(v), -1)),
        counted).state();
    assertThat(counted.currentFigures(s.current().at(), fixed(1)).get(SQL).openNow()).isEqualTo(1);
    ledger.finalizeThrough(s, 5, p -> { }, counted);
    counted.flush();
    CountedOpenVisits restored = new CountedOpenVisits(countedBuckets);
    countedBuckets.forEach(restored::restore);
    assertThat(restored.open(SQL)).isEqualTo(1);
    assertThat(restored.openBelow(SQL, 10)).isZero();
  }

  @Test
  void shouldRestoreFromItsVisitsAndTheLogWindowToTheSameFiguresAsLive() {
    StallThreshold t = new StallThreshold(StallThreshold.percentile(75), Map.of(), 3);
    List<Visit> open = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      open.add(open("L" + i, i % 2 == 0 ? SQL : MQL, i * DAY / 3));
      if (i % 3 == 0) {
        exit(i * DAY / 3 + 1, i % 2 == 0 ? SQL : MQL, i * DAY / 7, i % 4 == 0);
      }
      if (i % 5 == 4) {
        leave(open.get(i - 2), i * DAY / 3 + 2, Resolution.ADVANCED);
      }
    }
    finalizeThrough(6, t);
    state = ledger.advanceCurrent(state, 9 * DAY + 5, book);

    book.flush();
    LeadOpenVisits visits = new LeadOpenVisits("A", buckets);
    buckets.forEach((key, bucket) -> visits.restore(LeadOpenVisits.parse(key).stage(), LeadOpenVisits.parse(key).day(),
        bucket));
    FunnelBook restored = new FunnelBook("A", visits);
    for (long day : log.finalDays("A")) {
      log.finalRows("A", day).forEach(restored::restoreWindow);
    }
    restored.currentFromDaily();
    new TeamLedger(W * DAY, log).restoreCurrent(state, state.current().at(), restored);

    long daily = state.daily().at();
    long current = state.current().at();
    assertThat(restored.dailyFigures(daily, t)).isEqualTo(book.dailyFigures(daily, t));
    assertThat(restored.currentFigures(current, t)).isEqualTo(book.currentFigures(current, t));
    // and both go on alike: the same stalls at the next day's end
    List<StallEvent.Found> stalls = book.stallsAt(7, UtcDays.endOfDay(7), t);
    book.flush();
    assertThat(stalls).isNotEmpty();
    assertThat(restored.stallsAt(7, UtcDays.endOfDay(7), t)).as("found from the store the first one wrote")
        .isEmpty();
  }
}
