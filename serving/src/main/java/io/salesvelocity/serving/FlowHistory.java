package io.salesvelocity.serving;

import io.salesvelocity.schemas.PipelineFlow;
import io.salesvelocity.velocity.domain.flow.Flow;
import io.salesvelocity.velocity.domain.flow.FlowTotals;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The daily pipeline bridges (pipeline-flow-daily) of every scope, the latest {@code historyDays} days of each, and
 * the bridge between two dates: the days' flows summed, from the first day's start to the last day's end (a bridge
 * between two days is the sum of the daily bridges).
 */
final class FlowHistory {
  private final int historyDays;
  private final Map<String, NavigableMap<LocalDate, PipelineFlow>> byScope = new ConcurrentHashMap<>();

  FlowHistory(int historyDays) {
    this.historyDays = historyDays;
  }

  /** A day's bridge as published (a second record of a day replaces the first). */
  void put(PipelineFlow f) {
    NavigableMap<LocalDate, PipelineFlow> days = byScope.computeIfAbsent(f.getScope(),
        s -> java.util.Collections.synchronizedNavigableMap(new TreeMap<>()));
    synchronized (days) {
      days.put(f.getDay(), f);
      while (days.size() > historyDays) {
        days.pollFirstEntry();
      }
    }
  }

  Set<String> scopes() {
    return byScope.keySet();
  }

  int size() {
    return byScope.values().stream().mapToInt(Map::size).sum();
  }

  /** The latest day bridged for {@code scope}; null when it has none. */
  LocalDate lastDay(String scope) {
    NavigableMap<LocalDate, PipelineFlow> days = byScope.get(scope);
    if (days == null) {
      return null;
    }
    synchronized (days) {
      return days.isEmpty() ? null : days.lastKey();
    }
  }

  /** The bridges of {@code scope} from {@code from} to {@code to} (both included), by day. */
  List<PipelineFlow> days(String scope, LocalDate from, LocalDate to) {
    NavigableMap<LocalDate, PipelineFlow> days = byScope.get(scope);
    if (days == null) {
      return List.of();
    }
    synchronized (days) {
      return new ArrayList<>(days.subMap(from, true, to, true).values());
    }
  }

  /**
   * The bridge over {@code days} (consecutive, by day): the first day's start, the flows summed, the last day's end;
   * null when there are none.
   */
  static Map<String, Object> summed(List<PipelineFlow> days) {
    if (days.isEmpty()) {
      return null;
    }
    Flow sum = Flow.ZERO;
    long enteredAndClosed = 0;
    for (PipelineFlow d : days) {
      sum = sum.plus(flow(d));
      enteredAndClosed += d.getEnteredAndClosedCount();
    }
    PipelineFlow first = days.get(0);
    FlowTotals start = new FlowTotals(first.getStartCount(), first.getStartValue());
    FlowTotals end = start.after(sum);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("from", first.getDay().toString());
    out.put("to", days.get(days.size() - 1).getDay().toString());
    out.put("startCount", start.count());
    out.put("startValue", start.value());
    out.put("enteredCount", sum.entered());
    out.put("enteredValue", sum.enteredValue());
    out.put("movedInCount", sum.movedIn());
    out.put("movedInValue", sum.movedInValue());
    out.put("movedOutCount", sum.movedOut());
    out.put("movedOutValue", sum.movedOutValue());
    out.put("wonCount", sum.won());
    out.put("wonValue", sum.wonValue());
    out.put("lostCount", sum.lost());
    out.put("lostValue", sum.lostValue());
    out.put("revalued", sum.revalued());
    out.put("endCount", end.count());
    out.put("endValue", end.value());
    out.put("enteredAndClosedCount", enteredAndClosed);
    return out;
  }

  private static Flow flow(PipelineFlow d) {
    return new Flow(d.getEnteredCount(), d.getEnteredValue(), d.getMovedInCount(), d.getMovedInValue(),
        d.getMovedOutCount(), d.getMovedOutValue(), d.getWonCount(), d.getWonValue(), d.getLostCount(),
        d.getLostValue(), d.getRevalued(), 0);
  }
}
