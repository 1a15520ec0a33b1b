package io.salesvelocity.cli.bench;

import io.salesvelocity.backtest.report.VelocityCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether two daily velocity CSVs (the backtest's {@code --out} header) hold the same rows: the same (team, date)
 * keys, equal counts, and equal figures within a relative 1e-9 (the backtest computes in decimals and writes at
 * least 6 decimals, DuckDB in doubles; the average deal size is also allowed its rounding to 6 decimals).
 */
final class DailyRowsComparison {
  static final String HEADER = VelocityCsv.HEADER;
  private static final int[] COUNTS = {2, 7, 8};
  private static final int[] FIGURES = {3, 4, 5, 6};

  private DailyRowsComparison() {
  }

  /** The differences, at most {@code limit} of them described; empty when the rows are the same. */
  static List<String> differences(Path expected, Path actual, int limit) throws IOException {
    Map<String, String[]> a = read(expected);
    Map<String, String[]> b = read(actual);
    List<String> out = new ArrayList<>();
    int count = 0;
    for (Map.Entry<String, String[]> e : a.entrySet()) {
      String[] other = b.get(e.getKey());
      String why = other == null ? "missing in " + actual.getFileName() : differ(e.getValue(), other);
      if (why != null && count++ < limit) {
        out.add(e.getKey() + ": " + why);
      }
    }
    for (String key : b.keySet()) {
      if (!a.containsKey(key) && count++ < limit) {
        out.add(key + ": missing in " + expected.getFileName());
      }
    }
    if (count > limit) {
      out.add("... " + (count - limit) + " more");
    }
    return out;
  }

  static int rows(Path csv) throws IOException {
    return read(csv).size();
  }

  private static String differ(String[] x, String[] y) {
    for (int i : COUNTS) {
      if (Long.parseLong(x[i]) != Long.parseLong(y[i])) {
        return HEADER.split(",")[i] + " " + x[i] + " against " + y[i];
      }
    }
    for (int i : FIGURES) {
      if (x[i].isEmpty() != y[i].isEmpty()) {
        return HEADER.split(",")[i] + " '" + x[i] + "' against '" + y[i] + "'";
      }
      if (!x[i].isEmpty()) {
        double p = Double.parseDouble(x[i]);
        double q = Double.parseDouble(y[i]);
        double tolerance = Math.max(1e-9 * Math.max(Math.abs(p), Math.abs(q)), i == 3 ? 1e-6 : 0);
        if (Math.abs(p - q) > tolerance) {
          return HEADER.split(",")[i] + " " + x[i] + " against " + y[i];
        }
      }
    }
    return null;
  }

  private static Map<String, String[]> read(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      throw new IOException(csv + ": expected the header " + HEADER + ", found "
          + (lines.isEmpty() ? "an empty file" : lines.get(0)));
    }
    Map<String, String[]> rows = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.indexOf('"') >= 0) {
        throw new IOException(csv + ": quoted fields are not read here: " + line);
      }
      String[] f = line.split(",", -1);
      if (f.length != 9) {
        throw new IOException(csv + ": expected 9 fields: " + line);
      }
      rows.put(f[0] + " " + f[1], f);
    }
    return rows;
  }
}
