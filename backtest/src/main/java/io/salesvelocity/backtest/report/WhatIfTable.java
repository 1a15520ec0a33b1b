package io.salesvelocity.backtest.report;

import io.salesvelocity.backtest.replay.DailyRow;
import io.salesvelocity.velocity.domain.math.WhatIf;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A what-if scenario beside the baseline: per team at its latest day, and overall (the teams' velocities
 * added up: revenue per day of the whole organisation). A team without a defined velocity stays undefined.
 */
public record WhatIfTable(WhatIf scenario, List<Line> teams, Line overall) {
  /** Baseline and scenario of one team (or of all), with their factors; null velocity when undefined. */
  public record Line(String team, LocalDate date, WhatIf.Factors baseline, WhatIf.Factors changed,
                     BigDecimal baselineVelocity, BigDecimal changedVelocity) {
    /** Relative change in percent, or null. */
    public BigDecimal changePercent() {
      if (baselineVelocity == null || changedVelocity == null || baselineVelocity.signum() == 0) {
        return null;
      }
      return changedVelocity.subtract(baselineVelocity).multiply(BigDecimal.valueOf(100))
          .divide(baselineVelocity, MathContext.DECIMAL64);
    }
  }

  public static WhatIfTable of(List<DailyRow> rows, WhatIf scenario) {
    Map<String, DailyRow> latest = new LinkedHashMap<>();
    for (DailyRow r : rows) {
      latest.merge(r.team(), r, (a, b) -> b.date().isAfter(a.date()) ? b : a);
    }
    List<Line> lines = new ArrayList<>();
    BigDecimal baseSum = BigDecimal.ZERO;
    BigDecimal changedSum = BigDecimal.ZERO;
    LocalDate last = null;
    for (DailyRow r : latest.values()) {
      Line line = line(r, scenario);
      lines.add(line);
      if (line.baselineVelocity() != null) {
        baseSum = baseSum.add(line.baselineVelocity());
        changedSum = changedSum.add(line.changedVelocity());
      }
      last = last == null || r.date().isAfter(last) ? r.date() : last;
    }
    return new WhatIfTable(scenario, lines, new Line("all teams", last, null, null, baseSum, changedSum));
  }

  /** The scenario applied to one row's factors. */
  public static Line line(DailyRow r, WhatIf scenario) {
    if (r.velocityPerDay() == null) {
      return new Line(r.team(), r.date(), null, null, null, null);
    }
    WhatIf.Factors base = WhatIf.Factors.of(r.pipelineCount(), r.avgDealSize(), r.winRate(), r.avgCycleDays());
    WhatIf.Factors changed = scenario.apply(base);
    return new Line(r.team(), r.date(), base, changed, base.velocityPerDay(), changed.velocityPerDay());
  }

  public void print(PrintStream out) {
    out.println("What if " + scenario + ":");
    out.printf("  %-20s %-10s %16s %16s %9s%n", "team", "as of", "velocity/day", "what-if", "change");
    for (Line l : teams) {
      print(out, l);
    }
    print(out, overall);
  }

  private static void print(PrintStream out, Line l) {
    BigDecimal pct = l.changePercent();
    out.printf("  %-20s %-10s %16s %16s %9s%n", l.team(), l.date() == null ? "" : l.date(),
        money(l.baselineVelocity()), money(l.changedVelocity()),
        pct == null ? "" : (pct.signum() >= 0 ? "+" : "") + pct.setScale(1, RoundingMode.HALF_EVEN) + "%");
  }

  private static String money(BigDecimal v) {
    return v == null ? "undefined" : String.format("%,.2f", v);
  }
}
