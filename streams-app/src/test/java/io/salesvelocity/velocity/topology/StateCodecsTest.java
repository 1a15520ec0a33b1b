package io.salesvelocity.velocity.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesvelocity.schemas.Stage;
import io.salesvelocity.velocity.lead.LeadEvent;
import io.salesvelocity.velocity.lead.LeadHistory;
import io.salesvelocity.velocity.lead.LeadRules;
import io.salesvelocity.velocity.lead.RawEvent;
import io.salesvelocity.velocity.math.Delta;
import io.salesvelocity.velocity.math.WindowTotals;
import io.salesvelocity.velocity.state.LeadState;
import io.salesvelocity.velocity.state.TeamCursors;
import io.salesvelocity.velocity.state.TimedDelta;
import io.salesvelocity.velocity.team.Cursor;
import io.salesvelocity.velocity.team.TeamDelta;
import io.salesvelocity.velocity.team.TeamState;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The state serdes write exactly what Avro's single-object encoder writes, and read it back. */
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
        history("created", new LeadEvent.Created("c", "created", DAY, "emea", Stage.MQL.ordinal())),
        history("staged", new LeadEvent.Created("c", "staged", DAY, "emea", 0),
            new LeadEvent.StageChange("s1", "staged", 2 * DAY, Stage.SQL.ordinal(), null),
            new LeadEvent.StageChange("s2", "staged", 3 * DAY, Stage.PROPOSAL.ordinal(), "apac")),
        history("won", new LeadEvent.Created("c", "won", DAY, "emea", 0),
            new LeadEvent.Close("k", "won", 9 * DAY, true, new BigDecimal("80000.50"), "amer")),
        history("lost", new LeadEvent.Created("c", "lost", -DAY, "emea", 0),
            new LeadEvent.Close("k", "lost", 9 * DAY, false, null, null)),
        // events waiting for their LeadCreated keep their raw bytes (with and without a key)
        history("waiting-é", new LeadEvent.StageChange("s1", "waiting-é", DAY, Stage.SQL.ordinal(), null),
            new LeadEvent.StageChange("s2", "waiting-é", 2 * DAY, Stage.SAL.ordinal(), null),
            new LeadEvent.Close("k", "waiting-é", 3 * DAY, true, new BigDecimal("1"), null)));
  }

  static Stream<TeamDelta> deltas() {
    return Stream.of(new TeamDelta(0, Delta.ZERO),
        new TeamDelta(-5 * DAY, new Delta(-1, 1, 0, new BigDecimal("80000.25"), 120 * DAY, 1)),
        new TeamDelta(Long.MAX_VALUE, new Delta(Long.MIN_VALUE, 0, 7, new BigDecimal("-0.01"), -1, 0)));
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
  @MethodSource("histories")
  void shouldWriteLeadHistoriesAsAvroDoes(LeadHistory h) throws Exception {
    byte[] expected = avro(LeadState.getEncoder(), StateSerdes.toAvro(h));
    assertThat(write(StateSerdes.leadHistory(), h)).isEqualTo(expected);
    LeadHistory back = read(StateSerdes.leadHistory(), expected);
    assertThat(StateSerdes.toAvro(back)).isEqualTo(StateSerdes.toAvro(h));
    assertThat(back.held().keySet()).containsExactlyElementsOf(h.held().keySet());
  }

  @ParameterizedTest
  @MethodSource("deltas")
  void shouldWriteDeltasAsAvroDoes(TeamDelta d) throws Exception {
    byte[] expected = avro(TimedDelta.getEncoder(), StateSerdes.toAvro(d.time(), d.delta()));
    assertThat(write(StateSerdes.teamDelta(), d)).isEqualTo(expected);
    assertThat(read(StateSerdes.teamDelta(), expected)).isEqualTo(d);
    assertThat(read(StateSerdes.delta(), write(StateSerdes.delta(), d.delta()))).isEqualTo(d.delta());
    assertThat(write(StateSerdes.delta(), d.delta()))
        .isEqualTo(avro(TimedDelta.getEncoder(), StateSerdes.toAvro(0L, d.delta())));
  }

  @ParameterizedTest
  @MethodSource("teams")
  void shouldWriteTeamCursorsAsAvroDoes(TeamState s) throws Exception {
    byte[] expected = avro(TeamCursors.getEncoder(), StateSerdes.toAvro(s));
    assertThat(write(StateSerdes.teamState(), s)).isEqualTo(expected);
    assertThat(read(StateSerdes.teamState(), expected)).isEqualTo(s);
  }

  @Test
  void shouldReuseItsBuffersWithoutMixingValues() {
    List<LeadHistory> all = histories().toList();
    for (int round = 0; round < 2; round++) {
      for (LeadHistory h : all) {
        assertThat(StateSerdes.toAvro(read(StateSerdes.leadHistory(), write(StateSerdes.leadHistory(), h))))
            .isEqualTo(StateSerdes.toAvro(h));
        TeamDelta d = deltas().toList().get(round + 1);
        assertThat(read(StateSerdes.teamDelta(), write(StateSerdes.teamDelta(), d))).isEqualTo(d);
      }
    }
  }

  @Test
  void shouldRefuseBytesOfAnUnknownSchemaClearly() {
    byte[] bytes = write(StateSerdes.leadHistory(), histories().toList().get(2));
    bytes[5] ^= 0x7f; // another fingerprint
    assertThatThrownBy(() -> read(StateSerdes.leadHistory(), bytes)).hasMessageContaining("schema");
  }
}
