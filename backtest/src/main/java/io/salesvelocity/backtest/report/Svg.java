package io.salesvelocity.backtest.report;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/** Small inline SVG line charts for the report: no scripts, no network, any browser renders them. */
final class Svg {
  static final int WIDTH = 640;
  private static final int LEFT = 78;
  private static final int RIGHT = 12;
  private static final int TOP = 10;
  private static final int BOTTOM = 22;

  /** One line: a value per date (null = gap), drawn with a CSS class. */
  record Series(String cssClass, String label, List<LocalDate> dates, List<Double> values) { }

  private Svg() {
  }

  static String lineChart(String title, int height, List<Series> series, DoubleFunction<String> format) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    LocalDate first = null;
    LocalDate last = null;
    for (Series s : series) {
      for (int i = 0; i < s.values().size(); i++) {
        Double v = s.values().get(i);
        if (v != null && Double.isFinite(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
        LocalDate d = s.dates().get(i);
        first = first == null || d.isBefore(first) ? d : first;
        last = last == null || d.isAfter(last) ? d : last;
      }
    }
    StringBuilder out = opening(title, height);
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = height - TOP - BOTTOM;
    if (first == null || min == Double.POSITIVE_INFINITY) {
      out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"empty\">no defined values</text>",
          LEFT + 10, TOP + plotH / 2));
      return out.append("</svg></figure>").toString();
    }
    if (max == min) {
      max = min + Math.max(1, Math.abs(min) * 0.1);
      min = min - (max - min) / 2;
    }
    long days = Math.max(1, last.toEpochDay() - first.toEpochDay());
    yAxis(out, min, max, plotH, true, format);
    LocalDate mid = first.plusDays(days / 2);
    for (LocalDate d : new LocalDate[] {first, mid, last}) {
      double x = LEFT + (double) (d.toEpochDay() - first.toEpochDay()) / days * plotW;
      String anchor = d == first ? "start" : d == last ? "end" : "middle";
      out.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">%s</text>", x,
          height - 6, anchor, d));
    }
    for (Series s : series) {
      StringBuilder points = new StringBuilder();
      for (int i = 0; i <= s.values().size(); i++) {
        Double v = i < s.values().size() ? s.values().get(i) : null;
        if (v == null || !Double.isFinite(v)) {
          if (points.length() > 0) {
            out.append("<polyline class=\"").append(s.cssClass()).append("\" points=\"").append(points)
                .append("\"><title>").append(Html.escape(s.label())).append("</title></polyline>");
            points.setLength(0);
          }
          continue;
        }
        double x = LEFT + (double) (s.dates().get(i).toEpochDay() - first.toEpochDay()) / days * plotW;
        double y = TOP + plotH - (v - min) / (max - min) * plotH;
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
    }
    return out.append("</svg></figure>").toString();
  }

  /** A chart's figure, caption, svg element and plot area, open for its marks. */
  private static StringBuilder opening(String title, int height) {
    StringBuilder out = new StringBuilder();
    out.append("<figure><figcaption>").append(Html.escape(title)).append("</figcaption>");
    out.append(String.format(Locale.ROOT, "<svg viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
        + "aria-label=\"%s\">", WIDTH, height, WIDTH, height, Html.escape(title)));
    out.append(String.format(Locale.ROOT, "<rect class=\"plot\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>", LEFT,
        TOP, WIDTH - LEFT - RIGHT, height - TOP - BOTTOM));
    return out;
  }

  /** Three labels of the value axis from {@code min} to {@code max} (max > min), with grid lines if {@code grid}. */
  private static void yAxis(StringBuilder out, double min, double max, int plotH, boolean grid,
                            DoubleFunction<String> format) {
    for (int g = 0; g <= 2; g++) {
      double v = min + (max - min) * g / 2;
      double y = TOP + plotH - (v - min) / (max - min) * plotH;
      if (grid) {
        out.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>",
            LEFT, WIDTH - RIGHT, y, y));
      }
      out.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
          LEFT - 6, y + 4, Html.escape(format.apply(v))));
    }
  }

  /** A step of a waterfall: a total drawn from zero, or a change drawn from the running total; leads -1 for none. */
  record Step(String label, double value, long leads, boolean total) { }

  /** A waterfall chart: each change a bar from the running total (green up, red down), totals from zero. */
  static String waterfall(String title, int height, List<Step> steps, DoubleFunction<String> format) {
    double max = 0;
    double min = 0; // the running total can go below zero on the way (a range with more lost than in the pipeline)
    double run = 0;
    double[][] bars = new double[steps.size()][2];
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      double from = s.total() ? 0 : run;
      double to = s.total() ? s.value() : run + s.value();
      run = to;
      bars[i][0] = Math.min(from, to);
      bars[i][1] = Math.max(from, to);
      max = Math.max(max, bars[i][1]);
      min = Math.min(min, bars[i][0]);
    }
    double span = max - min <= 0 ? 1 : max - min;
    StringBuilder out = opening(title, height);
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = height - TOP - BOTTOM;
    yAxis(out, min, min + span, plotH, false, format);
    double bw = (double) plotW / steps.size();
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      double y0 = TOP + plotH - (bars[i][1] - min) / span * plotH;
      double y1 = TOP + plotH - (bars[i][0] - min) / span * plotH;
      String cls = s.total() ? "wf-total" : s.value() >= 0 ? "wf-up" : "wf-down";
      out.append(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
          + "height=\"%.1f\"><title>%s: %s%s</title></rect>", cls, LEFT + i * bw + 4, y0, bw - 8, Math.max(1, y1 - y0),
          Html.escape(s.label()), Html.escape(format.apply(s.value())), s.leads() < 0 ? "" : " (" + s.leads()
              + " leads)"));
      out.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
          LEFT + i * bw + bw / 2, height - 6, Html.escape(s.label())));
    }
    return out.append("</svg></figure>").toString();
  }
}
