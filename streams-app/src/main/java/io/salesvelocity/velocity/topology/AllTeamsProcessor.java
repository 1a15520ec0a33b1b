package io.salesvelocity.velocity.topology;

import io.salesvelocity.schemas.SegmentDay;
import io.salesvelocity.schemas.SegmentVelocity;
import io.salesvelocity.schemas.ScopeDay;
import io.salesvelocity.velocity.domain.flow.Flow;
import io.salesvelocity.velocity.domain.flow.FlowDay;
import io.salesvelocity.velocity.domain.flow.FlowTotals;
import io.salesvelocity.velocity.domain.forecast.ForecastBook;
import io.salesvelocity.velocity.domain.forecast.ForecastParts;
import io.salesvelocity.velocity.domain.forecast.ForecastReport;
import io.salesvelocity.schemas.ForecastDay;
import io.salesvelocity.velocity.domain.lead.DeadLetter;
import io.salesvelocity.velocity.domain.lead.RawEvent;
import io.salesvelocity.velocity.domain.lead.Rejection;
import io.salesvelocity.velocity.domain.math.UtcDays;
import io.salesvelocity.velocity.domain.math.WindowTotals;
import io.salesvelocity.velocity.domain.segment.Dimension;
import io.salesvelocity.velocity.domain.segment.SegmentKey;
import io.salesvelocity.velocity.domain.team.AllTeamsSums;
import io.salesvelocity.velocity.domain.team.Cursor;
import io.salesvelocity.velocity.state.CommitBufferedStore;
import io.salesvelocity.velocity.state.ScopePartial;
import io.salesvelocity.velocity.state.StateSerdes;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.metrics.Sensor;
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
 * The segments of the scope of all teams: the sums each team partition reports (topic all-teams-partials, one
 * partition, so one task sees them all), summed by {@link AllTeamsSums}. A day is published once every team
 * partition has made it final; the current figures each time a partition reports its own.
 *
 * <p>The team-deltas topic has as many partitions as the input topics (Kafka Streams' default for a repartition
 * topic, and {@link EngineSettings#leadPartitions()}): that many team partitions report.
 *
 * <p>Its store holds what it has not published yet, by key: {@code d/<day>/<partition>} a day's report,
 * {@code t/<partition>} the last day a partition made final, {@code c/<partition>} its latest current report,
 * {@code final} the last day published, {@code f/<day>/<partition>} a day's flow of every lead as one scope, and
 * {@code flow-end} the last day bridged for it with its pipeline at that day's end, {@code x/<day>/<partition>} what a
 * partition gave a day's forecasts of every lead, {@code xd/<day>} a final day of those forecasts (ForecastBook), and
 * {@code xc/<partition>} a partition's latest current forecast sums. The stage funnel of all teams is {@link AllTeamsFunnel}'s, with stores of its
 * own.
 */
final class AllTeamsProcessor implements Processor<String, ScopePartial, Object, TeamOutput> {
  private static final Logger log = LoggerFactory.getLogger(AllTeamsProcessor.class);
  private static final String FINAL_KEY = "final";
  private static final String FLOW_END_KEY = "flow-end";

  private final EngineSettings settings;
  private final Map<AllTeamsSums.Segment, SegmentVelocity> lastPublished = new HashMap<>();
  private ProcessorContext<Object, TeamOutput> context;
  private KeyValueStore<String, ScopePartial> store;
  private AllTeamsSums sums;
  private AllTeamsFunnel funnel;
  private long lastFunnelHeartbeat = Long.MIN_VALUE;
  /** The flows of every lead as one scope that partitions reported for days not final yet: by day, by partition. */
  private final NavigableMap<Long, Map<Integer, Flow>> flowPending = new TreeMap<>();
  /** The last day bridged for every lead as one scope (Long.MIN_VALUE: none yet), and its pipeline at that day's end. */
  private long flowThrough = Long.MIN_VALUE;
  private FlowTotals flowEnd = FlowTotals.EMPTY;
  /** What partitions gave the forecasts of every lead for days not final yet: by day, by partition. */
  private final NavigableMap<Long, Map<Integer, ForecastReport>> forecastPending = new TreeMap<>();
  /** The forecasts of every lead as one scope (its days kept in the store as {@code xd/<day>}). */
  private ForecastBook forecasts;
  /** Each partition's latest report of its teams' current forecasts (kept in the store as {@code xc/<partition>}). */
  private final Map<Integer, CurrentReport> currentForecasts = new TreeMap<>();
  private final Map<Integer, io.salesvelocity.schemas.CurrentForecast> lastForecasts = new HashMap<>();
  private Sensor errors;
  private Sensor refused;

  AllTeamsProcessor(EngineSettings settings) {
    this.settings = settings;
  }

  @Override
  public void init(ProcessorContext<Object, TeamOutput> context) {
    long began = System.nanoTime();
    this.context = context;
    this.store = context.getStateStore(Names.ALL_TEAMS_STORE);
    this.errors = EngineMetrics.sensor(context, EngineMetrics.TEAM_ERRORS);
    this.refused = EngineMetrics.sensor(context, EngineMetrics.deadLetters(Rejection.PROCESSING_ERROR));
    // init runs again when a task is revived after a failure: start over from the store
    this.sums = new AllTeamsSums(settings.leadPartitions());
    lastPublished.clear();
    // what changes many times a commit is written once per commit (in-process, where nothing commits, at once)
    StateStore commits = context.getStateStore(Names.ALL_TEAMS_COMMIT_HOOK);
    this.funnel = !settings.funnel() ? null : new AllTeamsFunnel(settings,
        context.getStateStore(Names.ALL_TEAMS_DAYS_STORE),
        CommitBufferedStore.of(context.getStateStore(Names.ALL_TEAMS_FUNNEL_CURSOR_STORE), commits),
        CommitBufferedStore.of(context.getStateStore(Names.ALL_TEAMS_OPEN_VISITS_STORE), commits));
    if (funnel != null) {
      lastFunnelHeartbeat = Long.MIN_VALUE;
      context.schedule(settings.emitInterval(), PunctuationType.WALL_CLOCK_TIME, this::publishFunnel);
    }
    Map<String, ScopePartial> stored = new HashMap<>();
    try (KeyValueIterator<String, ScopePartial> it = store.all()) {
      it.forEachRemaining(kv -> stored.put(kv.key, kv.value));
    }
    ScopePartial last = stored.remove(FINAL_KEY);
    if (last != null) {
      sums.restoreFinalThrough(last.getDay());
    }
    flowPending.clear();
    forecastPending.clear();
    currentForecasts.clear();
    lastForecasts.clear();
    List<ForecastBook.Day> forecastDays = new java.util.ArrayList<>();
    ScopePartial end = stored.remove(FLOW_END_KEY);
    flowThrough = end == null ? Long.MIN_VALUE : end.getDay();
    flowEnd = end == null ? FlowTotals.EMPTY : FlowTotals.parse(end.getText());
    stored.forEach((key, p) -> {
      if (p.getPartition() >= settings.leadPartitions()) {
        return; // from before the input had fewer partitions: that partition reports no more
      }
      switch (p.getKind()) {
        case DAILY -> sums.daily(p.getPartition(), p.getDay(), AllTeamsRecords.parts(p));
        case THROUGH -> sums.restoreThrough(p.getPartition(), p.getDay());
        case CURRENT -> sums.current(p.getPartition(), p.getAt(), AllTeamsRecords.parts(p));
        case FLOW -> flowPending.computeIfAbsent(p.getDay(), d -> new HashMap<>()).put(p.getPartition(),
            AllTeamsRecords.flowOf(p));
        case FORECAST -> forecastPending.computeIfAbsent(p.getDay(), d -> new HashMap<>()).put(p.getPartition(),
            ForecastReport.parse(p.getText()));
        case FORECAST_DAY -> forecastDays.add(ForecastBook.Day.parse(p.getText()));
        case FORECAST_CURRENT -> currentForecasts.put(p.getPartition(), CurrentReport.of(p));
        case FUNNEL, FLOW_END -> { } // never stored: taken in at once; the end is read above
      }
    });
    forecastDays.sort(java.util.Comparator.comparingLong(ForecastBook.Day::day));
    this.forecasts = new ForecastBook(settings.horizons(), ForecastParts.EMPTY, forecastDays);
    if (!stored.isEmpty() || last != null) {
      log.info("Task {} (all teams) initialized from its stores in {} ms", context.taskId(),
          (System.nanoTime() - began) / 1_000_000);
    }
  }

  @Override
  public void process(Record<String, ScopePartial> record) {
    try {
      apply(record.value());
    } catch (KafkaException e) {
      throw e;
    } catch (RuntimeException e) {
      // a fault of the engine's own, on its own internal record: dead-lettered, the next one processed as usual
      errors.record();
      refused.record();
      log.error("The report of a team partition to the scope of all teams failed and is dead-lettered", e);
      var meta = context.recordMetadata();
      RawEvent raw = new RawEvent(null, record.timestamp(), meta.map(m -> m.topic()).orElse(Names.ALL_TEAMS_REPARTITION),
          meta.map(m -> m.partition()).orElse(-1), meta.map(m -> m.offset()).orElse(-1L), record.timestamp(),
          record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8),
          record.value() == null ? null : StateSerdes.scopePartial().serializer().serialize(null, record.value()));
      DeadLetter letter = new DeadLetter(raw, Rejection.PROCESSING_ERROR,
          "the engine failed on this report to the scope of all teams: " + e);
      context.forward(new Record<>(record.key(), new TeamOutput.Refused(letter), record.timestamp(),
          DeadLetterHeaders.of(letter, record.headers(), 0)));
    }
  }

  private void apply(ScopePartial p) {
    int partition = p.getPartition();
    if (partition < 0 || partition >= settings.leadPartitions()) {
      throw new IllegalArgumentException("a report from partition " + partition + " of "
          + settings.leadPartitions());
    }
    switch (p.getKind()) {
      case DAILY -> {
        if (sums.daily(partition, p.getDay(), AllTeamsRecords.parts(p))) {
          store.put("d/" + p.getDay() + "/" + partition, p);
        }
      }
      case THROUGH -> {
        store.put("t/" + partition, p);
        if (funnel != null) {
          funnel.clock(UtcDays.endOfDay(p.getDay()));
        }
        long before = sums.finalThrough();
        for (AllTeamsSums.FinalDay day : sums.through(partition, p.getDay())) {
          publishDay(day);
          for (int q = 0; q < settings.leadPartitions(); q++) {
            store.delete("d/" + day.epochDay() + "/" + q);
          }
        }
        if (sums.finalThrough() != before) {
          store.put(FINAL_KEY, AllTeamsRecords.through(-1, sums.finalThrough()));
          publishFlows(sums.finalThrough());
          publishForecasts(sums.finalThrough());
          if (funnel != null) {
            funnel.finalizeThrough(sums.finalThrough()).forEach(r -> context.forward(r.withTimestamp(
                stamp(r.timestamp()))));
          }
        }
      }
      case FUNNEL -> {
        if (funnel != null) {
          funnel.take(AllTeamsRecords.funnelParts(p), p.getAt());
        }
      }
      case FLOW -> {
        // a partition reports a day's flow once (again after a crash: the second replaces the first); one for a day
        // already final counts no more, as a late delta
        if (p.getDay() > sums.finalThrough()) {
          flowPending.computeIfAbsent(p.getDay(), d -> new HashMap<>()).put(partition, AllTeamsRecords.flowOf(p));
          store.put("f/" + p.getDay() + "/" + partition, p);
        }
      }
      case FORECAST -> {
        if (p.getDay() > sums.finalThrough()) {
          forecastPending.computeIfAbsent(p.getDay(), d -> new HashMap<>()).put(partition,
              ForecastReport.parse(p.getText()));
          store.put("x/" + p.getDay() + "/" + partition, p);
        }
      }
      case FORECAST_CURRENT -> {
        store.put("xc/" + partition, p);
        currentForecasts.put(partition, CurrentReport.of(p));
        publishCurrentForecasts(p.getHeartbeat());
      }
      case FLOW_END, FORECAST_DAY -> throw new IllegalArgumentException("a " + p.getKind()
          + " record is kept in the store, never sent");
      case CURRENT -> {
        store.put("c/" + partition, p);
        if (funnel != null) {
          funnel.clock(p.getAt());
        }
        AllTeamsSums.Current c = sums.current(partition, p.getAt(), AllTeamsRecords.parts(p));
        publishCurrent(c, p.getHeartbeat());
      }
    }
  }

  /**
   * The bridge of every lead as one scope for each day now final for all teams, from the first day any partition
   * reported a flow for: the partitions' flows summed, from where the day before ended.
   */
  private void publishFlows(long finalThrough) {
    long from = flowThrough != Long.MIN_VALUE ? flowThrough + 1
        : flowPending.isEmpty() ? Long.MAX_VALUE : flowPending.firstKey();
    if (from > finalThrough) {
      return;
    }
    for (long day = from; day <= finalThrough; day++) {
      Map<Integer, Flow> reports = flowPending.remove(day);
      Flow flow = Flow.ZERO;
      if (reports != null) {
        for (Map.Entry<Integer, Flow> r : reports.entrySet()) {
          flow = flow.plus(r.getValue());
          store.delete("f/" + day + "/" + r.getKey());
        }
      }
      FlowDay bridge = new FlowDay(null, day, flowEnd, flow);
      long at = UtcDays.endOfDay(day);
      ScopeDay key = FlowRecords.key(bridge);
      context.forward(new Record<>(key, new TeamOutput.FlowDaily(key, FlowRecords.of(bridge)), stamp(at)));
      flowEnd = bridge.end();
    }
    flowThrough = finalThrough;
    store.put(FLOW_END_KEY, AllTeamsRecords.flowEnd(flowThrough, flowEnd));
  }

  /**
   * The forecasts of every lead as one scope for each day now final for all teams, from the first day any partition
   * reported for: the partitions' reports summed (each holds its teams' parts summed up to the day, so a partition
   * without a report has no teams yet), and those of the days N before, scored.
   */
  private void publishForecasts(long finalThrough) {
    Long last = forecasts.lastDay();
    long from = last != null ? last + 1 : forecastPending.isEmpty() ? Long.MAX_VALUE : forecastPending.firstKey();
    for (long day = from; day <= finalThrough; day++) {
      Map<Integer, ForecastReport> reports = forecastPending.remove(day);
      ForecastReport sum = ForecastReport.EMPTY;
      if (reports != null) {
        for (Map.Entry<Integer, ForecastReport> r : reports.entrySet()) {
          sum = sum.plus(r.getValue());
          store.delete("x/" + day + "/" + r.getKey());
        }
      }
      long at = UtcDays.endOfDay(day);
      for (ForecastBook.Point p : forecasts.finalDay(day, sum.sums(), sum.won(), sum.totals().figures())) {
        ForecastDay key = ForecastRecords.key(SegmentKey.ALL, p);
        context.forward(new Record<>(key, new TeamOutput.ForecastDaily(key, ForecastRecords.of(SegmentKey.ALL, p)),
            stamp(at)));
      }
      store.put("xd/" + day, AllTeamsRecords.forecastDay(forecasts.day(day)));
      for (long dropped : forecasts.dropOld()) {
        store.delete("xd/" + dropped);
      }
    }
  }

  /** A partition's report of its teams' current forecasts, read once. */
  private record CurrentReport(long at, ForecastReport report) {
    static CurrentReport of(ScopePartial p) {
      return new CurrentReport(p.getAt(), ForecastReport.parse(p.getText()));
    }
  }

  /**
   * The current forecasts of every lead as one scope: every partition's latest report summed, at the latest of their
   * instants (as the segments' current figures), each horizon published when it changed or on a heartbeat.
   */
  private void publishCurrentForecasts(boolean heartbeat) {
    ForecastReport sum = ForecastReport.EMPTY;
    long at = Long.MIN_VALUE;
    for (CurrentReport r : currentForecasts.values()) {
      sum = sum.plus(r.report());
      at = Math.max(at, r.at());
    }
    for (ForecastBook.Current c : forecasts.current(sum.sums(), sum.totals().figures())) {
      io.salesvelocity.schemas.CurrentForecast v = ForecastRecords.current(SegmentKey.ALL, at, c);
      if (heartbeat || !v.equals(lastForecasts.get(c.horizon()))) {
        io.salesvelocity.schemas.ForecastKey k = ForecastRecords.currentKey(SegmentKey.ALL, c.horizon());
        context.forward(new Record<>(k, new TeamOutput.ForecastCurrent(k, v), stamp(at)));
        lastForecasts.put(c.horizon(), v);
      }
    }
  }

  /** The current funnel of all teams, each emit interval: what changed, and everything each heartbeat interval. */
  private void publishFunnel(long wallClock) {
    boolean heartbeat = lastFunnelHeartbeat == Long.MIN_VALUE
        || wallClock - lastFunnelHeartbeat >= settings.heartbeatInterval().toMillis();
    try {
      funnel.publishCurrent(heartbeat).forEach(r -> context.forward(r.withTimestamp(stamp(r.timestamp()))));
    } catch (KafkaException e) {
      throw e;
    } catch (RuntimeException e) {
      errors.record();
      log.error("Publishing the current funnel of all teams failed; trying again at the next emit interval", e);
      return;
    }
    if (heartbeat) {
      lastFunnelHeartbeat = wallClock;
    }
  }

  private void publishDay(AllTeamsSums.FinalDay day) {
    long at = UtcDays.endOfDay(day.epochDay());
    for (Map.Entry<AllTeamsSums.Segment, WindowTotals> e : day.segments().entrySet()) {
      SegmentKey key = key(e.getKey());
      SegmentDay out = new SegmentDay(key.scopeLabel(), key.dimension().label(), key.segment(),
          UtcDays.date(day.epochDay()));
      context.forward(new Record<>(out, new TeamOutput.SegmentDaily(out, VelocityRecords.segment(key,
          new Cursor(at, e.getValue()), settings, true)), stamp(at)));
    }
  }

  private void publishCurrent(AllTeamsSums.Current c, boolean heartbeat) {
    for (Map.Entry<AllTeamsSums.Segment, WindowTotals> e : c.segments().entrySet()) {
      SegmentKey key = key(e.getKey());
      SegmentVelocity v = VelocityRecords.segment(key, new Cursor(c.at(), e.getValue()), settings, false);
      if (heartbeat || !v.equals(lastPublished.get(e.getKey()))) {
        io.salesvelocity.schemas.SegmentKey k = VelocityRecords.key(key);
        context.forward(new Record<>(k, new TeamOutput.SegmentCurrent(k, v), stamp(c.at())));
        lastPublished.put(e.getKey(), v);
      }
    }
  }

  private static SegmentKey key(AllTeamsSums.Segment s) {
    return new SegmentKey(null, Dimension.of(s.dimension()), s.segment());
  }

  /** An output's record timestamp: the event time it describes, never later than the wall clock. */
  private long stamp(long eventTime) {
    return Math.max(0, Math.min(eventTime, context.currentSystemTimeMs()));
  }
}
