package io.salesvelocity.backtest.replay;

import io.salesvelocity.schemas.FunnelDay;
import io.salesvelocity.schemas.SegmentDay;
import io.salesvelocity.schemas.SegmentVelocity;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.StageFunnel;
import io.salesvelocity.schemas.StallStatus;
import io.salesvelocity.schemas.StalledDeal;
import io.salesvelocity.schemas.TeamDay;
import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.serde.InMemorySchemaRegistryClient;
import io.salesvelocity.serde.SchemaRegistryConfig;
import io.salesvelocity.velocity.domain.math.UtcDays;
import io.salesvelocity.velocity.domain.math.VelocityFigures;
import io.salesvelocity.velocity.domain.segment.SegmentKey;
import io.salesvelocity.velocity.inline.InlineRunner;
import io.salesvelocity.velocity.topology.DeadLetterHeaders;
import io.salesvelocity.velocity.topology.EngineMetrics;
import io.salesvelocity.velocity.topology.VelocityTopics;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Replays history files through the live engine's processors in this process ({@link InlineRunner}) and
 * collects their final daily points: by default the events sorted by event time (stable, so ties keep file
 * order), then a watermark at the end of the day of the last accepted event plus grace, so that day is final
 * too. The engine's rules apply as live, with the options' "now" as its wall clock: an event the engine refuses
 * (an invalid or future time among them) is reported with its file and line and extends nothing: the rows end on
 * the day of the last event that counted.
 */
public final class Backtest {
  /** Feedback on a long run: {@code phase} is loading, sorting or replaying; total is -1 when unknown. */
  public interface Progress {
    void update(String phase, long done, long total);
  }

  /** Thrown in strict mode at the first entry that does not count. */
  public static final class StrictModeException extends RuntimeException {
    private final BadEntry entry;

    StrictModeException(BadEntry entry) {
      super("strict mode: " + entry);
      this.entry = entry;
    }

    public BadEntry entry() {
      return entry;
    }
  }

  private final BacktestOptions options;
  private final Progress progress;
  private final List<BadEntry> bad = new ArrayList<>();
  private final Map<String, Long> rejected = new TreeMap<>();
  private final Map<String, TreeMap<LocalDate, TeamVelocity>> points = new TreeMap<>();
  /** By scope, dimension, segment (ALL sorts with the teams, by its name). */
  private final Map<List<String>, TreeMap<LocalDate, SegmentVelocity>> segmentPoints = new TreeMap<>(
      Comparator.<List<String>, String>comparing(k -> k.get(0)).thenComparing(k -> k.get(1))
          .thenComparing(k -> k.get(2)));

  /** By scope (ALL sorts with the teams), then day, then stage in funnel order. */
  private final Map<String, TreeMap<LocalDate, FunnelRow[]>> funnelPoints = new TreeMap<>();
  /** By scope (ALL sorts with the teams), then day. */
  private final Map<String, TreeMap<LocalDate, FlowRow>> flowPoints = new TreeMap<>();
  /** By scope (ALL sorts with the teams), then day, then horizon: the latest record (scored once day + N is final). */
  private final Map<String, TreeMap<LocalDate, TreeMap<Integer, ForecastRow>>> forecastPoints = new TreeMap<>();
  /** Each visit found stalled, in the order found, with its resolution once it comes. */
  private final Map<List<Object>, StalledRow> stalls = new java.util.LinkedHashMap<>();

  public Backtest(BacktestOptions options, Progress progress) {
    this.options = options;
    this.progress = progress == null ? (phase, done, total) -> { } : progress;
  }

  public BacktestResult run() {
    long began = System.nanoTime();
    VelocityTopics topics = VelocityTopics.create(VelocityTopics.TopicNames.defaults(),
        new InMemorySchemaRegistryClient(), Map.of(SchemaRegistryConfig.URL, "http://in-process.invalid"));
    long until = options.to() == null ? Long.MAX_VALUE : UtcDays.endOfDay(options.to().toEpochDay());
    HistoryLoader.Loaded loaded = new HistoryLoader(topics).load(options.inputs(), until, this::reject,
        n -> progress.update("loading", n, -1));
    ReplayEvents events = loaded.events();
    long loadedAt = System.nanoTime();
    if (!options.fileOrder()) {
      progress.update("sorting", 0, events.size());
    }
    int[] order = options.fileOrder() ? events.inInputOrder() : events.byTime(); // ties keep input order
    long sortedAt = System.nanoTime();
    long duplicates;
    Sink sink = new Sink(events);
    // the teams' processors on a thread of their own, and the decoding on a third: a replay on all the cores
    try (InlineRunner engine = InlineRunner.pipelined(options.settings(), topics, sink, options.now().toEpochMilli());
         DecodeAhead ahead = new DecodeAhead(events, order, engine, i -> topics.input(events.type(i)).name())) {
      RecordHeaders none = new RecordHeaders();
      for (int n = 0; n < order.length; n++) {
        DecodeAhead.Prepared e = ahead.next();
        // the offset is the event's index: a dead letter's source offset leads back to its file and line
        engine.send(e.topic(), order[n], e.key(), e.value(), e.timestamp(), none, e.decoded());
        if ((n & 0x3FFF) == 0) {
          progress.update("replaying", n, events.size());
        }
      }
      engine.flush(); // the sink knows every refused event
      long lastTime = lastAccepted(events, sink.refused);
      if (lastTime != Long.MIN_VALUE) {
        long nextDay = UtcDays.dayOf(lastTime) + 1;
        engine.watermark(topics.leadCreated().name(), Instant.ofEpochMilli(nextDay * VelocityFigures.MILLIS_PER_DAY)
            .plus(options.settings().grace()));
      }
      engine.flush();
      progress.update("replaying", events.size(), events.size());
      duplicates = EngineMetrics.counters(engine.metrics()).getOrDefault(EngineMetrics.DUPLICATE_EVENTS, 0.0)
          .longValue();
    }
    // events refused only at the end (a lead whose LeadCreated never came) extend nothing either
    long lastAccepted = lastAccepted(events, sink.refused);
    LocalDate lastDay = lastAccepted == Long.MIN_VALUE ? null : UtcDays.date(UtcDays.dayOf(lastAccepted));
    long end = System.nanoTime();
    return new BacktestResult(rows(lastDay), segmentRows(lastDay), funnelRows(lastDay), stalledRows(lastDay),
        flowRows(lastDay), forecastRows(lastDay), loaded.entries(), events.size(), List.copyOf(bad),
        Map.copyOf(rejected),
        duplicates, new BacktestResult.Timings((loadedAt - began) / 1_000_000, (sortedAt - loadedAt) / 1_000_000,
        (end - sortedAt) / 1_000_000));
  }

  /** The latest event time of the events not refused, or {@code Long.MIN_VALUE}. */
  private static long lastAccepted(ReplayEvents events, BitSet refused) {
    long last = Long.MIN_VALUE;
    for (int i = 0; i < events.size(); i++) {
      if (!refused.get(i)) {
        last = Math.max(last, events.time(i));
      }
    }
    return last;
  }

  /** Collects the engine's daily points and turns its dead letters back into file positions. */
  private final class Sink implements InlineRunner.Sink {
    private final ReplayEvents events;
    /** Indices (input order) of the events the engine refused. */
    final BitSet refused = new BitSet();

    Sink(ReplayEvents events) {
      this.events = events;
    }

    @Override
    public void daily(TeamDay key, TeamVelocity value) {
      points.computeIfAbsent(key.getTeamId(), t -> new TreeMap<>()).put(key.getDay(), value);
    }

    @Override
    public void segmentDaily(SegmentDay key, SegmentVelocity value) {
      segmentPoints.computeIfAbsent(List.of(key.getScope(), key.getDimension(), key.getSegment()),
          k -> new TreeMap<>()).put(key.getDay(), value);
    }

    @Override
    public void flowDaily(io.salesvelocity.schemas.ScopeDay key, io.salesvelocity.schemas.PipelineFlow value) {
      flowPoints.computeIfAbsent(key.getScope(), s -> new TreeMap<>()).put(key.getDay(), FlowRow.of(value));
    }

    @Override
    public void forecastDaily(io.salesvelocity.schemas.ForecastDay key, io.salesvelocity.schemas.SalesForecast value) {
      forecastPoints.computeIfAbsent(key.getScope(), s -> new TreeMap<>()).computeIfAbsent(key.getDay(),
          d -> new TreeMap<>()).put(key.getHorizonDays(), ForecastRow.of(value));
    }

    @Override
    public void funnelDaily(FunnelDay key, StageFunnel value) {
      funnelPoints.computeIfAbsent(key.getScope(), s -> new TreeMap<>())
          .computeIfAbsent(key.getDay(), d -> new FunnelRow[Stage.values().length])[key.getStage().ordinal()] =
          FunnelRow.of(key.getDay(), value);
    }

    @Override
    public void stalled(String leadId, StalledDeal value) {
      List<Object> key = StalledRow.key(value);
      if (value.getStatus() == StallStatus.STALLED) {
        stalls.put(key, StalledRow.found(value));
      } else {
        stalls.computeIfPresent(key, (k, row) -> row.resolved(value));
      }
    }

    @Override
    public void deadLetter(byte[] key, byte[] value, Headers headers) {
      String reason = DeadLetterHeaders.read(headers, DeadLetterHeaders.REASON);
      String message = DeadLetterHeaders.read(headers, DeadLetterHeaders.MESSAGE);
      String offset = DeadLetterHeaders.read(headers, DeadLetterHeaders.OFFSET);
      int index = offset == null ? -1 : Integer.parseInt(offset);
      boolean known = index >= 0 && index < events.size();
      if (known) {
        refused.set(index);
      }
      reject(new BadEntry(known ? options.inputs().get(events.file(index)).toString() : "?",
          known ? events.position(index) : -1, reason, message));
    }
  }

  private void reject(BadEntry entry) {
    bad.add(entry);
    rejected.merge(entry.reason(), 1L, Long::sum);
    if (options.strict()) {
      throw new StrictModeException(entry);
    }
  }

  /** The rows asked for, up to {@code lastDay} (the day of the last accepted event). */
  private List<DailyRow> rows(LocalDate lastDay) {
    List<DailyRow> rows = new ArrayList<>();
    for (Map.Entry<String, TreeMap<LocalDate, TeamVelocity>> team : points.entrySet()) {
      if (!options.teams().isEmpty() && !options.teams().contains(team.getKey())) {
        continue;
      }
      for (Map.Entry<LocalDate, TeamVelocity> day : team.getValue().entrySet()) {
        if (wanted(day.getKey(), lastDay)) {
          rows.add(DailyRow.of(team.getKey(), day.getKey(), day.getValue()));
        }
      }
    }
    return rows;
  }

  /** The segment rows asked for: of the teams asked for and of ALL, up to {@code lastDay}. */
  private List<SegmentRow> segmentRows(LocalDate lastDay) {
    List<SegmentRow> rows = new ArrayList<>();
    for (Map.Entry<List<String>, TreeMap<LocalDate, SegmentVelocity>> segment : segmentPoints.entrySet()) {
      String scope = segment.getKey().get(0);
      if (!options.teams().isEmpty() && !options.teams().contains(scope) && !SegmentKey.ALL.equals(scope)) {
        continue;
      }
      for (Map.Entry<LocalDate, SegmentVelocity> day : segment.getValue().entrySet()) {
        if (wanted(day.getKey(), lastDay)) {
          rows.add(SegmentRow.of(day.getKey(), day.getValue()));
        }
      }
    }
    return rows;
  }

  /**
   * The forecast rows asked for: of the teams asked for and of ALL, up to {@code lastDay}; with --to, a score that needs
   * days after it is left out, as the live topic would not have said it by then.
   */
  private List<ForecastRow> forecastRows(LocalDate lastDay) {
    List<ForecastRow> rows = new ArrayList<>();
    for (Map.Entry<String, TreeMap<LocalDate, TreeMap<Integer, ForecastRow>>> scope : forecastPoints.entrySet()) {
      if (!options.teams().isEmpty() && !options.teams().contains(scope.getKey())
          && !SegmentKey.ALL.equals(scope.getKey())) {
        continue;
      }
      for (Map.Entry<LocalDate, TreeMap<Integer, ForecastRow>> day : scope.getValue().entrySet()) {
        if (wanted(day.getKey(), lastDay)) {
          for (ForecastRow r : day.getValue().values()) {
            boolean scoredLater = r.actual() != null && options.to() != null
                && day.getKey().plusDays(r.horizonDays()).isAfter(options.to());
            rows.add(scoredLater ? new ForecastRow(r.scope(), r.date(), r.horizonDays(), r.velocityForecast(),
                r.pipelineForecast(), null, null, null, null, null, null, null) : r);
          }
        }
      }
    }
    return rows;
  }

  /** The bridge rows asked for: of the teams asked for and of ALL, up to {@code lastDay}. */
  private List<FlowRow> flowRows(LocalDate lastDay) {
    List<FlowRow> rows = new ArrayList<>();
    for (Map.Entry<String, TreeMap<LocalDate, FlowRow>> scope : flowPoints.entrySet()) {
      if (!options.teams().isEmpty() && !options.teams().contains(scope.getKey())
          && !SegmentKey.ALL.equals(scope.getKey())) {
        continue;
      }
      for (Map.Entry<LocalDate, FlowRow> day : scope.getValue().entrySet()) {
        if (wanted(day.getKey(), lastDay)) {
          rows.add(day.getValue());
        }
      }
    }
    return rows;
  }

  /** The funnel rows asked for: of the teams asked for and of ALL, up to {@code lastDay}. */
  private List<FunnelRow> funnelRows(LocalDate lastDay) {
    List<FunnelRow> rows = new ArrayList<>();
    for (Map.Entry<String, TreeMap<LocalDate, FunnelRow[]>> scope : funnelPoints.entrySet()) {
      if (!options.teams().isEmpty() && !options.teams().contains(scope.getKey())
          && !SegmentKey.ALL.equals(scope.getKey())) {
        continue;
      }
      for (Map.Entry<LocalDate, FunnelRow[]> day : scope.getValue().entrySet()) {
        if (wanted(day.getKey(), lastDay)) {
          for (FunnelRow r : day.getValue()) {
            if (r != null) {
              rows.add(r);
            }
          }
        }
      }
    }
    return rows;
  }

  /**
   * The visits found stalled on the days asked for, of the teams asked for, by day found then lead; a resolution
   * after {@code lastDay} (or --to) is left out, as the live topic would not have said it by then.
   */
  private List<StalledRow> stalledRows(LocalDate lastDay) {
    List<StalledRow> rows = new ArrayList<>();
    for (StalledRow r : stalls.values()) {
      if ((options.teams().isEmpty() || options.teams().contains(r.team())) && wanted(r.stalledOn(), lastDay)) {
        boolean resolvedLater = r.resolvedAt() != null && options.to() != null
            && UtcDays.date(UtcDays.dayOf(r.resolvedAt().toEpochMilli())).isAfter(options.to());
        rows.add(resolvedLater ? new StalledRow(r.lead(), r.team(), r.owner(), r.stage(), r.visitBegan(),
            r.stalledOn(), null, null) : r);
      }
    }
    rows.sort(Comparator.comparing(StalledRow::stalledOn).thenComparing(StalledRow::lead)
        .thenComparing(StalledRow::team).thenComparing(StalledRow::stage).thenComparing(StalledRow::visitBegan));
    return rows;
  }

  private boolean wanted(LocalDate d, LocalDate lastDay) {
    return (options.from() == null || !d.isBefore(options.from())) && (options.to() == null || !d.isAfter(options.to()))
        && lastDay != null && !d.isAfter(lastDay);
  }


}
