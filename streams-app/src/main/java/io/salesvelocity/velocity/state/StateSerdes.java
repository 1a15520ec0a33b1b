package io.salesvelocity.velocity.state;

import io.salesvelocity.velocity.domain.math.WindowTotals;
import io.salesvelocity.velocity.domain.team.Cursor;
import io.salesvelocity.velocity.domain.team.TeamDelta;
import io.salesvelocity.velocity.domain.team.TeamState;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Serdes of the engine's internal state and repartition data. The parts of the teams' logs, batches and outbox are
 * compact bytes of their own ({@link PartsCodec}), the open visits their buckets' own bytes; the cursors, the reports
 * to the scope of all teams and the served figures are Avro single-object encoded (a schema fingerprint, then the
 * body), the cursors written and read field by field ({@link SingleObjectCodec}).
 */
public final class StateSerdes {
  private static final SingleObjectCodec<TeamState> TEAM_STATE = new SingleObjectCodec<>(
      TeamCursors.getClassSchema(), StateSerdes::write, StateSerdes::readTeam,
      bytes -> fromAvro(TeamCursors.getDecoder().decode(bytes)));

  private static final Serde<List<TeamDelta>> PARTS = Serdes.serdeFrom(
      (topic, parts) -> parts == null ? null : PartsCodec.encode(parts),
      (topic, bytes) -> {
        try {
          return bytes == null ? null : PartsCodec.decode(bytes);
        } catch (RuntimeException e) {
          throw new SerializationException("cannot decode a list of parts: " + e.getMessage(), e);
        }
      });

  private static final Serde<TeamDelta> PART = Serdes.serdeFrom(
      (topic, part) -> part == null ? null : PartsCodec.encode(List.of(part)),
      (topic, bytes) -> {
        if (bytes == null) {
          return null;
        }
        List<TeamDelta> parts = PARTS.deserializer().deserialize(topic, bytes);
        if (parts.size() != 1) {
          throw new SerializationException("expected one part, read " + parts.size());
        }
        return parts.get(0);
      });

  private static final Serde<ScopePartial> SCOPE_PARTIAL = avroSerde(ScopePartial.getEncoder(),
      ScopePartial.getDecoder(), "ScopePartial");

  private static final Serde<io.salesvelocity.schemas.TeamVelocity> TEAM_VELOCITY = avroSerde(
      io.salesvelocity.schemas.TeamVelocity.getEncoder(), io.salesvelocity.schemas.TeamVelocity.getDecoder(),
      "TeamVelocity");

  private static final Serde<io.salesvelocity.velocity.domain.funnel.VisitBucket> VISIT_BUCKET = Serdes.serdeFrom(
      (topic, v) -> v == null ? null : v.bytes(),
      (topic, bytes) -> bytes == null ? null : io.salesvelocity.velocity.domain.funnel.VisitBucket.wrap(bytes));

  private StateSerdes() {
  }

  /**
   * A team's figures as published (stores serving-team-velocity and serving-team-velocity-daily): Avro's single
   * object encoding, which names the schema by its fingerprint, so the stores need no registry.
   */
  public static Serde<io.salesvelocity.schemas.TeamVelocity> teamVelocity() {
    return TEAM_VELOCITY;
  }

  /** A team's open visits of one stage and day begun: the bucket's own bytes, as they are. */
  public static Serde<io.salesvelocity.velocity.domain.funnel.VisitBucket> visitBucket() {
    return VISIT_BUCKET;
  }

  /** One part (a dead letter of the team-deltas topic, a report's facts of one instant). */
  public static Serde<TeamDelta> teamDelta() {
    return PART;
  }

  /**
   * A list of parts: a team's batch on team-deltas, a chunk of a head day or the window rows of a final day (stores
   * team-days, all-teams-days), a chunk of the lead tasks' outbox.
   */
  public static Serde<List<TeamDelta>> deltaLogEntry() {
    return PARTS;
  }

  public static Serde<ScopePartial> scopePartial() {
    return SCOPE_PARTIAL;
  }

  public static Serde<TeamState> teamState() {
    return TEAM_STATE.serde();
  }

  private static <T> Serde<T> avroSerde(org.apache.avro.message.BinaryMessageEncoder<T> encoder,
                                        BinaryMessageDecoder<T> decoder, String name) {
    return Serdes.serdeFrom(
        (topic, v) -> {
          try {
            return v == null ? null : encoder.encode(v).array();
          } catch (IOException e) {
            throw new SerializationException("cannot encode a " + name, e);
          }
        },
        (topic, bytes) -> {
          try {
            return bytes == null ? null : decoder.decode(bytes);
          } catch (IOException e) {
            throw new SerializationException("cannot decode a " + name, e);
          }
        });
  }

  // In the order of TeamCursors.avsc.
  private static void write(TeamState s, BinaryEncoder out) throws IOException {
    out.writeString(s.teamId());
    out.writeLong(s.current().at());
    write(s.current().totals(), out);
    out.writeLong(s.daily().at());
    write(s.daily().totals(), out);
    out.writeLong(s.firstDay());
  }

  private static void write(WindowTotals t, BinaryEncoder out) throws IOException {
    out.writeLong(t.pipeline());
    out.writeLong(t.won());
    out.writeLong(t.lost());
    out.writeString(t.wonAmount().toPlainString());
    out.writeLong(t.cycleMillis());
  }

  private static TeamState readTeam(BinaryDecoder in) throws IOException {
    String teamId = in.readString();
    Cursor current = new Cursor(in.readLong(), readTotals(in));
    Cursor daily = new Cursor(in.readLong(), readTotals(in));
    return new TeamState(teamId, current, daily, in.readLong());
  }

  private static WindowTotals readTotals(BinaryDecoder in) throws IOException {
    return new WindowTotals(in.readLong(), in.readLong(), in.readLong(), new BigDecimal(in.readString()),
        in.readLong());
  }

  static TeamState fromAvro(TeamCursors a) {
    return new TeamState(a.getTeamId(), new Cursor(a.getCurrentAt(), totals(a.getCurrent())),
        new Cursor(a.getDailyAt(), totals(a.getDaily())), a.getFirstDay());
  }

  private static WindowTotals totals(Totals t) {
    return new WindowTotals(t.getPipeline(), t.getWon(), t.getLost(), new BigDecimal(t.getWonAmount()),
        t.getCycleMillis());
  }
}
