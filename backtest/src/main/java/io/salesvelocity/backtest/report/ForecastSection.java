package io.salesvelocity.backtest.report;

import io.salesvelocity.backtest.replay.FlowRow;
import io.salesvelocity.backtest.replay.ForecastRow;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleFunction;

/**
 * The report's forecasts and pipeline bridge of one scope: for each horizon, both methods' forecasts against what was
 * then won, by the day forecast, with their rolling WAPE and bias as the engine published them with the latest scored
 * day; and the bridge of the scope's last 30 days as a waterfall.
 */
final class ForecastSection {
  static final int BRIDGE_DAYS = 30;

  private ForecastSection() {
  }

  static void write(StringBuilder h, List<ForecastRow> forecasts, List<FlowRow> flows, DoubleFunction<String> money) {
    Map<Integer, List<ForecastRow>> byHorizon = new TreeMap<>();
    forecasts.forEach(r -> byHorizon.computeIfAbsent(r.horizonDays(), n -> new ArrayList<>()).add(r));
    if (!byHorizon.isEmpty()) {
      h.append("<h3>Forecasts of won revenue against what was won</h3>");
      h.append("<table><tr><th>horizon</th><th>scored days</th><th>velocity WAPE</th><th>velocity bias</th>"
          + "<th>pipeline WAPE</th><th>pipeline bias</th><th>as of</th></tr>");
      for (Map.Entry<Integer, List<ForecastRow>> e : byHorizon.entrySet()) {
        List<ForecastRow> scored = e.getValue().stream().filter(r -> r.actual() != null).toList();
        ForecastRow last = scored.isEmpty() ? null : scored.get(scored.size() - 1);
        h.append("<tr><td>").append(e.getKey()).append(" days</td><td>").append(scored.size()).append("</td>")
            .append(cell(last == null ? null : last.velocityWape(), "%.1f%%")).append(cell(last == null ? null
                : last.velocityBias(), "%+.1f%%")).append(cell(last == null ? null : last.pipelineWape(), "%.1f%%"))
            .append(cell(last == null ? null : last.pipelineBias(), "%+.1f%%")).append("<td>")
            .append(last == null ? "–" : last.date().toString()).append("</td></tr>");
      }
      h.append("</table><p class=\"meta\">WAPE = sum |forecast - actual| &divide; sum actual, bias = sum (forecast - "
          + "actual) &divide; sum actual, over the last 90 scored days; a bias of +12% is an over-forecast by 12%.</p>");
      h.append("<div class=\"charts\">");
      for (Map.Entry<Integer, List<ForecastRow>> e : byHorizon.entrySet()) {
        List<ForecastRow> scored = e.getValue().stream().filter(r -> r.actual() != null).toList();
        List<LocalDate> dates = scored.stream().map(ForecastRow::date).toList();
        h.append(Svg.lineChart("Next " + e.getKey() + " days, by the day forecast: by velocity (blue), by the pipeline "
            + "(orange), won (green)", 180, List.of(
                new Svg.Series("s0", "by velocity", dates, scored.stream().map(ForecastRow::velocityForecast).toList()),
                new Svg.Series("s1", "by the pipeline", dates, scored.stream().map(r -> r.pipelineForecast() == null
                    ? null : r.pipelineForecast().doubleValue()).toList()),
                new Svg.Series("s2", "won", dates, scored.stream().map(r -> r.actual().doubleValue()).toList())),
            money));
      }
      h.append("</div>");
    }
    if (!flows.isEmpty()) {
      List<FlowRow> last = flows.subList(Math.max(0, flows.size() - BRIDGE_DAYS), flows.size());
      h.append("<h3>Pipeline bridge, ").append(last.get(0).date()).append(" to ")
          .append(last.get(last.size() - 1).date()).append("</h3>");
      h.append(Svg.waterfall("Pipeline value (latest estimates): start, what came in and went out, end", 200,
          steps(last), money));
    }
  }

  /** The waterfall's steps: start, entered, moved in, moved out, won, lost, re-valued, end, each with its leads. */
  static List<Svg.Step> steps(List<FlowRow> days) {
    FlowRow first = days.get(0);
    FlowRow last = days.get(days.size() - 1);
    long[] n = new long[5];
    BigDecimal[] v = {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
        BigDecimal.ZERO};
    for (FlowRow d : days) {
      n[0] += d.enteredCount();
      n[1] += d.movedInCount();
      n[2] += d.movedOutCount();
      n[3] += d.wonCount();
      n[4] += d.lostCount();
      v[0] = v[0].add(d.enteredValue());
      v[1] = v[1].add(d.movedInValue());
      v[2] = v[2].add(d.movedOutValue());
      v[3] = v[3].add(d.wonValue());
      v[4] = v[4].add(d.lostValue());
      v[5] = v[5].add(d.revalued());
    }
    return List.of(new Svg.Step("start", first.startValue().doubleValue(), first.startCount(), true),
        new Svg.Step("entered", v[0].doubleValue(), n[0], false),
        new Svg.Step("moved in", v[1].doubleValue(), n[1], false),
        new Svg.Step("moved out", -v[2].doubleValue(), n[2], false),
        new Svg.Step("won", -v[3].doubleValue(), n[3], false),
        new Svg.Step("lost", -v[4].doubleValue(), n[4], false),
        new Svg.Step("re-valued", v[5].doubleValue(), -1, false),
        new Svg.Step("end", last.endValue().doubleValue(), last.endCount(), true));
  }

  /** A share as a percentage in {@code format} (a bias with its sign), or a dash. */
  private static String cell(Double v, String format) {
    return "<td>" + (v == null ? "–" : String.format(Locale.ROOT, format, v * 100)) + "</td>";
  }
}
