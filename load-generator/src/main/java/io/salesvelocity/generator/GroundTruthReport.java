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
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The ground truth of a generated run, printed for people and written as JSON for programs. */
public final class GroundTruthReport {
  /** The engine's dimension labels, in its order. */
  static final List<String> DIMENSIONS = List.of("industry", "companySize", "region", "source", "owner");
  private static final String ROW = "  %-24s %8s %8s %7s %7s %11s %8s %9s | %-44s%n";
  private final Scenario scenario;
  private final GroundTruth truth;
  private final long events;

  public GroundTruthReport(Scenario scenario, GroundTruth truth, long events) {
    this.scenario = scenario;
    this.truth = truth;
    this.events = events;
  }

  public void print(PrintStream out) {
    SteadyState.Model model = SteadyState.model(scenario);
    out.printf("Ground truth: %,d events, event time %s .. %s%n", events, truth.firstEvent(), truth.lastEvent());
    out.printf(ROW, "team", "leads", "opps", "won", "lost", "avg deal", "win rate", "cycle d",
        "steady state: pipeline, avg deal, win, cycle, velocity/day");
    for (Map.Entry<String, GroundTruth.TeamCounts> e : truth.teams().entrySet()) {
      row(out, e.getKey(), e.getValue(), model.teams().get(e.getKey()));
    }
    out.printf("By segment, all teams (every segment of every team, and each rep, in --truth):%n");
    for (SteadyState.Segment s : sorted(truth.segments().keySet().stream()
        .filter(s -> s.scope().equals(GroundTruth.ALL) && !s.dimension().equals("owner")).toList())) {
      row(out, s.dimension() + " " + s.value(), truth.segments().get(s), model.segments().get(s));
    }
  }

  private static void row(PrintStream out, String name, GroundTruth.TeamCounts c, SteadyState.Figures s) {
    out.printf(ROW, name, String.format("%,d", c.leads), String.format("%,d", c.opportunities),
        String.format("%,d", c.won), String.format("%,d", c.lost),
        c.avgDealSize() == null ? "-" : c.avgDealSize().setScale(0, RoundingMode.HALF_EVEN).toPlainString(),
        c.winRate() == null ? "-" : String.format("%.1f%%", 100 * c.winRate()),
        c.avgCycleDays() == null ? "-" : String.format("%.1f", c.avgCycleDays()),
        s == null ? "-" : String.format("%,.0f, %,.0f, %.1f%%, %.1f d, %,.0f", s.pipeline(), s.avgDealSize(),
            100 * s.winRate(), s.avgCycleDays(), s.velocityPerDay()));
  }

  /** Scope (teams, then ALL), dimension in the engine's order, value. */
  private static List<SteadyState.Segment> sorted(java.util.Collection<SteadyState.Segment> segments) {
    return segments.stream().sorted(Comparator
        .comparing((SteadyState.Segment s) -> s.scope().equals(GroundTruth.ALL))
        .thenComparing(SteadyState.Segment::scope)
        .thenComparing(s -> DIMENSIONS.indexOf(s.dimension()))
        .thenComparing(SteadyState.Segment::value)).toList();
  }

  public ObjectNode toJson() {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("seed", scenario.seed());
    root.put("start", scenario.start().toString());
    root.put("events", events);
    root.put("firstEvent", truth.firstEvent() == null ? null : truth.firstEvent().toString());
    root.put("lastEvent", truth.lastEvent() == null ? null : truth.lastEvent().toString());
    SteadyState.Model model = SteadyState.model(scenario);
    ObjectNode teams = root.putObject("teams");
    for (Map.Entry<String, GroundTruth.TeamCounts> e : truth.teams().entrySet()) {
      put(teams.putObject(e.getKey()), e.getValue(), model.teams().get(e.getKey()));
    }
    // scope -> dimension -> segment; a segment the model has but the run never delivered has counts of zero
    ObjectNode segments = root.putObject("segments");
    for (SteadyState.Segment s : sorted(model.segments().keySet())) {
      ObjectNode scope = segments.has(s.scope()) ? (ObjectNode) segments.get(s.scope()) : segments.putObject(s.scope());
      ObjectNode dim = scope.has(s.dimension()) ? (ObjectNode) scope.get(s.dimension())
          : scope.putObject(s.dimension());
      put(dim.putObject(s.value()), truth.segments().getOrDefault(s, new GroundTruth.TeamCounts()),
          model.segments().get(s));
    }
    return root;
  }

  private static void put(ObjectNode t, GroundTruth.TeamCounts c, SteadyState.Figures s) {
    t.put("leads", c.leads);
    t.put("opportunities", c.opportunities);
    t.put("won", c.won);
    t.put("lost", c.lost);
    t.put("wonAmount", c.wonAmount.toPlainString());
    t.put("avgDealSize", c.avgDealSize() == null ? null : c.avgDealSize().setScale(6, RoundingMode.HALF_EVEN)
        .toPlainString());
    putDouble(t, "winRate", c.winRate());
    putDouble(t, "avgCycleDays", c.avgCycleDays());
    if (s != null) {
      ObjectNode ss = t.putObject("steadyState");
      ss.put("pipelineCount", s.pipeline());
      ss.put("wonPerDay", s.wonPerDay());
      ss.put("lostPerDay", s.lostPerDay());
      ss.put("avgDealSize", Double.isNaN(s.avgDealSize()) ? null
          : BigDecimal.valueOf(s.avgDealSize()).setScale(6, RoundingMode.HALF_EVEN).toPlainString());
      putDouble(ss, "winRate", Double.isNaN(s.winRate()) ? null : s.winRate());
      putDouble(ss, "avgCycleDays", Double.isNaN(s.avgCycleDays()) ? null : s.avgCycleDays());
      putDouble(ss, "velocityPerDay", Double.isNaN(s.velocityPerDay()) ? null : s.velocityPerDay());
    }
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
