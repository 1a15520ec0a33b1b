package io.salesvelocity.velocity.runtime;

import io.salesvelocity.schemas.Stage;
import io.salesvelocity.serde.SchemaRegistryConfig;
import io.salesvelocity.velocity.topology.EngineSettings;
import io.salesvelocity.velocity.topology.StateStorage;
import io.salesvelocity.velocity.topology.VelocityTopics;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The engine's configuration: a properties file, then environment variables on top. Kafka Streams and
 * client settings use Kafka's own names, registry settings Confluent's, the engine's own start with
 * {@code velocity.}. An environment variable {@code SALESVELOCITY_A_B_C} overrides {@code a.b.c}
 * (e.g. {@code SALESVELOCITY_BOOTSTRAP_SERVERS}, {@code SALESVELOCITY_VELOCITY_WINDOW_DAYS}).
 */
public final class EngineConfig {
  public static final String ENV_PREFIX = "SALESVELOCITY_";

  public static final String WINDOW_DAYS = "velocity.window.days";
  public static final String ENTRY_STAGE = "velocity.entry.stage";
  public static final String GRACE = "velocity.grace";
  public static final String EMIT_INTERVAL = "velocity.emit.interval";
  public static final String HEARTBEAT_INTERVAL = "velocity.heartbeat.interval";
  public static final String PARTITION_IDLE_TIMEOUT = "velocity.partition.idle.timeout";
  public static final String STATE_STORE = "velocity.state.store";
  public static final String TOPIC_LEAD_CREATED = "velocity.topic.lead-created";
  public static final String TOPIC_STAGE_CHANGED = "velocity.topic.stage-changed";
  public static final String TOPIC_DEAL_CLOSED = "velocity.topic.deal-closed";
  public static final String TOPIC_VELOCITY = "velocity.topic.velocity";
  public static final String TOPIC_VELOCITY_DAILY = "velocity.topic.velocity-daily";
  public static final String TOPIC_DEAD_LETTERS = "velocity.topic.dead-letters";
  public static final String TOPICS_CREATE = "velocity.topics.create";
  public static final String TOPICS_PARTITIONS = "velocity.topics.partitions";
  public static final String TOPICS_REPLICATION = "velocity.topics.replication.factor";

  private final Map<String, String> values;

  private EngineConfig(Map<String, String> values) {
    this.values = new TreeMap<>(values);
    validate();
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
    props.stringPropertyNames().forEach(k -> values.put(k.trim(), props.getProperty(k).trim()));
    env.forEach((k, v) -> {
      if (k.startsWith(ENV_PREFIX) && k.length() > ENV_PREFIX.length()) {
        values.put(k.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), v.trim());
      }
    });
    return new EngineConfig(values);
  }

  public static EngineConfig of(Map<String, String> values) {
    return new EngineConfig(values);
  }

  private void validate() {
    require(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "the Kafka cluster to use, e.g. 127.0.0.1:9092");
    require(SchemaRegistryConfig.URL, "the Confluent-compatible schema registry, e.g. http://127.0.0.1:8081");
    settings(); // parses and range-checks the engine's own settings
    stateStorage();
    intValue(TOPICS_PARTITIONS, 6, 1);
    intValue(TOPICS_REPLICATION, -1, -1);
    bool(TOPICS_CREATE, true);
  }

  private void require(String key, String what) {
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      throw new ConfigException("missing setting " + key + " (" + what + "); set it in the configuration file or as "
          + ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_'));
    }
  }

  public EngineSettings settings() {
    String stage = values.getOrDefault(ENTRY_STAGE, EngineSettings.DEFAULT_ENTRY_STAGE.name());
    Stage entry;
    try {
      entry = Stage.valueOf(stage.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(ENTRY_STAGE, stage, "expected one of " + Arrays.toString(Stage.values()));
    }
    int window = intValue(WINDOW_DAYS, EngineSettings.DEFAULT_WINDOW_DAYS, 1);
    return new EngineSettings(window, entry, duration(GRACE, EngineSettings.DEFAULT_GRACE),
        positive(EMIT_INTERVAL, duration(EMIT_INTERVAL, EngineSettings.DEFAULT_EMIT_INTERVAL)),
        positive(HEARTBEAT_INTERVAL, duration(HEARTBEAT_INTERVAL, EngineSettings.DEFAULT_HEARTBEAT_INTERVAL)))
        .withPartitionIdleTimeout(positive(PARTITION_IDLE_TIMEOUT, duration(PARTITION_IDLE_TIMEOUT,
            EngineSettings.DEFAULT_PARTITION_IDLE_TIMEOUT)));
  }

  /**
   * Where the stores keep state: {@code in-memory} (default: on the heap, restored from the changelog topics on
   * every start; the state is bounded by the open leads and the window, a few hundred bytes per lead) or
   * {@code rocksdb} (on disk, for state that outgrows the heap, at about 60% of the throughput). Both are
   * changelogged and give the same results.
   */
  public StateStorage stateStorage() {
    String v = values.getOrDefault(STATE_STORE, "in-memory");
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "rocksdb" -> StateStorage.DURABLE;
      case "in-memory" -> StateStorage.DURABLE_IN_MEMORY;
      default -> throw new ConfigException(STATE_STORE, v, "expected rocksdb or in-memory");
    };
  }

  public VelocityTopics.TopicNames topicNames() {
    VelocityTopics.TopicNames d = VelocityTopics.TopicNames.defaults();
    return new VelocityTopics.TopicNames(values.getOrDefault(TOPIC_LEAD_CREATED, d.leadCreated()),
        values.getOrDefault(TOPIC_STAGE_CHANGED, d.stageChanged()),
        values.getOrDefault(TOPIC_DEAL_CLOSED, d.dealClosed()),
        values.getOrDefault(TOPIC_VELOCITY, d.velocity()),
        values.getOrDefault(TOPIC_VELOCITY_DAILY, d.velocityDaily()),
        values.getOrDefault(TOPIC_DEAD_LETTERS, d.deadLetters()));
  }

  public boolean createTopics() {
    return bool(TOPICS_CREATE, true);
  }

  public int partitions() {
    return intValue(TOPICS_PARTITIONS, 6, 1);
  }

  /** -1: the broker's default. */
  public short replicationFactor() {
    return (short) intValue(TOPICS_REPLICATION, -1, -1);
  }

  /** Everything that is not the engine's own: Kafka Streams and client settings, registry settings. */
  public Map<String, Object> clientProperties() {
    Map<String, Object> out = new TreeMap<>();
    values.forEach((k, v) -> {
      if (!k.startsWith("velocity.")) {
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
    // the three input topics are merged per lead in event-time order; when one of them has no data buffered,
    // wait up to 1 s for it rather than race ahead (a fast backfill puts days of event time in each batch)
    p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "1000");
    // each exactly-once commit ends a transaction (markers on every partition written); 200 ms instead of Kafka
    // Streams' 100 ms gave about 8% more events/s in `velocity bench`, for outputs visible 100 ms later
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "200");
    p.put(StreamsConfig.producerPrefix("linger.ms"), "5");
    p.put(StreamsConfig.producerPrefix("batch.size"), "131072");
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, Long.toString(32L * 1024 * 1024));
    clientProperties().forEach(p::put);
    return p;
  }

  public String get(String key) {
    return values.get(key);
  }

  private int intValue(String key, int fallback, int min) {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(v);
      if (parsed < min) {
        throw new ConfigException(key, v, "must be at least " + min);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ConfigException(key, v, "expected a whole number");
    }
  }

  private boolean bool(String key, boolean fallback) {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
      throw new ConfigException(key, v, "expected true or false");
    }
    return Boolean.parseBoolean(v);
  }

  /** ISO-8601 ({@code PT12H}, {@code P1D}) or a number with a unit: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}. */
  private Duration duration(String key, Duration fallback) {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return parseDuration(v);
    } catch (RuntimeException e) {
      throw new ConfigException(key, v, "expected a duration such as 1d, 12h, 30s, 500ms or ISO-8601 PT12H");
    }
  }

  private static Duration positive(String key, Duration d) {
    if (d.isZero() || d.isNegative()) {
      throw new ConfigException(key, d.toString(), "must be positive");
    }
    return d;
  }

  public static Duration parseDuration(String text) {
    return io.salesvelocity.generator.Durations.parse(text);
  }
}
