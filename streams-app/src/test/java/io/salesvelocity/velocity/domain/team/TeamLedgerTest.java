package io.salesvelocity.velocity.domain.team;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.math.UtcDays;
import io.salesvelocity.velocity.domain.math.WindowTotals;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TeamLedgerTest {
  private static final long DAY = 86_400_000L;
  private static final long WINDOW = 10 * DAY;

  private final MapDays log = new MapDays();
  private final TeamLedger ledger = new TeamLedger(WINDOW, log);

  private TeamState apply(TeamState s, long t, Delta d) {
    return ledger.apply(s, new TeamDelta(t, d), CursorListener.NONE).state();
  }

  @Test
  void shouldSlideClosesOutOfTheWindowButKeepThePipeline() {
    TeamState s = ledger.newTeam("A", 0);
    s = apply(s, 0, Delta.pipeline(2));
    s = apply(s, DAY, Delta.wonDeal(new BigDecimal("100.00"), DAY));
    s = ledger.advanceCurrent(s, 5 * DAY);
    assertThat(s.current().totals().won()).isEqualTo(1);
    assertThat(s.current().totals().pipeline()).isEqualTo(2);
    s = ledger.advanceCurrent(s, 11 * DAY); // window (1d, 11d]: the win at 1d has left
    assertThat(s.current().totals().won()).isZero();
    assertThat(s.current().totals().wonAmount()).isEqualByComparingTo("0");
    assertThat(s.current().totals().pipeline()).isEqualTo(2);
  }

  @Test
  void shouldTakeADeltaBehindTheCursorAtOnce() {
    TeamState s = ledger.advanceCurrent(ledger.newTeam("A", 0), 5 * DAY);
    s = apply(s, 2 * DAY, Delta.lostDeal());
    assertThat(s.current().totals().lost()).isEqualTo(1);
    s = apply(s, -20 * DAY, Delta.pipeline(1)); // long before the window: pipeline only
    assertThat(s.current().totals().pipeline()).isEqualTo(1);
    assertThat(s.current().totals().lost()).isEqualTo(1);
  }

  @Test
  void shouldMoveTheCurrentCursorToAPartLaterThanIt() {
    TeamState s = ledger.newTeam("A", 0);
    s = apply(s, 3 * DAY, Delta.lostDeal());
    assertThat(s.current().at()).isEqualTo(3 * DAY);
    assertThat(s.current().totals().lost()).isEqualTo(1);
  }

  @Test
  void shouldEmitOneFinalPointPerDayFromTheFirstDay() {
    TeamState s = ledger.newTeam("A", 2 * DAY + 5);
    s = apply(s, 2 * DAY + 5, Delta.pipeline(1));
    s = apply(s, 3 * DAY + 5, Delta.wonDeal(new BigDecimal("10.00"), 5));
    List<TeamLedger.DailyPoint> points = new ArrayList<>();
    s = ledger.finalizeThrough(s, 4, points::add);
    assertThat(points).extracting(TeamLedger.DailyPoint::epochDay).containsExactly(2L, 3L, 4L);
    assertThat(points.get(0).cursor().at()).isEqualTo(UtcDays.endOfDay(2));
    assertThat(points.get(0).cursor().totals().won()).isZero();
    assertThat(points.get(1).cursor().totals().won()).isEqualTo(1);
    assertThat(s.dailyEmitted()).isTrue();
    assertThat(s.current().at()).as("never behind the daily cursor").isEqualTo(UtcDays.endOfDay(4));
  }

  @Test
  void shouldStartTheTeamEarlierForAPartBeforeItsFirstDayWhileNothingIsFinal() {
    TeamState s = ledger.newTeam("A", 5 * DAY);
    s = apply(s, 5 * DAY, Delta.pipeline(1));
    s = apply(s, 3 * DAY, Delta.pipeline(1));
    assertThat(s.firstDay()).isEqualTo(3);
    List<TeamLedger.DailyPoint> points = new ArrayList<>();
    ledger.finalizeThrough(s, 5, points::add);
    assertThat(points).extracting(p -> p.cursor().totals().pipeline()).containsExactly(1L, 1L, 2L);
  }

  @Test
  void shouldAgreeWithABruteForceEvaluationAtEveryDayAndEveryInstantAskedFor() {
    Random random = new Random(7);
    TeamState s = ledger.newTeam("A", 0);
    Map<Long, Delta> all = new TreeMap<>();
    List<TeamLedger.DailyPoint> points = new ArrayList<>();
    long clock = 0;
    for (int i = 0; i < 2_000; i++) {
      clock += (long) (random.nextDouble() * DAY / 30);
      // within a grace period of a day behind the clock, as the lead tasks send them
      long t = Math.max(0, clock - (long) (random.nextDouble() * DAY));
      Delta d = switch (random.nextInt(4)) {
        case 0 -> Delta.pipeline(1);
        case 1 -> Delta.pipeline(-1);
        case 2 -> Delta.wonDeal(BigDecimal.valueOf(random.nextInt(100_000), 2), random.nextInt(1_000_000));
        default -> Delta.lostDeal();
      };
      all.merge(t, d, Delta::plus);
      s = ledger.advanceCurrent(s, clock);
      s = apply(s, t, d);
      assertEqual(s.current().totals(), bruteForce(all, s.current().at()), "current at " + clock);
      long lastFinal = UtcDays.dayOf(clock - DAY) - 1;
      if (lastFinal >= 0) {
        s = ledger.finalizeThrough(s, lastFinal, points::add);
      }
    }
    assertThat(points).hasSizeGreaterThan(25);
    for (TeamLedger.DailyPoint p : points) {
      assertEqual(p.cursor().totals(), bruteForce(all, p.cursor().at()), "day " + p.epochDay());
    }
    assertThat(log.daysKept()).as("a window of final days and the days not final yet").isLessThanOrEqualTo(10 + 2);
  }

  @Test
  void shouldEvaluateTheCurrentCursorWhileTheDailyPointsAreHeldBackMoreThanAWindow() {
    TeamState s = ledger.newTeam("A", 0);
    Map<Long, Delta> all = new TreeMap<>();
    Random random = new Random(3);
    for (int i = 0; i < 300; i++) {
      long t = (long) (random.nextDouble() * 30 * DAY);
      Delta d = random.nextBoolean() ? Delta.lostDeal() : Delta.wonDeal(BigDecimal.ONE, 7);
      all.merge(t, d, Delta::plus);
      s = apply(s, t, d);
    }
    s = ledger.finalizeThrough(s, 4, p -> { });
    for (long at = 31 * DAY; at < 45 * DAY; at += DAY / 3) {
      s = ledger.advanceCurrent(s, at);
      assertEqual(s.current().totals(), bruteForce(all, at), "current at " + at);
    }
  }

  @Test
  void shouldKeepOnlyTheDaysNotFinalAndTheWindowRowsOfTheFinalDaysInTheWindow() {
    TeamState s = ledger.newTeam("A", 0);
    s = apply(s, DAY, Delta.lostDeal());
    s = apply(s, 25 * DAY, Delta.pipeline(1)); // no window part: nothing kept of its day once final
    s = apply(s, 28 * DAY, Delta.lostDeal());
    s = apply(s, 31 * DAY, Delta.lostDeal());
    s = ledger.advanceCurrent(s, 31 * DAY);
    ledger.finalizeThrough(s, 30, p -> { });
    assertThat(log.finalDays("A")).containsExactly(28L);
    assertThat(log.finalRows("A", 28)).extracting(TeamDelta::time).containsExactly(28 * DAY);
    assertThat(log.finalRows("A", 28).get(0).delta().pipeline()).as("no pipeline in a final day").isZero();
    assertThat(log.headDays("A")).containsExactly(31L);
  }

  @Test
  void shouldFlagADeltaForADayAlreadyFinalAndLetItLeaveTheWindowWithItsDay() {
    TeamState s = ledger.newTeam("A", 0);
    s = apply(s, 0, Delta.pipeline(1));
    s = ledger.finalizeThrough(s, 3, p -> { });
    TeamLedger.Applied late = ledger.apply(s, new TeamDelta(DAY, Delta.lostDeal()), CursorListener.NONE);
    assertThat(late.lateForDaily()).isTrue();
    assertThat(late.state().daily().totals().lost()).isEqualTo(1);
    List<TeamLedger.DailyPoint> points = new ArrayList<>();
    ledger.finalizeThrough(late.state(), 12, points::add);
    // the daily window of day d is (d - 9, d]: the loss of day 1 counts through day 10
    assertThat(points).extracting(p -> p.cursor().totals().lost()).containsExactly(1L, 1L, 1L, 1L, 1L, 1L, 1L, 0L, 0L);
  }

  @Test
  void shouldRestoreTheCurrentCursorFromTheDailyOneAndTheDaysNotFinal() {
    Random random = new Random(11);
    TeamState s = ledger.newTeam("A", 0);
    long clock = 0;
    for (int i = 0; i < 600; i++) {
      clock += (long) (random.nextDouble() * DAY / 10);
      long t = Math.max(0, clock - (long) (random.nextDouble() * DAY));
      Delta d = random.nextInt(3) == 0 ? Delta.pipeline(1) : random.nextBoolean() ? Delta.lostDeal()
          : Delta.wonDeal(BigDecimal.TEN, 1_000);
      s = ledger.advanceCurrent(s, clock);
      s = apply(s, t, d);
      long lastFinal = UtcDays.dayOf(clock - DAY) - 1;
      if (lastFinal >= 0) {
        s = ledger.finalizeThrough(s, lastFinal, p -> { });
      }
    }
    // a new task: the daily cursor as stored, the current one rebuilt from the log
    TeamState stored = new TeamState("A", Cursor.before(Long.MIN_VALUE / 2), s.daily(), s.firstDay());
    TeamState restored = new TeamLedger(WINDOW, log).restoreCurrent(stored, clock, CursorListener.NONE);
    assertThat(restored.current()).isEqualTo(s.current());
  }

  /** Equal totals, the won amount by value (0 and 0.00 alike). */
  private static void assertEqual(WindowTotals actual, WindowTotals expected, String at) {
    assertThat(actual.pipeline()).as("pipeline, " + at).isEqualTo(expected.pipeline());
    assertThat(actual.won()).as("won, " + at).isEqualTo(expected.won());
    assertThat(actual.lost()).as("lost, " + at).isEqualTo(expected.lost());
    assertThat(actual.cycleMillis()).as("cycle, " + at).isEqualTo(expected.cycleMillis());
    assertThat(actual.wonAmount()).as("won amount, " + at).isEqualByComparingTo(expected.wonAmount());
  }

  /** The definition at {@code at}: the pipeline of every delta so far, closes of (at - W, at]. */
  private static WindowTotals bruteForce(Map<Long, Delta> all, long at) {
    long pipeline = 0;
    long won = 0;
    long lost = 0;
    long cycle = 0;
    BigDecimal amount = BigDecimal.ZERO;
    for (Map.Entry<Long, Delta> e : all.entrySet()) {
      if (e.getKey() <= at) {
        pipeline += e.getValue().pipeline();
        if (e.getKey() > at - WINDOW) {
          won += e.getValue().won();
          lost += e.getValue().lost();
          cycle += e.getValue().cycleMillis();
          amount = amount.add(e.getValue().wonAmount());
        }
      }
    }
    return new WindowTotals(pipeline, won, lost, amount, cycle);
  }
}
