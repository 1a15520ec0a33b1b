package io.salesvelocity.velocity.topology;

import io.salesvelocity.schemas.SegmentDay;
import io.salesvelocity.schemas.TeamDay;
import io.salesvelocity.velocity.domain.lead.DeadLetter;
import io.salesvelocity.velocity.domain.lead.RawEvent;
import io.salesvelocity.velocity.domain.lead.Rejection;
import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.math.UtcDays;
import io.salesvelocity.velocity.domain.math.VelocityFigures;
import io.salesvelocity.velocity.domain.segment.Dimension;
import io.salesvelocity.velocity.domain.segment.SegmentKey;
import io.salesvelocity.velocity.domain.segment.SegmentTag;
import io.salesvelocity.velocity.domain.team.Cursor;
import io.salesvelocity.velocity.domain.team.HeapDeltaLog;
import io.salesvelocity.velocity.domain.team.LeadClocks;
import io.salesvelocity.velocity.domain.team.TeamDelta;
import io.salesvelocity.velocity.domain.team.TeamLedger;
import io.salesvelocity.velocity.domain.team.TeamState;
import io.salesvelocity.velocity.state.StateSerdes;
import io.salesvelocity.velocity.state.StoreDeltaLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by teamId: keeps each team's delta log and cursors. Its clock is the event time the lead tasks have
 * reached (carried in a header of deltas and ticks, per lead partition; see {@link TeamDeltaRecords}), not
 * Kafka's stream time, so live and in-process runs evaluate at the same instants: current figures at the latest
 * lead partition's time, final days only once every active lead partition is past them. Publishes every team's
 * current figures at that time on a wall-clock schedule (changed teams each emit interval, all teams each
 * heartbeat), and a final point per team per UTC day once the stream's event time is past that day plus the grace
 * period. Output records are stamped with the event time they describe, but never later than the wall clock.
 *
 * <p>With segments on, each delta carries the lead's segments: the task also keeps a ledger per segment of its
 * teams (and, on the task of {@link TeamDeltaRecords#ALL_TEAMS_KEY}, per segment of all teams) and publishes them
 * the same way. Their deltas are the scope's, which the scope's delta log keeps with their segments: the segment
 * ledgers read them from the heap ({@link HeapDeltaLog}), rebuilt from that log when the task starts, and only their
 * cursors are stored. A delta costs one log write per scope, whatever the number of segments.
 */
final class TeamVelocityProcessor implements Processor<String, TeamDelta, Object, TeamOutput> {
  private static final Logger log = LoggerFactory.getLogger(TeamVelocityProcessor.class);
  private static final String CLOCK_KEY = "event-time";
  private final EngineSettings settings;
  private final long graceMillis;
  private final boolean mirrored;

  private ProcessorContext<Object, TeamOutput> context;
  /** The teams' ledgers, and that of the scope of all teams when segments are on (published by segment only). */
  private Book teams;
  private Book segments;
  private StoreDeltaLog teamLog;
  private KeyValueStore<String, Long> clockStore;
  /** The latest event time the lead tasks have reported (deltas and ticks carry it as their timestamp). */
  private long clock = Long.MIN_VALUE;
  private LeadClocks leadClocks;
  /** Store key of each lead partition's clock. */
  private String[] clockKeys;
  private long finalizedThrough = Long.MIN_VALUE;
  private long lastHeartbeat = Long.MIN_VALUE;
  private Sensor lateForDaily;
  private Sensor errors;
  private Sensor refused;

  /** {@code mirrored}: keep the decoded state on the heap too (stores that decode on every read). */
  TeamVelocityProcessor(EngineSettings settings, boolean mirrored) {
    this.settings = settings;
    this.mirrored = mirrored;
    this.graceMillis = settings.grace().toMillis();
  }

  @Override
  public void init(ProcessorContext<Object, TeamOutput> context) {
    this.context = context;
    KeyValueStore<Bytes, List<TeamDelta>> deltaLog = context.getStateStore(Names.TEAM_DELTA_LOG_STORE);
    this.teamLog = new StoreDeltaLog(deltaLog, mirrored);
    this.teams = new Book(new TeamLedger(settings.windowMillis(), teamLog),
        context.getStateStore(Names.TEAM_CURSOR_STORE), new TeamOutputs());
    HeapDeltaLog segmentLog = new HeapDeltaLog();
    this.segments = new Book(new TeamLedger(settings.windowMillis(), segmentLog),
        context.getStateStore(Names.SEGMENT_CURSOR_STORE), new SegmentOutputs());
    this.lateForDaily = EngineMetrics.sensor(context, EngineMetrics.LATE_FOR_DAILY);
    this.errors = EngineMetrics.sensor(context, EngineMetrics.TEAM_ERRORS);
    this.refused = EngineMetrics.sensor(context, EngineMetrics.deadLetters(Rejection.PROCESSING_ERROR));
    this.clockStore = context.getStateStore(Names.TEAM_CLOCK_STORE);
    long now = context.currentSystemTimeMs();
    this.leadClocks = new LeadClocks(settings.leadPartitions(), settings.partitionIdleTimeout().toMillis(), now);
    this.clockKeys = new String[settings.leadPartitions()];
    for (int p = 0; p < clockKeys.length; p++) {
      clockKeys[p] = CLOCK_KEY + "-" + p;
      Long stored = clockStore.get(clockKeys[p]);
      if (stored != null) {
        leadClocks.update(p, stored, now); // restored as if it had just moved
      }
    }
    this.clock = leadClocks.latest();
    // init runs again when a task is revived after a failure: start over from the restored stores
    teams.load(id -> true);
    segments.load(id -> settings.segments().contains(SegmentKey.parse(id).dimension()));
    rebuildSegmentLogs(segmentLog);
    teams.states.values().forEach(s -> finalizedThrough = Math.max(finalizedThrough, UtcDays.dayOf(s.daily().at())));
    context.schedule(settings.emitInterval(), PunctuationType.WALL_CLOCK_TIME, wallClock -> {
      try {
        publishCurrent(wallClock);
      } catch (KafkaException e) {
        throw e;
      } catch (RuntimeException e) {
        errors.record();
        log.error("Publishing the current figures failed; trying again at the next emit interval", e);
      }
    });
  }

  /** The segment ledgers' deltas, from the scopes' delta log: those their cursors still need. */
  private void rebuildSegmentLogs(HeapDeltaLog segmentLog) {
    segmentLog.clear();
    if (!settings.segmentsOn() || segments.states.isEmpty()) {
      return;
    }
    teamLog.forEachPart((scope, time, tag, delta) -> {
      if (tag == null) {
        return; // written while segments were off
      }
      for (Dimension d : settings.segments()) {
        String id = segmentKey(scope, d, tag).id();
        TeamState s = segments.states.get(id);
        if (s != null && segments.ledger.needs(s, time)) {
          segmentLog.merge(id, time, null, delta);
        }
      }
    });
  }

  private static SegmentKey segmentKey(String scope, Dimension d, SegmentTag tag) {
    return SegmentKey.of(TeamDeltaRecords.isAllTeams(scope) ? null : scope, d, tag);
  }

  @Override
  public void process(Record<String, TeamDelta> record) {
    try {
      apply(record);
    } catch (KafkaException e) {
      throw e; // the runtime's own failures: Kafka Streams handles or retries them
    } catch (RuntimeException e) {
      // a fault of the engine's own, on its own internal record: dead-lettered, the next one processed as usual
      errors.record();
      refused.record();
      log.error("Team delta for {} at {} failed and is dead-lettered", record.key(), record.value() == null ? null
          : Instant.ofEpochMilli(record.value().time()), e);
      var meta = context.recordMetadata();
      RawEvent raw = new RawEvent(null, record.timestamp(), meta.map(m -> m.topic()).orElse("team-deltas"),
          meta.map(m -> m.partition()).orElse(-1), meta.map(m -> m.offset()).orElse(-1L), record.timestamp(),
          record.key() == null ? null : record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
          record.value() == null ? null : StateSerdes.teamDelta().serializer().serialize(null, record.value()));
      DeadLetter letter = new DeadLetter(raw, Rejection.PROCESSING_ERROR, "the engine failed on this team delta: " + e);
      context.forward(new Record<>(record.key(), new TeamOutput.Refused(letter), stamp(record.timestamp()),
          DeadLetterHeaders.of(letter, record.headers(), 0)));
    }
  }

  private void apply(Record<String, TeamDelta> record) {
    String team = record.key();
    int partition = TeamDeltaRecords.partitionOf(record.headers());
    long leadClock = TeamDeltaRecords.clockOf(record.headers(), record.timestamp());
    long now = context.currentSystemTimeMs();
    if (leadClocks.update(partition, leadClock, now)) {
      clockStore.put(clockKeys[partition], leadClock);
      clock = leadClocks.latest();
    }
    if (TeamDeltaRecords.isTick(team)) {
      finalizeDays(leadClocks.safe(now));
      return;
    }
    TeamDelta td = record.value();
    SegmentTag tag = settings.segmentsOn() ? td.tag() : null;
    if (teams.apply(team, td.time(), tag, td.delta()) && !TeamDeltaRecords.isAllTeams(team)) {
      lateForDaily.record();
    }
    if (tag != null) {
      for (Dimension d : settings.segments()) {
        segments.apply(segmentKey(team, d, tag).id(), td.time(), null, td.delta());
      }
    }
    finalizeDays(leadClocks.safe(now));
  }

  /** Emits the days that the stream's event time has put past the grace period, for every team and segment. */
  private void finalizeDays(long streamTime) {
    if (streamTime == Long.MIN_VALUE || streamTime < Long.MIN_VALUE + graceMillis + 1) {
      return;
    }
    long lastFinal = Math.floorDiv(streamTime - graceMillis, VelocityFigures.MILLIS_PER_DAY) - 1;
    if (lastFinal <= finalizedThrough) {
      return;
    }
    teams.finalizeThrough(lastFinal);
    segments.finalizeThrough(lastFinal);
    finalizedThrough = lastFinal;
  }

  private void publishCurrent(long wallClock) {
    finalizeDays(leadClocks.safe(wallClock)); // a partition may have gone idle since the last record
    long streamTime = clock;
    if (streamTime == Long.MIN_VALUE) {
      return;
    }
    boolean heartbeat = lastHeartbeat == Long.MIN_VALUE
        || wallClock - lastHeartbeat >= settings.heartbeatInterval().toMillis();
    teams.publishCurrent(streamTime, heartbeat);
    segments.publishCurrent(streamTime, heartbeat);
    if (heartbeat) {
      lastHeartbeat = wallClock;
    }
  }

  /** An output's record timestamp: the event time it describes, never later than the wall clock. */
  private long stamp(long eventTime) {
    return Math.max(0, Math.min(eventTime, context.currentSystemTimeMs()));
  }

  /** How a book's ledgers become output records; null for a ledger that is not published. */
  private interface Outputs {
    TeamOutput daily(String id, long epochDay, Cursor cursor);

    TeamOutput current(String id, Cursor cursor);

    /** A value to compare with the last one published (the current figures, or null for none). */
    Object published(TeamOutput current);
  }

  private final class TeamOutputs implements Outputs {
    @Override
    public TeamOutput daily(String id, long epochDay, Cursor cursor) {
      if (TeamDeltaRecords.isAllTeams(id)) {
        return null; // the scope of all teams is published by segment
      }
      TeamDay key = new TeamDay(id, UtcDays.date(epochDay));
      return new TeamOutput.Daily(key, VelocityRecords.of(id, cursor, settings, true));
    }

    @Override
    public TeamOutput current(String id, Cursor cursor) {
      return TeamDeltaRecords.isAllTeams(id) ? null
          : new TeamOutput.Current(id, VelocityRecords.of(id, cursor, settings, false));
    }

    @Override
    public Object published(TeamOutput current) {
      return ((TeamOutput.Current) current).velocity();
    }
  }

  private final class SegmentOutputs implements Outputs {
    @Override
    public TeamOutput daily(String id, long epochDay, Cursor cursor) {
      SegmentKey segment = SegmentKey.parse(id);
      SegmentDay key = new SegmentDay(segment.scopeLabel(), segment.dimension().label(), segment.segment(),
          UtcDays.date(epochDay));
      return new TeamOutput.SegmentDaily(key, VelocityRecords.segment(segment, cursor, settings, true));
    }

    @Override
    public TeamOutput current(String id, Cursor cursor) {
      SegmentKey segment = SegmentKey.parse(id);
      return new TeamOutput.SegmentCurrent(VelocityRecords.key(segment),
          VelocityRecords.segment(segment, cursor, settings, false));
    }

    @Override
    public Object published(TeamOutput current) {
      return ((TeamOutput.SegmentCurrent) current).velocity();
    }
  }

  /**
   * Ledgers of one kind (teams, or segments) with their states: decoded on the heap, every change also in their
   * store. By id, the order they are published in.
   */
  private final class Book {
    private final TeamLedger ledger;
    private final KeyValueStore<String, TeamState> store;
    private final Outputs outputs;
    private final Map<String, TeamState> states = new TreeMap<>();
    private final Map<String, Object> lastPublished = new HashMap<>();
    /** Ledgers whose figures cannot be computed (logged once each, until they can be again). */
    private final Set<String> failing = new HashSet<>();

    Book(TeamLedger ledger, KeyValueStore<String, TeamState> store, Outputs outputs) {
      this.ledger = ledger;
      this.store = store;
      this.outputs = outputs;
    }

    void load(Predicate<String> keep) {
      states.clear();
      lastPublished.clear();
      failing.clear();
      try (KeyValueIterator<String, TeamState> it = store.all()) {
        it.forEachRemaining(kv -> {
          if (keep.test(kv.key)) {
            states.put(kv.key, kv.value);
          }
        });
      }
    }

    /** Records a delta; returns whether it landed in a day already emitted as final. */
    boolean apply(String id, long time, SegmentTag tag, Delta delta) {
      TeamState state = states.get(id);
      if (state == null) {
        state = ledger.newTeam(id, time);
      }
      TeamLedger.Applied applied = ledger.apply(state, time, tag, delta);
      if (applied.state() != states.get(id)) {
        save(applied.state());
      }
      return applied.lateForDaily();
    }

    void finalizeThrough(long lastFinal) {
      for (TeamState s : List.copyOf(states.values())) {
        // all of a ledger's points first, then out: one that fails emits nothing twice and stops no other
        List<Record<Object, TeamOutput>> points = new ArrayList<>();
        TeamState next;
        try {
          next = ledger.finalizeThrough(s, lastFinal, point -> {
            TeamOutput out = outputs.daily(point.teamId(), point.epochDay(), point.cursor());
            if (out != null) {
              Object key = out instanceof TeamOutput.Daily d ? d.key() : ((TeamOutput.SegmentDaily) out).key();
              points.add(new Record<>(key, out, stamp(point.cursor().at())));
            }
          });
        } catch (KafkaException e) {
          throw e;
        } catch (RuntimeException e) {
          failed(s.teamId(), "its daily points", e);
          continue;
        }
        points.forEach(context::forward);
        save(next);
        failing.remove(s.teamId());
      }
    }

    void publishCurrent(long streamTime, boolean heartbeat) {
      for (TeamState s : List.copyOf(states.values())) {
        TeamState next;
        TeamOutput out;
        try {
          next = ledger.advanceCurrent(s, streamTime);
          out = outputs.current(s.teamId(), next.current());
        } catch (KafkaException e) {
          throw e;
        } catch (RuntimeException e) {
          failed(s.teamId(), "its current figures", e);
          continue;
        }
        if (next != s) {
          save(next);
        }
        if (out == null) {
          continue;
        }
        Object value = outputs.published(out);
        if (heartbeat || !value.equals(lastPublished.get(s.teamId()))) {
          Object key = out instanceof TeamOutput.Current c ? c.teamId() : ((TeamOutput.SegmentCurrent) out).key();
          context.forward(new Record<>(key, out, stamp(streamTime)));
          lastPublished.put(s.teamId(), value);
        }
      }
    }

    /** A ledger whose figures cannot be computed: counted every time, logged the first time. */
    private void failed(String id, String what, RuntimeException e) {
      errors.record();
      if (failing.add(id)) {
        log.error("{}: {} cannot be computed and are not published until they can; the others go on",
            describe(id), what, e);
      }
    }

    private String describe(String id) {
      return outputs instanceof SegmentOutputs ? "Segment " + SegmentKey.parse(id) : "Team " + id;
    }

    private void save(TeamState s) {
      states.put(s.teamId(), s);
      store.put(s.teamId(), s);
    }
  }
}
