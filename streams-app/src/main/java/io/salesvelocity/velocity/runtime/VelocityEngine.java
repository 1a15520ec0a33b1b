package io.salesvelocity.velocity.runtime;

import io.salesvelocity.schemas.TeamDay;
import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.serde.RestSchemaRegistryClient;
import io.salesvelocity.serde.SchemaRegistryClient;
import io.salesvelocity.serde.SchemaRegistryConfig;
import io.salesvelocity.velocity.topology.EngineMetrics;
import io.salesvelocity.velocity.topology.EngineSettings;
import io.salesvelocity.velocity.topology.VelocityTopics;
import io.salesvelocity.velocity.topology.VelocityTopology;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running engine: one KafkaStreams instance over the velocity topology, with topic checks at start,
 * logs of what it does (state restored, events processed and rejected), and an orderly close. When Kafka Streams
 * stops by itself (a stream thread died of a failure that is not about one record, or the instance went to ERROR),
 * {@link #failure()} completes with the reason, so the process can exit with an error instead of idling.
 */
public final class VelocityEngine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VelocityEngine.class);

  private final EngineConfig config;
  private final SchemaRegistryClient registry;
  private final VelocityTopics topics;
  private volatile KafkaStreams streams;
  private final CountDownLatch running = new CountDownLatch(1);
  private final ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "velocity-report");
    t.setDaemon(true);
    return t;
  });
  private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;
  private double lastProcessed;
  private final RestoreLogger restores = new RestoreLogger();
  private final CompletableFuture<String> failure = new CompletableFuture<>();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final StreamThreadFailures threadFailures = new StreamThreadFailures();
  private volatile Throwable fatal;
  /** This instance's query API as other instances reach it (Kafka Streams' application.server), if it serves one. */
  private volatile String advertised;
  /** The application.server the engine started with (the configuration's, else {@link #advertised}). */
  private volatile String applicationServer;
  private volatile int leadPartitions;

  public VelocityEngine(EngineConfig config) {
    this.config = config;
    Map<String, Object> clientProps = config.clientProperties();
    this.registry = new RestSchemaRegistryClient(SchemaRegistryConfig.from(clientProps));
    this.topics = VelocityTopics.create(config.topicNames(), registry, clientProps);
  }

  /**
   * Tells the other instances of the application where this one answers queries: Kafka Streams'
   * {@code application.server}, unless the configuration sets it. Before {@link #start()}.
   */
  public VelocityEngine advertise(String hostPort) {
    if (streams != null) {
      throw new IllegalStateException("the engine is started: advertise its address before");
    }
    this.advertised = hostPort;
    return this;
  }

  /** Checks (and creates) the topics, then starts the topology, built for the input topics' partition count. */
  public VelocityEngine start() {
    int partitions;
    try (Admin client = Admin.create(config.adminProperties())) {
      if (config.createTopics()) {
        TopicProvisioner.ensureTopics(client, config.topicNames(), config.partitions(), config.replicationFactor());
      }
      partitions = TopicProvisioner.checkInputs(client, config.topicNames());
      log.info("Input topics are co-partitioned with {} partitions each", partitions);
      StateVersionCheck.check(client, config.applicationId());
    }
    registerOutputSchemas();
    leadPartitions = partitions;
    EngineSettings settings = config.settings().withLeadPartitions(partitions);
    Properties props = config.streamsProperties();
    if (advertised != null && !props.containsKey(StreamsConfig.APPLICATION_SERVER_CONFIG)) {
      props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertised);
    }
    Object server = props.get(StreamsConfig.APPLICATION_SERVER_CONFIG);
    applicationServer = server == null ? null : server.toString();
    streams = new KafkaStreams(VelocityTopology.buildTopology(settings, topics, config.stateStorage()), props);
    streams.setStateListener((now, before) -> {
      state = now;
      log.info("Engine state {} -> {}", before, now);
      if (now == KafkaStreams.State.RUNNING) {
        running.countDown();
      }
      if (now == KafkaStreams.State.ERROR) {
        failure.complete("Kafka Streams is in state ERROR" + (fatal == null ? "" : " after: " + causes(fatal)));
      } else if ((now == KafkaStreams.State.PENDING_SHUTDOWN || now == KafkaStreams.State.NOT_RUNNING)
          && !closing.get()) {
        failure.complete("Kafka Streams stopped without being asked to" + (fatal == null ? "" : " after: "
            + causes(fatal)));
      }
    });
    streams.setUncaughtExceptionHandler(this::onStreamThreadFailure);
    streams.setGlobalStateRestoreListener(restores);
    log.info("Engine configured: application.id={}, guarantee={}, state={}, inputs={}, outputs=[{}, {}], "
            + "dead letters={}, settings={}", props.get(StreamsConfig.APPLICATION_ID_CONFIG),
        props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG), config.stateStorage().label(),
        config.topicNames().inputs(), topics.velocity().name(), topics.velocityDaily().name(),
        topics.deadLetters().name(), config.ownSettings());
    streams.start();
    reporter.scheduleAtFixedRate(this::report, 30, 30, TimeUnit.SECONDS);
    return this;
  }

  /**
   * Registers (or looks up) the output schemas now, once: the serializers keep their ids, so writing the outputs
   * never needs the registry again, and a registry that is unavailable at start stops the start with its reason.
   */
  private void registerOutputSchemas() {
    java.time.Instant epoch = java.time.Instant.EPOCH;
    TeamVelocity sample = TeamVelocity.newBuilder().setTeamId("-").setAsOf(epoch).setWindowStart(epoch)
        .setWindowEnd(epoch).setWindowDays(1).setPipelineCount(0).setWonCount(0).setLostCount(0)
        .setWonAmount(java.math.BigDecimal.ZERO.setScale(2)).build();
    topics.velocity().valueSerde().serializer().serialize(topics.velocity().name(), sample);
    topics.velocityDaily().valueSerde().serializer().serialize(topics.velocityDaily().name(), sample);
    topics.velocityDaily().keySerde().serializer().serialize(topics.velocityDaily().name(),
        new TeamDay("-", java.time.LocalDate.EPOCH));
  }

  /** A stream thread died: replaced after a backoff when the cause is retriable, else the instance stops. */
  private StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onStreamThreadFailure(Throwable exception) {
    StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse response = StreamThreadFailures.responseTo(exception);
    if (response == StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD && !closing.get()) {
      long wait = threadFailures.nextWait(System.currentTimeMillis());
      log.error("Stream thread failed on an outage ({}); replacing it in {} ms",
          StreamThreadFailures.retriableCause(exception).toString(), wait);
      try {
        Thread.sleep(wait); // on the dying thread: the others go on
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return response;
    }
    fatal = exception;
    log.error("Stream thread failed on something that is not about one record; stopping the engine", exception);
    return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  /** A failure and its causes, each once: Kafka Streams wraps what a processor threw, whose message says why. */
  static String causes(Throwable failure) {
    StringBuilder out = new StringBuilder(failure.toString());
    for (Throwable t = failure.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      out.append("; caused by ").append(t);
    }
    return out.toString();
  }

  /** Completes with the reason when the engine stops by itself; never completes when it is closed as asked. */
  public CompletableFuture<String> failure() {
    return failure;
  }

  /**
   * Deletes this application's local state (its directory under state.dir), as after a reset of the
   * application: the next start restores from the changelogs, which the reset tool deleted, so it starts empty.
   * Only while the engine is not running.
   */
  public void cleanUpLocalState() {
    if (streams != null) {
      throw new IllegalStateException("the engine is started: close it before deleting its local state");
    }
    try (KafkaStreams idle = new KafkaStreams(
        VelocityTopology.buildTopology(config.settings(), topics, config.stateStorage()), config.streamsProperties())) {
      idle.cleanUp();
    }
  }

  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public KafkaStreams.State state() {
    return state;
  }

  /** The instance's application.server: where the other instances reach its query API (null: none, or not started). */
  public String applicationServer() {
    return applicationServer;
  }

  /** Partitions of the input topics, and so of the team tasks (0 before the engine started). */
  public int partitions() {
    return leadPartitions;
  }

  public EngineConfig config() {
    return config;
  }

  /** Whether a store of this instance's active tasks is being restored from its changelog now. */
  public boolean restoring() {
    return !restores.started.isEmpty();
  }

  public KafkaStreams streams() {
    return streams;
  }

  public VelocityTopics topics() {
    return topics;
  }

  /** Changelog records restored into this instance's stores since it started, by store name. */
  public Map<String, Long> restoredRecords() {
    return new TreeMap<>(restores.restored);
  }

  /** The engine's counters (events-read, dead-letter-REASON, duplicate-events, ...) from the live metrics. */
  public Map<String, Double> counters() {
    return streams == null ? new TreeMap<>() : EngineMetrics.counters(streams.metrics());
  }

  private void report() {
    try {
      Map<String, Double> c = counters();
      double processed = c.getOrDefault(EngineMetrics.EVENTS_READ, 0.0);
      Map<String, Long> rejected = EngineMetrics.deadLettersByReason(c);
      Runtime jvm = Runtime.getRuntime();
      // with the state on the heap (the default), the heap is where a growing pipeline shows first
      log.info("Processed {} events ({}/s over the last 30 s); dead-lettered {}; duplicates {}; heap {} of {} MiB",
          (long) processed, (long) ((processed - lastProcessed) / 30), rejected.isEmpty() ? "none" : rejected,
          c.getOrDefault(EngineMetrics.DUPLICATE_EVENTS, 0.0).longValue(), (jvm.totalMemory() - jvm.freeMemory()) >> 20,
          jvm.maxMemory() >> 20);
      lastProcessed = processed;
    } catch (RuntimeException e) {
      log.debug("metrics report failed", e);
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  /**
   * Closes the instance and keeps its place in the consumer group until the session times out (Kafka Streams'
   * default): an instance that comes back within it, as in a rolling restart, gets its tasks back without a
   * rebalance.
   */
  public void close(Duration timeout) {
    close(CloseOptions.timeout(timeout).withGroupMembershipOperation(GroupMembershipOperation.REMAIN_IN_GROUP));
  }

  /** Closes the instance and leaves the consumer group now, so that its tasks move to another instance at once. */
  public void closeAndLeaveGroup(Duration timeout) {
    close(CloseOptions.timeout(timeout).withGroupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP));
  }

  private void close(CloseOptions options) {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    reporter.shutdownNow();
    log.info("Engine closing");
    if (streams != null) {
      streams.close(options);
    }
    registry.close();
    log.info("Engine closed");
  }


  private static final class RestoreLogger implements StateRestoreListener {
    private final Map<TopicPartition, Long> started = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Long> restored = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void onRestoreStart(TopicPartition tp, String store, long start, long end) {
      started.put(tp, System.nanoTime());
      log.info("Restoring store {} from {} ({} records)", store, tp, end - start);
    }

    @Override
    public void onBatchRestored(TopicPartition tp, String store, long batchEndOffset, long numRestored) {
    }

    @Override
    public void onRestoreEnd(TopicPartition tp, String store, long totalRestored) {
      Long began = started.remove(tp);
      restored.merge(store, totalRestored, Long::sum);
      log.info("Restored store {} from {}: {} records in {} ms", store, tp, totalRestored,
          began == null ? -1 : (System.nanoTime() - began) / 1_000_000);
    }
  }
}
