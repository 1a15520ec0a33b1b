package io.salesvelocity.velocity.domain.team;

import io.salesvelocity.velocity.domain.funnel.FunnelChange;
import io.salesvelocity.velocity.domain.funnel.FunnelFact;
import io.salesvelocity.velocity.domain.math.Delta;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;

/**
 * A scope's log kept by UTC day, the two kinds of day a {@link TeamLedger} needs:
 * <ul>
 *   <li>a <b>head day</b> (not final yet) holds every part received for it, as received: its daily point still has to
 *       take them all in, in instant order, and they are read once, when it becomes final;</li>
 *   <li>a <b>final day</b> inside the window holds only what can still leave a window: the window parts of its closes
 *       and its stage exits, by instant ({@link #windowRows}). It is written once when the day becomes final, read by the
 *       current cursor's tail as that passes it and by the daily cursor when the day leaves its window, and deleted
 *       whole once both have passed it.</li>
 * </ul>
 * The pipeline and the open visits never leave a window: a final day keeps nothing of them, the cursors' running
 * totals and the open visits' snapshot do. A store in the engine, maps in tests.
 */
public interface DayLog {
  /** A part received for head day {@code day} of {@code scope}. */
  void appendHead(String scope, long day, TeamDelta part);

  /** The parts received for head day {@code day}, in the order received (empty when none). */
  List<TeamDelta> head(String scope, long day);

  /** Forgets head day {@code day} (it became final). */
  void dropHead(String scope, long day);

  /** The window rows of final day {@code day}, by instant (empty when it has none or is gone). */
  List<TeamDelta> finalRows(String scope, long day);

  /** Writes the window rows of final day {@code day} ({@link #windowRows}); empty: nothing is kept of it. */
  void putFinal(String scope, long day, List<TeamDelta> rows);

  /** Adds a window row to final day {@code day} (a late part's), to the rows it keeps in instant order. */
  void addFinalRow(String scope, long day, TeamDelta row);

  /** Forgets final day {@code day} (it left both windows). */
  void dropFinal(String scope, long day);

  /** The head days of {@code scope} with parts, ascending (a read-only view). */
  NavigableSet<Long> headDays(String scope);

  /** The final days of {@code scope} kept, ascending (a read-only view). */
  NavigableSet<Long> finalDays(String scope);

  /**
   * Parts of one day in instant order, those of one instant merged ({@link #merged}): what the daily cursor takes in
   * when the day becomes final, so that the funnel facts of an instant count as one multiset whatever records they
   * came in (a lead's leaving and arrival at one instant, a retraction and what it retracts).
   */
  static List<TeamDelta> byInstant(List<TeamDelta> received) {
    List<TeamDelta> sorted = new ArrayList<>(received);
    sorted.sort(Comparator.comparingLong(TeamDelta::time)); // stable: within an instant, as received
    List<TeamDelta> out = new ArrayList<>();
    int i = 0;
    while (i < sorted.size()) {
      long t = sorted.get(i).time();
      List<TeamDelta> parts = null;
      for (; i < sorted.size() && sorted.get(i).time() == t; i++) {
        parts = merged(parts, sorted.get(i));
      }
      out.addAll(parts);
    }
    return out;
  }

  /**
   * What of parts (by instant, merged) can leave a window: each part's won, lost, won amount and cycle with its
   * segments, and its stage exits, merged per instant; the pipeline, touches, open visits and flows left out (a day's
   * flows are taken in whole when it becomes final).
   */
  static List<TeamDelta> windowRows(List<TeamDelta> byInstant) {
    List<TeamDelta> out = new ArrayList<>();
    int i = 0;
    while (i < byInstant.size()) {
      long t = byInstant.get(i).time();
      List<TeamDelta> rows = null;
      for (; i < byInstant.size() && byInstant.get(i).time() == t; i++) {
        TeamDelta w = windowPart(byInstant.get(i));
        if (w != null) {
          rows = merged(rows, w);
        }
      }
      if (rows != null) {
        out.addAll(rows);
      }
    }
    return out;
  }

  /** The part of {@code part} that can leave a window; null when none. */
  static TeamDelta windowPart(TeamDelta part) {
    Delta d = part.delta();
    Delta window = d.won() == 0 && d.lost() == 0 && d.wonAmount().signum() == 0 && d.cycleMillis() == 0 ? Delta.ZERO
        : new Delta(0, d.won(), d.lost(), d.wonAmount(), d.cycleMillis(), 0);
    FunnelChange exits = null;
    if (part.funnel() != null) {
      Map<FunnelFact, Integer> x = new LinkedHashMap<>();
      part.funnel().forEach((fact, n) -> {
        if (fact instanceof FunnelFact.Exit) {
          x.merge(fact, n, Integer::sum);
        }
      });
      exits = FunnelChange.of(x);
    }
    TeamDelta w = new TeamDelta(part.time(), window, window.isZero() ? null : part.tag(), exits);
    return w.isZero() ? null : w;
  }

  /**
   * The parts of an instant with {@code part} added: its delta to the part of its tag, its funnel facts and flow to
   * the part without a tag, so that an instant's funnel facts are all in one part and sum to what the leads contribute there
   * (a lead's facts may come with a tag in one change and without in the next). Parts that come to nothing are
   * dropped; {@code existing} is not changed.
   */
  static List<TeamDelta> merged(List<TeamDelta> existing, TeamDelta part) {
    List<TeamDelta> out = new ArrayList<>((existing == null ? 0 : existing.size()) + 2);
    if (existing != null) {
      out.addAll(existing);
    }
    if (!part.delta().isZero()) {
      add(out, new TeamDelta(part.time(), part.delta(), part.tag()));
    }
    if (part.funnel() != null || part.flow() != null || part.forecast() != null) {
      add(out, new TeamDelta(part.time(), Delta.ZERO, null, part.funnel(), part.flow(), part.forecast()));
    }
    return out;
  }

  private static void add(List<TeamDelta> parts, TeamDelta part) {
    for (int i = 0; i < parts.size(); i++) {
      if (Objects.equals(parts.get(i).tag(), part.tag())) {
        TeamDelta sum = parts.get(i).plus(part);
        if (sum.isZero()) {
          parts.remove(i);
        } else {
          parts.set(i, sum);
        }
        return;
      }
    }
    parts.add(part);
  }
}
