package io.salesvelocity.velocity.domain.team;

import io.salesvelocity.velocity.domain.math.Delta;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A team's deltas by instant, each instant's in parts by the segments they belong to: a range-scannable store in
 * the engine, a sorted map in tests.
 */
public interface DeltaLog {
  /** Adds {@code part} to whatever is stored at (team, its time) for its segments (its tag; null: none). */
  void merge(String teamId, TeamDelta part);

  /** Visits the team's deltas with fromExclusive < time <= toInclusive, in time order, one sum per instant. */
  void forEach(String teamId, long fromExclusive, long toInclusive, BiConsumer<Long, Delta> visitor);

  /** Visits the parts of the team's log with fromExclusive < time <= toInclusive, in time order. */
  void forEachPart(String teamId, long fromExclusive, long toInclusive, Consumer<TeamDelta> visitor);

  /** Forgets the team's deltas with fromExclusive < time <= toInclusive (earlier ones are already gone). */
  void deleteRange(String teamId, long fromExclusive, long toInclusive);

  /**
   * The parts of an instant with {@code part} added: its delta to the part of its tag, its funnel facts to the part
   * without a tag, so that an instant's funnel facts are all in one part and sum to what the leads contribute there
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
    if (part.funnel() != null) {
      add(out, new TeamDelta(part.time(), Delta.ZERO, null, part.funnel()));
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
