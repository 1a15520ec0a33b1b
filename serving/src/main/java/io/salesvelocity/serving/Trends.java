package io.salesvelocity.serving;

import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.velocity.domain.math.VelocityChange;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * What a dashboard shows beside a team's current figures: how its velocity moved over the last 7 and 30 days, from
 * the final daily point that many days before its latest final day to that latest one, and the factor that drove
 * the move (the engine's own attribution, {@link VelocityChange}, as the backtest report uses it); and optionally the
 * velocity of its last final days. Final points on both ends: the same answer whenever it is asked, and what a
 * backtest says, whatever the grace period.
 */
final class Trends {
  static final int[] DAYS_BACK = {7, 30};

  private Trends() {
  }

  /** The days before the latest final one that {@link #add} reads for a trend of {@code trendDays} days. */
  static int daysNeeded(int trendDays) {
    return Math.max(DAYS_BACK[DAYS_BACK.length - 1], trendDays - 1);
  }

  /**
   * Adds {@code change7d} and {@code change30d} (null without a velocity at either end, or a history that short)
   * and, with {@code trendDays} > 0, {@code trend}: the velocity of the last {@code trendDays} final days.
   */
  static void add(Map<String, Object> json, NavigableMap<LocalDate, TeamVelocity> latest, int trendDays) {
    Map.Entry<LocalDate, TeamVelocity> last = latest.lastEntry();
    for (int back : DAYS_BACK) {
      TeamVelocity before = last == null ? null : latest.get(last.getKey().minusDays(back));
      json.put("change" + back + "d", before == null ? null
          : change(last.getKey().minusDays(back), last.getKey(), before, last.getValue()));
    }
    if (trendDays > 0) {
      List<Map<String, Object>> trend = new ArrayList<>();
      for (Map.Entry<LocalDate, TeamVelocity> e : latest.descendingMap().entrySet()) {
        if (trend.size() == trendDays) {
          break;
        }
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("date", e.getKey().toString());
        point.put("velocityPerDay", e.getValue().getVelocityPerDay());
        trend.add(0, point);
      }
      json.put("trend", trend);
    }
  }

  private static Map<String, Object> change(LocalDate since, LocalDate until, TeamVelocity before, TeamVelocity now) {
    VelocityChange.Explanation e = VelocityChange.explain(point(before), point(now));
    if (e == null) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("since", since.toString());
    out.put("until", until.toString());
    out.put("velocityBefore", before.getVelocityPerDay());
    out.put("velocityAfter", now.getVelocityPerDay());
    out.put("relativeChange", e.relativeChange());
    out.put("driver", e.driver().option());
    out.put("driverLabel", e.driver().label());
    out.put("driverBefore", e.driverBefore());
    out.put("driverAfter", e.driverAfter());
    out.put("share", e.share());
    return out;
  }

  private static VelocityChange.Point point(TeamVelocity v) {
    return new VelocityChange.Point(v.getPipelineCount(), v.getAvgDealSize() == null ? 0 : v.getAvgDealSize()
        .doubleValue(), v.getWinRate() == null ? 0 : v.getWinRate(), v.getAvgCycleDays() == null ? 0
        : v.getAvgCycleDays(), v.getVelocityPerDay());
  }
}
