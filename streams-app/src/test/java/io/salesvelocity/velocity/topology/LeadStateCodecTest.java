package io.salesvelocity.velocity.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesvelocity.schemas.Stage;
import io.salesvelocity.velocity.lead.LeadEvent;
import io.salesvelocity.velocity.lead.LeadHistory;
import io.salesvelocity.velocity.lead.LeadRules;
import io.salesvelocity.velocity.lead.RawEvent;
import io.salesvelocity.velocity.state.LeadState;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class LeadStateCodecTest {
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

  private static byte[] avro(LeadHistory h) throws Exception {
    ByteBuffer b = LeadState.getEncoder().encode(StateSerdes.toAvro(h));
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  @ParameterizedTest
  @MethodSource("histories")
  void shouldWriteExactlyTheBytesOfAvrosSingleObjectEncoding(LeadHistory h) throws Exception {
    assertThat(LeadStateCodec.encode(h)).isEqualTo(avro(h));
  }

  @ParameterizedTest
  @MethodSource("histories")
  void shouldReadBackWhatAvroWrote(LeadHistory h) throws Exception {
    LeadHistory read = LeadStateCodec.decode(avro(h));
    assertThat(StateSerdes.toAvro(read)).isEqualTo(StateSerdes.toAvro(h));
    assertThat(read.held().keySet()).containsExactlyElementsOf(h.held().keySet());
  }

  @Test
  void shouldReuseItsBuffersWithoutMixingHistories() {
    List<LeadHistory> all = histories().toList();
    for (int round = 0; round < 2; round++) {
      for (LeadHistory h : all) {
        assertThat(StateSerdes.toAvro(LeadStateCodec.decode(LeadStateCodec.encode(h))))
            .isEqualTo(StateSerdes.toAvro(h));
      }
    }
  }

  @Test
  void shouldRefuseBytesOfAnUnknownSchemaClearly() {
    byte[] bytes = LeadStateCodec.encode(histories().toList().get(2));
    bytes[5] ^= 0x7f; // another fingerprint
    assertThatThrownBy(() -> LeadStateCodec.decode(bytes)).hasMessageContaining("schema");
  }
}
