package io.salesvelocity.velocity.domain.funnel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ObjIntConsumer;

/**
 * A signed multiset of funnel facts: what a lead's change adds to (positive) or takes back from (negative) a team
 * at one instant, or what a team's log holds there. Immutable.
 */
public final class FunnelChange {
  public static final FunnelChange EMPTY = new FunnelChange(Map.of());

  private final Map<FunnelFact, Integer> counts;

  private FunnelChange(Map<FunnelFact, Integer> counts) {
    this.counts = counts;
  }

  public static FunnelChange of(FunnelFact fact, int count) {
    return count == 0 ? EMPTY : new FunnelChange(Map.of(fact, count));
  }

  /** From counts; zero counts are left out. */
  public static FunnelChange of(Map<FunnelFact, Integer> counts) {
    Map<FunnelFact, Integer> m = new LinkedHashMap<>();
    counts.forEach((f, n) -> {
      if (n != 0) {
        m.put(f, n);
      }
    });
    return m.isEmpty() ? EMPTY : new FunnelChange(Collections.unmodifiableMap(m));
  }

  public boolean isEmpty() {
    return counts.isEmpty();
  }

  public int size() {
    return counts.size();
  }

  public Map<FunnelFact, Integer> counts() {
    return counts;
  }

  public void forEach(ObjIntConsumer<FunnelFact> visitor) {
    counts.forEach(visitor::accept);
  }

  public FunnelChange plus(FunnelChange o) {
    if (o == null || o.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return o;
    }
    Map<FunnelFact, Integer> m = new LinkedHashMap<>(counts);
    o.counts.forEach((f, n) -> m.merge(f, n, Integer::sum));
    return of(m);
  }

  public FunnelChange negate() {
    Map<FunnelFact, Integer> m = new LinkedHashMap<>();
    counts.forEach((f, n) -> m.put(f, -n));
    return of(m);
  }

  public FunnelChange minus(FunnelChange o) {
    return o == null ? this : plus(o.negate());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FunnelChange c && c.counts.equals(counts);
  }

  @Override
  public int hashCode() {
    return counts.hashCode();
  }

  @Override
  public String toString() {
    return "FunnelChange" + counts;
  }
}
