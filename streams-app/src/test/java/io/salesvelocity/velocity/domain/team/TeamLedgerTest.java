package io.salesvelocity.velocity.domain.team;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.math.UtcDays;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TeamLedgerTest {
  private static final long DAY = 86_400_000L;

  private final MapLog log = new MapLog();
  private final TeamLedger ledger = new TeamLedger(10 * DAY, log);

  private TeamState apply(TeamState s, long t, Delta d) {
    return ledger.apply(s, t, d).state();
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
  }

  @Test
  void shouldAgreeWithABruteForceEvaluationAtEveryDay() {
    TeamState s = ledger.newTeam("A", 0);
    Map<Long, Delta> all = new TreeMap<>();
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 400; i++) {
      long t = (long) (random.nextDouble() * 60 * DAY);
      Delta d = switch (random.nextInt(3)) {
        case 0 -> Delta.pipeline(1);
        case 1 -> Delta.wonDeal(BigDecimal.valueOf(random.nextInt(1000)), random.nextInt(1_000_000));
        default -> Delta.lostDeal();
      };
      all.merge(t, d, Delta::plus);
      s = apply(s, t, d);
    }
    List<TeamLedger.DailyPoint> points = new ArrayList<>();
    ledger.finalizeThrough(s, 59, points::add);
    for (TeamLedger.DailyPoint p : points) {
      long at = p.cursor().at();
      long pipeline = 0;
      long won = 0;
      BigDecimal amount = BigDecimal.ZERO;
      for (Map.Entry<Long, Delta> e : all.entrySet()) {
        if (e.getKey() <= at) {
          pipeline += e.getValue().pipeline();
          if (e.getKey() > at - 10 * DAY) {
            won += e.getValue().won();
            amount = amount.add(e.getValue().wonAmount());
          }
        }
      }
      assertThat(p.cursor().totals().pipeline()).as("pipeline on day %d", p.epochDay()).isEqualTo(pipeline);
      assertThat(p.cursor().totals().won()).as("won on day %d", p.epochDay()).isEqualTo(won);
      assertThat(p.cursor().totals().wonAmount()).isEqualByComparingTo(amount);
    }
    assertThat(points).hasSize(60);
  }

  @Test
  void shouldForgetDeltasNoCursorNeedsAnyMore() {
    TeamState s = ledger.newTeam("A", 0);
    s = apply(s, DAY, Delta.lostDeal());
    s = apply(s, 30 * DAY, Delta.lostDeal());
    s = ledger.advanceCurrent(s, 31 * DAY);
    ledger.finalizeThrough(s, 30, p -> { });
    List<Long> kept = new ArrayList<>();
    log.forEach("A", Long.MIN_VALUE, Long.MAX_VALUE, (t, d) -> kept.add(t));
    assertThat(kept).containsExactly(30 * DAY);
  }

  @Test
  void shouldFlagADeltaForADayAlreadyFinal() {
    TeamState s = ledger.newTeam("A", 0);
    s = apply(s, 0, Delta.pipeline(1));
    s = ledger.finalizeThrough(s, 3, p -> { });
    TeamLedger.Applied late = ledger.apply(s, DAY, Delta.pipeline(1));
    assertThat(late.lateForDaily()).isTrue();
    assertThat(late.state().daily().totals().pipeline()).isEqualTo(2);
  }
}
