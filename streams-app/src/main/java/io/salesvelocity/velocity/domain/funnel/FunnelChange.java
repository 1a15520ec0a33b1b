package io.salesvelocity.velocity.domain.funnel;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.ObjIntConsumer;

/**
 * A signed multiset of funnel facts: what a lead's change adds to (positive) or takes back from (negative) a team
 * at one instant, or what a team's log holds there. Immutable.
 *
 * <p>Kept in two parallel arrays rather than a map: a team's decoded delta log holds one of these per delta, nearly
 * all with one or two facts, and a hash map of two entries costs five times the bytes of the arrays (measured
 * with {@code velocity bench state}: see BENCHMARKS.md). {@link #counts()} is a read-only view in insertion order.
 */
public final class FunnelChange {
  public static final FunnelChange EMPTY = new FunnelChange(new FunnelFact[0], new int[0]);

  private final FunnelFact[] facts;
  private final int[] ns;

  private FunnelChange(FunnelFact[] facts, int[] ns) {
    this.facts = facts;
    this.ns = ns;
  }

  public static FunnelChange of(FunnelFact fact, int count) {
    return count == 0 ? EMPTY : new FunnelChange(new FunnelFact[] {fact}, new int[] {count});
  }

  /** From counts; zero counts are left out. */
  public static FunnelChange of(Map<FunnelFact, Integer> counts) {
    int nonZero = 0;
    for (Integer n : counts.values()) {
      nonZero += n != 0 ? 1 : 0;
    }
    if (nonZero == 0) {
      return EMPTY;
    }
    FunnelFact[] f = new FunnelFact[nonZero];
    int[] n = new int[nonZero];
    int i = 0;
    for (Map.Entry<FunnelFact, Integer> e : counts.entrySet()) {
      if (e.getValue() != 0) {
        f[i] = e.getKey();
        n[i++] = e.getValue();
      }
    }
    return new FunnelChange(f, n);
  }

  /**
   * From facts in the order read, with their counts: equal facts summed in the place of the first, zero sums left
   * out, as {@link #of(Map)} of a linked map merged in that order gives. A decoded change holds two or three facts:
   * comparing them pairwise costs less than hashing each (a visit, an amount) into a map (53 ns against 137 ns for
   * three, {@code FunnelChangeBenchmark}).
   */
  public static FunnelChange ofCounts(FunnelFact[] facts, int[] counts, int size) {
    if (size > 16) {
      Map<FunnelFact, Integer> merged = new java.util.LinkedHashMap<>();
      for (int i = 0; i < size; i++) {
        merged.merge(facts[i], counts[i], Integer::sum);
      }
      return of(merged);
    }
    FunnelFact[] f = new FunnelFact[size];
    int[] n = new int[size];
    int distinct = 0;
    for (int i = 0; i < size; i++) {
      int at = 0;
      while (at < distinct && !f[at].equals(facts[i])) {
        at++;
      }
      if (at == distinct) {
        f[distinct++] = facts[i];
      }
      n[at] += counts[i];
    }
    int nonZero = 0;
    for (int i = 0; i < distinct; i++) {
      if (n[i] != 0) {
        f[nonZero] = f[i];
        n[nonZero++] = n[i];
      }
    }
    if (nonZero == 0) {
      return EMPTY;
    }
    return new FunnelChange(nonZero == size ? f : java.util.Arrays.copyOf(f, nonZero),
        nonZero == size ? n : java.util.Arrays.copyOf(n, nonZero));
  }

  public boolean isEmpty() {
    return facts.length == 0;
  }

  public int size() {
    return facts.length;
  }

  /** A read-only view of the facts and their counts, in the order they were added. */
  public Map<FunnelFact, Integer> counts() {
    return new AbstractMap<>() {
      @Override
      public Set<Map.Entry<FunnelFact, Integer>> entrySet() {
        return new AbstractSet<>() {
          @Override
          public Iterator<Map.Entry<FunnelFact, Integer>> iterator() {
            return new Iterator<>() {
              private int i;

              @Override
              public boolean hasNext() {
                return i < facts.length;
              }

              @Override
              public Map.Entry<FunnelFact, Integer> next() {
                if (i >= facts.length) {
                  throw new NoSuchElementException();
                }
                Map.Entry<FunnelFact, Integer> e = new AbstractMap.SimpleImmutableEntry<>(facts[i], ns[i]);
                i++;
                return e;
              }
            };
          }

          @Override
          public int size() {
            return facts.length;
          }
        };
      }
    };
  }

  public void forEach(ObjIntConsumer<FunnelFact> visitor) {
    for (int i = 0; i < facts.length; i++) {
      visitor.accept(facts[i], ns[i]);
    }
  }

  /** The count of {@code fact}, 0 if it is not here. */
  public int count(FunnelFact fact) {
    for (int i = 0; i < facts.length; i++) {
      if (facts[i].equals(fact)) {
        return ns[i];
      }
    }
    return 0;
  }

  public FunnelChange plus(FunnelChange o) {
    if (o == null || o.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return o;
    }
    Map<FunnelFact, Integer> m = new LinkedHashMap<>();
    forEach(m::put);
    o.forEach((f, n) -> m.merge(f, n, Integer::sum));
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
    int[] negated = new int[ns.length];
    for (int i = 0; i < ns.length; i++) {
      negated[i] = -ns[i];
    }
    return isEmpty() ? EMPTY : new FunnelChange(facts, negated);
  }

  public FunnelChange minus(FunnelChange o) {
    return o == null ? this : plus(o.negate());
  }

  /** Equal as multisets: the same facts with the same counts, in any order. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FunnelChange c) || c.size() != size()) {
      return false;
    }
    if (size() > 8) {
      return new java.util.HashMap<>(counts()).equals(new java.util.HashMap<>(c.counts()));
    }
    for (int i = 0; i < facts.length; i++) {
      if (c.count(facts[i]) != ns[i]) {
        return false;
      }
    }
    return true;
  }

  /** As {@link Map#hashCode()} of the counts: independent of the order. */
  @Override
  public int hashCode() {
    int h = 0;
    for (int i = 0; i < facts.length; i++) {
      h += facts[i].hashCode() ^ Integer.hashCode(ns[i]);
    }
    return h;
  }

  @Override
  public String toString() {
    return "FunnelChange" + new LinkedHashMap<>(counts());
  }
}
