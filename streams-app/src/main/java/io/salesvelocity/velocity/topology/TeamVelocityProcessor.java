package io.salesvelocity.velocity.topology;

import io.salesvelocity.schemas.FunnelDay;
import io.salesvelocity.schemas.SegmentDay;
import io.salesvelocity.schemas.TeamDay;
import io.salesvelocity.schemas.ScopeDay;
import io.salesvelocity.velocity.domain.flow.Flow;
import io.salesvelocity.velocity.domain.flow.FlowDay;
import io.salesvelocity.velocity.domain.flow.FlowPart;
import io.salesvelocity.velocity.domain.flow.FlowTotals;
import io.salesvelocity.schemas.ForecastDay;
import io.salesvelocity.velocity.domain.forecast.ForecastBook;
import io.salesvelocity.velocity.domain.forecast.ForecastParts;
import io.salesvelocity.velocity.domain.forecast.ForecastReport;
import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.funnel.BucketStore;
import io.salesvelocity.velocity.domain.funnel.FunnelBook;
import io.salesvelocity.velocity.domain.funnel.FunnelChange;
import io.salesvelocity.velocity.domain.funnel.LeadOpenVisits;
import io.salesvelocity.velocity.domain.funnel.StageFigures;
import io.salesvelocity.velocity.domain.funnel.StallEvent;
import io.salesvelocity.velocity.domain.funnel.VisitBucket;
import io.salesvelocity.velocity.domain.lead.DeadLetter;
import io.salesvelocity.velocity.domain.lead.RawEvent;
import io.salesvelocity.velocity.domain.lead.Rejection;
import io.salesvelocity.velocity.domain.math.UtcDays;
import io.salesvelocity.velocity.domain.math.VelocityFigures;
import io.salesvelocity.velocity.domain.math.WindowTotals;
import io.salesvelocity.velocity.domain.segment.SegmentKey;
import io.salesvelocity.velocity.domain.segment.SegmentTag;
import io.salesvelocity.velocity.domain.team.AllTeamsSums;
import io.salesvelocity.velocity.domain.team.Cursor;
import io.salesvelocity.velocity.domain.team.CursorListener;
import io.salesvelocity.velocity.domain.team.DayFlows;
import io.salesvelocity.velocity.domain.team.DayForecasts;
import io.salesvelocity.velocity.domain.team.LeadClocks;
import io.salesvelocity.velocity.domain.team.SegmentBook;
import io.salesvelocity.velocity.domain.team.TeamDelta;
import io.salesvelocity.velocity.domain.team.TeamLedger;
import io.salesvelocity.velocity.domain.team.TeamState;
import io.salesvelocity.velocity.state.CommitBufferedStore;
import io.salesvelocity.velocity.state.CommitHook;
import io.salesvelocity.velocity.state.ScopePartial;
import io.salesvelocity.velocity.state.StateSerdes;
import io.salesvelocity.velocity.state.StoreDayLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by teamId: keeps each team's log by day and its two cursors ({@link TeamLedger}). Its clock is the event time the lead tasks have
 * reached (carried in a header of deltas and ticks, per lead partition; see {@link TeamDeltaRecords}), not
 * Kafka's stream time, so live and in-process runs evaluate at the same instants: current figures at the latest
 * lead partition's time, final days only once every active lead partition is past them. Publishes every team's
 * current figures at that time on a wall-clock schedule (changed teams each emit interval, all teams each
 * heartbeat), and a final point per team per UTC day once the stream's event time is past that day plus the grace
 * period. Output records are stamped with the event time they describe, but never later than the wall clock.
 *
 * <p>With segments on, each delta carries the lead's segments, and the task also keeps the segments of its teams in
 * a {@link SegmentBook} per team, moved by the team's ledger as its cursors pass the parts of its deltas, and
 * publishes them the same way. A delta is one part of its day's log, whatever the number of segments; the segments'
 * totals at the daily cursor are stored in {@code segment-cursors} when they change. For the scope of all teams the task
 * reports its teams' segments summed ({@link TeamOutput.AllTeams}): for each day it makes final, that it made it
 * final, and at each emit interval its current figures; {@link AllTeamsProcessor} adds up the partitions' reports.
 */
final class TeamVelocityProcessor implements Processor<String, List<TeamDelta>, Object, TeamOutput> {
  private static final Logger log = LoggerFactory.getLogger(TeamVelocityProcessor.class);
  private static final String CLOCK_KEY = "event-time";
  private static final String TICK_KEY = "tick";
  /** In the forecast store (whose other keys begin with "s" or "d"): what the task's state was built for. */
  private static final String FEATURES_KEY = "!features";
  private final EngineSettings settings;
  private final long graceMillis;
  /** Every team's cursors (the store gets every change); by id, the order teams are published in. */
  private final Map<String, TeamState> teams = new TreeMap<>();
  /** The segments of each scope, with segments on. */
  private final Map<String, SegmentBook> books = new HashMap<>();
  /** The stage funnel of each team, with the funnel on. */
  private final Map<String, FunnelBook> funnels = new HashMap<>();
  private BucketStore<VisitBucket> openVisits;
  /** What this partition last reported as its current figures for all teams. */
  private Map<AllTeamsSums.Segment, WindowTotals> lastAllTeams = Map.of();
  /** What this partition last reported as its teams' current forecasts. */
  private ForecastReport lastAllForecasts = null;
  private StoreDayLog dayLog;
  /** Whether the day log writes at each commit (else at the end of each record). */
  private boolean dayLogAtCommit;
  /** What the task's state is built for, when the store does not say it yet (see checkFeatures). */
  private String featuresToStore;
  private int partition;

  private ProcessorContext<Object, TeamOutput> context;
  private KeyValueStore<String, TeamState> cursors;
  private KeyValueStore<String, TeamState> segmentCursors;
  /** Each team's pipeline at the end of the last day its bridge was published for (FlowTotals' text). */
  private KeyValueStore<String, String> flowEnds;
  /** Each team's forecast parts summed up to its last final day, and its recent final days (see ForecastBook). */
  private KeyValueStore<String, String> forecastStore;
  private final Map<String, ForecastBook> forecastBooks = new HashMap<>();
  private TeamLedger ledger;
  private KeyValueStore<String, Long> clockStore;
  /** The latest event time the lead tasks have reported (deltas and ticks carry it as their timestamp). */
  private long clock = Long.MIN_VALUE;
  private LeadClocks leadClocks;
  /** Store keys of each lead partition's clock and last tick. */
  private String[] clockKeys;
  private String[] tickKeys;
  private long finalizedThrough = Long.MIN_VALUE;
  /** The last current figures published, by team id and by segment id. */
  private final Map<String, Object> lastPublished = new HashMap<>();
  private long lastHeartbeat = Long.MIN_VALUE;
  private Sensor lateForDaily;
  private Sensor outputLag;
  private Sensor errors;
  private Sensor refused;
  /** Teams and segments whose figures cannot be computed (logged once each, until they can be again). */
  private final Set<String> failing = new HashSet<>();

  TeamVelocityProcessor(EngineSettings settings) {
    this.settings = settings;
    this.graceMillis = settings.grace().toMillis();
  }

  @Override
  public void init(ProcessorContext<Object, TeamOutput> context) {
    long began = System.nanoTime();
    this.context = context;
    // what changes many times a commit is written once per commit (in-process, where nothing commits, at once)
    StateStore commits = context.getStateStore(Names.TEAM_COMMIT_HOOK);
    this.cursors = CommitBufferedStore.of(context.getStateStore(Names.TEAM_CURSOR_STORE), commits);
    this.segmentCursors = CommitBufferedStore.of(context.getStateStore(Names.SEGMENT_CURSOR_STORE), commits);
    this.flowEnds = CommitBufferedStore.of(context.getStateStore(Names.TEAM_FLOW_STORE), commits);
    this.forecastStore = CommitBufferedStore.of(context.getStateStore(Names.TEAM_FORECAST_STORE), commits);
    this.openVisits = bucketStore(CommitBufferedStore.of(context.getStateStore(Names.TEAM_OPEN_VISITS_STORE),
        commits));
    KeyValueStore<Bytes, List<TeamDelta>> days = context.getStateStore(Names.TEAM_DAYS_STORE);
    this.dayLog = new StoreDayLog(days);
    // what a commit's records append to a day (many batches, and forecast parts for days ahead) is one chunk per day
    this.dayLogAtCommit = commits instanceof CommitHook;
    if (commits instanceof CommitHook hook) {
      hook.register(Names.TEAM_DAYS_STORE, dayLog::flush, dayLog::discard);
    }
    this.ledger = new TeamLedger(settings.windowMillis(), dayLog);
    this.partition = context.taskId().partition();
    this.lateForDaily = EngineMetrics.sensor(context, EngineMetrics.LATE_FOR_DAILY);
    this.outputLag = EngineMetrics.lagSensor(context);
    this.errors = EngineMetrics.sensor(context, EngineMetrics.TEAM_ERRORS);
    this.refused = EngineMetrics.sensor(context, EngineMetrics.deadLetters(Rejection.PROCESSING_ERROR));
    this.clockStore = CommitBufferedStore.of(context.getStateStore(Names.TEAM_CLOCK_STORE), commits);
    long now = context.currentSystemTimeMs();
    this.leadClocks = new LeadClocks(settings.leadPartitions(), settings.partitionIdleTimeout().toMillis(), now);
    this.clockKeys = new String[settings.leadPartitions()];
    this.tickKeys = new String[settings.leadPartitions()];
    for (int p = 0; p < clockKeys.length; p++) {
      clockKeys[p] = CLOCK_KEY + "-" + p;
      tickKeys[p] = TICK_KEY + "-" + p;
      Long stored = clockStore.get(clockKeys[p]);
      Long tick = clockStore.get(tickKeys[p]);
      leadClocks.restore(p, stored == null ? Long.MIN_VALUE : stored, tick == null ? Long.MIN_VALUE : tick);
    }
    this.clock = leadClocks.latest();
    // init runs again when a task is revived after a failure: start over from the restored stores
    teams.clear();
    books.clear();
    funnels.clear();
    forecastBooks.clear();
    lastPublished.clear();
    lastAllTeams = Map.of();
    lastAllForecasts = null;
    failing.clear();
    try (KeyValueIterator<String, TeamState> it = cursors.all()) {
      it.forEachRemaining(kv -> teams.put(kv.key, kv.value));
    }
    try (KeyValueIterator<String, TeamState> it = segmentCursors.all()) {
      it.forEachRemaining(kv -> {
        SegmentKey key = SegmentKey.parse(kv.key);
        if (!key.allTeams() && settings.segments().contains(key.dimension())) {
          book(key.scope()).restore(key, kv.value);
        }
      });
    }
    if (settings.funnel()) {
      restoreFunnels();
    }
    checkFeatures();
    // the current cursors, from the daily ones and the days not final yet, at the stream time
    for (TeamState s : List.copyOf(teams.values())) {
      teams.put(s.teamId(), ledger.restoreCurrent(s, clock, listener(s.teamId())));
    }
    // the restore took in again what the current cursors had taken in and reported before: not reported twice
    funnels.values().forEach(FunnelBook::drainTap);
    teams.values().forEach(s -> finalizedThrough = Math.max(finalizedThrough, UtcDays.dayOf(s.daily().at())));
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
    // after a restore, the time from the last changelog record to RUNNING is mostly this, task after task
    if (!teams.isEmpty()) {
      log.info("Task {} initialized from its stores in {} ms ({} teams)", context.taskId(),
          (System.nanoTime() - began) / 1_000_000, teams.size());
    }
  }

  @Override
  public void process(Record<String, List<TeamDelta>> record) {
    String team = record.key();
    int partition;
    long leadClock;
    try {
      partition = TeamDeltaRecords.partitionOf(record.headers());
      leadClock = TeamDeltaRecords.clockOf(record.headers(), record.timestamp());
    } catch (RuntimeException e) {
      // a record of the internal topic this engine did not write as it writes them: each of its parts refused
      List<TeamDelta> parts = record.value() == null ? List.of() : record.value();
      parts.forEach(part -> refuse(record, part, e));
      if (parts.isEmpty()) {
        errors.record();
        log.error("A record of team-deltas without a readable lead partition or clock is left out", e);
      }
      return;
    }
    long now = context.currentSystemTimeMs();
    boolean tick = TeamDeltaRecords.isTick(team);
    boolean moved = tick ? leadClocks.tick(partition, leadClock, now) : leadClocks.update(partition, leadClock, now);
    if (moved) {
      clockStore.put(clockKeys[partition], leadClocks.clock(partition));
      if (tick) {
        clockStore.put(tickKeys[partition], leadClocks.lastTick(partition));
      }
      clock = leadClocks.latest();
    }
    if (!tick && record.value() != null && !record.value().isEmpty()) {
      try {
        batch(record);
      } catch (KafkaException e) {
        throw e;
      } catch (RuntimeException e) {
        // after its parts (each refused alone if it failed): the team's stores or reports
        failed(team, "what its last batch changed", e);
      }
    }
    finalizeDays(leadClocks.safe(now));
  }

  /**
   * A lead task's batch for one team: each part taken in, in order. A part the engine fails on (a fault of its own)
   * is dead-lettered alone and the others go on.
   */
  private void batch(Record<String, List<TeamDelta>> record) {
    String team = record.key();
    if (featuresToStore != null) {
      forecastStore.put(FEATURES_KEY, featuresToStore);
      featuresToStore = null;
    }
    for (TeamDelta part : record.value()) {
      try {
        apply(team, part);
      } catch (KafkaException e) {
        throw e; // the runtime's own failures: Kafka Streams handles or retries them
      } catch (RuntimeException e) {
        refuse(record, part, e);
      }
    }
    if (!dayLogAtCommit) {
      dayLog.flush(); // in-process, where nothing commits: at once
    }
    TeamState state = teams.get(team);
    if (state != null) {
      saveSegments(team, state);
    }
    if (settings.funnel() && funnels.containsKey(team)) {
      // a late fact the daily cursor took at once may end a visit found stalled; what the current cursor took in
      // counts for all teams at once
      saveFunnel(team).forEach(context::forward);
      reportFunnel(List.of(funnels.get(team)), state == null ? clock : state.current().at());
    }
  }

  private void apply(String team, TeamDelta part) {
    TeamDelta td = part;
    if (td.forecast() != null) {
      if (settings.forecastsOn()) {
        forecastPart(team, td);
      }
      td = new TeamDelta(td.time(), td.delta(), td.tag(), td.funnel(), td.flow(), null);
      if (td.isZero()) {
        return;
      }
    }
    SegmentTag tag = null;
    TeamState state = teams.get(team);
    if (state == null) {
      state = ledger.newTeam(team, td.time());
    }
    CursorListener listener = CursorListener.NONE;
    if (settings.segmentsOn() && td.tag() != null) {
      // the book's own instance of the values: the log's parts carry it, and the cursors find its segments at once
      SegmentBook book = book(team);
      tag = book.intern(td.tag());
      book.seen(tag, td.time(), state);
      listener = book;
    }
    FunnelChange facts = settings.funnel() ? td.funnel() : null;
    if (settings.funnel()) {
      listener = CursorListener.both(listener, funnel(team));
    }
    // no part is later than the stream time: the current cursor goes there first, and takes the part in at once
    state = ledger.advanceCurrent(state, clock, listener);
    TeamLedger.Applied applied = ledger.apply(state, new TeamDelta(td.time(), td.delta(), tag, facts,
        settings.bridge() ? td.flow() : null), listener);
    if (applied.lateForDaily()) {
      lateForDaily.record();
    }
    if (applied.state() != teams.get(team)) {
      save(applied.state());
    }
  }

  /**
   * Forecast parts that count from their instant on, which may be after the stream time (a win counts in the cohorts
   * of the instants up to N days later): into the day's log directly, not through the cursors, which never go past the
   * stream time; the daily cursor takes them in when their day becomes final, the current figures read those up to
   * their instant from the days not final yet.
   */
  private void forecastPart(String team, TeamDelta td) {
    long day = UtcDays.dayOf(td.time());
    TeamState state = teams.get(team);
    if (state == null) {
      state = ledger.newTeam(team, clock == Long.MIN_VALUE ? td.time() : Math.min(td.time(), clock));
    }
    if (!state.dailyEmitted() && day < state.firstDay()) {
      state = new TeamState(team, state.current(), Cursor.before(UtcDays.endOfDay(day - 1)), day);
    }
    if (state.dailyEmitted() && day <= UtcDays.dayOf(state.daily().at())) {
      // cannot happen for a part of an event within the grace period: its day is never before the event's
      lateForDaily.record();
      log.warn("Team {}: forecast parts for {}, a day already final, are left out", team, UtcDays.date(day));
    } else {
      dayLog.appendHead(team, day, new TeamDelta(td.time(), Delta.ZERO, null, null, null, td.forecast()));
    }
    if (state != teams.get(team)) {
      save(state);
    }
  }

  /** A part of a batch the engine failed on: dead-lettered with its own bytes, counted and logged. */
  private void refuse(Record<String, List<TeamDelta>> record, TeamDelta part, RuntimeException e) {
    errors.record();
    refused.record();
    log.error("A team delta for {} at {} failed and is dead-lettered", record.key(), Instant.ofEpochMilli(part.time()),
        e);
    var meta = context.recordMetadata();
    RawEvent raw = new RawEvent(null, record.timestamp(), meta.map(m -> m.topic()).orElse("team-deltas"),
        meta.map(m -> m.partition()).orElse(-1), meta.map(m -> m.offset()).orElse(-1L), record.timestamp(),
        record.key() == null ? null : record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
        StateSerdes.teamDelta().serializer().serialize(null, part));
    DeadLetter letter = new DeadLetter(raw, Rejection.PROCESSING_ERROR, "the engine failed on this team delta: " + e);
    context.forward(new Record<>(record.key(), new TeamOutput.Refused(letter), stamp(record.timestamp()),
        DeadLetterHeaders.of(letter, record.headers(), 0)));
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
    // what this partition's teams add to the segments and the bridges of all teams, by day
    Map<Long, Map<AllTeamsSums.Segment, WindowTotals>> allTeams = new TreeMap<>();
    Map<Long, Flow> allFlows = new TreeMap<>();
    Map<Long, ForecastReport> allForecasts = new TreeMap<>();
    for (TeamState s : List.copyOf(teams.values())) {
      SegmentBook book = books.get(s.teamId());
      FunnelBook funnel = settings.funnel() ? funnel(s.teamId()) : null;
      DayFlows flows = settings.bridge() ? new DayFlows() : null;
      // all of a scope's points first, then out: a scope that fails emits nothing twice and stops no other
      List<Record<Object, TeamOutput>> points = new ArrayList<>();
      Map<Long, Map<AllTeamsSums.Segment, WindowTotals>> added = new HashMap<>();
      Map<Long, Flow> addedFlows = new HashMap<>();
      FlowTotals startEnd = flows == null ? null : flowEnd(s.teamId());
      FlowTotals[] end = {startEnd};
      DayForecasts dayForecasts = settings.forecastsOn() ? new DayForecasts() : null;
      ForecastBook forecasts = dayForecasts == null ? null : forecastBook(s.teamId());
      List<Long> forecastDays = new ArrayList<>();
      Map<Long, ForecastReport> addedForecasts = new HashMap<>();
      TeamState next;
      try {
        next = ledger.finalizeThrough(s, lastFinal, point -> {
          long at = point.cursor().at();
          TeamDay day = new TeamDay(point.teamId(), UtcDays.date(point.epochDay()));
          points.add(new Record<>(day, new TeamOutput.Daily(day, VelocityRecords.of(point.teamId(),
              point.cursor(), settings, true)), stamp(at)));
          if (book != null) {
            for (SegmentBook.Segment seg : book.finalOn(point.epochDay())) {
              SegmentKey k = seg.key();
              SegmentDay key = new SegmentDay(k.scopeLabel(), k.dimension().label(), k.segment(),
                  UtcDays.date(point.epochDay()));
              points.add(new Record<>(key, new TeamOutput.SegmentDaily(key, VelocityRecords.segment(k,
                  new Cursor(at, seg.daily()), settings, true)), stamp(at)));
              if (point.epochDay() > finalizedThrough) { // days already final for all teams count no more
                added.computeIfAbsent(point.epochDay(), d -> new HashMap<>()).merge(allTeamsSegment(k), seg.daily(),
                    WindowTotals::plus);
              }
            }
          }
          if (funnel != null) {
            funnelDay(funnel, point.epochDay(), at, points);
          }
          if (flows != null) {
            FlowPart f = flows.take(point.epochDay());
            FlowDay bridge = new FlowDay(point.teamId(), point.epochDay(), end[0], f.team());
            ScopeDay key = FlowRecords.key(bridge);
            points.add(new Record<>(key, new TeamOutput.FlowDaily(key, FlowRecords.of(bridge)), stamp(at)));
            end[0] = bridge.end();
            // a team's first day is reported even without a flow of all leads: theirs has a row from the first day
            // any team has one
            if (point.epochDay() > finalizedThrough && (!f.all().isZero() || point.epochDay() == s.firstDay())) {
              addedFlows.merge(point.epochDay(), f.all(), Flow::plus);
            }
          }
          if (forecasts != null) {
            long d = point.epochDay();
            ForecastParts sums = forecasts.sums().plus(dayForecasts.takeParts(d));
            java.math.BigDecimal won = dayForecasts.takeWon(d);
            for (ForecastBook.Point p : forecasts.finalDay(d, sums, won, point.cursor().totals().figures())) {
              ForecastDay key = ForecastRecords.key(point.teamId(), p);
              points.add(new Record<>(key, new TeamOutput.ForecastDaily(key, ForecastRecords.of(point.teamId(), p)),
                  stamp(at)));
            }
            forecastDays.add(d);
            if (d > finalizedThrough) {
              addedForecasts.put(d, new ForecastReport(sums, won, point.cursor().totals()));
            }
          }
        }, CursorListener.both(CursorListener.both(book == null ? CursorListener.NONE : book,
            funnel == null ? CursorListener.NONE : funnel), CursorListener.both(
                flows == null ? CursorListener.NONE : flows, dayForecasts == null ? CursorListener.NONE : dayForecasts)));
      } catch (KafkaException e) {
        throw e;
      } catch (RuntimeException e) {
        forecastBooks.remove(s.teamId()); // half moved: read again from the store
        failed(s.teamId(), "its daily points", e);
        continue;
      }
      points.forEach(context::forward);
      if (funnel != null) {
        saveFunnel(s.teamId()).forEach(context::forward);
      }
      added.forEach((day, segments) -> {
        Map<AllTeamsSums.Segment, WindowTotals> sum = allTeams.computeIfAbsent(day, d -> new HashMap<>());
        segments.forEach((seg, t) -> sum.merge(seg, t, WindowTotals::plus));
      });
      addedFlows.forEach((day, f) -> allFlows.merge(day, f, Flow::plus));
      addedForecasts.forEach((day, r) -> allForecasts.merge(day, r, ForecastReport::plus));
      if (forecasts != null && !forecastDays.isEmpty()) {
        saveForecasts(s.teamId(), forecasts, forecastDays);
      }
      if (end[0] != startEnd) {
        flowEnds.put(s.teamId(), end[0].text());
      }
      save(next);
      saveSegments(s.teamId(), next);
      failing.remove(s.teamId());
    }
    if (settings.segmentsOn()) {
      allTeams.forEach((day, segments) -> context.forward(allTeamsRecord(AllTeamsRecords.daily(partition, day,
          UtcDays.endOfDay(day), segments), UtcDays.endOfDay(day))));
    }
    if (settings.funnel()) {
      // the current cursors are now at least at the end of lastFinal: all they took in before the days are said final
      reportFunnel(funnels.values(), UtcDays.endOfDay(lastFinal));
    }
    allFlows.forEach((day, f) -> context.forward(allTeamsRecord(AllTeamsRecords.flow(partition, day, f),
        UtcDays.endOfDay(day))));
    allForecasts.forEach((day, r) -> context.forward(allTeamsRecord(AllTeamsRecords.forecast(partition, day, r),
        UtcDays.endOfDay(day))));
    if (settings.segmentsOn() || settings.funnel() || settings.bridge() || settings.forecastsOn()) {
      context.forward(allTeamsRecord(AllTeamsRecords.through(partition, lastFinal), UtcDays.endOfDay(lastFinal)));
    }
    finalizedThrough = lastFinal;
  }

  /**
   * A team's forecasts at its current cursor's instant T, one output per horizon; returns what they add to those of
   * every lead (its parts summed up to T and its velocity totals at T).
   */
  private ForecastReport currentForecasts(String team, TeamState s, Map<String, TeamOutput> out) {
    long at = s.current().at();
    ForecastBook book = forecastBook(team);
    ForecastParts sums = book.sums().plus(headForecastParts(team, UtcDays.dayOf(s.daily().at()), at));
    for (ForecastBook.Current c : book.current(sums, s.current().totals().figures())) {
      out.put("x" + c.horizon() + "/" + team, new TeamOutput.ForecastCurrent(ForecastRecords.currentKey(team,
          c.horizon()), ForecastRecords.current(team, at, c)));
    }
    return new ForecastReport(sums, java.math.BigDecimal.ZERO, s.current().totals());
  }

  /**
   * The forecast parts of a team's days not final yet that count from {@code at} or before: with the sums up to its
   * last final day, the parts summed up to T = at. Read from the head days (after the last final day, up to the day
   * of T): a day or two, whatever the horizons (the parts of later days are not read).
   */
  private ForecastParts headForecastParts(String team, long lastFinalDay, long at) {
    ForecastParts sum = ForecastParts.EMPTY;
    long toDay = UtcDays.dayOf(at);
    if (toDay <= lastFinalDay) {
      return sum;
    }
    for (long day : List.copyOf(dayLog.headDays(team).subSet(lastFinalDay, false, toDay, true))) {
      for (TeamDelta part : dayLog.head(team, day)) {
        if (part.forecast() != null && part.time() <= at) {
          sum = sum.plus(part.forecast());
        }
      }
    }
    return sum;
  }

  /**
   * Refuses a configuration that adds an output this task's state was not built for (see {@link StateFeatures}), and
   * stores what it is built for. State from before the engine stored it is taken as it is.
   */
  private void checkFeatures() {
    StateFeatures now = StateFeatures.of(settings);
    String stored = forecastStore.get(FEATURES_KEY);
    if (stored != null && !teams.isEmpty()) {
      List<String> added = StateFeatures.parse(stored).addedBy(now);
      if (!added.isEmpty()) {
        throw new IllegalStateException("Task " + context.taskId() + " holds the state of " + teams.size()
            + " teams built without " + String.join(" and ", added) + ", whose figures would miss everything before "
            + "now. Stop every instance of the application, run `velocity reset --config FILE` and start it again "
            + "to reprocess the input topics; or run it under a new application.id; or leave the setting as it was ("
            + stored + ").");
      }
    }
    // stored with the task's first batch, never at init: what is written at a commit carries the record context's
    // time, and there is none before a record
    featuresToStore = now.text().equals(stored) ? null : now.text();
  }

  /** A team's forecast book: from the store the first time it is needed after a start. */
  private ForecastBook forecastBook(String team) {
    ForecastBook book = forecastBooks.get(team);
    if (book != null) {
      return book;
    }
    String prefix = ServingStores.prefix(team);
    String sums = forecastStore.get("s" + prefix);
    List<ForecastBook.Day> days = new ArrayList<>();
    try (KeyValueIterator<String, String> it = forecastStore.range("d" + prefix, "d" + prefix + "\uffff")) {
      it.forEachRemaining(kv -> days.add(ForecastBook.Day.parse(kv.value)));
    }
    book = new ForecastBook(settings.horizons(), sums == null ? ForecastParts.EMPTY : ForecastParts.parse(sums),
        days);
    forecastBooks.put(team, book);
    return book;
  }

  /** Stores what a team's forecast book changed: its sums, the days made final, and the days it let go of. */
  private void saveForecasts(String team, ForecastBook book, List<Long> finalDays) {
    String prefix = ServingStores.prefix(team);
    forecastStore.put("s" + prefix, book.sums().text());
    for (long day : finalDays) {
      ForecastBook.Day d = book.day(day);
      if (d != null) {
        forecastStore.put("d" + prefix + dayKey(day), d.text());
      }
    }
    for (long day : book.dropOld()) {
      forecastStore.delete("d" + prefix + dayKey(day));
    }
  }

  /** A day in a store key: fixed width, so a team's days sort by day (days from 1970 on). */
  private static String dayKey(long day) {
    return String.format("%08d", day);
  }

  /** A team's pipeline at the end of the last day bridged: empty before its first. */
  private FlowTotals flowEnd(String team) {
    String stored = flowEnds.get(team);
    return stored == null ? FlowTotals.EMPTY : FlowTotals.parse(stored);
  }

  private static AllTeamsSums.Segment allTeamsSegment(SegmentKey k) {
    return new AllTeamsSums.Segment(k.dimension().label(), k.segment());
  }

  private Record<Object, TeamOutput> allTeamsRecord(ScopePartial p, long eventTime) {
    return new Record<>(TeamDeltaRecords.ALL_TEAMS_KEY, new TeamOutput.AllTeams(p), stamp(eventTime));
  }

  private void publishCurrent(long wallClock) {
    finalizeDays(leadClocks.safe(wallClock)); // a partition may have gone idle since the last record
    long streamTime = clock;
    if (streamTime == Long.MIN_VALUE) {
      return;
    }
    boolean heartbeat = lastHeartbeat == Long.MIN_VALUE
        || wallClock - lastHeartbeat >= settings.heartbeatInterval().toMillis();
    outputLag.record(Math.max(0, wallClock - streamTime));
    Map<AllTeamsSums.Segment, WindowTotals> allTeams = new HashMap<>();
    ForecastReport allForecasts = ForecastReport.EMPTY;
    for (TeamState s : List.copyOf(teams.values())) {
      SegmentBook book = books.get(s.teamId());
      FunnelBook funnel = settings.funnel() ? funnel(s.teamId()) : null;
      Map<AllTeamsSums.Segment, WindowTotals> added = new HashMap<>();
      TeamState next;
      // by "t" + team id, "s" + segment id, "f" + stage + team id: distinct whatever the ids hold
      Map<String, TeamOutput> out = new java.util.LinkedHashMap<>();
      try {
        next = ledger.advanceCurrent(s, streamTime, CursorListener.both(book == null ? CursorListener.NONE : book,
            funnel == null ? CursorListener.NONE : funnel));
        long at = next.current().at();
        out.put("t" + s.teamId(), new TeamOutput.Current(s.teamId(), VelocityRecords.of(s.teamId(), next.current(),
            settings, false)));
        if (book != null) {
          for (SegmentBook.Segment seg : book.all()) {
            if (seg.firstDay() != Long.MAX_VALUE) {
              out.put("s" + seg.id(), new TeamOutput.SegmentCurrent(VelocityRecords.key(seg.key()),
                  VelocityRecords.segment(seg.key(), new Cursor(at, seg.current()), settings, false)));
              added.merge(allTeamsSegment(seg.key()), seg.current(), WindowTotals::plus);
            }
          }
        }
        if (settings.forecastsOn()) {
          ForecastReport report = currentForecasts(s.teamId(), next, out);
          allForecasts = allForecasts.plus(report);
        }
        if (funnel != null) {
          for (StageFigures f : funnel.currentFigures(at, settings.stall())) {
            out.put("f" + f.stage() + s.teamId(), new TeamOutput.FunnelCurrent(FunnelRecords.key(s.teamId(), f.stage()),
                FunnelRecords.of(s.teamId(), f, at, settings, false)));
          }
        }
      } catch (KafkaException e) {
        throw e;
      } catch (RuntimeException e) {
        failed(s.teamId(), "its current figures", e);
        continue;
      }
      if (next != s) {
        save(next);
      }
      saveSegments(s.teamId(), next);
      out.forEach((id, o) -> publish(id, o, heartbeat, streamTime));
      added.forEach((seg, t) -> allTeams.merge(seg, t, WindowTotals::plus));
    }
    if (settings.funnel()) {
      reportFunnel(funnels.values(), streamTime);
    }
    if (settings.segmentsOn() && (heartbeat || !allTeams.equals(lastAllTeams))) {
      context.forward(allTeamsRecord(AllTeamsRecords.current(partition, streamTime, heartbeat, allTeams), streamTime));
      lastAllTeams = allTeams;
    }
    if (settings.forecastsOn() && !teams.isEmpty() && (heartbeat || !allForecasts.equals(lastAllForecasts))) {
      context.forward(allTeamsRecord(AllTeamsRecords.forecastCurrent(partition, streamTime, heartbeat, allForecasts),
          streamTime));
      lastAllForecasts = allForecasts;
    }
    if (heartbeat) {
      lastHeartbeat = wallClock;
    }
  }

  /** Publishes current figures that changed since they were last published (all of them on a heartbeat). */
  private void publish(String id, TeamOutput out, boolean heartbeat, long streamTime) {
    Object key;
    Object value;
    if (out instanceof TeamOutput.Current c) {
      key = c.teamId();
      value = c.velocity();
    } else if (out instanceof TeamOutput.ForecastCurrent f) {
      key = f.key();
      value = f.forecast();
    } else if (out instanceof TeamOutput.FunnelCurrent f) {
      key = f.key();
      value = f.funnel();
    } else {
      TeamOutput.SegmentCurrent c = (TeamOutput.SegmentCurrent) out;
      key = c.key();
      value = c.velocity();
    }
    if (heartbeat || !value.equals(lastPublished.get(id))) {
      context.forward(new Record<>(key, out, stamp(streamTime)));
      lastPublished.put(id, value);
    }
  }

  /**
   * Sends the task of all teams what these teams' current cursors took in since the last report: their funnel facts,
   * summed by instant, open visits known by stage and beginning only (all that the scope of all teams needs). Each
   * part of a team's log is taken in by its current cursor once, so each fact is in one report; and before a day is
   * said final the current cursors are past its end, so the scope has all of that day. Sent as they are taken, never
   * held back, so none is lost with a crash. {@code eventTime}: the instant the current cursors are at.
   */
  private void reportFunnel(java.util.Collection<FunnelBook> books, long eventTime) {
    Map<Long, Map<io.salesvelocity.velocity.domain.funnel.FunnelFact, Integer>> byInstant = null;
    for (FunnelBook book : books) {
      if (book == null) {
        continue;
      }
      for (TeamDelta part : book.drainTap()) {
        if (byInstant == null) {
          byInstant = new TreeMap<>();
        }
        Map<io.salesvelocity.velocity.domain.funnel.FunnelFact, Integer> sum = byInstant.computeIfAbsent(part.time(),
            d -> new HashMap<>());
        part.funnel().forEach((fact, n) -> FunnelChange.addCounted(sum, fact, n));
      }
    }
    if (byInstant == null) {
      return; // the usual case for a record: nothing taken in at once
    }
    Map<Long, FunnelChange> facts = new TreeMap<>();
    byInstant.forEach((at, sum) -> {
      FunnelChange c = FunnelChange.of(sum);
      if (!c.isEmpty()) {
        facts.put(at, c);
      }
    });
    for (ScopePartial report : AllTeamsRecords.funnel(partition, eventTime, facts)) {
      context.forward(allTeamsRecord(report, eventTime));
    }
  }

  /** A team's funnel of the day just made final, and the visits found stalled at its end. */
  private void funnelDay(FunnelBook funnel, long epochDay, long at, List<Record<Object, TeamOutput>> points) {
    String team = funnel.scope();
    for (StageFigures f : funnel.dailyFigures(at, settings.stall())) {
      FunnelDay key = FunnelRecords.day(team, f.stage(), epochDay);
      points.add(new Record<>(key, new TeamOutput.FunnelDaily(key, FunnelRecords.of(team, f, at, settings, true)),
          stamp(at)));
    }
    funnel.stallsAt(epochDay, at, settings.stall());
    // the visits resolved on the way to this day's end, then those found stalled at it
    for (StallEvent e : funnel.drainEvents()) {
      points.add(new Record<>(e.visit().leadId(), new TeamOutput.Stalled(e.visit().leadId(), FunnelRecords.stalled(e)),
          stamp(at)));
    }
  }

  /**
   * Stores the open visits of {@code team}'s funnel that changed; returns the stall records its daily cursor gave
   * since they were last taken (a late fact can resolve a stalled visit between two days).
   */
  private List<Record<Object, TeamOutput>> saveFunnel(String team) {
    FunnelBook funnel = funnels.get(team);
    if (funnel == null) {
      return List.of();
    }
    funnel.flush();
    List<StallEvent> events = funnel.drainEvents();
    if (events.isEmpty()) {
      return List.of();
    }
    List<Record<Object, TeamOutput>> out = new ArrayList<>(events.size());
    for (StallEvent e : events) {
      long at = e instanceof StallEvent.Resolved r ? r.at() : ((StallEvent.Found) e).at();
      out.add(new Record<>(e.visit().leadId(), new TeamOutput.Stalled(e.visit().leadId(), FunnelRecords.stalled(e)),
          stamp(at)));
    }
    return out;
  }

  /**
   * The funnel books as stored: the open visits at each team's daily cursor from their store (a summary per bucket),
   * and the exits in its window from the window rows of its final days (those the daily window holds are kept).
   */
  private void restoreFunnels() {
    openVisits.forEach((key, bucket) -> {
      LeadOpenVisits.Key k = LeadOpenVisits.parse(key);
      ((LeadOpenVisits) funnel(k.scope()).openVisits()).restore(k.stage(), k.day(), bucket);
    });
    for (TeamState s : teams.values()) {
      FunnelBook funnel = funnel(s.teamId());
      long dailyDay = UtcDays.dayOf(s.daily().at());
      for (long day : dayLog.finalDays(s.teamId())) {
        if (day <= dailyDay && day > dailyDay - settings.windowDays()) {
          dayLog.finalRows(s.teamId(), day).forEach(funnel::restoreWindow);
        }
      }
      funnel.currentFromDaily();
    }
  }

  /** What listens to {@code team}'s cursors: its segments and its funnel, as on. */
  private CursorListener listener(String team) {
    SegmentBook book = books.get(team);
    FunnelBook funnel = settings.funnel() ? funnel(team) : null;
    return CursorListener.both(book == null ? CursorListener.NONE : book,
        funnel == null ? CursorListener.NONE : funnel);
  }

  /** The open-visits store as the funnel books see it. */
  private static BucketStore<VisitBucket> bucketStore(KeyValueStore<String, VisitBucket> store) {
    return new BucketStore<>() {
      @Override
      public VisitBucket get(String key) {
        return store.get(key);
      }

      @Override
      public void put(String key, VisitBucket value) {
        store.put(key, value);
      }

      @Override
      public void forEach(BiConsumer<String, VisitBucket> visitor) {
        try (KeyValueIterator<String, VisitBucket> it = store.all()) {
          it.forEachRemaining(kv -> visitor.accept(kv.key, kv.value));
        }
      }
    };
  }

  private FunnelBook funnel(String team) {
    return funnels.computeIfAbsent(team, t -> new FunnelBook(t, new LeadOpenVisits(t, openVisits)).tapCurrent());
  }

  private SegmentBook book(String scope) {
    return books.computeIfAbsent(scope, s -> new SegmentBook(s, settings.segments()));
  }

  /** A team whose figures cannot be computed: counted every time, logged the first time. */
  private void failed(String teamId, String what, RuntimeException e) {
    errors.record();
    if (failing.add(teamId)) {
      log.error("Team {}: {} cannot be computed and are not published until they can; the others go on", teamId,
          what, e);
    }
  }

  /** An output's record timestamp: the event time it describes, never later than the wall clock. */
  private long stamp(long eventTime) {
    return Math.max(0, Math.min(eventTime, context.currentSystemTimeMs()));
  }

  private void save(TeamState s) {
    teams.put(s.teamId(), s);
    cursors.put(s.teamId(), s);
  }

  /** Stores the segments of {@code scope} that changed, at the instants of its state {@code s}. */
  private void saveSegments(String scope, TeamState s) {
    SegmentBook book = books.get(scope);
    if (book != null) {
      for (TeamState segment : book.drainChanged(s)) {
        segmentCursors.put(segment.teamId(), segment);
      }
    }
  }
}
