package io.salesvelocity.backtest.report;

import io.salesvelocity.backtest.replay.BacktestResult;
import io.salesvelocity.backtest.replay.DailyRow;
import io.salesvelocity.backtest.replay.FlowRow;
import io.salesvelocity.backtest.replay.ForecastRow;
import io.salesvelocity.backtest.replay.FunnelRow;
import io.salesvelocity.backtest.replay.StalledRow;
import io.salesvelocity.backtest.replay.SegmentRow;
import io.salesvelocity.velocity.domain.math.WhatIf;
import io.salesvelocity.velocity.domain.segment.SegmentKey;
import io.salesvelocity.velocity.topology.EngineSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The backtest report: one self-contained HTML file (inline CSS and SVG, no scripts, nothing fetched) with,
 * per team, velocity and its four factors over time, the latest values, the biggest monthly moves explained by
 * factor, the what-if scenario beside the baseline when one was given, and the ideal customer profile (velocity by
 * segment) when the replay computed segments, the stage funnel with the deals stalled when it computed the
 * funnel, and per scope both methods' forecasts against what was won and the last 30 days' pipeline bridge when it
 * computed them.
 */
public final class HtmlReport {
  private static final int CHANGES_PER_TEAM = 5;
  /** Segments listed per scope in the ideal customer profile, and drawn over time. */
  private static final int ICP_ROWS = 12;
  private static final int TOP_SEGMENTS = 5;
  /** Stalled deals listed, oldest first, and monthly moves of time in stage. */
  private static final int STALLED_ROWS = 15;
  private static final int MOVES = 5;
  private static final String CSS = """
      body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#1d2430;max-width:1340px}
      h1{font-size:22px;margin:0 0 4px} h2{font-size:18px;margin:28px 0 6px;border-top:1px solid #d9dee7;padding-top:16px}
      h3{font-size:14px;margin:14px 0 6px;color:#4a5568} .meta{color:#5a6475;font-size:13px}
      table{border-collapse:collapse;font-size:13px;margin:6px 0} th,td{padding:4px 10px;text-align:right}
      th{background:#eef1f6} td:first-child,th:first-child{text-align:left} tr:nth-child(even) td{background:#f8f9fb}
      .charts{display:flex;flex-wrap:wrap;gap:8px} figure{margin:0} figcaption{font-size:12px;color:#4a5568}
      .plot{fill:#fbfcfe;stroke:#d9dee7} .grid{stroke:#e6e9ef} .axis{font-size:10px;fill:#5a6475}
      .empty{font-size:12px;fill:#8a93a3}
      polyline{fill:none;stroke-width:1.6} .velocity{stroke:#2563eb} .whatif{stroke:#d97706;stroke-dasharray:5 3}
      .factor{stroke:#0f766e} ul{font-size:13px;margin:4px 0 0 18px;padding:0} .up{color:#15803d} .down{color:#b91c1c}
      .legend span{display:inline-block;width:18px;height:3px;margin:0 4px 3px 10px;vertical-align:middle}
      td.why{text-align:left}
      .s0{stroke:#2563eb;background:#2563eb} .s1{stroke:#d97706;background:#d97706} .s2{stroke:#0f766e;background:#0f766e}
      .s3{stroke:#9333ea;background:#9333ea} .s4{stroke:#dc2626;background:#dc2626}
      .wf-total{fill:#5b6b8c} .wf-up{fill:#15803d} .wf-down{fill:#b91c1c}
      """;

  private HtmlReport() {
  }

  public static void write(Path path, BacktestResult result, EngineSettings settings, WhatIf whatIf,
                           List<Path> inputs) {
    try {
      Files.writeString(path, render(result, settings, whatIf, inputs), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  static String render(BacktestResult result, EngineSettings settings, WhatIf whatIf, List<Path> inputs) {
    Map<String, List<DailyRow>> byTeam = new TreeMap<>();
    for (DailyRow r : result.rows()) {
      byTeam.computeIfAbsent(r.team(), t -> new ArrayList<>()).add(r);
    }
    StringBuilder h = new StringBuilder(64_000);
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sales velocity backtest</title>")
        .append("<style>").append(CSS).append("</style></head><body>");
    h.append("<h1>Sales velocity backtest</h1>");
    h.append("<p class=\"meta\">velocity per day = open opportunities &times; average won deal size &times; win rate "
        + "&divide; average sales cycle (days). Trailing window ").append(settings.windowDays())
        .append(" days, entry stage ").append(settings.entryStage()).append(". Input: ")
        .append(Html.escape(String.join(", ", inputs.stream().map(Path::toString).toList())))
        .append(String.format(Locale.ROOT, ". %,d events replayed, %,d rejected, %,d teams, %,d days.",
            result.replayed(), result.rejectedTotal(), byTeam.size(), result.days()))
        .append("</p>");
    overall(h, byTeam, whatIf);
    if (!result.segmentRows().isEmpty()) {
      idealCustomerProfile(h, byTeam, result.segmentRows());
    }
    if (!result.funnelRows().isEmpty()) {
      funnel(h, result);
    }
    if (!result.forecastRows().isEmpty() || !result.flowRows().isEmpty()) {
      h.append("<h2 id=\"forecasts-all\">All teams: forecasts and the pipeline bridge</h2>");
      ForecastSection.write(h, of(result.forecastRows(), "ALL"), flowsOf(result.flowRows(), "ALL"),
          HtmlReport::money);
    }
    for (Map.Entry<String, List<DailyRow>> team : byTeam.entrySet()) {
      team(h, team.getKey(), team.getValue(), settings.windowDays(), whatIf);
      ForecastSection.write(h, of(result.forecastRows(), team.getKey()), flowsOf(result.flowRows(), team.getKey()),
          HtmlReport::money);
    }
    return h.append("</body></html>\n").toString();
  }

  private static List<ForecastRow> of(List<ForecastRow> rows, String scope) {
    return rows.stream().filter(r -> r.scope().equals(scope)).toList();
  }

  private static List<FlowRow> flowsOf(List<FlowRow> rows, String scope) {
    return rows.stream().filter(r -> r.scope().equals(scope)).toList();
  }

  private static void overall(StringBuilder h, Map<String, List<DailyRow>> byTeam, WhatIf whatIf) {
    h.append("<h2>All teams</h2>");
    h.append("<table><tr><th>team</th><th>as of</th><th>velocity / day</th><th>open pipeline</th>")
        .append("<th>avg won deal</th><th>win rate</th><th>avg cycle (days)</th><th>won</th><th>lost</th>");
    if (whatIf != null) {
      h.append("<th>what-if velocity</th><th>change</th>");
    }
    h.append("</tr>");
    List<DailyRow> latest = new ArrayList<>();
    byTeam.values().forEach(rows -> latest.add(rows.get(rows.size() - 1)));
    for (DailyRow r : latest) {
      h.append("<tr><td>").append(Html.escape(r.team())).append("</td><td>").append(r.date()).append("</td><td>")
          .append(money(r.velocityPerDay())).append("</td><td>").append(r.pipelineCount()).append("</td><td>")
          .append(r.avgDealSize() == null ? "&ndash;" : money(r.avgDealSize().doubleValue())).append("</td><td>")
          .append(percent(r.winRate())).append("</td><td>").append(days(r.avgCycleDays())).append("</td><td>")
          .append(r.wonCount()).append("</td><td>").append(r.lostCount()).append("</td>");
      if (whatIf != null) {
        whatIfCells(h, WhatIfTable.line(r, whatIf));
      }
      h.append("</tr>");
    }
    if (whatIf != null) {
      WhatIfTable table = WhatIfTable.of(latest, whatIf);
      h.append("<tr><td><b>all teams</b></td><td></td><td><b>")
          .append(money(table.overall().baselineVelocity().doubleValue()))
          .append("</b></td><td></td><td></td><td></td><td></td><td></td><td></td>");
      whatIfCells(h, table.overall());
      h.append("</tr></table><p class=\"meta\">What if: ").append(Html.escape(whatIf.toString()))
          .append(", applied to each team's factors; all teams = the sum of the teams' velocities.</p>");
    } else {
      h.append("</table>");
    }
    // the organisation's velocity over time: sum over teams with a defined velocity that day
    Map<LocalDate, Double> total = new TreeMap<>();
    for (List<DailyRow> rows : byTeam.values()) {
      for (DailyRow r : rows) {
        if (r.velocityPerDay() != null) {
          total.merge(r.date(), r.velocityPerDay(), Double::sum);
        }
      }
    }
    h.append("<div class=\"charts\">").append(Svg.lineChart("Velocity per day, all teams (sum)", 200,
        List.of(new Svg.Series("velocity", "all teams", List.copyOf(total.keySet()), List.copyOf(total.values()))),
        HtmlReport::money)).append("</div>");
  }

  /** For all teams and per team: the segments ranked by velocity on the latest day, and the top ones over time. */
  private static void idealCustomerProfile(StringBuilder h, Map<String, List<DailyRow>> byTeam,
                                           List<SegmentRow> segments) {
    Map<String, List<SegmentRow>> byScope = new TreeMap<>();
    segments.forEach(r -> byScope.computeIfAbsent(r.scope(), k -> new ArrayList<>()).add(r));
    h.append("<h2 id=\"icp\">Ideal customer profile</h2><p class=\"meta\">Velocity by segment: the definition "
        + "restricted to the leads of each industry, company size, region, source and rep. Ranked by velocity on "
        + "the latest day; beside each, the factor of deal quality (deal size, win rate, cycle) that sets it apart "
        + "from the scope as a whole.</p>");
    List<String> scopes = new ArrayList<>();
    if (byScope.containsKey(SegmentKey.ALL)) {
      scopes.add(SegmentKey.ALL);
    }
    byScope.keySet().stream().filter(k -> !k.equals(SegmentKey.ALL) && byTeam.containsKey(k)).forEach(scopes::add);
    for (String scope : scopes) {
      List<SegmentRow> rows = byScope.get(scope);
      LocalDate last = rows.stream().map(SegmentRow::date).max(LocalDate::compareTo).orElseThrow();
      DailyRow whole = scope.equals(SegmentKey.ALL) ? IdealCustomerProfile.allTeams(rows, last)
          : byTeam.get(scope).stream().filter(r -> r.date().equals(last)).findFirst().orElse(null);
      if (whole == null) {
        continue;
      }
      h.append("<h3>").append(scope.equals(SegmentKey.ALL) ? "All teams" : Html.escape(scope)).append(", ")
          .append(last).append(": velocity ").append(money(whole.velocityPerDay())).append(" per day</h3>");
      List<IdealCustomerProfile.Ranked> ranked = IdealCustomerProfile.rank(whole, rows, last);
      h.append("<table><tr><th>segment</th><th>velocity / day</th><th>open pipeline</th><th>avg won deal</th>")
          .append("<th>win rate</th><th>avg cycle (days)</th><th>what sets it apart</th></tr>");
      for (IdealCustomerProfile.Ranked r : ranked.subList(0, Math.min(ICP_ROWS, ranked.size()))) {
        SegmentRow s = r.row();
        h.append("<tr><td>").append(Html.escape(s.dimension() + " " + s.segment())).append("</td><td>")
            .append(money(s.velocityPerDay())).append("</td><td>").append(s.pipelineCount()).append("</td><td>")
            .append(s.avgDealSize() == null ? "&ndash;" : money(s.avgDealSize().doubleValue())).append("</td><td>")
            .append(percent(s.winRate())).append("</td><td>").append(days(s.avgCycleDays()))
            .append("</td><td class=\"why\">").append(Html.escape(r.text().substring(r.text().indexOf(':') + 2)))
            .append("</td></tr>");
      }
      h.append("</table>");
      List<Svg.Series> top = new ArrayList<>();
      for (IdealCustomerProfile.Ranked r : ranked.subList(0, Math.min(TOP_SEGMENTS, ranked.size()))) {
        SegmentRow s = r.row();
        List<SegmentRow> history = rows.stream().filter(x -> x.dimension().equals(s.dimension())
            && x.segment().equals(s.segment())).toList();
        top.add(new Svg.Series("s" + top.size(), s.dimension() + " " + s.segment(),
            history.stream().map(SegmentRow::date).toList(),
            history.stream().map(SegmentRow::velocityPerDay).toList()));
      }
      h.append("<div class=\"charts\">").append(Svg.lineChart("Velocity per day of the top segments", 200, top,
          HtmlReport::money)).append("</div><p class=\"legend meta\">");
      for (Svg.Series t : top) {
        h.append("<span class=\"").append(t.cssClass()).append("\"></span>").append(Html.escape(t.label()));
      }
      h.append("</p>");
    }
  }

  private static void team(StringBuilder h, String team, List<DailyRow> rows, int windowDays, WhatIf whatIf) {
    DailyRow last = rows.get(rows.size() - 1);
    h.append("<h2 id=\"team-").append(Html.escape(team)).append("\">").append(Html.escape(team)).append("</h2>");
    h.append(String.format(Locale.ROOT, "<p class=\"meta\">%s to %s. Latest velocity <b>%s</b> per day.</p>",
        rows.get(0).date(), last.date(), money(last.velocityPerDay())));
    List<LocalDate> dates = rows.stream().map(DailyRow::date).toList();
    List<Svg.Series> velocity = new ArrayList<>();
    velocity.add(new Svg.Series("velocity", "velocity", dates, rows.stream().map(DailyRow::velocityPerDay).toList()));
    if (whatIf != null) {
      velocity.add(new Svg.Series("whatif", "what-if: " + whatIf, dates, rows.stream().map(r -> {
        BigDecimal v = WhatIfTable.line(r, whatIf).changedVelocity();
        return v == null ? null : v.doubleValue();
      }).toList()));
    }
    h.append("<div class=\"charts\">");
    h.append(Svg.lineChart("Velocity per day" + (whatIf == null ? "" : " (dashed: what-if " + whatIf + ")"), 200,
        velocity, HtmlReport::money));
    Map<String, Function<DailyRow, Double>> factors = new LinkedHashMap<>();
    factors.put("Open pipeline (opportunities)", r -> (double) r.pipelineCount());
    factors.put("Average won deal size", r -> r.avgDealSize() == null ? null : r.avgDealSize().doubleValue());
    factors.put("Win rate", DailyRow::winRate);
    factors.put("Average sales cycle (days)", DailyRow::avgCycleDays);
    for (Map.Entry<String, Function<DailyRow, Double>> f : factors.entrySet()) {
      String title = f.getKey();
      h.append(Svg.lineChart(title, 150, List.of(new Svg.Series("factor", title, dates,
          rows.stream().map(f.getValue()).toList())), title.startsWith("Win") ? v -> percent(v)
          : title.startsWith("Average won") ? HtmlReport::money : v -> String.format(Locale.ROOT, "%,.1f", v)));
    }
    h.append("</div>");
    h.append("<h3>Biggest monthly changes</h3>");
    List<BiggestChanges.Change> changes = BiggestChanges.of(rows, windowDays, CHANGES_PER_TEAM);
    if (changes.isEmpty()) {
      h.append("<p class=\"meta\">No month-over-month change with a defined velocity at both ends once the ")
          .append(windowDays).append("-day window was full.</p>");
    } else {
      h.append("<ul>");
      for (BiggestChanges.Change c : changes) {
        h.append("<li class=\"").append(c.explanation().relativeChange() >= 0 ? "up" : "down").append("\">")
            .append(Html.escape(capitalize(c.text()))).append(" <span class=\"meta\">(")
            .append(c.from()).append(" &rarr; ").append(c.to()).append(")</span></li>");
      }
      h.append("</ul>");
    }
  }

  /**
   * The stage funnel: per scope, each stage's conversion and median and 90th percentile time on the latest day, with
   * the stage that lost the most days this month; the deals still stalled, oldest first; and the biggest monthly
   * moves of a stage's median time.
   */
  private static void funnel(StringBuilder h, BacktestResult result) {
    h.append("<h2 id=\"funnel\">Stage funnel</h2>");
    h.append("<p class=\"meta\">A stage visit runs from the lead's arrival at a stage to its next move or close. "
        + "Exits and durations over the trailing window, on each scope's latest day; conversion = visits that moved up "
        + "or were won, of those that ended; stalled = open visits in their stage longer than the threshold.</p>");
    Map<String, FunnelSummary.Move> slowest = FunnelSummary.slowestThisMonth(result.funnelRows());
    for (Map.Entry<String, List<FunnelRow>> scope : FunnelSummary.latest(result.funnelRows()).entrySet()) {
      List<FunnelRow> rows = scope.getValue();
      h.append("<h3>").append(Html.escape(scope.getKey().equals(SegmentKey.ALL) ? "All teams" : scope.getKey()))
          .append(" &middot; ").append(rows.get(0).date()).append("</h3>");
      h.append("<table><tr><th>stage</th><th>exits</th><th>conversion</th><th>median days</th><th>p90 days</th>")
          .append("<th>open now</th><th>stalled now</th></tr>");
      for (FunnelRow r : rows) {
        h.append("<tr><td>").append(r.stage()).append("</td><td>").append(r.exits()).append("</td><td>")
            .append(percent(r.conversion())).append("</td><td>").append(days(r.medianDays())).append("</td><td>")
            .append(days(r.p90Days())).append("</td><td>").append(r.openNow()).append("</td><td>")
            .append(r.stalledNow() == 0 ? "0" : "<b>" + r.stalledNow() + "</b>").append("</td></tr>");
      }
      h.append("</table>");
      FunnelSummary.Move m = slowest.get(scope.getKey());
      h.append("<p class=\"meta\">").append(m == null ? "No stage slowed down this month."
          : String.format(Locale.ROOT, "Lost the most days this month: <b>%s</b>, median %.1f days on %s against "
              + "%.1f on %s (+%.1f days).", m.stage(), m.toDays(), m.to(), m.fromDays(), m.from(), m.change()))
          .append("</p>");
    }
    LocalDate lastDay = result.funnelRows().stream().map(FunnelRow::date).max(LocalDate::compareTo).orElseThrow();
    List<FunnelSummary.Stalled> stalled = FunnelSummary.stillStalled(result.stalledRows(), lastDay);
    h.append("<h3>Deals stalled now (").append(stalled.size()).append(")</h3>");
    if (stalled.isEmpty()) {
      h.append("<p class=\"meta\">None.</p>");
    } else {
      h.append("<table><tr><th>lead</th><th>team</th><th>rep</th><th>stage</th><th>in stage since</th>")
          .append("<th>days in stage</th><th>found stalled</th></tr>");
      for (FunnelSummary.Stalled st : stalled.subList(0, Math.min(STALLED_ROWS, stalled.size()))) {
        StalledRow r = st.row();
        h.append("<tr><td>").append(Html.escape(r.lead())).append("</td><td>").append(Html.escape(r.team()))
            .append("</td><td>").append(r.owner() == null ? "&ndash;" : Html.escape(r.owner())).append("</td><td>")
            .append(r.stage()).append("</td><td>").append(r.visitBegan().toString(), 0, 10).append("</td><td>")
            .append(String.format(Locale.ROOT, "%.1f", st.ageDays())).append("</td><td>").append(r.stalledOn())
            .append("</td></tr>");
      }
      h.append("</table>");
      if (stalled.size() > STALLED_ROWS) {
        h.append("<p class=\"meta\">The ").append(STALLED_ROWS).append(" oldest of ").append(stalled.size())
            .append("; all of them with --stalled-out.</p>");
      }
    }
    h.append("<h3>Biggest monthly changes in time in stage</h3><ul>");
    List<FunnelSummary.Move> moves = FunnelSummary.biggestMonthlyMoves(result.funnelRows(), MOVES);
    if (moves.isEmpty()) {
      h.append("<li class=\"meta\">Fewer than two month ends with exits.</li>");
    }
    for (FunnelSummary.Move m : moves) {
      h.append("<li class=\"").append(m.change() > 0 ? "down" : "up").append("\">")
          .append(Html.escape(m.scope().equals(SegmentKey.ALL) ? "All teams" : m.scope())).append(", ")
          .append(m.stage()).append(String.format(Locale.ROOT, ": median %.1f days on %s, %s%.1f against %s",
              m.toDays(), m.to(), m.change() >= 0 ? "+" : "", m.change(), m.from())).append("</li>");
    }
    h.append("</ul>");
  }

  private static void whatIfCells(StringBuilder h, WhatIfTable.Line line) {
    BigDecimal pct = line.changePercent();
    h.append("<td>").append(line.changedVelocity() == null ? "&ndash;" : money(line.changedVelocity().doubleValue()))
        .append("</td><td>").append(pct == null ? "&ndash;"
            : (pct.signum() >= 0 ? "+" : "") + pct.setScale(1, RoundingMode.HALF_EVEN) + "%").append("</td>");
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String money(Double v) {
    return v == null ? "undefined" : money(v.doubleValue());
  }

  private static String money(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  private static String percent(Double v) {
    return v == null ? "&ndash;" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }

  private static String days(Double v) {
    return v == null ? "&ndash;" : String.format(Locale.ROOT, "%.1f", v);
  }
}
