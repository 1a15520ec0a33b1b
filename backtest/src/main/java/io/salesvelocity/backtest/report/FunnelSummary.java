package io.salesvelocity.backtest.report;

import io.salesvelocity.backtest.replay.FunnelRow;
import io.salesvelocity.backtest.replay.StalledRow;
import io.salesvelocity.schemas.Stage;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the report says of the stage funnel, from the backtest's funnel and stalled rows: each scope's funnel on its
 * latest day, the stage whose median time grew most against the end of the month before, the deals still stalled
 * with their age, and the biggest moves of a stage's median time from one month's end to the next.
 */
public final class FunnelSummary {
  /** A stage's median time at the end of a month against the end of the month before, in one scope. */
  public record Move(String scope, String stage, LocalDate from, LocalDate to, double fromDays, double toDays) {
    public double change() {
      return toDays - fromDays;
    }
  }

  /** A deal stalled at the end of the replay, {@code ageDays} in its stage by then. */
  public record Stalled(StalledRow row, double ageDays) { }

  private FunnelSummary() {
  }

  /** Each scope's seven rows on its latest day, in funnel order; ALL first. */
  public static Map<String, List<FunnelRow>> latest(List<FunnelRow> rows) {
    Map<String, TreeMap<LocalDate, List<FunnelRow>>> byScope = byScopeAndDay(rows);
    Map<String, List<FunnelRow>> out = new LinkedHashMap<>();
    byScope.forEach((scope, days) -> out.put(scope, days.lastEntry().getValue()));
    return out;
  }

  /**
   * In each scope, the stage whose median time in stage grew the most from the end of the month before its latest
   * day's month to its latest day (null where no stage grew).
   */
  public static Map<String, Move> slowestThisMonth(List<FunnelRow> rows) {
    Map<String, Move> out = new LinkedHashMap<>();
    byScopeAndDay(rows).forEach((scope, days) -> {
      LocalDate last = days.lastKey();
      LocalDate previous = days.floorKey(last.withDayOfMonth(1).minusDays(1));
      Move worst = null;
      if (previous != null) {
        for (Move m : moves(scope, days.get(previous), days.get(last), previous, last)) {
          if (m.change() > 0 && (worst == null || m.change() > worst.change())) {
            worst = m;
          }
        }
      }
      out.put(scope, worst);
    });
    return out;
  }

  /** The {@code n} largest moves, up or down, of a stage's median time between consecutive month ends, any scope. */
  public static List<Move> biggestMonthlyMoves(List<FunnelRow> rows, int n) {
    List<Move> all = new ArrayList<>();
    byScopeAndDay(rows).forEach((scope, days) -> {
      List<LocalDate> ends = new ArrayList<>();
      for (LocalDate d : days.keySet()) {
        boolean monthEnd = d.plusDays(1).getMonthValue() != d.getMonthValue();
        if (monthEnd || d.equals(days.lastKey())) {
          ends.add(d);
        }
      }
      for (int i = 1; i < ends.size(); i++) {
        all.addAll(moves(scope, days.get(ends.get(i - 1)), days.get(ends.get(i)), ends.get(i - 1), ends.get(i)));
      }
    });
    all.sort(Comparator.comparingDouble((Move m) -> -Math.abs(m.change())).thenComparing(Move::scope)
        .thenComparing(Move::to).thenComparing(Move::stage));
    return List.copyOf(all.subList(0, Math.min(n, all.size())));
  }

  /** The deals still stalled at the end, oldest in their stage first, with their age on {@code lastDay}'s end. */
  public static List<Stalled> stillStalled(List<StalledRow> rows, LocalDate lastDay) {
    long end = lastDay.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli() - 1;
    List<Stalled> out = new ArrayList<>();
    for (StalledRow r : rows) {
      if (r.resolution() == null) {
        out.add(new Stalled(r, (end - r.visitBegan().toEpochMilli()) / 86_400_000.0));
      }
    }
    out.sort(Comparator.comparingDouble((Stalled s) -> -s.ageDays()).thenComparing(s -> s.row().lead()));
    return out;
  }

  private static List<Move> moves(String scope, List<FunnelRow> from, List<FunnelRow> to, LocalDate fromDay,
                                  LocalDate toDay) {
    List<Move> out = new ArrayList<>();
    for (FunnelRow a : from) {
      for (FunnelRow b : to) {
        if (a.stage().equals(b.stage()) && a.medianDays() != null && b.medianDays() != null
            && ChronoUnit.DAYS.between(fromDay, toDay) > 0) {
          out.add(new Move(scope, a.stage(), fromDay, toDay, a.medianDays(), b.medianDays()));
        }
      }
    }
    return out;
  }

  private static Map<String, TreeMap<LocalDate, List<FunnelRow>>> byScopeAndDay(List<FunnelRow> rows) {
    Map<String, TreeMap<LocalDate, List<FunnelRow>>> out = new TreeMap<>(
        Comparator.comparing((String s) -> !s.equals("ALL")).thenComparing(s -> s));
    for (FunnelRow r : rows) {
      out.computeIfAbsent(r.scope(), s -> new TreeMap<>()).computeIfAbsent(r.date(), d -> new ArrayList<>()).add(r);
    }
    out.values().forEach(days -> days.values().forEach(list -> list.sort(
        Comparator.comparingInt(r -> Stage.valueOf(r.stage()).ordinal()))));
    return out;
  }
}
