package io.salesvelocity.velocity.state;

import io.salesvelocity.velocity.domain.funnel.FunnelChange;
import io.salesvelocity.velocity.domain.funnel.FunnelFact;
import io.salesvelocity.velocity.domain.funnel.Resolution;
import io.salesvelocity.velocity.domain.funnel.Visit;
import io.salesvelocity.velocity.domain.lead.LeadEvent;
import io.salesvelocity.velocity.domain.lead.LeadHistory;
import io.salesvelocity.velocity.domain.lead.LeadRules;
import io.salesvelocity.velocity.domain.lead.RawEvent;
import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.segment.SegmentTag;
import io.salesvelocity.velocity.domain.team.TeamDelta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * The state codecs on the engine's hot paths, on what `velocity bench state` sends and stores: a batch of 64 parts
 * (leads entering SQL, with their segments and funnel facts), as a lead task encodes it and a team task decodes it;
 * and a lead's history (created, then moved to SQL), as a lead task reads and writes it on every event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StateCodecBenchmark {
  private static final int PARTS = 64;

  private List<TeamDelta> batch;
  private byte[] batchBytes;
  private LeadCodec leadCodec;
  private LeadHistory lead;
  private byte[] leadBytes;

  @Setup
  public void setUp() {
    batch = new ArrayList<>();
    for (int i = 0; i < PARTS; i++) {
      long t = 1_767_225_600_000L + i * 60_000L;
      String leadId = "L" + i + "-emea-smb";
      String owner = "rep-" + (i % 20);
      Visit left = new Visit(0, t - 3_600_000L, leadId, owner);
      Visit begun = new Visit(4, t, leadId, owner);
      FunnelChange funnel = FunnelChange.of(Map.of(new FunnelFact.Exit(0, 3_600_000L, true), 1,
          new FunnelFact.Leave(left, Resolution.ADVANCED, null), 1, new FunnelFact.Arrive(begun, null), 1));
      batch.add(new TeamDelta(t, Delta.pipeline(1), new SegmentTag("SOFTWARE", "51-200", "EMEA", "EVENT", owner),
          funnel));
    }
    batchBytes = PartsCodec.encode(batch);
    leadCodec = new LeadCodec(new StringIds());
    lead = new LeadHistory("L1-emea-smb");
    long t = 1_767_225_600_000L;
    SegmentTag profile = new SegmentTag("SOFTWARE", "51-200", "EMEA", "EVENT", "rep-7");
    apply(new LeadEvent.Created("c1", lead.leadId(), t, "emea-smb", 0, 0x1234_5678_9abcL, profile));
    apply(new LeadEvent.StageChange("s1", lead.leadId(), t + 3_600_000L, 4, null, 0x2345_6789_abcdL));
    leadBytes = leadCodec.encode(lead);
  }

  private void apply(LeadEvent e) {
    LeadRules.apply(lead, e, new RawEvent(e.eventId(), e.time(), "crm", 0, 0, e.time(), null, null));
  }

  /** A batch of 64 parts encoded, as a lead task sends it. */
  @Benchmark
  public byte[] encodeBatch() {
    return PartsCodec.encode(batch);
  }

  /** The same batch decoded, as a team task reads it. */
  @Benchmark
  public List<TeamDelta> decodeBatch() {
    return PartsCodec.decode(batchBytes);
  }

  /** A lead's history read from its bytes, as a lead task does on every event. */
  @Benchmark
  public LeadHistory decodeLead() {
    return leadCodec.decode(lead.leadId(), leadBytes);
  }

  /** A lead's history written, as a lead task does on every event. */
  @Benchmark
  public byte[] encodeLead() {
    return leadCodec.encode(lead);
  }
}
