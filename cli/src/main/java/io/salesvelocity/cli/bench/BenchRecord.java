package io.salesvelocity.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One measured figure against its goal, as a benchmark command appends it to a JSON Lines file ({@code --record})
 * for {@code velocity bench chart}.
 *
 * @param metric what was measured, as the chart labels it
 * @param value  the measured figure (a ratio, milliseconds, bytes, seconds)
 * @param goal   the figure the issue asks for
 * @param higherIsBetter whether a figure above the goal meets it (a throughput ratio) or below it (a latency)
 * @param detail the figure as a person reads it ("0.32x", "p99 1,438 ms")
 */
record BenchRecord(String metric, double value, double goal, boolean higherIsBetter, String detail, String at) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static BenchRecord of(String metric, double value, double goal, boolean higherIsBetter, String detail) {
    return new BenchRecord(metric, value, goal, higherIsBetter, detail, Instant.now().toString());
  }

  /** How much of the goal is met: 1 or more when met, whichever way the figure is better. */
  double ofGoal() {
    return higherIsBetter ? value / goal : goal / value;
  }

  /** Appends to {@code file}; does nothing when no file was asked for. */
  void appendTo(Path file) throws IOException {
    if (file == null) {
      return;
    }
    Files.writeString(file, JSON.writeValueAsString(this) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /** The records of a file; a metric recorded twice keeps its last figure. */
  static List<BenchRecord> read(Path file) throws IOException {
    java.util.Map<String, BenchRecord> latest = new java.util.LinkedHashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        BenchRecord r = JSON.readValue(line, BenchRecord.class);
        latest.remove(r.metric());
        latest.put(r.metric(), r);
      }
    }
    return new ArrayList<>(latest.values());
  }
}
