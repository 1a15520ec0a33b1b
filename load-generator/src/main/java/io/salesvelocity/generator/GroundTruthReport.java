package io.salesvelocity.generator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.Map;

/** The ground truth of a generated run, printed for people and written as JSON for programs. */
public final class GroundTruthReport {
  private final Scenario scenario;
  private final GroundTruth truth;
  private final long events;

  public GroundTruthReport(Scenario scenario, GroundTruth truth, long events) {
    this.scenario = scenario;
    this.truth = truth;
    this.events = events;
  }

  public void print(PrintStream out) {
    Map<String, SteadyState.Figures> steady = SteadyState.of(scenario);
    out.printf("Ground truth: %,d events, event time %s .. %s%n", events, truth.firstEvent(), truth.lastEvent());
    out.printf("  %-16s %8s %8s %7s %7s %11s %8s %9s | %-44s%n", "team", "leads", "opps", "won", "lost", "avg deal",
        "win rate", "cycle d", "steady state: pipeline, avg deal, win, cycle, velocity/day");
    for (Map.Entry<String, GroundTruth.TeamCounts> e : truth.teams().entrySet()) {
      GroundTruth.TeamCounts c = e.getValue();
      SteadyState.Figures s = steady.get(e.getKey());
      out.printf("  %-16s %,8d %,8d %,7d %,7d %11s %8s %9s | %s%n", e.getKey(), c.leads, c.opportunities, c.won,
          c.lost, c.avgDealSize() == null ? "-" : c.avgDealSize().setScale(0, RoundingMode.HALF_EVEN).toPlainString(),
          c.winRate() == null ? "-" : String.format("%.1f%%", 100 * c.winRate()),
          c.avgCycleDays() == null ? "-" : String.format("%.1f", c.avgCycleDays()),
          s == null ? "-" : String.format("%,.0f, %,.0f, %.1f%%, %.1f d, %,.0f", s.pipeline(), s.avgDealSize(),
              100 * s.winRate(), s.avgCycleDays(), s.velocityPerDay()));
    }
  }

  public ObjectNode toJson() {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("seed", scenario.seed());
    root.put("start", scenario.start().toString());
    root.put("events", events);
    root.put("firstEvent", truth.firstEvent() == null ? null : truth.firstEvent().toString());
    root.put("lastEvent", truth.lastEvent() == null ? null : truth.lastEvent().toString());
    ObjectNode teams = root.putObject("teams");
    Map<String, SteadyState.Figures> steady = SteadyState.of(scenario);
    for (Map.Entry<String, GroundTruth.TeamCounts> e : truth.teams().entrySet()) {
      GroundTruth.TeamCounts c = e.getValue();
      ObjectNode t = teams.putObject(e.getKey());
      t.put("leads", c.leads);
      t.put("opportunities", c.opportunities);
      t.put("won", c.won);
      t.put("lost", c.lost);
      t.put("wonAmount", c.wonAmount.toPlainString());
      t.put("avgDealSize", c.avgDealSize() == null ? null : c.avgDealSize().setScale(6, RoundingMode.HALF_EVEN)
          .toPlainString());
      putDouble(t, "winRate", c.winRate());
      putDouble(t, "avgCycleDays", c.avgCycleDays());
      SteadyState.Figures s = steady.get(e.getKey());
      if (s != null) {
        ObjectNode ss = t.putObject("steadyState");
        ss.put("pipelineCount", s.pipeline());
        ss.put("wonPerDay", s.wonPerDay());
        ss.put("lostPerDay", s.lostPerDay());
        ss.put("avgDealSize", BigDecimal.valueOf(s.avgDealSize()).setScale(6, RoundingMode.HALF_EVEN).toPlainString());
        ss.put("winRate", s.winRate());
        ss.put("avgCycleDays", s.avgCycleDays());
        ss.put("velocityPerDay", s.velocityPerDay());
      }
    }
    return root;
  }

  public void writeJson(Path path) {
    try {
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(path.toFile(), toJson());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  private static void putDouble(ObjectNode n, String field, Double v) {
    if (v == null) {
      n.putNull(field);
    } else {
      n.put(field, v);
    }
  }
}
