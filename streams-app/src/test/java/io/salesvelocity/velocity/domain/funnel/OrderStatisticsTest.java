package io.salesvelocity.velocity.domain.funnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OrderStatisticsTest {
  /** The reference: a sorted list, with every query answered by scanning it. */
  private static void assertSameAs(List<Long> sorted, OrderStatistics s, Random random) {
    assertThat(s.size()).isEqualTo(sorted.size());
    assertThat(s.sum()).isEqualTo(sorted.stream().mapToLong(Long::longValue).sum());
    assertThat(s.distinct()).isEqualTo((int) sorted.stream().distinct().count());
    for (int k = 1; k <= sorted.size(); k++) {
      assertThat(s.kth(k)).as("rank %d", k).isEqualTo(sorted.get(k - 1));
    }
    for (int i = 0; i < 20; i++) {
      long x = random.nextInt(60) - 10;
      assertThat(s.countBelow(x)).as("below %d", x).isEqualTo(sorted.stream().filter(v -> v < x).count());
      assertThat(s.count(x)).isEqualTo(sorted.stream().filter(v -> v == x).count());
    }
  }

  @Test
  void shouldAnswerRanksAndCountsAsASortedListDoesThroughRandomAdditionsAndRemovals() {
    Random random = new Random(7);
    OrderStatistics s = new OrderStatistics();
    List<Long> sorted = new ArrayList<>();
    for (int step = 0; step < 3000; step++) {
      if (sorted.isEmpty() || random.nextInt(3) > 0) {
        long v = random.nextInt(40); // few distinct values: counts above one are exercised
        int n = 1 + random.nextInt(3);
        s.add(v, n);
        for (int i = 0; i < n; i++) {
          sorted.add(v);
        }
      } else {
        long v = sorted.get(random.nextInt(sorted.size()));
        s.remove(v);
        sorted.remove(v);
      }
      Collections.sort(sorted);
      if (step % 100 == 0) {
        assertSameAs(sorted, s, random);
      }
    }
    assertSameAs(sorted, s, random);
  }

  @Test
  void shouldAnswerAsASortedMapDoesThroughManyDistinctValuesThatSplitAndMergeItsBlocks() {
    Random random = new Random(13);
    OrderStatistics s = new OrderStatistics();
    java.util.TreeMap<Long, Long> reference = new java.util.TreeMap<>();
    int maxBlocks = 0;
    for (int step = 0; step < 60_000; step++) {
      // grow to a few thousand distinct values, then shrink to nothing: blocks split, empty out and merge
      boolean growing = step < 30_000;
      if (reference.isEmpty() || random.nextInt(10) < (growing ? 7 : 3)) {
        long v = random.nextInt(20_000) - 5_000;
        long n = 1 + random.nextInt(2);
        s.add(v, n);
        reference.merge(v, n, Long::sum);
      } else {
        Long v = reference.ceilingKey((long) random.nextInt(20_000) - 5_000);
        long key = v == null ? reference.firstKey() : v;
        s.remove(key);
        if (reference.merge(key, -1L, Long::sum) == 0) {
          reference.remove(key);
        }
      }
      maxBlocks = Math.max(maxBlocks, s.blocks());
      if (step % 997 == 0) {
        assertSameAs(reference, s, random);
      }
    }
    assertThat(maxBlocks).as("the values spread over many blocks").isGreaterThan(20);
    assertSameAs(reference, s, random);
    while (!reference.isEmpty()) {
      long key = reference.firstKey();
      s.add(key, -reference.remove(key));
    }
    assertThat(s.size()).isZero();
    assertThat(s.blocks()).isZero();
    assertThat(s.owed()).isZero();
  }

  /** The reference: a sorted map of value to count, its ranks and counts by walking it. */
  private static void assertSameAs(java.util.TreeMap<Long, Long> reference, OrderStatistics s, Random random) {
    long size = reference.values().stream().mapToLong(Long::longValue).sum();
    assertThat(s.size()).isEqualTo(size);
    assertThat(s.distinct()).isEqualTo(reference.size());
    assertThat(s.sum()).isEqualTo(reference.entrySet().stream().mapToLong(e -> e.getKey() * e.getValue()).sum());
    long rank = 0;
    for (java.util.Map.Entry<Long, Long> e : reference.entrySet()) {
      assertThat(s.countBelow(e.getKey())).isEqualTo(rank);
      assertThat(s.kth(rank + 1)).isEqualTo(e.getKey());
      rank += e.getValue();
      assertThat(s.kth(rank)).isEqualTo(e.getKey());
      assertThat(s.count(e.getKey())).isEqualTo(e.getValue());
    }
    for (int i = 0; i < 50; i++) {
      long x = random.nextInt(22_000) - 6_000;
      assertThat(s.countBelow(x)).isEqualTo(reference.headMap(x).values().stream().mapToLong(Long::longValue).sum());
      long from = x;
      long to = x + random.nextInt(3_000);
      java.util.List<long[]> visited = new ArrayList<>();
      s.forEachBetween(from, to, (v, n) -> visited.add(new long[] {v, n}));
      assertThat(visited).map(a -> a[0] + "x" + a[1]).containsExactlyElementsOf(reference.subMap(from, to).entrySet()
          .stream().map(e -> e.getKey() + "x" + e.getValue()).toList());
    }
    java.util.List<Long> all = new ArrayList<>();
    s.forEach((v, n) -> all.add(v));
    assertThat(all).containsExactlyElementsOf(reference.keySet());
  }

  @Test
  void shouldVisitTheValuesOfARangeInOrder() {
    Random random = new Random(11);
    OrderStatistics s = new OrderStatistics();
    List<Long> sorted = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      long v = random.nextInt(300);
      s.add(v);
      sorted.add(v);
    }
    Collections.sort(sorted);
    for (long[] range : new long[][] {{0, 300}, {50, 51}, {120, 200}, {-5, 3}, {299, 1000}, {10, 10}}) {
      List<Long> visited = new ArrayList<>();
      s.forEachBetween(range[0], range[1], (v, n) -> {
        for (int i = 0; i < n; i++) {
          visited.add(v);
        }
      });
      assertThat(visited).as("[%d, %d)", range[0], range[1])
          .isEqualTo(sorted.stream().filter(v -> v >= range[0] && v < range[1]).toList());
    }
  }

  @Test
  void shouldOweWhatItRemovesBeyondWhatItHoldsUntilItIsAddedBack() {
    OrderStatistics s = new OrderStatistics();
    s.add(5, 2);
    s.add(5, -3); // one more than held: owed
    s.remove(6);
    assertThat(s.size()).isZero();
    assertThat(s.owed()).isEqualTo(2);
    assertThat(s.countBelow(10)).isZero();
    s.add(6);
    s.add(5, 2); // pays the one owed, holds one
    assertThat(s.owed()).isZero();
    assertThat(s.size()).isEqualTo(1);
    assertThat(s.kth(1)).isEqualTo(5);
    assertThat(s.sum()).isEqualTo(5);
  }

  @Test
  void shouldRefuseARankOutsideItsValues() {
    OrderStatistics s = new OrderStatistics();
    assertThatThrownBy(() -> s.kth(1)).isInstanceOf(IllegalArgumentException.class);
    s.add(1);
    assertThatThrownBy(() -> s.kth(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.kth(2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldCopyIntoAnIndependentMultiset() {
    OrderStatistics s = new OrderStatistics();
    for (long v : new long[] {3, 1, 4, 1, 5, 9, 2, 6}) {
      s.add(v);
    }
    OrderStatistics c = s.copy();
    s.remove(1);
    s.add(100);
    assertThat(c.size()).isEqualTo(8);
    assertThat(c.kth(1)).isEqualTo(1);
    assertThat(c.kth(2)).isEqualTo(1);
    assertThat(c.kth(8)).isEqualTo(9);
    List<Long> visited = new ArrayList<>();
    c.forEach((v, n) -> {
      for (int i = 0; i < n; i++) {
        visited.add(v);
      }
    });
    assertThat(visited).containsExactly(1L, 1L, 2L, 3L, 4L, 5L, 6L, 9L);
  }

  @Test
  void shouldStayShallowForSortedInsertions() {
    // durations and instants often arrive in order: a plain binary search tree would become a list
    OrderStatistics s = new OrderStatistics();
    for (long v = 0; v < 200_000; v++) {
      s.add(v);
    }
    assertThat(s.kth(100_000)).isEqualTo(99_999);
    assertThat(s.countBelow(150_000)).isEqualTo(150_000);
    for (long v = 0; v < 200_000; v += 2) {
      s.remove(v);
    }
    assertThat(s.size()).isEqualTo(100_000);
    assertThat(s.kth(1)).isEqualTo(1);
  }
}
