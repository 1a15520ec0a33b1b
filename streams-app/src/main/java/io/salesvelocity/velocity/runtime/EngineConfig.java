package io.salesvelocity.velocity.runtime;

import io.salesvelocity.schemas.Stage;
import io.salesvelocity.serde.SchemaRegistryConfig;
import io.salesvelocity.velocity.domain.funnel.StallRule;
import io.salesvelocity.velocity.domain.funnel.StallThreshold;
import io.salesvelocity.velocity.domain.segment.Dimension;
import io.salesvelocity.velocity.state.StateStorage;
import io.salesvelocity.velocity.topology.EngineSettings;
import io.salesvelocity.velocity.topology.InternalRecordErrors;
import io.salesvelocity.velocity.topology.VelocityTopics;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The engine's configuration: a properties file, then environment variables on top. Kafka Streams and
 * client settings use Kafka's own names, registry settings Confluent's, the engine's own start with
 * {@code velocity.}: each of those is defined here with its type, default and range ({@link #DEFINITION}), and
 * an unknown one is an error that names it. An environment variable {@code SALESVELOCITY_<KEY>} overrides
 * {@code <key>}, spelled as Kafka's container images spell keys: lower case, {@code _} for a dot, {@code __} for
 * an underscore, {@code ___} for a hyphen ({@code SALESVELOCITY_BOOTSTRAP_SERVERS},
 * {@code SALESVELOCITY_VELOCITY_TOPIC_LEAD___CREATED} for {@code velocity.topic.lead-created}).
 */
public final class EngineConfig {
  public static final String ENV_PREFIX = "SALESVELOCITY_";
  private static final String OWN_PREFIX = "velocity.";

  public static final String WINDOW_DAYS = "velocity.window.days";
  public static final String ENTRY_STAGE = "velocity.entry.stage";
  public static final String GRACE = "velocity.grace";
  public static final String EMIT_INTERVAL = "velocity.emit.interval";
  public static final String HEARTBEAT_INTERVAL = "velocity.heartbeat.interval";
  public static final String PARTITION_IDLE_TIMEOUT = "velocity.partition.idle.timeout";
  public static final String MAX_CLOCK_SKEW = "velocity.max.clock.skew";
  public static final String MAX_RECORD_BYTES = "velocity.max.record.bytes";
  public static final String STATE_STORE = "velocity.state.store";
  public static final String TOPIC_LEAD_CREATED = "velocity.topic.lead-created";
  public static final String TOPIC_STAGE_CHANGED = "velocity.topic.stage-changed";
  public static final String TOPIC_DEAL_CLOSED = "velocity.topic.deal-closed";
  public static final String TOPIC_VELOCITY = "velocity.topic.velocity";
  public static final String TOPIC_VELOCITY_DAILY = "velocity.topic.velocity-daily";
  public static final String TOPIC_DEAD_LETTERS = "velocity.topic.dead-letters";
  public static final String TOPIC_SEGMENTS = "velocity.topic.segments";
  public static final String TOPIC_SEGMENTS_DAILY = "velocity.topic.segments-daily";
  public static final String BATCH_INTERVAL = "velocity.batch.interval";
  public static final String SEGMENTS = "velocity.segments";
  public static final String FUNNEL = "velocity.funnel";
  public static final String STALL_THRESHOLD = "velocity.stall.threshold";
  public static final String STALL_MIN_EXITS = "velocity.stall.min.exits";
  public static final String TOPIC_FUNNEL = "velocity.topic.funnel";
  public static final String TOPIC_FUNNEL_DAILY = "velocity.topic.funnel-daily";
  public static final String TOPIC_STALLED_DEALS = "velocity.topic.stalled-deals";
  public static final String BRIDGE = "velocity.bridge";
  public static final String TOPIC_PIPELINE_FLOW_DAILY = "velocity.topic.pipeline-flow-daily";
  public static final String FORECAST_HORIZONS = "velocity.forecast.horizons";
  public static final String TOPIC_FORECAST_DAILY = "velocity.topic.forecast-daily";
  public static final String TOPIC_FORECAST = "velocity.topic.forecast";
  public static final String HTTP_LISTEN = "velocity.http.listen";
  public static final String HTTP_TOKEN = "velocity.http.token";
  public static final String HTTP_STREAM_INTERVAL = "velocity.http.stream.interval";
  public static final String HTTP_HISTORY_DAYS = "velocity.http.history.days";
  /** The query API's address unless {@link #HTTP_LISTEN} says otherwise. */
  public static final String DEFAULT_HTTP_LISTEN = "127.0.0.1:8080";
  public static final String TOPICS_CREATE = "velocity.topics.create";
  public static final String TOPICS_PARTITIONS = "velocity.topics.partitions";
  public static final String TOPICS_REPLICATION = "velocity.topics.replication.factor";

  /** Every setting of the engine's own, typed and range-checked. */
  public static final ConfigDef DEFINITION = new ConfigDef()
      .define(WINDOW_DAYS, Type.INT, EngineSettings.DEFAULT_WINDOW_DAYS, Range.atLeast(1), Importance.HIGH,
          "trailing window W, in days of 86,400 s")
      .define(ENTRY_STAGE, Type.STRING, EngineSettings.DEFAULT_ENTRY_STAGE.name(), new StageValidator(),
          Importance.HIGH, "the stage at or above which a lead is in the pipeline")
      .define(GRACE, Type.STRING, "1d", new DurationValidator(false), Importance.HIGH,
          "how late, in event time, an event may arrive and still count")
      .define(EMIT_INTERVAL, Type.STRING, "500ms", new DurationValidator(true), Importance.MEDIUM,
          "wall-clock interval of sales-velocity updates for changed teams")
      .define(HEARTBEAT_INTERVAL, Type.STRING, "5s", new DurationValidator(true), Importance.MEDIUM,
          "wall-clock interval after which every team is published again")
      .define(BATCH_INTERVAL, Type.STRING, "", new OptionalDuration(new DurationValidator(true)), Importance.LOW,
          "wall-clock interval at which each lead task sends each team, in one record, what its events changed "
              + "(empty: a tenth of commit.interval.ms, so that a commit rarely finds changes not sent yet)")
      .define(PARTITION_IDLE_TIMEOUT, Type.STRING, "30s", new DurationValidator(true), Importance.MEDIUM,
          "wall-clock time after which a lead partition that is behind and quiet no longer holds daily points back")
      .define(MAX_CLOCK_SKEW, Type.STRING, "1d", new DurationValidator(false), Importance.HIGH,
          "how far ahead of the wall clock an event or watermark may be (future-event-time beyond)")
      .define(MAX_RECORD_BYTES, Type.INT, EngineSettings.DEFAULT_MAX_RECORD_BYTES,
          Range.between(1024, EngineSettings.MAX_RECORD_BYTES_LIMIT), Importance.MEDIUM,
          "the largest input record read, key, value and headers (record-too-large beyond)")
      .define(SEGMENTS, Type.STRING, String.join(",", Dimension.labels(Dimension.ALL)), new SegmentsValidator(),
          Importance.HIGH, "dimensions velocity is also computed by, comma-separated: "
              + String.join(", ", Dimension.labels(Dimension.ALL)) + " (empty: segments off)")
      .define(FUNNEL, Type.BOOLEAN, true, Importance.HIGH,
          "compute the stage funnel (sales-funnel, sales-funnel-daily) and stalled deals (stalled-deals)")
      .define(STALL_THRESHOLD, Type.STRING, StallThreshold.DEFAULT_RULE.text(), new StallRuleValidator(false),
          Importance.HIGH, "when a deal is stalled: in its stage longer than a percentile of the scope's durations of "
              + "that stage in the window (p90, p75, ...) or than a fixed duration (21d)")
      .define(STALL_MIN_EXITS, Type.INT, StallThreshold.DEFAULT_MIN_EXITS, Range.atLeast(1), Importance.MEDIUM,
          "exits of a stage in the window before a percentile threshold is defined (until then nothing is stalled)")
      .define(STATE_STORE, Type.STRING, "in-memory", new StateStoreValidator(), Importance.MEDIUM,
          "in-memory (on the heap, restored from the changelogs at start) or rocksdb (on disk)")
      .define(TOPIC_LEAD_CREATED, Type.STRING, VelocityTopics.DEFAULT_LEAD_CREATED, new ConfigDef.NonEmptyString(),
          Importance.HIGH, "input topic of LeadCreated")
      .define(TOPIC_STAGE_CHANGED, Type.STRING, VelocityTopics.DEFAULT_STAGE_CHANGED, new ConfigDef.NonEmptyString(),
          Importance.HIGH, "input topic of StageChanged")
      .define(TOPIC_DEAL_CLOSED, Type.STRING, VelocityTopics.DEFAULT_DEAL_CLOSED, new ConfigDef.NonEmptyString(),
          Importance.HIGH, "input topic of DealClosed")
      .define(TOPIC_VELOCITY, Type.STRING, VelocityTopics.DEFAULT_VELOCITY, new ConfigDef.NonEmptyString(),
          Importance.HIGH, "output topic of current figures")
      .define(TOPIC_VELOCITY_DAILY, Type.STRING, VelocityTopics.DEFAULT_VELOCITY_DAILY, new ConfigDef.NonEmptyString(),
          Importance.HIGH, "output topic of final daily points")
      .define(TOPIC_DEAD_LETTERS, Type.STRING, VelocityTopics.DEFAULT_DEAD_LETTERS, new ConfigDef.NonEmptyString(),
          Importance.HIGH, "dead-letter topic")
      .define(TOPIC_SEGMENTS, Type.STRING, VelocityTopics.DEFAULT_SEGMENTS, new ConfigDef.NonEmptyString(),
          Importance.HIGH, "output topic of current figures by segment")
      .define(TOPIC_SEGMENTS_DAILY, Type.STRING, VelocityTopics.DEFAULT_SEGMENTS_DAILY, new ConfigDef.NonEmptyString(),
          Importance.HIGH, "output topic of final daily points by segment")
      .define(TOPIC_FUNNEL, Type.STRING, VelocityTopics.DEFAULT_FUNNEL, new ConfigDef.NonEmptyString(),
          Importance.HIGH, "output topic of the current stage funnel")
      .define(TOPIC_FUNNEL_DAILY, Type.STRING, VelocityTopics.DEFAULT_FUNNEL_DAILY, new ConfigDef.NonEmptyString(),
          Importance.HIGH, "output topic of final daily points of the stage funnel")
      .define(TOPIC_STALLED_DEALS, Type.STRING, VelocityTopics.DEFAULT_STALLED_DEALS, new ConfigDef.NonEmptyString(),
          Importance.HIGH, "output topic of deals found stalled and of how they resolved")
      .define(BRIDGE, Type.BOOLEAN, true, Importance.HIGH,
          "compute the daily pipeline bridge of every team and of ALL (pipeline-flow-daily)")
      .define(TOPIC_PIPELINE_FLOW_DAILY, Type.STRING, VelocityTopics.DEFAULT_PIPELINE_FLOW_DAILY,
          new ConfigDef.NonEmptyString(), Importance.HIGH, "output topic of the daily pipeline bridges")
      .define(FORECAST_HORIZONS, Type.LIST, "30,90", new HorizonsValidator(), Importance.HIGH,
          "horizons N in days of the forecasts of won revenue in (T, T+N], comma-separated (sales-forecast-daily; "
              + "each 1 to " + EngineSettings.MAX_FORECAST_HORIZON + "; empty: forecasts off)")
      .define(TOPIC_FORECAST_DAILY, Type.STRING, VelocityTopics.DEFAULT_FORECAST_DAILY,
          new ConfigDef.NonEmptyString(), Importance.HIGH, "output topic of the daily forecasts and their scores")
      .define(TOPIC_FORECAST, Type.STRING, VelocityTopics.DEFAULT_FORECAST, new ConfigDef.NonEmptyString(),
          Importance.HIGH, "output topic of the current forecasts, at the latest event time (compacted)")
      .define(HTTP_LISTEN, Type.STRING, DEFAULT_HTTP_LISTEN, new ListenValidator(), Importance.HIGH,
          "host:port of the query API, health checks and metrics (port 0: any free port; off: no HTTP server)")
      .define(HTTP_TOKEN, Type.PASSWORD, null, Importance.HIGH,
          "bearer token the query API and the dashboard require (none: open; health and metrics stay open)")
      .define(HTTP_STREAM_INTERVAL, Type.STRING, "1s", new DurationValidator(false), Importance.LOW,
          "GET /api/stream sends each client at most one update per key (a team, a segment, a stage, a stalled deal) "
              + "in this interval, the latest; 0: every update as it comes")
      .define(HTTP_HISTORY_DAYS, Type.INT, EngineSettings.DEFAULT_HISTORY_DAYS, Range.atLeast(1), Importance.MEDIUM,
          "final daily points per team kept for GET /api/teams/{team}/daily")
      .define(TOPICS_CREATE, Type.BOOLEAN, true, Importance.MEDIUM, "create missing input and output topics at start")
      .define(TOPICS_PARTITIONS, Type.INT, 6, Range.atLeast(1), Importance.MEDIUM, "partitions of created topics")
      .define(TOPICS_REPLICATION, Type.INT, -1, Range.between(-1, Short.MAX_VALUE), Importance.MEDIUM,
          "replication factor of created topics (-1: the broker's default)");

  static {
    for (Stage stage : Stage.values()) {
      DEFINITION.define(stallThresholdOf(stage), Type.STRING, null, new StallRuleValidator(true), Importance.LOW,
          "the stall threshold of " + stage + " alone (empty: " + STALL_THRESHOLD + ")");
    }
  }

  private final Map<String, String> values;
  private final Map<String, Object> own;

  /** The key of one stage's own stall threshold: {@code velocity.stall.threshold.SQL}. */
  public static String stallThresholdOf(Stage stage) {
    return STALL_THRESHOLD + "." + stage.name();
  }

  private EngineConfig(Map<String, String> values, Map<String, String> origins) {
    this.values = new TreeMap<>(values);
    require(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "the Kafka cluster to use, e.g. 127.0.0.1:9092");
    require(SchemaRegistryConfig.URL, "the Confluent-compatible schema registry, e.g. http://127.0.0.1:8081");
    Map<String, String> ownValues = new TreeMap<>();
    this.values.forEach((k, v) -> {
      if (k.startsWith(OWN_PREFIX)) {
        if (!DEFINITION.names().contains(k)) {
          throw unknown(k, origins.get(k));
        }
        ownValues.put(k, v);
      }
    });
    this.own = DEFINITION.parse(ownValues);
    settings(); // the engine's settings also check their combinations
    SchemaRegistryConfig.from(clientProperties()); // the registry settings, checked now rather than at start
  }

  /** Reads {@code file} (may be null), then applies the environment. */
  public static EngineConfig load(Path file, Map<String, String> env) {
    Properties props = new Properties();
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new ConfigException("configuration file not found: " + file.toAbsolutePath());
      }
      try (Reader reader = Files.newBufferedReader(file)) {
        props.load(reader);
      } catch (IOException e) {
        throw new ConfigException("could not read configuration file " + file + ": " + e.getMessage());
      }
    }
    Map<String, String> values = new TreeMap<>();
    Map<String, String> origins = new TreeMap<>();
    props.stringPropertyNames().forEach(k -> {
      values.put(k.trim(), props.getProperty(k).trim());
      origins.put(k.trim(), "in " + file);
    });
    env.forEach((k, v) -> {
      if (k.startsWith(ENV_PREFIX) && k.length() > ENV_PREFIX.length()) {
        String key = keyOf(k.substring(ENV_PREFIX.length()));
        values.put(key, v.trim());
        origins.put(key, "from the environment variable " + k);
      }
    });
    return new EngineConfig(values, origins);
  }

  public static EngineConfig of(Map<String, String> values) {
    return new EngineConfig(values, Map.of());
  }

  /** The key an environment variable (without the prefix) sets: {@code ___} is '-', {@code __} '_', {@code _} '.'. */
  static String keyOf(String envName) {
    String key = envName.toLowerCase(Locale.ROOT).replace("___", "\u0000").replace("__", "\u0001").replace('_', '.')
        .replace('\u0000', '-').replace('\u0001', '_');
    // a setting spelled with capitals (velocity.stall.threshold.SQL) is reached all the same
    for (String name : DEFINITION.names()) {
      if (name.equalsIgnoreCase(key)) {
        return name;
      }
    }
    return key;
  }

  /** The environment variable that sets {@code key}. */
  public static String envOf(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace("_", "__").replace("-", "___").replace('.', '_');
  }

  private ConfigException unknown(String key, String origin) {
    String closest = DEFINITION.names().stream()
        .min(Comparator.comparingInt((String n) -> distance(n, key)).thenComparing(n -> n)).orElseThrow();
    String hint = distance(closest, key) <= Math.max(3, key.length() / 4)
        ? "; did you mean " + closest + " (" + envOf(closest) + ")?" : "";
    return new ConfigException("unknown setting " + key + (origin == null ? "" : " (" + origin + ")") + hint
        + " The engine's settings are: " + String.join(", ", new java.util.TreeSet<>(DEFINITION.names())));
  }

  private void require(String key, String what) {
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      throw new ConfigException("missing setting " + key + " (" + what + "); set it in the configuration file or as "
          + envOf(key));
    }
  }

  public EngineSettings settings() {
    try {
      return new EngineSettings((Integer) own.get(WINDOW_DAYS), stage((String) own.get(ENTRY_STAGE)),
          duration(GRACE), duration(EMIT_INTERVAL), duration(HEARTBEAT_INTERVAL))
          .withPartitionIdleTimeout(duration(PARTITION_IDLE_TIMEOUT))
          .withMaxClockSkew(duration(MAX_CLOCK_SKEW))
          .withMaxRecordBytes((Integer) own.get(MAX_RECORD_BYTES))
          .withSegments(Dimension.parseList((String) own.get(SEGMENTS)))
          .withFunnel((Boolean) own.get(FUNNEL))
          .withStall(stallThreshold())
          .withHistoryDays((Integer) own.get(HTTP_HISTORY_DAYS))
          .withBatchInterval(batchInterval())
          .withBridge((Boolean) own.get(BRIDGE))
          .withForecastHorizons(horizons());
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new ConfigException("invalid engine settings: " + e.getMessage());
    }
  }

  /**
   * The lead tasks' batch interval: as set, or a tenth of the commit interval. What a commit finds not sent yet is
   * written to the outbox's changelog (and deleted after), so batches more often than commits keep that rare; each
   * transaction then carries a few batches a team.
   */
  private Duration batchInterval() {
    String set = ((String) own.get(BATCH_INTERVAL)).trim();
    if (!set.isEmpty()) {
      return duration(BATCH_INTERVAL);
    }
    String commit = streamsProperties().getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
    return Duration.ofMillis(Math.max(1, Long.parseLong(commit.trim()) / 10));
  }

  private StallThreshold stallThreshold() {
    Map<Stage, StallRule> byStage = new java.util.EnumMap<>(Stage.class);
    for (Stage stage : Stage.values()) {
      String text = (String) own.get(stallThresholdOf(stage));
      if (text != null && !text.isBlank()) {
        byStage.put(stage, StallRule.parse(text));
      }
    }
    return new StallThreshold(StallRule.parse((String) own.get(STALL_THRESHOLD)), byStage,
        (Integer) own.get(STALL_MIN_EXITS));
  }

  /**
   * Where the stores keep state: {@code in-memory} (default: on the heap, restored from the changelog topics on
   * every start; the state is bounded by the open leads and the window, a few hundred bytes per lead) or
   * {@code rocksdb} (on disk, for state that outgrows the heap, at about 60% of the throughput). Both are
   * changelogged and give the same results.
   */
  public StateStorage stateStorage() {
    return "rocksdb".equalsIgnoreCase((String) own.get(STATE_STORE)) ? StateStorage.DURABLE
        : StateStorage.DURABLE_IN_MEMORY;
  }

  /** The forecasts' horizons, as configured. */
  @SuppressWarnings("unchecked")
  private List<Integer> horizons() {
    List<Integer> out = new java.util.ArrayList<>();
    for (String h : (List<String>) own.get(FORECAST_HORIZONS)) {
      if (!h.isBlank()) {
        out.add(Integer.parseInt(h.trim()));
      }
    }
    return out;
  }

  /** Each horizon a whole number of days, 1 to the longest. */
  private static final class HorizonsValidator implements ConfigDef.Validator {
    @Override
    @SuppressWarnings("unchecked")
    public void ensureValid(String name, Object value) {
      for (String h : (List<String>) value) {
        if (h.isBlank()) {
          continue;
        }
        int n;
        try {
          n = Integer.parseInt(h.trim());
        } catch (NumberFormatException e) {
          throw new org.apache.kafka.common.config.ConfigException(name, h, "not a number of days");
        }
        if (n < 1 || n > EngineSettings.MAX_FORECAST_HORIZON) {
          throw new org.apache.kafka.common.config.ConfigException(name, h, "a horizon is 1 to "
              + EngineSettings.MAX_FORECAST_HORIZON + " days");
        }
      }
    }

    @Override
    public String toString() {
      return "days, comma-separated (30,90)";
    }
  }

  public VelocityTopics.TopicNames topicNames() {
    return new VelocityTopics.TopicNames((String) own.get(TOPIC_LEAD_CREATED), (String) own.get(TOPIC_STAGE_CHANGED),
        (String) own.get(TOPIC_DEAL_CLOSED), (String) own.get(TOPIC_VELOCITY), (String) own.get(TOPIC_VELOCITY_DAILY),
        (String) own.get(TOPIC_DEAD_LETTERS), (String) own.get(TOPIC_SEGMENTS),
        (String) own.get(TOPIC_SEGMENTS_DAILY), (String) own.get(TOPIC_FUNNEL), (String) own.get(TOPIC_FUNNEL_DAILY),
        (String) own.get(TOPIC_STALLED_DEALS), (String) own.get(TOPIC_PIPELINE_FLOW_DAILY),
        (String) own.get(TOPIC_FORECAST_DAILY), (String) own.get(TOPIC_FORECAST));
  }

  /** Kafka Streams' application.id: the consumer group and the prefix of the internal topics. */
  public String applicationId() {
    return streamsProperties().getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
  }

  /** The query API's {@code host:port}, or empty when it is off. */
  public java.util.Optional<String> httpListen() {
    String listen = ((String) own.get(HTTP_LISTEN)).trim();
    return listen.equalsIgnoreCase("off") ? java.util.Optional.empty() : java.util.Optional.of(listen);
  }

  /** How often /api/stream sends a client the latest update of each key it has pending (zero: at once). */
  public Duration httpStreamInterval() {
    return parseDuration((String) own.get(HTTP_STREAM_INTERVAL));
  }

  /** The bearer token of the query API, if one is set. */
  public java.util.Optional<String> httpToken() {
    org.apache.kafka.common.config.types.Password token =
        (org.apache.kafka.common.config.types.Password) own.get(HTTP_TOKEN);
    return token == null || token.value().isBlank() ? java.util.Optional.empty() : java.util.Optional.of(token.value());
  }

  public boolean createTopics() {
    return (Boolean) own.get(TOPICS_CREATE);
  }

  public int partitions() {
    return (Integer) own.get(TOPICS_PARTITIONS);
  }

  /** -1: the broker's default. */
  public short replicationFactor() {
    return ((Integer) own.get(TOPICS_REPLICATION)).shortValue();
  }

  /** The engine's own settings as configured, for the start-up log line (the token shows as [hidden]). */
  public Map<String, String> ownSettings() {
    Map<String, String> out = new TreeMap<>();
    own.forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }

  /** Everything that is not the engine's own: Kafka Streams and client settings, registry settings. */
  public Map<String, Object> clientProperties() {
    Map<String, Object> out = new TreeMap<>();
    values.forEach((k, v) -> {
      if (!k.startsWith(OWN_PREFIX)) {
        out.put(k, v);
      }
    });
    return out;
  }

  /** What an admin client needs of the settings: the bootstrap servers and the security settings. */
  public Properties adminProperties() {
    Properties admin = new Properties();
    clientProperties().forEach((k, v) -> {
      if (k.startsWith("bootstrap.") || k.startsWith("security.") || k.startsWith("ssl.") || k.startsWith("sasl.")) {
        admin.put(k, v);
      }
    });
    return admin;
  }

  /** Kafka Streams properties, with the engine's defaults under the user's settings. */
  public Properties streamsProperties() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "salesvelocity");
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, Path.of(System.getProperty("java.io.tmpdir"), "salesvelocity-state")
        .toString());
    p.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.NO_OPTIMIZATION);
    // Kafka Streams' own default: a lead task whose input partition has no data buffered waits for what the broker
    // is known to hold for it (so a backlog is merged in event-time order), not for what a producer may send next.
    // Waiting 1 s for that too (the default until issue 25) stopped the lead tasks for a second each time the
    // sparse deal-closed topic ran dry, while the other topics' buffers filled and were paused: p99 2.4-6.9 s
    // from a CRM's send to sales-velocity at 10,000 events/s, 1.2 s with 0 (`bench latency`, BENCHMARKS.md
    // 2026-12-07). Any arrival order within the grace period gives the same figures; a compressed-time backfill
    // into a running engine can set it higher (docs/production.md, Backfills).
    p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "0");
    // each exactly-once commit ends a transaction (markers on every partition written); 200 ms instead of Kafka
    // Streams' 100 ms gave about 8% more events/s in `velocity bench`, for outputs visible 100 ms later
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "200");
    p.put(StreamsConfig.producerPrefix("linger.ms"), "5");
    p.put(StreamsConfig.producerPrefix("batch.size"), "131072");
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, Long.toString(32L * 1024 * 1024));
    // an output that cannot be serialized is logged and dropped rather than stopping the engine
    p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, OutputErrorHandler.class.getName());
    // a record of the internal team-deltas topic that cannot be read is dead-lettered (the CRM topics are bytes)
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, InternalRecordErrors.class.getName());
    p.put(InternalRecordErrors.DEAD_LETTER_TOPIC, topicNames().deadLetters());
    clientProperties().forEach(p::put);
    return p;
  }

  public String get(String key) {
    return values.get(key);
  }

  private Duration duration(String key) {
    return parseDuration((String) own.get(key));
  }

  private static Stage stage(String name) {
    return Stage.valueOf(name.trim().toUpperCase(Locale.ROOT));
  }

  /** ISO-8601 ({@code PT12H}, {@code P1D}) or a number with a unit: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}. */
  public static Duration parseDuration(String text) {
    return io.salesvelocity.formats.Durations.parse(text);
  }

  /** Levenshtein distance, for "did you mean". */
  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /** {@code host:port} with a port from 0 to 65535, or {@code off}. */
  private static final class ListenValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      String v = value == null ? "" : ((String) value).trim();
      if (v.equalsIgnoreCase("off")) {
        return;
      }
      int colon = v.lastIndexOf(':');
      try {
        int port = Integer.parseInt(v.substring(colon + 1));
        if (colon <= 0 || port < 0 || port > 65535) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException | IndexOutOfBoundsException e) {
        throw new ConfigException(name, value, "expected host:port (e.g. 127.0.0.1:8080, 0.0.0.0:8080) or off");
      }
    }

    @Override
    public String toString() {
      return "host:port, or off";
    }
  }

  /** Empty, or what {@code inner} accepts. */
  private record OptionalDuration(ConfigDef.Validator inner) implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (value != null && !((String) value).isBlank()) {
        inner.ensureValid(name, value);
      }
    }

    @Override
    public String toString() {
      return "empty, or " + inner;
    }
  }

  private static final class DurationValidator implements ConfigDef.Validator {
    private final boolean positive;

    DurationValidator(boolean positive) {
      this.positive = positive;
    }

    @Override
    public void ensureValid(String name, Object value) {
      Duration d;
      try {
        d = parseDuration((String) value);
        d.toMillis(); // representable in milliseconds
      } catch (RuntimeException e) {
        throw new ConfigException(name, value, "expected a duration such as 1d, 12h, 30s, 500ms or ISO-8601 PT12H");
      }
      if (d.isNegative() || positive && d.isZero()) {
        throw new ConfigException(name, value, positive ? "must be positive" : "must not be negative");
      }
    }

    @Override
    public String toString() {
      return positive ? "a positive duration (1d, 12h, 30s, 500ms, PT12H)" : "a duration (1d, 12h, 30s, 0s, PT12H)";
    }
  }

  private static final class StageValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      try {
        stage((String) value);
      } catch (RuntimeException e) {
        throw new ConfigException(name, value, "expected one of " + Arrays.toString(Stage.values()));
      }
    }

    @Override
    public String toString() {
      return Arrays.toString(Stage.values());
    }
  }

  private static final class StallRuleValidator implements ConfigDef.Validator {
    private final boolean optional;

    StallRuleValidator(boolean optional) {
      this.optional = optional;
    }

    @Override
    public void ensureValid(String name, Object value) {
      if (optional && (value == null || ((String) value).isBlank())) {
        return;
      }
      try {
        StallRule.parse((String) value);
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new ConfigException(name, value, e.getMessage());
      }
    }

    @Override
    public String toString() {
      return "a percentile (p90) or a duration (21d)" + (optional ? ", or empty" : "");
    }
  }

  private static final class SegmentsValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      try {
        Dimension.parseList((String) value);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(name, value, e.getMessage());
      }
    }

    @Override
    public String toString() {
      return "comma-separated, of " + Dimension.labels(Dimension.ALL);
    }
  }

  private static final class StateStoreValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      String v = ((String) value).trim();
      if (!v.equalsIgnoreCase("in-memory") && !v.equalsIgnoreCase("rocksdb")) {
        throw new ConfigException(name, value, "expected rocksdb or in-memory");
      }
    }

    @Override
    public String toString() {
      return "[in-memory, rocksdb]";
    }
  }
}
