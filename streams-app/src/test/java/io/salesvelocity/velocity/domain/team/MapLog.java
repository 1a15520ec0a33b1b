package io.salesvelocity.velocity.domain.team;

import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.segment.SegmentTag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/** The delta log as sorted maps on the heap, for the ledger's unit tests. */
final class MapLog implements DeltaLog {
  private final Map<String, NavigableMap<Long, List<TeamDelta>>> logs = new HashMap<>();

  @Override
  public void merge(String teamId, long time, SegmentTag tag, Delta d) {
    List<TeamDelta> parts = logs.computeIfAbsent(teamId, t -> new TreeMap<>()).computeIfAbsent(time,
        t -> new ArrayList<>());
    for (int i = 0; i < parts.size(); i++) {
      if (Objects.equals(parts.get(i).tag(), tag)) {
        parts.set(i, new TeamDelta(time, parts.get(i).delta().plus(d), tag));
        return;
      }
    }
    parts.add(new TeamDelta(time, d, tag));
  }

  @Override
  public void forEach(String teamId, long fromExclusive, long toInclusive, BiConsumer<Long, Delta> visitor) {
    forEachPart(teamId, fromExclusive, toInclusive, (t, tag, d) -> visitor.accept(t, d));
  }

  @Override
  public void forEachPart(String teamId, long fromExclusive, long toInclusive, PartVisitor visitor) {
    NavigableMap<Long, List<TeamDelta>> log = logs.get(teamId);
    if (log != null && toInclusive > fromExclusive) {
      log.subMap(fromExclusive, false, toInclusive, true).forEach((t, parts) -> parts.forEach(
          p -> visitor.visit(t, p.tag(), p.delta())));
    }
  }

  @Override
  public void deleteRange(String teamId, long fromExclusive, long toInclusive) {
    NavigableMap<Long, List<TeamDelta>> log = logs.get(teamId);
    if (log != null && toInclusive > fromExclusive) {
      log.subMap(fromExclusive, false, toInclusive, true).clear();
    }
  }
}
