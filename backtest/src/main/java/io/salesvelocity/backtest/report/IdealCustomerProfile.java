package io.salesvelocity.backtest.report;

import io.salesvelocity.backtest.replay.DailyRow;
import io.salesvelocity.backtest.replay.SegmentRow;
import io.salesvelocity.velocity.domain.math.Factor;
import io.salesvelocity.velocity.domain.math.VelocityChange;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The segments of one scope ranked by velocity on its latest day, each with what sets it apart from the scope as a
 * whole: its velocity against the scope's, and the factor of deal quality (average deal size, win rate or cycle)
 * that differs most from the scope's, in the direction of the difference ("industry SOFTWARE: 0.45x the scope's velocity
 * with 20% of its pipeline; win rate 31.0% against 14.0%"). The pipeline is left out of that choice: a segment's
 * pipeline is a part of the scope's by definition, so it says how big a segment is, not how good.
 */
final class IdealCustomerProfile {
  /** One segment on the scope's latest day, with its explanation (null when a velocity is undefined). */
  record Ranked(SegmentRow row, Double ratio, Double pipelineShare, Factor driver, double segmentValue,
                double scopeValue) {
    /** Velocity per open opportunity against the scope's: above 1 when the segment's deals are better. */
    Double quality() {
      return ratio == null || pipelineShare == null || pipelineShare == 0 ? null : ratio / pipelineShare;
    }

    String text() {
      String name = row.dimension() + " " + row.segment();
      if (ratio == null) {
        return name + ": no velocity on this day (no won deal in the window)";
      }
      String base = String.format(Locale.ROOT, "%s: %.2fx the scope's velocity with %.0f%% of its pipeline", name,
          ratio, 100 * pipelineShare);
      if (driver == null) {
        return base;
      }
      return base + "; " + driver.label() + " " + BiggestChanges.format(driver, segmentValue) + " against "
          + BiggestChanges.format(driver, scopeValue);
    }
  }

  private IdealCustomerProfile() {
  }

  /**
   * The figures of all teams on {@code day}, from the segments of one dimension (every lead is in exactly one of
   * them): sums of pipeline, won and lost, of won amounts and cycles as average times count. For display only.
   */
  static DailyRow allTeams(List<SegmentRow> allScope, LocalDate day) {
    String dimension = null;
    long pipeline = 0;
    long won = 0;
    long lost = 0;
    java.math.BigDecimal amount = java.math.BigDecimal.ZERO;
    double cycle = 0;
    for (SegmentRow s : allScope) {
      if (!s.date().equals(day) || (dimension != null && !dimension.equals(s.dimension()))) {
        continue;
      }
      dimension = s.dimension();
      pipeline += s.pipelineCount();
      won += s.wonCount();
      lost += s.lostCount();
      if (s.wonCount() > 0) {
        amount = amount.add(s.avgDealSize().multiply(java.math.BigDecimal.valueOf(s.wonCount())));
        cycle += s.avgCycleDays() * s.wonCount();
      }
    }
    java.math.BigDecimal avgDeal = won == 0 ? null
        : amount.divide(java.math.BigDecimal.valueOf(won), 6, java.math.RoundingMode.HALF_EVEN);
    Double winRate = won + lost == 0 ? null : (double) won / (won + lost);
    Double avgCycle = won == 0 ? null : cycle / won;
    Double velocity = avgDeal == null || avgCycle == null || avgCycle == 0 ? null
        : pipeline * avgDeal.doubleValue() * winRate / avgCycle;
    return new DailyRow("ALL", day, pipeline, avgDeal, winRate, avgCycle, velocity, won, lost);
  }

  /** The scope's segments on {@code day}, best velocity first (undefined last). */
  static List<Ranked> rank(DailyRow scope, List<SegmentRow> segments, LocalDate day) {
    List<Ranked> out = new ArrayList<>();
    for (SegmentRow s : segments) {
      if (s.date().equals(day)) {
        out.add(explain(scope, s));
      }
    }
    out.sort(Comparator.comparing((Ranked r) -> r.row().velocityPerDay(),
        Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(r -> r.row().dimension())
        .thenComparing(r -> r.row().segment()));
    return out;
  }

  static Ranked explain(DailyRow scope, SegmentRow s) {
    Double ratio = scope.velocityPerDay() == null || scope.velocityPerDay() == 0 || s.velocityPerDay() == null ? null
        : s.velocityPerDay() / scope.velocityPerDay();
    Double share = scope.pipelineCount() == 0 ? null : (double) s.pipelineCount() / scope.pipelineCount();
    VelocityChange.Point whole = BiggestChanges.point(scope);
    VelocityChange.Point part = new VelocityChange.Point(scope.pipelineCount(),
        s.avgDealSize() == null ? 0 : s.avgDealSize().doubleValue(), s.winRate() == null ? 0 : s.winRate(),
        s.avgCycleDays() == null ? 0 : s.avgCycleDays(), velocityAtScopePipeline(scope, s));
    VelocityChange.Explanation x = VelocityChange.explain(whole, part);
    if (x == null || x.relativeChange() == 0) {
      return new Ranked(s, ratio, share, null, 0, 0);
    }
    return new Ranked(s, ratio, share, x.driver(), x.driverAfter(), x.driverBefore());
  }

  /** The segment's velocity had it the scope's pipeline: its deal quality alone. */
  private static Double velocityAtScopePipeline(DailyRow scope, SegmentRow s) {
    if (s.avgDealSize() == null || s.winRate() == null || s.avgCycleDays() == null || s.avgCycleDays() == 0) {
      return null;
    }
    return scope.pipelineCount() * s.avgDealSize().doubleValue() * s.winRate() / s.avgCycleDays();
  }
}
