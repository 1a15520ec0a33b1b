package io.salesvelocity.velocity.domain.team;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;

/** The log by day as sorted maps on the heap, for the ledger's unit tests. */
public final class MapDays implements DayLog {
  private final Map<String, NavigableMap<Long, List<TeamDelta>>> heads = new HashMap<>();
  private final Map<String, NavigableMap<Long, List<TeamDelta>>> finals = new HashMap<>();

  @Override
  public void appendHead(String scope, long day, TeamDelta part) {
    heads.computeIfAbsent(scope, s -> new TreeMap<>()).computeIfAbsent(day, d -> new ArrayList<>()).add(part);
  }

  @Override
  public List<TeamDelta> head(String scope, long day) {
    return List.copyOf(heads.getOrDefault(scope, new TreeMap<>()).getOrDefault(day, List.of()));
  }

  @Override
  public void dropHead(String scope, long day) {
    heads.getOrDefault(scope, new TreeMap<>()).remove(day);
  }

  @Override
  public List<TeamDelta> finalRows(String scope, long day) {
    return finals.getOrDefault(scope, new TreeMap<>()).getOrDefault(day, List.of());
  }

  @Override
  public void putFinal(String scope, long day, List<TeamDelta> rows) {
    if (rows.isEmpty()) {
      dropFinal(scope, day);
    } else {
      finals.computeIfAbsent(scope, s -> new TreeMap<>()).put(day, List.copyOf(rows));
    }
  }

  @Override
  public void addFinalRow(String scope, long day, TeamDelta row) {
    List<TeamDelta> rows = new ArrayList<>(finalRows(scope, day));
    rows.add(row);
    putFinal(scope, day, DayLog.windowRows(DayLog.byInstant(rows)));
  }

  @Override
  public void dropFinal(String scope, long day) {
    finals.getOrDefault(scope, new TreeMap<>()).remove(day);
  }

  @Override
  public NavigableSet<Long> headDays(String scope) {
    return Collections.unmodifiableNavigableSet(heads.computeIfAbsent(scope, s -> new TreeMap<>()).navigableKeySet());
  }

  @Override
  public NavigableSet<Long> finalDays(String scope) {
    return Collections.unmodifiableNavigableSet(finals.computeIfAbsent(scope, s -> new TreeMap<>()).navigableKeySet());
  }

  /** Head and final days kept, all scopes: what the log holds. */
  public int daysKept() {
    int n = 0;
    for (NavigableMap<Long, List<TeamDelta>> m : heads.values()) {
      n += m.size();
    }
    for (NavigableMap<Long, List<TeamDelta>> m : finals.values()) {
      n += m.size();
    }
    return n;
  }
}
