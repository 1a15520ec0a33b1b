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

  /**
   * Adds {@code n} of {@code fact} to {@code into} as a scope that only counts its open visits needs it (the scope of
   * all teams): an open visit known by its stage and when it began only, a leaving as an arrival taken back. Facts
   * of one visit then cancel out within a sum (its arrival and leaving in one day), and those of visits begun at one
   * instant add up into one.
   */
  public static void addCounted(Map<FunnelFact, Integer> into, FunnelFact fact, int n) {
    if (fact instanceof FunnelFact.Exit) {
      into.merge(fact, n, Integer::sum);
    } else if (fact instanceof FunnelFact.Arrive a) {
      into.merge(new FunnelFact.Arrive(counted(a.visit())), n, Integer::sum);
    } else {
      into.merge(new FunnelFact.Arrive(counted(((FunnelFact.Leave) fact).visit())), -n, Integer::sum);
    }
  }

  private static Visit counted(Visit v) {
    return new Visit(v.stage(), v.began(), "", null);
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
