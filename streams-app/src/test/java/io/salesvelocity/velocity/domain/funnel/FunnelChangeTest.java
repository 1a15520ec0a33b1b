package io.salesvelocity.velocity.domain.funnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FunnelChangeTest {
  private static final FunnelFact EXIT = new FunnelFact.Exit(1, 3_600_000, true);
  private static final FunnelFact ARRIVE = new FunnelFact.Arrive(new Visit(2, 1_000, "L1", "rep-1"));
  private static final FunnelFact LEAVE = new FunnelFact.Leave(new Visit(2, 1_000, "L1", "rep-1"),
      Resolution.ADVANCED);

  @Test
  void zeroCountsAreLeftOutAndTheOrderOfAdditionKept() {
    Map<FunnelFact, Integer> m = new LinkedHashMap<>();
    m.put(LEAVE, 1);
    m.put(EXIT, 0);
    m.put(ARRIVE, -2);
    FunnelChange c = FunnelChange.of(m);
    assertThat(c.size()).isEqualTo(2);
    assertThat(c.counts()).containsExactly(entry(LEAVE, 1), entry(ARRIVE, -2));
    assertThat(c.count(EXIT)).isZero();
    assertThat(c.count(ARRIVE)).isEqualTo(-2);
    assertThat(FunnelChange.of(Map.of(EXIT, 0))).isSameAs(FunnelChange.EMPTY);
    assertThat(FunnelChange.of(EXIT, 0)).isSameAs(FunnelChange.EMPTY);
  }

  @Test
  void countsReadInOrderGiveWhatALinkedMapMergedInThatOrderGivesAtAnySize() {
    Random r = new Random(11);
    FunnelFact[] pool = {EXIT, ARRIVE, LEAVE, new FunnelFact.Exit(2, 5, false),
        new FunnelFact.Arrive(new Visit(3, 7, "L2", null)), new FunnelFact.Exit(1, 3_600_000, true)};
    for (int round = 0; round < 2_000; round++) {
      int size = r.nextInt(round % 10 == 0 ? 40 : 5); // mostly the one or two facts of a decoded change
      FunnelFact[] facts = new FunnelFact[size + 3];
      int[] counts = new int[size + 3];
      Map<FunnelFact, Integer> merged = new LinkedHashMap<>();
      for (int i = 0; i < size; i++) {
        facts[i] = pool[r.nextInt(pool.length)];
        counts[i] = r.nextInt(5) - 2; // zero sums too
        merged.merge(facts[i], counts[i], Integer::sum);
      }
      FunnelChange expected = FunnelChange.of(merged);
      FunnelChange actual = FunnelChange.ofCounts(facts, counts, size);
      assertThat(actual).isEqualTo(expected);
      assertThat(actual.counts()).containsExactlyEntriesOf(expected.counts());
      if (expected.isEmpty()) {
        assertThat(actual).isSameAs(FunnelChange.EMPTY);
      }
    }
  }

  @Test
  void plusAddsCountsAndWhatCancelsOutLeavesNothing() {
    FunnelChange a = FunnelChange.of(Map.of(EXIT, 2, ARRIVE, 1));
    FunnelChange b = FunnelChange.of(Map.of(ARRIVE, -1, LEAVE, 3));
    assertThat(a.plus(b).counts()).containsOnly(entry(EXIT, 2), entry(LEAVE, 3));
    assertThat(a.minus(a).isEmpty()).isTrue();
    assertThat(a.plus(a.negate())).isEqualTo(FunnelChange.EMPTY);
    assertThat(a.negate().counts()).containsOnly(entry(EXIT, -2), entry(ARRIVE, -1));
    assertThat(a.plus(null)).isSameAs(a);
    assertThat(FunnelChange.EMPTY.plus(b)).isSameAs(b);
  }

  @Test
  void equalAsMultisetsWhateverTheOrderWithTheHashCodeOfTheMap() {
    Map<FunnelFact, Integer> forward = new LinkedHashMap<>();
    forward.put(EXIT, 1);
    forward.put(ARRIVE, 2);
    Map<FunnelFact, Integer> backward = new LinkedHashMap<>();
    backward.put(ARRIVE, 2);
    backward.put(EXIT, 1);
    FunnelChange x = FunnelChange.of(forward);
    FunnelChange y = FunnelChange.of(backward);
    assertThat(x).isEqualTo(y).hasSameHashCodeAs(y);
    assertThat(x.hashCode()).isEqualTo(forward.hashCode());
    assertThat(x).isNotEqualTo(FunnelChange.of(Map.of(EXIT, 1, ARRIVE, 3)));
    assertThat(x).isNotEqualTo(FunnelChange.of(Map.of(EXIT, 1)));
  }

  @Test
  void largeChangesCompareAsMapsDo() {
    Random random = new Random(7);
    Map<FunnelFact, Integer> m = new HashMap<>();
    for (int i = 0; i < 50; i++) {
      m.put(new FunnelFact.Exit(i % 7, i * 1000L, i % 2 == 0), 1 + random.nextInt(5));
    }
    Map<FunnelFact, Integer> other = new LinkedHashMap<>(m);
    FunnelChange a = FunnelChange.of(m);
    assertThat(a).isEqualTo(FunnelChange.of(other)).hasSameHashCodeAs(FunnelChange.of(other));
    other.merge(new FunnelFact.Exit(0, 0, true), 1, Integer::sum);
    assertThat(a).isNotEqualTo(FunnelChange.of(other));
  }
}
