package io.salesvelocity.backtest.report;

import io.salesvelocity.backtest.replay.DailyRow;
import io.salesvelocity.velocity.domain.math.Factor;
import io.salesvelocity.velocity.domain.math.VelocityChange;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A team's biggest month-over-month moves of velocity (month-end against the previous month-end), each
 * explained by the factor that drove it: "velocity fell 18.0% in March 2026: win rate dropped from 21.0% to
 * 16.0%". Moves start once the team's trailing window is full (its first day plus the window), so the ramp-up of
 * a history's first weeks does not crowd out the real changes.
 */
final class BiggestChanges {
  /** One explained move, with the sentence that says it. */
  record Change(YearMonth month, LocalDate from, LocalDate to, VelocityChange.Explanation explanation, String text) { }

  private BiggestChanges() {
  }

  /** The {@code limit} largest moves in the rows of one team (sorted by date), largest first. */
  static List<Change> of(List<DailyRow> teamRows, int windowDays, int limit) {
    Map<YearMonth, DailyRow> monthEnds = new LinkedHashMap<>();
    if (teamRows.isEmpty()) {
      return List.of();
    }
    LocalDate full = teamRows.get(0).date().plusDays(windowDays);
    for (DailyRow r : teamRows) {
      if (r.date().isBefore(full)) {
        continue;
      }
      monthEnds.put(YearMonth.from(r.date()), r); // later days of a month replace earlier ones
    }
    List<Change> changes = new ArrayList<>();
    DailyRow previous = null;
    for (Map.Entry<YearMonth, DailyRow> e : monthEnds.entrySet()) {
      DailyRow current = e.getValue();
      if (previous != null) {
        VelocityChange.Explanation x = VelocityChange.explain(point(previous), point(current));
        if (x != null && x.relativeChange() != 0) {
          changes.add(new Change(e.getKey(), previous.date(), current.date(), x, sentence(e.getKey(), x)));
        }
      }
      previous = current;
    }
    changes.sort(Comparator.comparingDouble((Change c) -> -Math.abs(Math.log1p(c.explanation().relativeChange()))));
    return changes.subList(0, Math.min(limit, changes.size()));
  }

  static VelocityChange.Point point(DailyRow r) {
    return new VelocityChange.Point(r.pipelineCount(), r.avgDealSize() == null ? 0 : r.avgDealSize().doubleValue(),
        r.winRate() == null ? 0 : r.winRate(), r.avgCycleDays() == null ? 0 : r.avgCycleDays(), r.velocityPerDay());
  }

  static String sentence(YearMonth month, VelocityChange.Explanation x) {
    double pct = 100 * x.relativeChange();
    String when = month.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + month.getYear();
    double before = x.driverBefore();
    double after = x.driverAfter();
    String verb = after > before ? "rose" : "dropped";
    return String.format(Locale.ROOT, "velocity %s %.1f%% in %s: %s %s from %s to %s", pct >= 0 ? "rose" : "fell",
        Math.abs(pct), when, x.driver().label(), verb, format(x.driver(), before), format(x.driver(), after));
  }

  static String format(Factor f, double v) {
    return switch (f) {
      case PIPELINE -> String.format(Locale.ROOT, "%,.0f open opportunities", v);
      case DEAL_SIZE -> String.format(Locale.ROOT, "%,.0f", v);
      case WIN_RATE -> String.format(Locale.ROOT, "%.1f%%", 100 * v);
      case CYCLE -> String.format(Locale.ROOT, "%.1f days", v);
    };
  }
}
