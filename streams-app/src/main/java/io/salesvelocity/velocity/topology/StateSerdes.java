package io.salesvelocity.velocity.topology;

import io.salesvelocity.velocity.lead.LeadHistory;
import io.salesvelocity.velocity.lead.RawEvent;
import io.salesvelocity.velocity.math.Delta;
import io.salesvelocity.velocity.math.WindowTotals;
import io.salesvelocity.velocity.state.ClosedState;
import io.salesvelocity.velocity.state.CreatedState;
import io.salesvelocity.velocity.state.HeldEvent;
import io.salesvelocity.velocity.state.LeadState;
import io.salesvelocity.velocity.state.StageState;
import io.salesvelocity.velocity.state.TeamCursors;
import io.salesvelocity.velocity.state.TimedDelta;
import io.salesvelocity.velocity.state.Totals;
import io.salesvelocity.velocity.team.Cursor;
import io.salesvelocity.velocity.team.TeamDelta;
import io.salesvelocity.velocity.team.TeamState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Serdes of the engine's internal state and repartition data: Avro single-object encoding (a schema
 * fingerprint, then the body), so a later engine version can still read what an earlier one wrote.
 */
public final class StateSerdes {
  private StateSerdes() {
  }

  /** Written once per event: {@link LeadStateCodec}, the same bytes as the other serdes' Avro path. */
  public static Serde<LeadHistory> leadHistory() {
    return Serdes.serdeFrom(
        (topic, value) -> value == null ? null : LeadStateCodec.encode(value),
        (topic, bytes) -> bytes == null ? null : LeadStateCodec.decode(bytes));
  }

  public static Serde<TeamDelta> teamDelta() {
    return serde(TimedDelta.getEncoder(), TimedDelta.getDecoder(),
        d -> toAvro(d.time(), d.delta()), a -> new TeamDelta(a.getTime(), fromAvro(a)));
  }

  public static Serde<Delta> delta() {
    return serde(TimedDelta.getEncoder(), TimedDelta.getDecoder(), d -> toAvro(0L, d), StateSerdes::fromAvro);
  }

  public static Serde<TeamState> teamState() {
    return serde(TeamCursors.getEncoder(), TeamCursors.getDecoder(), StateSerdes::toAvro, StateSerdes::fromAvro);
  }

  private static <T, A> Serde<T> serde(BinaryMessageEncoder<A> encoder, BinaryMessageDecoder<A> decoder,
                                       Function<T, A> to, Function<A, T> from) {
    return Serdes.serdeFrom(
        (topic, value) -> {
          if (value == null) {
            return null;
          }
          try {
            ByteBuffer buffer = encoder.encode(to.apply(value));
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          try {
            return from.apply(decoder.decode(bytes));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  static LeadState toAvro(LeadHistory h) {
    LeadHistory.Created c = h.created();
    LeadHistory.Closed k = h.closed();
    List<StageState> stages = new ArrayList<>();
    for (LeadHistory.StageEntry s : h.stages()) {
      stages.add(new StageState(s.eventId(), s.time(), s.stage(), s.teamId()));
    }
    List<HeldEvent> held = new ArrayList<>();
    for (RawEvent r : h.held().values()) {
      held.add(new HeldEvent(r.eventId(), r.eventTime(), r.topic(), r.partition(), r.offset(), r.timestamp(),
          r.key() == null ? null : ByteBuffer.wrap(r.key()), r.value() == null ? null : ByteBuffer.wrap(r.value())));
    }
    return new LeadState(h.leadId(),
        c == null ? null : new CreatedState(c.eventId(), c.time(), c.teamId(), c.stage()),
        stages,
        k == null ? null : new ClosedState(k.eventId(), k.time(), k.won(),
            k.amount() == null ? null : k.amount().toPlainString(), k.teamId()),
        held);
  }

  static LeadHistory fromAvro(LeadState a) {
    CreatedState c = a.getCreated();
    ClosedState k = a.getClosed();
    List<LeadHistory.StageEntry> stages = new ArrayList<>();
    for (StageState s : a.getStages()) {
      stages.add(new LeadHistory.StageEntry(s.getEventId(), s.getTime(), s.getStage(), s.getTeamId()));
    }
    Map<String, RawEvent> held = new LinkedHashMap<>();
    for (HeldEvent r : a.getHeld()) {
      held.put(r.getEventId(), new RawEvent(r.getEventId(), r.getEventTime(), r.getTopic(), r.getPartition(),
          r.getOffset(), r.getTimestamp(), bytes(r.getKey()), bytes(r.getValue())));
    }
    return new LeadHistory(a.getLeadId(),
        c == null ? null : new LeadHistory.Created(c.getEventId(), c.getTime(), c.getTeamId(), c.getStage()),
        stages,
        k == null ? null : new LeadHistory.Closed(k.getEventId(), k.getTime(), k.getWon(),
            k.getAmount() == null ? null : new BigDecimal(k.getAmount()), k.getTeamId()),
        held);
  }

  private static TimedDelta toAvro(long time, Delta d) {
    return new TimedDelta(time, d.pipeline(), d.won(), d.lost(), d.wonAmount().toPlainString(), d.cycleMillis(),
        d.touches());
  }

  private static Delta fromAvro(TimedDelta a) {
    return new Delta(a.getPipeline(), a.getWon(), a.getLost(), new BigDecimal(a.getWonAmount()), a.getCycleMillis(),
        a.getTouches());
  }

  private static TeamCursors toAvro(TeamState s) {
    return new TeamCursors(s.teamId(), s.current().at(), totals(s.current().totals()), s.daily().at(),
        totals(s.daily().totals()), s.firstDay());
  }

  private static TeamState fromAvro(TeamCursors a) {
    return new TeamState(a.getTeamId(), new Cursor(a.getCurrentAt(), totals(a.getCurrent())),
        new Cursor(a.getDailyAt(), totals(a.getDaily())), a.getFirstDay());
  }

  private static Totals totals(WindowTotals t) {
    return new Totals(t.pipeline(), t.won(), t.lost(), t.wonAmount().toPlainString(), t.cycleMillis());
  }

  private static WindowTotals totals(Totals t) {
    return new WindowTotals(t.getPipeline(), t.getWon(), t.getLost(), new BigDecimal(t.getWonAmount()),
        t.getCycleMillis());
  }

  private static byte[] bytes(ByteBuffer b) {
    if (b == null) {
      return null;
    }
    ByteBuffer dup = b.duplicate();
    byte[] out = new byte[dup.remaining()];
    dup.get(out);
    return out;
  }
}
