package io.salesvelocity.cli;

import io.salesvelocity.devstack.EmbeddedKafka;
import io.salesvelocity.devstack.EmbeddedRegistry;
import io.salesvelocity.generator.CrmSimulator;
import io.salesvelocity.generator.LivePublisher;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.serde.SchemaRegistryConfig;
import io.salesvelocity.serving.VelocityServer;
import io.salesvelocity.velocity.runtime.EngineConfig;
import io.salesvelocity.velocity.runtime.TopicProvisioner;
import io.salesvelocity.velocity.runtime.VelocityEngine;
import io.salesvelocity.velocity.topology.EngineMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Start the whole stack on this machine: a real single-node Kafka (KRaft) and a real schema "
        + "registry (Apicurio) on 127.0.0.1, the engine and the load generator, and show live velocity per "
        + "team until Ctrl-C (or --duration). A warm-up history (--warmup-days) is published before the engine "
        + "starts; then simulated time runs --speed days per second.")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--speed", defaultValue = "1", description = "simulated days per second (default: ${DEFAULT-VALUE})")
  double speed;

  @Option(names = "--warmup-days", defaultValue = "120",
      description = "simulated days published as fast as possible first (default: ${DEFAULT-VALUE})")
  int warmupDays;

  @Option(names = "--seed", defaultValue = "42", description = "generator seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--duration", description = "stop by itself after this wall time, e.g. 60s")
  String duration;

  @Option(names = "--partitions", defaultValue = "2", description = "partitions per topic (default: ${DEFAULT-VALUE})")
  int partitions;

  @Option(names = "--listen", defaultValue = EngineConfig.DEFAULT_HTTP_LISTEN,
      description = "host:port of the query API, health and metrics (port 0: any free port; off: none; "
          + "default: ${DEFAULT-VALUE})")
  String listen;

  private VelocityServer server;

  @Override
  public Integer call() throws Exception {
    long began = System.nanoTime();
    say("Starting Kafka (single-node KRaft broker) on 127.0.0.1 ...");
    EmbeddedKafka kafka = EmbeddedKafka.start();
    say("Kafka ready at %s (%.1f s)", kafka.bootstrapServers(), secondsSince(began));
    say("Starting the schema registry (Apicurio, Confluent API) ...");
    EmbeddedRegistry registry = EmbeddedRegistry.start();
    say("Schema registry ready at %s (%.1f s)", registry.url(), secondsSince(began));
    EngineConfig config = engineConfig(kafka, registry);
    TopicProvisioner.ensureTopics(config);

    // The warm-up history goes in before the engine starts: Kafka Streams then merges the three input topics in
    // event-time order because it knows the records are on the broker. Published into a running engine at full
    // speed, a short stall of one topic would be days of simulated time, beyond the grace period.
    Instant simStart = LocalDate.now(ZoneOffset.UTC).minusDays(warmupDays).atStartOfDay(ZoneOffset.UTC).toInstant();
    CrmSimulator simulator = new CrmSimulator(Scenario.defaults(seed, simStart));
    LivePublisher publisher = Publishers.toInputs(kafka.bootstrapServers(), registry.url(), config.topicNames());
    say("Warm-up: publishing %d simulated days of CRM events as fast as possible ...", warmupDays);
    long warm = publisher.run(simulator, LivePublisher.Pace.unlimited(), Long.MAX_VALUE,
        simStart.plus(Duration.ofDays(warmupDays)), null, null);
    say("Warm-up: %,d events published (%.1f s)", warm, secondsSince(began));

    VelocityEngine engine = startEngine(config, began);
    awaitWarmUpRead(engine, warm);
    Thread generator = startGenerator(publisher, simulator);
    VelocityBoard board = new VelocityBoard(kafka.bootstrapServers(), engine.topics());
    Thread boardThread = new Thread(board, "demo-board");
    boardThread.setDaemon(true);
    boardThread.start();

    CountDownLatch stop = new CountDownLatch(1);
    VelocityServer http = server;
    Thread hook = new Thread(() -> {
      stop.countDown();
      shutdown(publisher, generator, board, http, engine, registry, kafka);
    }, "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    show(engine, publisher, board, stop);
    if (stop.getCount() > 0) {
      say("Final figures:%n%s%n%s", VelocityBoard.render(board.snapshot()), VelocityBoard.render(board.topSegments()));
      Runtime.getRuntime().removeShutdownHook(hook);
      shutdown(publisher, generator, board, http, engine, registry, kafka);
    }
    return 0;
  }

  private EngineConfig engineConfig(EmbeddedKafka kafka, EmbeddedRegistry registry) throws java.io.IOException {
    Path stateDir = Files.createTempDirectory("salesvelocity-demo-state");
    Map<String, String> settings = new HashMap<>();
    settings.put("bootstrap.servers", kafka.bootstrapServers());
    settings.put(SchemaRegistryConfig.URL, registry.url());
    settings.put("application.id", "salesvelocity-demo");
    settings.put("state.dir", stateDir.toString());
    settings.put(EngineConfig.TOPICS_PARTITIONS, Integer.toString(partitions));
    settings.put(EngineConfig.TOPICS_REPLICATION, "1");
    settings.put("replication.factor", "1");
    // simulated time starts --warmup-days ago and runs --speed days per second: past today after a few minutes
    settings.put(EngineConfig.MAX_CLOCK_SKEW, "36500d");
    settings.put(EngineConfig.GRACE, demoGraceHours(speed) + "h");
    settings.put(EngineConfig.HTTP_LISTEN, listen);
    return EngineConfig.of(settings);
  }

  private VelocityEngine startEngine(EngineConfig config, long began) throws InterruptedException {
    VelocityEngine engine = new VelocityEngine(config);
    config.httpListen().ifPresent(at -> {
      server = VelocityServer.start(engine, at, config.httpToken());
      say("Dashboard at http://%s/ (query API /api/teams, health /health/ready, metrics /metrics)",
          server.address());
    });
    say("Starting the engine (exactly_once_v2) ...");
    engine.start();
    if (!engine.awaitRunning(Duration.ofSeconds(120))) {
      throw new IllegalStateException("the engine did not reach RUNNING within 120 s (state " + engine.state() + ")");
    }
    Runtime rt = Runtime.getRuntime();
    say("Engine RUNNING: stack up in %.1f s, this JVM uses %d MiB of heap; catching up on the warm-up ...",
        secondsSince(began), (rt.totalMemory() - rt.freeMemory()) >> 20);
    return engine;
  }

  /**
   * Live traffic starts once the engine has read the warm-up. Published into an engine that is still catching up,
   * a topic that it has read to the end of its last fetch can hold the merge back for seconds of wall time on a
   * busy machine: days of simulated time, beyond the grace period.
   */
  private void awaitWarmUpRead(VelocityEngine engine, long warm) throws InterruptedException {
    long caughtUp = System.nanoTime();
    if (!awaitRead(engine, warm, Duration.ofMinutes(5))) {
      say("The engine has not read the warm-up after 5 minutes (read %,.0f of %,d); starting live traffic anyway",
          engine.counters().getOrDefault(EngineMetrics.EVENTS_READ, 0.0), warm);
    }
    say("Engine caught up on the warm-up in %.1f s; now %.1f simulated days per second", secondsSince(caughtUp),
        speed);
  }

  private Thread startGenerator(LivePublisher publisher, CrmSimulator simulator) {
    Thread generator = new Thread(() -> {
      try {
        publisher.run(simulator, new LivePublisher.Pace(0, speed * Duration.ofDays(1).toSeconds()), Long.MAX_VALUE,
            null, null, null);
      } catch (RuntimeException e) {
        say("Generator stopped: %s", e.getMessage());
      }
    }, "demo-generator");
    generator.setDaemon(true);
    generator.start();
    return generator;
  }

  /** Redraws the board every second on a terminal (every 5 s otherwise) until --duration or Ctrl-C. */
  private void show(VelocityEngine engine, LivePublisher publisher, VelocityBoard board, CountDownLatch stop)
      throws InterruptedException {
    boolean tty = System.console() != null;
    long deadline = duration == null ? Long.MAX_VALUE
        : System.nanoTime() + EngineConfig.parseDuration(duration).toNanos();
    long lastPlain = 0;
    while (System.nanoTime() < deadline && !stop.await(1, TimeUnit.SECONDS)) {
      Map<String, Double> counters = engine.counters();
      String header = String.format("salesvelocity demo | events sent %,d | processed %,.0f | dead-lettered %s | "
              + "simulated time %s%n", publisher.progress().sent(),
          counters.getOrDefault(EngineMetrics.EVENTS_READ, 0.0), deadLetters(counters),
          publisher.progress().simulatedTime());
      String table = VelocityBoard.render(board.snapshot()) + "\n" + VelocityBoard.render(board.topSegments())
          + "\n" + funnelPanel(board);
      if (tty) {
        System.out.print("\033[H\033[2J" + header + "\n" + table + "\nCtrl-C to stop\n");
        System.out.flush();
      } else if (System.nanoTime() - lastPlain >= 5_000_000_000L) {
        System.out.print(header + table + "\n");
        lastPlain = System.nanoTime();
      }
    }
  }

  /** The funnel of one team, a team after the other every {@link #FUNNEL_TURN_SECONDS} seconds. */
  private static String funnelPanel(VelocityBoard board) {
    List<String> teams = board.funnelTeams();
    if (teams.isEmpty()) {
      return "";
    }
    String team = teams.get((int) (System.currentTimeMillis() / 1000 / FUNNEL_TURN_SECONDS % teams.size()));
    return VelocityBoard.renderFunnel(team + " (next team in " + FUNNEL_TURN_SECONDS + " s)", board.funnelOf(team));
  }

  private static final int FUNNEL_TURN_SECONDS = 10;

  private static void shutdown(LivePublisher publisher, Thread generator, VelocityBoard board, VelocityServer http,
                               VelocityEngine engine, EmbeddedRegistry registry, EmbeddedKafka kafka) {
    say("Shutting down: generator, board, engine, registry, Kafka ...");
    publisher.stop();
    try {
      generator.join(10_000); // it finishes its current send; closing the producer under it would fail that send
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    board.close();
    publisher.close();
    if (http != null) {
      http.close();
    }
    engine.close(Duration.ofSeconds(30));
    registry.close();
    kafka.close();
    say("Stopped cleanly.");
  }

  /** The dead-letter count, with the count per reason when there are any: "0", "163 (late-beyond-grace 163)". */
  static String deadLetters(Map<String, Double> counters) {
    Map<String, Long> byReason = EngineMetrics.deadLettersByReason(counters);
    long total = byReason.values().stream().mapToLong(Long::longValue).sum();
    if (total == 0) {
      return "0";
    }
    StringJoiner reasons = new StringJoiner(", ", " (", ")");
    byReason.forEach((reason, count) -> reasons.add(String.format("%s %,d", reason, count)));
    return String.format("%,d", total) + reasons;
  }

  private static boolean awaitRead(VelocityEngine engine, long events, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (engine.counters().getOrDefault(EngineMetrics.EVENTS_READ, 0.0) < events) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    return true;
  }

  private static double secondsSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }

  private static void say(String format, Object... args) {
    System.out.printf("[demo] " + format + "%n", args);
    System.out.flush();
  }
  /**
   * The grace period for publishing live at {@code speed} simulated days per second into the running engine: at
   * most a tenth of the grace per second (docs/production.md, Backfills, asks for at most half), and never less than the default
   * day. A topic that Kafka Streams has read to the end does not hold the merge back (max.task.idle.ms 0), so a topic
   * fetched a second after the others arrives a second of wall time out of order: at one day per second with a grace
   * of one day, that makes its next events late. With the
   * stage funnel on, the team tasks are still catching up on the warm-up when live traffic starts, and share the one
   * stream thread: a pause of a few seconds of the lead tasks was seen, so ten seconds of wall time are allowed.
   */
  static long demoGraceHours(double speed) {
    return Math.max(24, (long) Math.ceil(speed * 24 * 10));
  }
}
