package io.salesvelocity.velocity.inline;

import io.salesvelocity.schemas.FunnelDay;
import io.salesvelocity.schemas.SegmentDay;
import io.salesvelocity.schemas.SegmentVelocity;
import io.salesvelocity.schemas.StageFunnel;
import io.salesvelocity.schemas.StalledDeal;
import io.salesvelocity.schemas.TeamDay;
import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.velocity.domain.team.TeamDelta;
import io.salesvelocity.velocity.state.ObjectKeyValueStore;
import io.salesvelocity.velocity.state.ScopePartial;
import io.salesvelocity.velocity.state.StateStorage;
import io.salesvelocity.velocity.topology.CrmEventDecoder;
import io.salesvelocity.velocity.topology.DecodedEvents;
import io.salesvelocity.velocity.topology.EngineMetrics;
import io.salesvelocity.velocity.topology.EngineSettings;
import io.salesvelocity.velocity.topology.LeadOutput;
import io.salesvelocity.velocity.topology.Names;
import io.salesvelocity.velocity.topology.TeamOutput;
import io.salesvelocity.velocity.topology.VelocityTopics;
import io.salesvelocity.velocity.topology.VelocityTopology;
import io.salesvelocity.velocity.topology.Watermark;
import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The topology's processors, built by the same suppliers {@link VelocityTopology} wires, run inline: one input
 * record at a time, synchronously, the lead processor's output routed to the team processor, and the team
 * processor's reports to the processor of all teams, by the same functions the topology uses. No broker, no Kafka
 * Streams runtime, no serialization of state (stores hold live objects, and the lead processor keeps its outbox on the
 * heap only), so a replay runs at the speed of the engine's own logic. A replay has event time only, and its output is
 * the event-time-driven daily points and dead letters: the teams' wall-clock punctuations (the current figures) never
 * fire; the lead processor's (its batches, then a tick) fires every {@value #BATCH_EVERY} input records, so the teams
 * get what the events changed a batch at a time, as live, and the lead processor sends its batches before every tick
 * anyway.
 *
 * <p>{@link #pipelined} runs the teams' processors on a thread of their own, fed in order by the lead processor's
 * thread: the same processing in the same order, on two cores. The sink is then called on that thread.
 *
 * <p>Equivalent to the topology under Kafka's runtime for a single partition; {@code InlineRunnerTest}
 * compares the two on generated traffic, and {@code BacktestAgreementIT} with the live engine on a broker.
 */
public final class InlineRunner implements AutoCloseable {
  /** Receives what the topology would publish to its output topics (the current-velocity topic excepted). */
  public interface Sink {
    void daily(TeamDay key, TeamVelocity value);

    /** A final daily point of a segment (with segments on). */
    void segmentDaily(SegmentDay key, SegmentVelocity value);

    void deadLetter(byte[] key, byte[] value, Headers headers);

    /** A final daily point of one stage's funnel (with the funnel on). */
    default void funnelDaily(FunnelDay key, StageFunnel value) {
    }

    /** A lead found stalled, or how a stalled visit resolved (with the funnel on). */
    default void stalled(String leadId, StalledDeal value) {
    }

    /** A scope's pipeline bridge of a final day (with the bridge on). */
    default void flowDaily(io.salesvelocity.schemas.ScopeDay key, io.salesvelocity.schemas.PipelineFlow value) {
    }

    /** A scope's forecasts of a final day, then again scored (with forecasts on). */
    default void forecastDaily(io.salesvelocity.schemas.ForecastDay key, io.salesvelocity.schemas.SalesForecast value) {
    }
  }

  /** Input records between two of the lead processor's batches. */
  static final int BATCH_EVERY = 1024;
  private final Metrics metrics = new Metrics();
  private int sinceBatch;
  private final Sink sink;
  private final DecodedEvents decoded;
  private final Inline<byte[], byte[], String, LeadOutput> lead;
  private final Inline<String, List<TeamDelta>, Object, TeamOutput> team;
  private final Inline<String, ScopePartial, Object, TeamOutput> allTeams;
  /** The lead processor's outputs on their way to the teams' thread; null when all runs on the caller's thread. */
  private final Handoff<Record<String, LeadOutput>> toTeams;

  /** With the machine's clock as the engine's wall clock. */
  public InlineRunner(EngineSettings settings, VelocityTopics topics, Sink sink) {
    this(settings, topics, sink, System.currentTimeMillis());
  }

  /**
   * {@code now}: the wall-clock time the processors see throughout (a replay is not in real time): events more
   * than {@code settings.maxClockSkew()} after it are refused as in the live engine.
   */
  public InlineRunner(EngineSettings settings, VelocityTopics topics, Sink sink, long now) {
    this(settings, topics, sink, now, false);
  }

  /**
   * As {@link #InlineRunner(EngineSettings, VelocityTopics, Sink, long)}, with the teams' processors (and so the
   * sink's calls) on a thread of their own. Call {@link #flush} before reading what the sink collected.
   */
  public static InlineRunner pipelined(EngineSettings settings, VelocityTopics topics, Sink sink, long now) {
    return new InlineRunner(settings, topics, sink, now, true);
  }

  private InlineRunner(EngineSettings settings, VelocityTopics topics, Sink sink, long now, boolean pipelined) {
    this.sink = sink;
    this.decoded = new DecodedEvents(new CrmEventDecoder(topics));
    this.lead = new Inline<>(VelocityTopology.leadProcessor(decoded, settings, StateStorage.IN_MEMORY),
        Names.LEAD_STORES, new TaskId(0, 0), metrics, now);
    this.team = new Inline<>(VelocityTopology.teamProcessor(settings, StateStorage.IN_MEMORY), Names.TEAM_STORES,
        new TaskId(1, 0), metrics, now);
    this.allTeams = new Inline<>(VelocityTopology.allTeamsProcessor(settings, StateStorage.IN_MEMORY),
        Names.ALL_TEAMS_STORES, new TaskId(2, 0), metrics, now);
    this.toTeams = pipelined ? new Handoff<>("inline-teams", this::route) : null;
  }

  /**
   * Decodes an input record ahead of its {@link #send}, on any thread: decoding is pure, so a replay can decode the
   * next records on another core while this thread processes, as the live engine's timestamp extractor decodes a
   * record before its processor runs. A failure of the decoder propagates (send the record without its result:
   * the processor then decodes it and handles what is wrong).
   */
  public DecodedEvents.Ahead decode(String topic, byte[] key, byte[] value, long timestamp) {
    return decoded.decode(topic, key, value, timestamp);
  }

  /**
   * As {@link #send(String, long, byte[], byte[], long, Headers)}, with the record's {@link #decode} result (null
   * when decoding ahead failed: the processor decodes the record itself).
   */
  public void send(String topic, long offset, byte[] key, byte[] value, long timestamp, Headers headers,
                   DecodedEvents.Ahead ahead) {
    if (ahead != null) {
      decoded.hold(value, ahead);
    }
    send(topic, offset, key, value, timestamp, headers);
  }

  /** One input record, as it would be read from {@code topic} at {@code offset}; returns when all is processed. */
  public void send(String topic, long offset, byte[] key, byte[] value, long timestamp, Headers headers) {
    lead.process(topic, offset, new Record<>(key, value, timestamp, headers));
    if (++sinceBatch >= BATCH_EVERY) {
      lead.punctuate();
      sinceBatch = 0;
    }
    routeLeadOutputs();
  }

  private void routeLeadOutputs() {
    Record<String, LeadOutput> out;
    while ((out = lead.outputs.poll()) != null) {
      if (toTeams == null) {
        route(out);
      } else {
        toTeams.add(out);
      }
    }
  }

  /**
   * Returns once everything sent has been processed and given to the sink (at once unless {@link #pipelined});
   * throws what the teams' thread failed on, the sink's exceptions among them.
   */
  public void flush() {
    lead.punctuate(); // the lead processor's last batches
    sinceBatch = 0;
    routeLeadOutputs();
    if (toTeams != null) {
      toTeams.flush();
    }
  }

  /** One output of the lead processor to the teams, or to the sink as a dead letter. */
  private void route(Record<String, LeadOutput> out) {
    LeadOutput v = out.value();
    if (VelocityTopology.toTeams(v)) {
      team.process(Names.TEAM_DELTAS_REPARTITION, -1, new Record<>(out.key(), VelocityTopology.teamBatch(v),
          out.timestamp(), out.headers()));
      drainTeam();
    } else {
      var kv = VelocityTopology.deadLetter(v);
      sink.deadLetter(kv.key, kv.value, out.headers());
    }
  }

  /** A watermark record (see {@link Watermark}) on {@code topic}: event time moves on to {@code time}. */
  public void watermark(String topic, Instant time) {
    send(topic, -1, null, null, time.toEpochMilli(), Watermark.headers(time));
  }

  private void drainTeam() {
    Record<Object, TeamOutput> out;
    while ((out = team.outputs.poll()) != null) {
      if (out.value() instanceof TeamOutput.Daily d) {
        sink.daily(d.key(), d.velocity());
      } else if (out.value() instanceof TeamOutput.SegmentDaily d) {
        sink.segmentDaily(d.key(), d.velocity());
      } else if (out.value() instanceof TeamOutput.FunnelDaily f) {
        sink.funnelDaily(f.key(), f.funnel());
      } else if (out.value() instanceof TeamOutput.Stalled st) {
        sink.stalled(st.leadId(), st.deal());
      } else if (out.value() instanceof TeamOutput.FlowDaily f) {
        sink.flowDaily(f.key(), f.flow());
      } else if (out.value() instanceof TeamOutput.ForecastDaily f) {
        sink.forecastDaily(f.key(), f.forecast());
      } else if (out.value() instanceof TeamOutput.AllTeams a) {
        allTeams.process(Names.ALL_TEAMS_REPARTITION, -1, new Record<>((String) out.key(), a.partial(),
            out.timestamp(), out.headers()));
        drainAllTeams();
      } else if (out.value() instanceof TeamOutput.Refused r) {
        sink.deadLetter(r.letter().raw().key(), r.letter().raw().value(), out.headers());
      }
    }
  }

  private void drainAllTeams() {
    Record<Object, TeamOutput> out;
    while ((out = allTeams.outputs.poll()) != null) {
      if (out.value() instanceof TeamOutput.SegmentDaily d) {
        sink.segmentDaily(d.key(), d.velocity());
      } else if (out.value() instanceof TeamOutput.FunnelDaily f) {
        sink.funnelDaily(f.key(), f.funnel());
      } else if (out.value() instanceof TeamOutput.FlowDaily f) {
        sink.flowDaily(f.key(), f.flow());
      } else if (out.value() instanceof TeamOutput.ForecastDaily f) {
        sink.forecastDaily(f.key(), f.forecast());
      } else if (out.value() instanceof TeamOutput.Refused r) {
        sink.deadLetter(r.letter().raw().key(), r.letter().raw().value(), out.headers());
      }
    }
  }

  /** The engine's metrics ({@code duplicate-events-total}, {@code dead-letter-<reason>-total}, ...). */
  public Map<MetricName, ? extends Metric> metrics() {
    return metrics.metrics();
  }

  /** Flushes (see {@link #flush}), then closes the processors. */
  @Override
  public void close() {
    try {
      flush();
    } finally {
      if (toTeams != null) {
        toTeams.close();
      }
      closeProcessors();
    }
  }

  private void closeProcessors() {
    lead.processor.close();
    team.processor.close();
    allTeams.processor.close();
    metrics.close();
  }

  /** One processor with its stores and a context that collects what it forwards. */
  private static final class Inline<KIn, VIn, KOut, VOut> implements ProcessorContext<KOut, VOut> {
    final ArrayDeque<Record<KOut, VOut>> outputs = new ArrayDeque<>();
    /** The processor's wall-clock punctuations: fired only when the runner says so ({@link #punctuate}). */
    private final List<Punctuator> punctuators = new java.util.ArrayList<>();
    final Processor<KIn, VIn, KOut, VOut> processor;
    private final Map<String, ObjectKeyValueStore<?, ?>> stores = new HashMap<>();
    private final TaskId taskId;
    private final StreamsMetrics streamsMetrics;
    private RecordMetadata metadata;
    private long streamTime = Long.MIN_VALUE;
    private final long now;

    Inline(ProcessorSupplier<KIn, VIn, KOut, VOut> supplier, List<String> storeNames, TaskId taskId, Metrics metrics,
           long now) {
      this.taskId = taskId;
      this.now = now;
      this.streamsMetrics = new InlineMetrics(metrics);
      for (String name : storeNames) {
        stores.put(name, new ObjectKeyValueStore<>(name));
      }
      this.processor = supplier.get();
      processor.init(this);
    }

    void punctuate() {
      for (Punctuator p : punctuators) {
        p.punctuate(now);
      }
    }

    void process(String topic, long offset, Record<KIn, VIn> record) {
      metadata = new Metadata(topic, 0, offset);
      streamTime = Math.max(streamTime, record.timestamp());
      processor.process(record);
      metadata = null;
    }

    @Override
    public <K extends KOut, V extends VOut> void forward(Record<K, V> record) {
      @SuppressWarnings("unchecked")
      Record<KOut, VOut> r = (Record<KOut, VOut>) record;
      outputs.add(r.headers() == null ? r.withHeaders(new RecordHeaders()) : r);
    }

    @Override
    public <K extends KOut, V extends VOut> void forward(Record<K, V> record, String childName) {
      forward(record);
    }

    @Override
    public String applicationId() {
      return "velocity-inline";
    }

    @Override
    public TaskId taskId() {
      return taskId;
    }

    @Override
    public Optional<RecordMetadata> recordMetadata() {
      return Optional.ofNullable(metadata);
    }

    @Override
    public Serde<?> keySerde() {
      return null;
    }

    @Override
    public Serde<?> valueSerde() {
      return null;
    }

    @Override
    public File stateDir() {
      return null;
    }

    @Override
    public StreamsMetrics metrics() {
      return streamsMetrics;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S extends org.apache.kafka.streams.processor.StateStore> S getStateStore(String name) {
      S store = (S) stores.get(name);
      if (store == null) {
        throw new IllegalStateException("processor asked for store " + name + ", which its supplier does not declare");
      }
      return store;
    }

    @Override
    public Cancellable schedule(Duration interval, PunctuationType type, Punctuator callback) {
      if (type == PunctuationType.STREAM_TIME) {
        throw new UnsupportedOperationException("stream-time punctuation is not supported inline");
      }
      punctuators.add(callback); // fired when the runner says so, never by a clock
      return () -> punctuators.remove(callback);
    }

    @Override
    public Cancellable schedule(Instant startTime, Duration interval, PunctuationType type, Punctuator callback) {
      return schedule(interval, type, callback);
    }

    @Override
    public void commit() {
    }

    @Override
    public Map<String, Object> appConfigs() {
      return Map.of();
    }

    @Override
    public Map<String, Object> appConfigsWithPrefix(String prefix) {
      return Map.of();
    }

    @Override
    public long currentSystemTimeMs() {
      return now;
    }

    @Override
    public long currentStreamTimeMs() {
      return streamTime;
    }
  }

  private record Metadata(String topic, int partition, long offset) implements RecordMetadata { }

  /** Sensors in a plain Kafka metrics registry, named as Kafka Streams names them. */
  private record InlineMetrics(Metrics registry) implements StreamsMetrics {
    @Override
    public Map<MetricName, ? extends Metric> metrics() {
      return registry.metrics();
    }

    @Override
    public Sensor addLatencyRateTotalSensor(String scope, String entity, String operation,
                                            Sensor.RecordingLevel level, String... tags) {
      return addRateTotalSensor(scope, entity, operation, level, tags);
    }

    @Override
    public Sensor addRateTotalSensor(String scope, String entity, String operation, Sensor.RecordingLevel level,
                                     String... tags) {
      String group = "stream-" + scope + "-metrics";
      Map<String, String> tagMap = new HashMap<>();
      tagMap.put(scope + "-id", entity);
      Sensor sensor = registry.sensor(group + "." + entity + "." + operation, level);
      MetricName total = registry.metricName(operation + EngineMetrics.TOTAL, group, tagMap);
      if (registry.metric(total) == null) {
        sensor.add(total, new CumulativeSum());
        sensor.add(registry.metricName(operation + EngineMetrics.RATE, group, tagMap), new Rate());
      }
      return sensor;
    }

    @Override
    public Sensor addSensor(String name, Sensor.RecordingLevel level) {
      return registry.sensor(name, level);
    }

    @Override
    public Sensor addSensor(String name, Sensor.RecordingLevel level, Sensor... parents) {
      return registry.sensor(name, level, parents);
    }

    @Override
    public void removeSensor(Sensor sensor) {
      registry.removeSensor(sensor.name());
    }
  }
}
