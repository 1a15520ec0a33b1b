package io.salesvelocity.velocity.state;

import io.salesvelocity.velocity.domain.funnel.FunnelChange;
import io.salesvelocity.velocity.domain.funnel.FunnelFact;
import io.salesvelocity.velocity.domain.funnel.Visit;
import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.segment.SegmentTag;
import io.salesvelocity.velocity.domain.team.TeamDelta;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a team task's initialization after a restore spends most of its time on: decoding the entries of its delta
 * log (BENCHMARKS.md, 2026-12-06), and within that, one copy of each owner's name. Entries as `velocity bench
 * state` writes them: a lead entering SQL, with its segments and its funnel facts (the NEW visit left, the SQL
 * visit begun).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.salesvelocity")
public class StateDecodingBenchmark {
  private static final int ENTRIES = 1024;
  private static final int OWNERS = 200;

  private final Deserializer<List<TeamDelta>> deserializer = StateSerdes.deltaLogEntry().deserializer();
  private final CanonicalStrings canonical = new CanonicalStrings();
  private byte[][] entries;
  private String[] owners;
  private int next;

  @Setup
  public void setUp() {
    entries = new byte[ENTRIES][];
    owners = new String[ENTRIES];
    for (int i = 0; i < ENTRIES; i++) {
      long t = 1_767_225_600_000L + i * 60_000L;
      String lead = "L" + i + "-emea-smb";
      String owner = "rep-" + (i % OWNERS);
      Visit left = new Visit(0, t - 3_600_000L, lead, owner);
      Visit begun = new Visit(4, t, lead, owner);
      FunnelChange funnel = FunnelChange.of(Map.of(new FunnelFact.Exit(0, 3_600_000L, true), 1,
          new FunnelFact.Leave(left, io.salesvelocity.velocity.domain.funnel.Resolution.ADVANCED, BigDecimal.ZERO), 1,
          new FunnelFact.Arrive(begun, BigDecimal.ZERO), 1));
      TeamDelta delta = new TeamDelta(t, Delta.of(1, 0, 0, BigDecimal.ZERO, 0, 1),
          new SegmentTag("SOFTWARE", "51-200", "EMEA", "webinar", owner), funnel);
      entries[i] = StateSerdes.deltaLogEntry().serializer().serialize(null, List.of(delta));
      owners[i] = owner;
    }
  }

  /** One delta log entry decoded, as a team task does for each entry of its log when it is initialized. */
  @Benchmark
  public List<TeamDelta> decodeDeltaLogEntry() {
    return deserializer.deserialize(null, entries[next++ & (ENTRIES - 1)]);
  }

  /**
   * The same bytes read by Avro's own decoder of the generated class, as the state was read before the engine's
   * field-by-field reader (README: state values "written and read field by field for speed"), without turning
   * the record into the engine's objects: a lower bound of that way.
   */
  @Benchmark
  public DeltaLogEntry decodeDeltaLogEntryByAvroMessageDecoder() throws java.io.IOException {
    return DeltaLogEntry.getDecoder().decode(entries[next++ & (ENTRIES - 1)]);
  }

  /** A freshly decoded owner's name made the one shared copy, by the JVM's string table. */
  @Benchmark
  public String ownerNameByIntern() {
    return new String(owners[next++ & (ENTRIES - 1)]).intern();
  }

  /** The same by the engine's table ({@link CanonicalStrings}). */
  @Benchmark
  public String ownerNameByCanonicalTable() {
    return canonical.of(new String(owners[next++ & (ENTRIES - 1)]));
  }
}
