package io.salesvelocity.velocity.domain.team;

import io.salesvelocity.velocity.domain.math.WindowTotals;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The segments of the scope of all teams, as sums of what each team partition reports: a team's totals at an instant
 * are additive (counts and sums), every lead is held by exactly one team at a time, and a team partition evaluates
 * all its teams at the same instants (the end of each day, its current instant), so all teams' figures at T are
 * the sum of the partitions' sums at T. The scope then costs nothing per delta: a partition reports once per day
 * and once per emit interval.
 *
 * <p>A day is final for all teams once every partition has said it made that day final (a {@link #through} report);
 * until then its reports wait. A segment has a point on each day some partition reports it for: a partition
 * reports a segment on every day from the segment's first one, so from the first day any partition reports it,
 * and never on a day already final (a report for such a day counts no more, as a delta that late counts only
 * for later days).
 */
public final class AllTeamsSums {
  /** One segment's totals in one report: its dimension label, its value, its totals. */
  public record Part(String dimension, String segment, WindowTotals totals) { }

  /** A segment of all teams: dimension label and value. */
  public record Segment(String dimension, String segment) { }

  /** A day final for all teams: each segment reported for it, its totals summed over the partitions. */
  public record FinalDay(long epochDay, Map<Segment, WindowTotals> segments) { }

  /** Each partition's latest current report summed, at the latest of their instants. */
  public record Current(long at, Map<Segment, WindowTotals> segments) { }

  private record Report(long at, List<Part> parts) { }

  private final long[] through;
  private final NavigableMap<Long, Map<Integer, List<Part>>> pending = new TreeMap<>();
  private final Map<Integer, Report> current = new HashMap<>();
  private long finalThrough = Long.MIN_VALUE;

  public AllTeamsSums(int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
    }
    this.through = new long[partitions];
    Arrays.fill(through, Long.MIN_VALUE);
  }

  /** The last day final for all teams (Long.MIN_VALUE: none yet). */
  public long finalThrough() {
    return finalThrough;
  }

  /** Restores the last day made final (from the store, before any report). */
  public void restoreFinalThrough(long day) {
    finalThrough = Math.max(finalThrough, day);
  }

  /**
   * A partition's segments at the end of {@code day}; false if that day is already final for all teams (the report
   * counts for nothing). A partition reports a day once; a second report replaces the first.
   */
  public boolean daily(int partition, long day, List<Part> parts) {
    check(partition);
    if (day <= finalThrough) {
      return false;
    }
    pending.computeIfAbsent(day, d -> new HashMap<>()).put(partition, List.copyOf(parts));
    return true;
  }

  /**
   * A partition has made every day through {@code day} final: returns the days this makes final for all teams, in
   * order, each with its segments summed (days no partition reported anything for are not listed).
   */
  public List<FinalDay> through(int partition, long day) {
    check(partition);
    through[partition] = Math.max(through[partition], day);
    long all = Long.MAX_VALUE;
    for (long t : through) {
      all = Math.min(all, t);
    }
    List<FinalDay> out = new ArrayList<>();
    if (all == Long.MIN_VALUE || all <= finalThrough) {
      return out;
    }
    NavigableMap<Long, Map<Integer, List<Part>>> ready = pending.headMap(all, true);
    for (Map.Entry<Long, Map<Integer, List<Part>>> e : ready.entrySet()) {
      out.add(new FinalDay(e.getKey(), sum(e.getValue().values())));
    }
    ready.clear();
    finalThrough = all;
    return out;
  }

  /** Restores what a partition said it made final (from the store): makes nothing final. */
  public void restoreThrough(int partition, long day) {
    check(partition);
    through[partition] = Math.max(through[partition], day);
  }

  /** A partition's segments at its current instant {@code at}: returns every partition's latest, summed. */
  public Current current(int partition, long at, List<Part> parts) {
    check(partition);
    current.put(partition, new Report(at, List.copyOf(parts)));
    long latest = Long.MIN_VALUE;
    List<List<Part>> reports = new ArrayList<>();
    for (Report r : current.values()) {
      latest = Math.max(latest, r.at());
      reports.add(r.parts());
    }
    return new Current(latest, sum(reports));
  }

  /** The days reported but not final yet (for the store). */
  public List<Long> pendingDays() {
    return List.copyOf(pending.keySet());
  }

  private static Map<Segment, WindowTotals> sum(Iterable<List<Part>> reports) {
    Map<Segment, WindowTotals> out = new TreeMap<>(java.util.Comparator.comparing(Segment::dimension)
        .thenComparing(Segment::segment));
    for (List<Part> parts : reports) {
      for (Part p : parts) {
        out.merge(new Segment(p.dimension(), p.segment()), p.totals(), WindowTotals::plus);
      }
    }
    return out;
  }

  private void check(int partition) {
    if (partition < 0 || partition >= through.length) {
      throw new IllegalArgumentException("partition " + partition + " of " + through.length);
    }
  }
}
