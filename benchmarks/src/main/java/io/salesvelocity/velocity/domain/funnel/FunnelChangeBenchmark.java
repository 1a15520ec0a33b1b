package io.salesvelocity.velocity.domain.funnel;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Building a decoded delta's funnel change from the facts read (two or three, as a stage change has): from arrays
 * ({@link FunnelChange#ofCounts}, what the decoder does) or through a linked map merged fact by fact (before).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FunnelChangeBenchmark {
  private final Visit left = new Visit(0, 1_767_222_000_000L, "L17-emea-smb", "rep-17");
  private final Visit begun = new Visit(4, 1_767_225_600_000L, "L17-emea-smb", "rep-17");
  private final FunnelFact[] facts = {new FunnelFact.Exit(0, 3_600_000L, true),
      new FunnelFact.Leave(left, Resolution.ADVANCED, BigDecimal.ZERO), new FunnelFact.Arrive(begun, BigDecimal.ZERO)};
  private final int[] counts = {1, 1, 1};

  @Benchmark
  public FunnelChange fromArrays() {
    return FunnelChange.ofCounts(facts, counts, facts.length);
  }

  @Benchmark
  public FunnelChange throughALinkedMap() {
    Map<FunnelFact, Integer> merged = new LinkedHashMap<>();
    for (int i = 0; i < facts.length; i++) {
      merged.merge(facts[i], counts[i], Integer::sum);
    }
    return FunnelChange.of(merged);
  }
}
