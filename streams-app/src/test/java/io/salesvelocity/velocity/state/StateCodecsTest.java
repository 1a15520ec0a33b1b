package io.salesvelocity.velocity.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesvelocity.schemas.Stage;
import io.salesvelocity.velocity.domain.funnel.FunnelChange;
import io.salesvelocity.velocity.domain.funnel.FunnelFact;
import io.salesvelocity.velocity.domain.funnel.Resolution;
import io.salesvelocity.velocity.domain.funnel.Visit;
import io.salesvelocity.velocity.domain.lead.LeadEvent;
import io.salesvelocity.velocity.domain.lead.LeadEvents;
import io.salesvelocity.velocity.domain.lead.LeadHistory;
import io.salesvelocity.velocity.domain.lead.LeadRules;
import io.salesvelocity.velocity.domain.lead.RawEvent;
import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.math.WindowTotals;
import io.salesvelocity.velocity.domain.segment.SegmentTag;
import io.salesvelocity.velocity.domain.team.Cursor;
import io.salesvelocity.velocity.domain.team.TeamDelta;
import io.salesvelocity.velocity.domain.team.TeamState;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The state serdes read back what they write: every kind of part (delta, segments, funnel facts) in lists at many
 * instants, and the team cursors exactly as Avro's single-object encoder writes them. The lead histories of
 * {@link #histories()} are read back by {@code LeadCodecTest}.
 */
class StateCodecsTest {
  private static final long DAY = 86_400_000L;

  private static LeadHistory history(String leadId, LeadEvent... events) {
    LeadHistory lead = new LeadHistory(leadId);
    long offset = 0;
    for (LeadEvent e : events) {
      byte[] key = offset % 2 == 0 ? leadId.getBytes(StandardCharsets.UTF_8) : null;
      LeadRules.apply(lead, e, new RawEvent(e.eventId(), e.time(), "crm.deal-closed", 3, offset++, e.time() + 5,
          key, new byte[] {0, 1, 2, (byte) offset}));
    }
    return lead;
  }

  static Stream<LeadHistory> histories() {
    return Stream.of(
        new LeadHistory("empty"),
        history("created", LeadEvents.created("c", "created", DAY, "emea", Stage.MQL.ordinal())),
        history("staged", LeadEvents.created("c", "staged", DAY, "emea", 0),
            LeadEvents.stage("s1", "staged", 2 * DAY, Stage.SQL.ordinal(), null),
            LeadEvents.stage("s2", "staged", 3 * DAY, Stage.PROPOSAL.ordinal(), "apac")),
        history("won", LeadEvents.created("c", "won", DAY, "emea", 0),
            LeadEvents.close("k", "won", 9 * DAY, true, new BigDecimal("80000.50"), "amer")),
        history("lost", LeadEvents.created("c", "lost", -DAY, "emea", 0),
            LeadEvents.close("k", "lost", 9 * DAY, false, null, null)),
        // events waiting for their LeadCreated keep their raw bytes (with and without a key)
        history("waiting-é", LeadEvents.stage("s1", "waiting-é", DAY, Stage.SQL.ordinal(), null),
            LeadEvents.stage("s2", "waiting-é", 2 * DAY, Stage.SAL.ordinal(), null),
            LeadEvents.close("k", "waiting-é", 3 * DAY, true, new BigDecimal("1"), null)),
        history("segments", LeadEvents.created("c", "segments", DAY, "emea", 0,
                new SegmentTag("SOFTWARE", "51-200", "EMEA", "EVENT", "rep-1")),
            LeadEvents.stage("s1", "segments", 2 * DAY, Stage.SQL.ordinal(), null, "rep-2"),
            LeadEvents.close("k", "segments", 3 * DAY, true, new BigDecimal("5.00"), "apac", "rep-3")),
        history("some-segments", LeadEvents.created("c", "some-segments", DAY, "emea", 0,
            new SegmentTag(null, null, "APAC", null, null))),
        history("estimated", LeadEvents.estimated("c", "estimated", DAY, "emea", 0, new BigDecimal("12500.00")),
            LeadEvents.revision("s1", "estimated", 2 * DAY, Stage.SQL.ordinal(), new BigDecimal("14000.25")),
            LeadEvents.revision("s2", "estimated", 3 * DAY, Stage.PROPOSAL.ordinal(), null)),
        folded());
  }

  /** A lead with more stage changes than it keeps: its oldest are folded. */
  private static LeadHistory folded() {
    LeadHistory lead = history("folded", LeadEvents.created("c", "folded", 0, "emea", 0));
    for (int i = 0; i < LeadHistory.MAX_STAGES; i++) {
      LeadEvent change = i == 33 ? LeadEvents.revision("s" + i, "folded", (i + 1) * 60_000L, i % 7,
          new BigDecimal("999.99")) : LeadEvents.stage("s" + i, "folded", (i + 1) * 60_000L, i % 7,
          i % 50 == 0 ? "apac" : null, i % 60 == 0 ? "rep-" + i : null);
      LeadRules.apply(lead, change, new RawEvent("s" + i, 0, "t", 0, i, 0, null, new byte[] {1}));
    }
    lead.compact(Long.MIN_VALUE);
    assertThat(lead.fold()).isNotNull();
    assertThat(lead.fold().ownerId()).isEqualTo("rep-120");
    // the folded changes are s0..s127 at stages i % 7: the last, s127, moved the lead to stage 1 at minute 128
    assertThat(lead.fold().visitStage()).isEqualTo(127 % 7);
    assertThat(lead.fold().visitBegan()).isEqualTo(128 * 60_000L);
    assertThat(lead.fold().amount()).isEqualTo(new BigDecimal("999.99"));
    return lead;
  }

  static Stream<TeamDelta> deltas() {
    return Stream.of(new TeamDelta(0, Delta.ZERO),
        new TeamDelta(-5 * DAY, new Delta(-1, 1, 0, new BigDecimal("80000.25"), 120 * DAY, 1)),
        new TeamDelta(Long.MAX_VALUE, new Delta(Long.MIN_VALUE, 0, 7, new BigDecimal("-0.01"), -1, 0)),
        new TeamDelta(3 * DAY, Delta.pipeline(1), new SegmentTag("SOFTWARE", "51-200", "EMEA", "EVENT", "rep-7")),
        new TeamDelta(4 * DAY, Delta.lostDeal(), new SegmentTag(null, "1-10", null, null, "ünïcode rep")),
        new TeamDelta(5 * DAY, Delta.lostDeal(), null, funnel()),
        new TeamDelta(6 * DAY, Delta.ZERO, new SegmentTag("SOFTWARE", null, null, null, null), funnel().negate()));
  }

  /** Funnel facts of every kind, with counts of either sign. */
  static FunnelChange funnel() {
    Map<FunnelFact, Integer> facts = new LinkedHashMap<>();
    facts.put(new FunnelFact.Exit(Stage.SQL.ordinal(), 3 * DAY + 1, true), 2);
    facts.put(new FunnelFact.Exit(Stage.NEW.ordinal(), 0, false), -1);
    facts.put(new FunnelFact.Arrive(new Visit(Stage.PROPOSAL.ordinal(), 4 * DAY, "L-ü", "rep-1")), 1);
    facts.put(new FunnelFact.Leave(new Visit(Stage.SQL.ordinal(), -DAY, "L-ü", null), Resolution.REASSIGNED), 1);
    facts.put(new FunnelFact.Leave(new Visit(Stage.MQL.ordinal(), Long.MIN_VALUE, "L2", "r"), Resolution.WON), -3);
    facts.put(new FunnelFact.Arrive(new Visit(Stage.SQL.ordinal(), DAY, "L3", null), new BigDecimal("80000.00")), 1);
    facts.put(new FunnelFact.Leave(new Visit(Stage.SQL.ordinal(), DAY, "L3", null), Resolution.REVISED,
        new BigDecimal("70000.10")), 1);
    return FunnelChange.of(facts);
  }

  static Stream<TeamState> teams() {
    WindowTotals totals = new WindowTotals(250, 18, 82, new BigDecimal("1440000.00"), 18 * 120 * DAY);
    return Stream.of(new TeamState("emea", new Cursor(9 * DAY, totals), new Cursor(8 * DAY, totals), 20_000),
        new TeamState("ünïcode", new Cursor(Long.MIN_VALUE, new WindowTotals(0, 0, 0, BigDecimal.ZERO, 0)),
            new Cursor(-DAY, totals), -3));
  }

  private static <A> byte[] avro(BinaryMessageEncoder<A> encoder, A value) throws Exception {
    ByteBuffer b = encoder.encode(value);
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  private static <T> byte[] write(Serde<T> serde, T value) {
    return serde.serializer().serialize("t", value);
  }

  private static <T> T read(Serde<T> serde, byte[] bytes) {
    return serde.deserializer().deserialize("t", bytes);
  }

  @ParameterizedTest
  @MethodSource("deltas")
  void shouldReadBackEveryPart(TeamDelta d) {
    assertThat(read(StateSerdes.teamDelta(), write(StateSerdes.teamDelta(), d))).isEqualTo(d);
  }

  @Test
  void shouldReadBackListsOfPartsAtManyInstantsWithTheirStringsWrittenOnce() {
    List<TeamDelta> parts = new java.util.ArrayList<>();
    long t = 9 * DAY;
    for (TeamDelta d : deltas().toList()) {
      // earlier and later instants, as a day's parts come
      t += d.hashCode() % 2 == 0 ? 5_000 : -3_000;
      parts.add(new TeamDelta(t, d.delta(), d.tag(), d.funnel()));
    }
    for (List<TeamDelta> entry : List.of(parts, parts.subList(0, 1), List.<TeamDelta>of())) {
      assertThat(read(StateSerdes.deltaLogEntry(), write(StateSerdes.deltaLogEntry(), entry))).isEqualTo(entry);
    }
    TeamDelta tagged = deltas().filter(d -> d.tag() != null).findFirst().orElseThrow();
    int once = write(StateSerdes.deltaLogEntry(), List.of(tagged)).length;
    int twice = write(StateSerdes.deltaLogEntry(), List.of(tagged, tagged)).length;
    assertThat(twice - once).as("the second part names its segment values by number").isLessThan(once / 2);
  }

  @Test
  void shouldRefuseBytesThatAreNotAListOfPartsAsItsSerdeSays() {
    byte[] bytes = write(StateSerdes.deltaLogEntry(), deltas().toList());
    bytes[0] = 1;
    assertThatThrownBy(() -> read(StateSerdes.deltaLogEntry(), bytes))
        .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class).hasMessageContaining("format");
  }

  @ParameterizedTest
  @MethodSource("teams")
  void shouldWriteTeamCursorsAsAvroDoes(TeamState s) throws Exception {
    byte[] expected = avro(TeamCursors.getEncoder(), StateAvro.toAvro(s));
    assertThat(write(StateSerdes.teamState(), s)).isEqualTo(expected);
    assertThat(read(StateSerdes.teamState(), expected)).isEqualTo(s);
  }

  @Test
  void shouldReuseItsBuffersWithoutMixingValues() {
    List<TeamDelta> all = deltas().toList();
    for (int round = 0; round < 2; round++) {
      for (TeamDelta d : all) {
        assertThat(read(StateSerdes.teamDelta(), write(StateSerdes.teamDelta(), d))).isEqualTo(d);
        assertThat(read(StateSerdes.deltaLogEntry(), write(StateSerdes.deltaLogEntry(), List.of(d, d))))
            .containsExactly(d, d);
      }
    }
  }

  @Test
  void shouldRefuseBytesOfAnUnknownSchemaClearly() {
    byte[] bytes = write(StateSerdes.teamState(), teams().toList().get(0));
    bytes[5] ^= 0x7f; // another fingerprint
    assertThatThrownBy(() -> read(StateSerdes.teamState(), bytes)).hasMessageContaining("schema");
  }

  @Test
  void shouldEncodeAGrowingListOfPartsOnceEachAsTheListCodecReadsIt() {
    PartsCodec.Encoder encoder = new PartsCodec.Encoder();
    List<TeamDelta> parts = new java.util.ArrayList<>();
    for (TeamDelta d : deltas().toList()) {
      encoder.add(d);
      parts.add(d);
      assertThat(read(StateSerdes.deltaLogEntry(), encoder.bytes())).containsExactlyElementsOf(parts);
    }
    assertThat(encoder.size()).isEqualTo(parts.size());
  }
}
