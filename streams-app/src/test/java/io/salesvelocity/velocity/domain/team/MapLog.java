package io.salesvelocity.velocity.domain.team;

import io.salesvelocity.velocity.domain.math.Delta;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** The delta log as sorted maps on the heap, for the ledger's unit tests. */
public final class MapLog implements DeltaLog {
  private final Map<String, NavigableMap<Long, List<TeamDelta>>> logs = new HashMap<>();

  @Override
  public void merge(String teamId, TeamDelta part) {
    NavigableMap<Long, List<TeamDelta>> log = logs.computeIfAbsent(teamId, t -> new TreeMap<>());
    List<TeamDelta> merged = DeltaLog.merged(log.get(part.time()), part);
    if (merged.isEmpty()) {
      log.remove(part.time());
    } else {
      log.put(part.time(), merged);
    }
  }

  @Override
  public void forEach(String teamId, long fromExclusive, long toInclusive, BiConsumer<Long, Delta> visitor) {
    forEachPart(teamId, fromExclusive, toInclusive, p -> visitor.accept(p.time(), p.delta()));
  }

  @Override
  public void forEachPart(String teamId, long fromExclusive, long toInclusive, Consumer<TeamDelta> visitor) {
    NavigableMap<Long, List<TeamDelta>> log = logs.get(teamId);
    if (log != null && toInclusive > fromExclusive) {
      log.subMap(fromExclusive, false, toInclusive, true).forEach((t, parts) -> parts.forEach(visitor));
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
