package io.salesvelocity.velocity.state;

import io.salesvelocity.velocity.domain.funnel.FunnelChange;
import io.salesvelocity.velocity.domain.funnel.FunnelFact;
import io.salesvelocity.velocity.domain.funnel.Resolution;
import io.salesvelocity.velocity.domain.funnel.Visit;
import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.math.WindowTotals;
import io.salesvelocity.velocity.domain.segment.SegmentTag;
import io.salesvelocity.velocity.domain.team.Cursor;
import io.salesvelocity.velocity.domain.team.TeamDelta;
import io.salesvelocity.velocity.domain.team.TeamState;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.common.serialization.Serde;

/**
 * Serdes of the engine's internal state and repartition data: Avro single-object encoding (a schema
 * fingerprint, then the body), so a later engine version can still read what an earlier one wrote. They are
 * written and read field by field ({@link SingleObjectCodec}); the conversions to and from the generated Avro
 * classes below are the reference they are tested against, and read what another schema version wrote.
 */
public final class StateSerdes {
  /** Reads team deltas of this version, of version 2 (before the funnel) and of version 1 (before segments). */
  private static final BinaryMessageDecoder<TimedDelta> TIMED_DELTA_VERSIONS = withVersions(
      TimedDelta.createDecoder(null), "TimedDelta", "v1", "v2", "v3");
  /** Reads delta log entries of this version and of version 1 (parts before the funnel). */
  private static final BinaryMessageDecoder<DeltaLogEntry> DELTA_LOG_ENTRY_VERSIONS = withVersions(
      DeltaLogEntry.createDecoder(null), "DeltaLogEntry", "v1", "v2");
  private static final SingleObjectCodec<TeamDelta> TEAM_DELTA = new SingleObjectCodec<>(
      TimedDelta.getClassSchema(), StateSerdes::write, StateSerdes::readTeamDelta,
      bytes -> fromAvro(TIMED_DELTA_VERSIONS.decode(bytes)));
  /** A delta log entry; one written before segments is a single TimedDelta, read as one part. */
  private static final SingleObjectCodec<List<TeamDelta>> DELTA_LOG_ENTRY = new SingleObjectCodec<>(
      DeltaLogEntry.getClassSchema(), StateSerdes::write, StateSerdes::readParts, StateSerdes::olderLogEntry);
  private static final SingleObjectCodec<TeamState> TEAM_STATE = new SingleObjectCodec<>(
      TeamCursors.getClassSchema(), StateSerdes::write, StateSerdes::readTeam,
      bytes -> fromAvro(TeamCursors.getDecoder().decode(bytes)));

  private static final Serde<ScopePartial> SCOPE_PARTIAL = org.apache.kafka.common.serialization.Serdes.serdeFrom(
      (topic, v) -> {
        try {
          return v == null ? null : ScopePartial.getEncoder().encode(v).array();
        } catch (IOException e) {
          throw new org.apache.kafka.common.errors.SerializationException("cannot encode a ScopePartial", e);
        }
      },
      (topic, bytes) -> {
        try {
          return bytes == null ? null : ScopePartial.getDecoder().decode(bytes);
        } catch (IOException e) {
          throw new org.apache.kafka.common.errors.SerializationException("cannot decode a ScopePartial", e);
        }
      });

  private static final Serde<io.salesvelocity.schemas.TeamVelocity> TEAM_VELOCITY = avroSerde(
      io.salesvelocity.schemas.TeamVelocity.getEncoder(), io.salesvelocity.schemas.TeamVelocity.getDecoder(),
      "TeamVelocity");

  private StateSerdes() {
  }

  /**
   * A team's figures as published (stores serving-team-velocity and serving-team-velocity-daily): Avro's single
   * object encoding, which names the schema by its fingerprint, so the stores need no registry.
   */
  public static Serde<io.salesvelocity.schemas.TeamVelocity> teamVelocity() {
    return TEAM_VELOCITY;
  }

  private static <T> Serde<T> avroSerde(org.apache.avro.message.BinaryMessageEncoder<T> encoder,
                                        BinaryMessageDecoder<T> decoder, String name) {
    return org.apache.kafka.common.serialization.Serdes.serdeFrom(
        (topic, v) -> {
          try {
            return v == null ? null : encoder.encode(v).array();
          } catch (IOException e) {
            throw new org.apache.kafka.common.errors.SerializationException("cannot encode a " + name, e);
          }
        },
        (topic, bytes) -> {
          try {
            return bytes == null ? null : decoder.decode(bytes);
          } catch (IOException e) {
            throw new org.apache.kafka.common.errors.SerializationException("cannot decode a " + name, e);
          }
        });
  }

  /** A team's open visits of one stage and day begun: the bucket's own bytes, as they are. */
  public static Serde<io.salesvelocity.velocity.domain.funnel.VisitBucket> visitBucket() {
    return VISIT_BUCKET;
  }

  private static final Serde<io.salesvelocity.velocity.domain.funnel.VisitBucket> VISIT_BUCKET =
      org.apache.kafka.common.serialization.Serdes.serdeFrom((topic, v) -> v == null ? null : v.bytes(),
          (topic, bytes) -> bytes == null ? null : io.salesvelocity.velocity.domain.funnel.VisitBucket.wrap(bytes));


  /** {@code decoder}, reading also the earlier versions of its schema kept in the jar under /state. */
  private static <T> BinaryMessageDecoder<T> withVersions(BinaryMessageDecoder<T> decoder, String name,
                                                          String... versions) {
    for (String version : versions) {
      String path = "/state/" + name + "-" + version + ".avsc";
      try (java.io.InputStream in = StateSerdes.class.getResourceAsStream(path)) {
        if (in == null) {
          throw new IllegalStateException(path + " is missing from the jar");
        }
        decoder.addSchema(new org.apache.avro.Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(path + " cannot be read", e);
      }
    }
    return decoder;
  }

  public static Serde<TeamDelta> teamDelta() {
    return TEAM_DELTA.serde();
  }

  /**
   * Parts encoded one at a time, each once, into the bytes of a {@link #deltaLogEntry()} value: an Avro array may come
   * in blocks, and each part is a block of one, so a growing list is never encoded again from its start.
   */
  public static final class PartsEncoder {
    private final SingleObjectCodec.Sink sink = new SingleObjectCodec.Sink();
    private BinaryEncoder encoder;
    private int parts;

    public PartsEncoder() {
      byte[] header = DELTA_LOG_ENTRY.header();
      sink.write(header, 0, header.length);
    }

    public void add(TeamDelta part) {
      encoder = org.apache.avro.io.EncoderFactory.get().directBinaryEncoder(sink, encoder);
      try {
        encoder.writeLong(1); // a block of one item
        write(part, encoder);
        encoder.flush();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      parts++;
    }

    public int size() {
      return parts;
    }

    /** The value: the blocks so far and the array's end. */
    public byte[] bytes() {
      return sink.toByteArray((byte) 0);
    }
  }

  /** A list of parts: a chunk of a head day, or the window rows of a final day (stores team-days, all-teams-days). */
  public static Serde<List<TeamDelta>> deltaLogEntry() {
    return DELTA_LOG_ENTRY.serde();
  }

  /** What a team partition adds to the scope of all teams (topic and store all-teams-partials). */
  public static Serde<ScopePartial> scopePartial() {
    return SCOPE_PARTIAL;
  }

  public static Serde<TeamState> teamState() {
    return TEAM_STATE.serde();
  }

  // In the order of TimedDelta.avsc.
  private static void write(TeamDelta td, BinaryEncoder out) throws IOException {
    Delta d = td.delta();
    out.writeLong(td.time());
    out.writeLong(d.pipeline());
    out.writeLong(d.won());
    out.writeLong(d.lost());
    out.writeString(d.wonAmount().toPlainString());
    out.writeLong(d.cycleMillis());
    out.writeLong(d.touches());
    SegmentTag tag = td.tag();
    out.writeIndex(tag == null ? 0 : 1);
    if (tag != null) {
      SingleObjectCodec.writeNullable(out, tag.industry());
      SingleObjectCodec.writeNullable(out, tag.companySize());
      SingleObjectCodec.writeNullable(out, tag.region());
      SingleObjectCodec.writeNullable(out, tag.source());
      SingleObjectCodec.writeNullable(out, tag.owner());
    }
    FunnelChange funnel = td.funnel();
    out.writeArrayStart();
    out.setItemCount(funnel == null ? 0 : funnel.size());
    if (funnel != null) {
      for (Map.Entry<FunnelFact, Integer> e : funnel.counts().entrySet()) {
        out.startItem();
        write(e.getKey(), e.getValue(), out);
      }
    }
    out.writeArrayEnd();
  }

  // In the order of the union of TimedDelta.avsc's funnel: ExitFact, ArriveFact, LeaveFact.
  private static void write(FunnelFact fact, int count, BinaryEncoder out) throws IOException {
    if (fact instanceof FunnelFact.Exit x) {
      out.writeIndex(0);
      out.writeInt(count);
      out.writeInt(x.stage());
      out.writeLong(x.durationMillis());
      out.writeBoolean(x.advanced());
    } else if (fact instanceof FunnelFact.Arrive a) {
      out.writeIndex(1);
      out.writeInt(count);
      write(a.visit(), out);
      writeAmount(out, a.amount());
    } else {
      FunnelFact.Leave l = (FunnelFact.Leave) fact;
      out.writeIndex(2);
      out.writeInt(count);
      write(l.visit(), out);
      out.writeInt(l.how().ordinal());
      writeAmount(out, l.amount());
    }
  }

  private static void writeAmount(BinaryEncoder out, BigDecimal amount) throws IOException {
    SingleObjectCodec.writeNullable(out, amount == null ? null : amount.toPlainString());
  }

  private static BigDecimal readAmount(BinaryDecoder in) throws IOException {
    return amount(SingleObjectCodec.readNullableString(in));
  }

  private static BigDecimal amount(CharSequence s) {
    return s == null ? null : new BigDecimal(s.toString());
  }

  private static void write(Visit v, BinaryEncoder out) throws IOException {
    out.writeInt(v.stage());
    out.writeLong(v.began());
    out.writeString(v.leadId());
    SingleObjectCodec.writeNullable(out, v.ownerId());
  }

  private static FunnelChange readFunnel(BinaryDecoder in) throws IOException {
    FunnelFact[] facts = null;
    int[] counts = null;
    int size = 0;
    for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
      if (facts == null) {
        facts = new FunnelFact[(int) Math.min(n, 64)];
        counts = new int[facts.length];
      }
      for (long i = 0; i < n; i++) {
        int kind = in.readIndex();
        int count = in.readInt();
        FunnelFact fact = switch (kind) {
          case 0 -> new FunnelFact.Exit(in.readInt(), in.readLong(), in.readBoolean());
          case 1 -> new FunnelFact.Arrive(readVisit(in), readAmount(in));
          case 2 -> new FunnelFact.Leave(readVisit(in), RESOLUTIONS[in.readInt()], readAmount(in));
          default -> throw new IOException("unknown funnel fact kind " + kind);
        };
        if (size == facts.length) {
          facts = Arrays.copyOf(facts, size * 2);
          counts = Arrays.copyOf(counts, size * 2);
        }
        facts[size] = fact;
        counts[size++] = count;
      }
    }
    return facts == null ? null : FunnelChange.ofCounts(facts, counts, size);
  }

  private static Visit readVisit(BinaryDecoder in) throws IOException {
    int stage = in.readInt();
    long began = in.readLong();
    String lead = in.readString();
    String owner = SingleObjectCodec.readNullableString(in);
    // a team has few owners and each holds many visits: one copy of each name
    return new Visit(stage, began, lead, owner == null ? null : OWNERS.of(owner));
  }

  /** An amount as written by {@link BigDecimal#toPlainString()}; zero, the amount of most deltas, shared. */
  private static BigDecimal decimal(String plain) {
    return "0".equals(plain) ? BigDecimal.ZERO : new BigDecimal(plain);
  }

  private static final Resolution[] RESOLUTIONS = Resolution.values();
  private static final CanonicalStrings OWNERS = new CanonicalStrings();

  private static TeamDelta readTeamDelta(BinaryDecoder in) throws IOException {
    long time = in.readLong();
    Delta d = Delta.of(in.readLong(), in.readLong(), in.readLong(), decimal(in.readString()), in.readLong(),
        in.readLong());
    SegmentTag tag = null;
    if (in.readIndex() == 1) {
      tag = new SegmentTag(SingleObjectCodec.readNullableString(in), SingleObjectCodec.readNullableString(in),
          SingleObjectCodec.readNullableString(in), SingleObjectCodec.readNullableString(in),
          SingleObjectCodec.readNullableString(in));
    }
    return new TeamDelta(time, d, tag, readFunnel(in));
  }

  /** A log entry of an earlier version: a DeltaLogEntry of version 1, or a single TimedDelta from before segments. */
  private static List<TeamDelta> olderLogEntry(byte[] bytes) throws IOException {
    DeltaLogEntry entry;
    try {
      entry = DELTA_LOG_ENTRY_VERSIONS.decode(bytes);
    } catch (org.apache.avro.message.MissingSchemaException e) {
      return List.of(fromAvro(TIMED_DELTA_VERSIONS.decode(bytes)));
    }
    List<TeamDelta> parts = new ArrayList<>(entry.getParts().size());
    entry.getParts().forEach(p -> parts.add(fromAvro(p)));
    return parts;
  }

  // In the order of DeltaLogEntry.avsc.
  private static void write(List<TeamDelta> parts, BinaryEncoder out) throws IOException {
    out.writeArrayStart();
    out.setItemCount(parts.size());
    for (TeamDelta part : parts) {
      out.startItem();
      write(part, out);
    }
    out.writeArrayEnd();
  }

  private static List<TeamDelta> readParts(BinaryDecoder in) throws IOException {
    List<TeamDelta> parts = new ArrayList<>(1);
    for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
      for (long i = 0; i < n; i++) {
        parts.add(readTeamDelta(in));
      }
    }
    return parts;
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

  static TeamDelta fromAvro(TimedDelta a) {
    Delta d = new Delta(a.getPipeline(), a.getWon(), a.getLost(), new BigDecimal(a.getWonAmount()), a.getCycleMillis(),
        a.getTouches());
    SegmentValues v = a.getSegments();
    Map<FunnelFact, Integer> funnel = new LinkedHashMap<>();
    for (Object o : a.getFunnel()) {
      if (o instanceof ExitFact x) {
        funnel.merge(new FunnelFact.Exit(x.getStage(), x.getDurationMillis(), x.getAdvanced()), x.getCount(),
            Integer::sum);
      } else if (o instanceof ArriveFact r) {
        funnel.merge(new FunnelFact.Arrive(new Visit(r.getStage(), r.getBegan(), r.getLeadId(), r.getOwnerId()),
            amount(r.getAmount())), r.getCount(), Integer::sum);
      } else if (o instanceof LeaveFact l) {
        funnel.merge(new FunnelFact.Leave(new Visit(l.getStage(), l.getBegan(), l.getLeadId(), l.getOwnerId()),
            RESOLUTIONS[l.getHow()], amount(l.getAmount())), l.getCount(), Integer::sum);
      }
    }
    return new TeamDelta(a.getTime(), d, v == null ? null
        : new SegmentTag(v.getIndustry(), v.getCompanySize(), v.getRegion(), v.getSource(), v.getOwner()),
        funnel.isEmpty() ? null : FunnelChange.of(funnel));
  }

  static TeamState fromAvro(TeamCursors a) {
    return new TeamState(a.getTeamId(), new Cursor(a.getCurrentAt(), totals(a.getCurrent())),
        new Cursor(a.getDailyAt(), totals(a.getDaily())), a.getFirstDay());
  }

  private static WindowTotals totals(Totals t) {
    return new WindowTotals(t.getPipeline(), t.getWon(), t.getLost(), new BigDecimal(t.getWonAmount()),
        t.getCycleMillis());
  }

  /** The bytes a buffer holds (null for null), without moving it. */
  static byte[] bytes(ByteBuffer b) {
    if (b == null) {
      return null;
    }
    ByteBuffer dup = b.duplicate();
    byte[] out = new byte[dup.remaining()];
    dup.get(out);
    return out;
  }
}
