package io.salesvelocity.velocity.topology;

import io.salesvelocity.velocity.domain.flow.Flow;
import io.salesvelocity.velocity.domain.flow.FlowPart;
import io.salesvelocity.velocity.domain.flow.FlowTotals;
import io.salesvelocity.velocity.domain.forecast.ForecastBook;
import io.salesvelocity.velocity.domain.forecast.ForecastReport;
import io.salesvelocity.velocity.domain.funnel.FunnelChange;
import io.salesvelocity.velocity.domain.funnel.FunnelFact;
import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.math.WindowTotals;
import io.salesvelocity.velocity.domain.team.AllTeamsSums;
import io.salesvelocity.velocity.domain.team.TeamDelta;
import io.salesvelocity.velocity.state.PartialKind;
import io.salesvelocity.velocity.state.ScopePartial;
import io.salesvelocity.velocity.state.SegmentPart;
import io.salesvelocity.velocity.state.StateSerdes;
import io.salesvelocity.velocity.state.Totals;
import io.salesvelocity.velocity.domain.math.UtcDays;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The records of the all-teams-partials topic, to and from the parts {@link AllTeamsSums} sums. */
final class AllTeamsRecords {
  private AllTeamsRecords() {
  }

  static ScopePartial daily(int partition, long day, long at, Map<AllTeamsSums.Segment, WindowTotals> segments) {
    return record(partition, PartialKind.DAILY, day, at, false, segments);
  }

  static ScopePartial current(int partition, long at, boolean heartbeat,
                              Map<AllTeamsSums.Segment, WindowTotals> segments) {
    return record(partition, PartialKind.CURRENT, 0, at, heartbeat, segments);
  }

  static ScopePartial through(int partition, long day) {
    return record(partition, PartialKind.THROUGH, day, 0, false, Map.of());
  }

  /**
   * Facts in one report at most: a record stays far below the producer's 1 MiB limit (a fact is tens of bytes), even
   * when a partition makes many days final at once.
   */
  static final int MAX_FACTS_PER_REPORT = 4_000;

  /**
   * The funnel facts a partition's teams' current cursors took in, by instant, when they are at {@code at}: as many
   * reports as it takes to hold at most {@link #MAX_FACTS_PER_REPORT} facts each.
   */
  static List<ScopePartial> funnel(int partition, long at, Map<Long, FunnelChange> byInstant) {
    List<ScopePartial> out = new ArrayList<>();
    List<java.nio.ByteBuffer> parts = new ArrayList<>();
    int facts = 0;
    for (Map.Entry<Long, FunnelChange> day : byInstant.entrySet()) {
      Map<FunnelFact, Integer> chunk = new java.util.LinkedHashMap<>();
      for (Map.Entry<FunnelFact, Integer> f : day.getValue().counts().entrySet()) {
        if (facts + chunk.size() == MAX_FACTS_PER_REPORT) {
          if (!chunk.isEmpty()) {
            parts.add(encode(day.getKey(), chunk));
          }
          out.add(funnelRecord(partition, at, parts));
          parts = new ArrayList<>();
          chunk = new java.util.LinkedHashMap<>();
          facts = 0;
        }
        chunk.put(f.getKey(), f.getValue());
      }
      if (!chunk.isEmpty()) {
        parts.add(encode(day.getKey(), chunk));
        facts += chunk.size();
      }
    }
    if (!parts.isEmpty()) {
      out.add(funnelRecord(partition, at, parts));
    }
    return out;
  }

  private static java.nio.ByteBuffer encode(long at, Map<FunnelFact, Integer> facts) {
    return java.nio.ByteBuffer.wrap(StateSerdes.teamDelta().serializer().serialize(null,
        new TeamDelta(at, Delta.ZERO, null, FunnelChange.of(facts))));
  }

  private static ScopePartial funnelRecord(int partition, long at, List<java.nio.ByteBuffer> parts) {
    return new ScopePartial(partition, PartialKind.FUNNEL, 0L, at, false, List.of(), parts, null);
  }

  static List<TeamDelta> funnelParts(ScopePartial p) {
    List<TeamDelta> out = new ArrayList<>(p.getFunnel().size());
    for (java.nio.ByteBuffer b : p.getFunnel()) {
      byte[] bytes = new byte[b.remaining()];
      b.duplicate().get(bytes);
      out.add(StateSerdes.teamDelta().deserializer().deserialize(null, bytes));
    }
    return out;
  }

  /** The flow of every lead as one scope that a partition's teams carried for {@code day}. */
  static ScopePartial flow(int partition, long day, Flow all) {
    java.nio.ByteBuffer part = java.nio.ByteBuffer.wrap(StateSerdes.teamDelta().serializer().serialize(null,
        new TeamDelta(day * io.salesvelocity.velocity.domain.math.VelocityFigures.MILLIS_PER_DAY, Delta.ZERO, null,
            null, FlowPart.ofAll(all))));
    return new ScopePartial(partition, PartialKind.FLOW, day, 0L, false, List.of(), List.of(part), null);
  }

  /** The flow a FLOW report carries (zero when its part has none). */
  static Flow flowOf(ScopePartial p) {
    List<TeamDelta> parts = funnelParts(p);
    return parts.isEmpty() || parts.get(0).flow() == null ? Flow.ZERO : parts.get(0).flow().all();
  }

  /** For the store: the pipeline of every lead at the end of {@code day}, the last day bridged. */
  static ScopePartial flowEnd(long day, FlowTotals end) {
    return new ScopePartial(-1, PartialKind.FLOW_END, day, 0L, false, List.of(), List.of(), end.text());
  }

  /** What a partition's teams give the forecasts of every lead for {@code day}. */
  static ScopePartial forecast(int partition, long day, ForecastReport report) {
    return new ScopePartial(partition, PartialKind.FORECAST, day, 0L, false, List.of(), List.of(), report.text());
  }

  /** What a partition's teams give the current forecasts of every lead: at their current instant {@code at}. */
  static ScopePartial forecastCurrent(int partition, long at, boolean heartbeat, ForecastReport report) {
    return new ScopePartial(partition, PartialKind.FORECAST_CURRENT, UtcDays.dayOf(at), at, heartbeat, List.of(),
        List.of(), report.text());
  }

  /** For the store: a final day of every lead's forecasts. */
  static ScopePartial forecastDay(ForecastBook.Day day) {
    return new ScopePartial(-1, PartialKind.FORECAST_DAY, day.day(), 0L, false, List.of(), List.of(), day.text());
  }

  static List<AllTeamsSums.Part> parts(ScopePartial p) {
    List<AllTeamsSums.Part> out = new ArrayList<>(p.getSegments().size());
    for (SegmentPart s : p.getSegments()) {
      Totals t = s.getTotals();
      out.add(new AllTeamsSums.Part(s.getDimension(), s.getSegment(), new WindowTotals(t.getPipeline(), t.getWon(),
          t.getLost(), new BigDecimal(t.getWonAmount()), t.getCycleMillis())));
    }
    return out;
  }

  private static ScopePartial record(int partition, PartialKind kind, long day, long at, boolean heartbeat,
                                     Map<AllTeamsSums.Segment, WindowTotals> segments) {
    List<SegmentPart> parts = new ArrayList<>(segments.size());
    segments.forEach((s, t) -> parts.add(new SegmentPart(s.dimension(), s.segment(), new Totals(t.pipeline(), t.won(),
        t.lost(), t.wonAmount().toPlainString(), t.cycleMillis()))));
    return new ScopePartial(partition, kind, day, at, heartbeat, parts, List.of(), null);
  }
}
