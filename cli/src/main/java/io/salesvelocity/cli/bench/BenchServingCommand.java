package io.salesvelocity.cli.bench;

import io.salesvelocity.cli.Publishers;
import io.salesvelocity.devstack.EmbeddedKafka;
import io.salesvelocity.devstack.EmbeddedRegistry;
import io.salesvelocity.generator.CrmSimulator;
import io.salesvelocity.generator.LivePublisher;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.serde.ConfluentAvroSerializer;
import io.salesvelocity.serde.SchemaRegistryConfig;
import io.salesvelocity.serving.VelocityServer;
import io.salesvelocity.velocity.runtime.EngineConfig;
import io.salesvelocity.velocity.runtime.TopicProvisioner;
import io.salesvelocity.velocity.runtime.VelocityEngine;
import io.salesvelocity.velocity.topology.EngineMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serving", mixinStandardHelpOptions = true,
    description = "Benchmark the query API on this machine: the embedded broker and registry, an engine with its "
        + "HTTP server, --warmup-days of generated history up to now; then GET /api/teams at --rate requests per "
        + "second for --duration (open loop: latency from each request's scheduled send to its whole answer), and "
        + "--probes times the delay from the send of an event (a lead of a new team, stamped now) to the "
        + "/api/stream event that shows it, as a dashboard receives it.")
public final class BenchServingCommand implements Callable<Integer> {
  @Option(names = "--rate", defaultValue = "100", description = "requests per second (default: ${DEFAULT-VALUE})")
  int rate;

  @Option(names = "--duration", defaultValue = "30s", description = "how long to send them (default: ${DEFAULT-VALUE})")
  String duration;

  @Option(names = "--probes", defaultValue = "30", description = "events whose delay to /api/stream is timed "
      + "(default: ${DEFAULT-VALUE})")
  int probes;

  @Option(names = "--warmup-days", defaultValue = "60", description = "simulated days of history published "
      + "first (default: ${DEFAULT-VALUE})")
  int warmupDays;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "an engine setting, repeatable (e.g. --set "
      + "velocity.emit.interval=100ms --set commit.interval.ms=50)")
  Map<String, String> set = new HashMap<>();

  private static final Pattern TEAM = Pattern.compile("\"teamId\":\"(bench-probe-[0-9]+)\"");

  @Override
  public Integer call() throws Exception {
    BenchSettings.printMachine();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(); EmbeddedRegistry registry = EmbeddedRegistry.start()) {
      Map<String, String> settings = new HashMap<>();
      settings.put("bootstrap.servers", kafka.bootstrapServers());
      settings.put(SchemaRegistryConfig.URL, registry.url());
      settings.put("application.id", "bench-serving-" + System.nanoTime());
      settings.put("state.dir", Files.createTempDirectory("bench-serving-state").toString());
      settings.put("replication.factor", "1");
      settings.put(EngineConfig.TOPICS_PARTITIONS, "2");
      settings.put(EngineConfig.TOPICS_REPLICATION, "1");
      settings.put(EngineConfig.HTTP_LISTEN, "127.0.0.1:0");
      settings.putAll(set);
      EngineConfig config = EngineConfig.of(settings);
      TopicProvisioner.ensureTopics(config);
      Instant now = Instant.now();
      Instant start = now.minus(Duration.ofDays(warmupDays));
      long warm;
      try (LivePublisher pub = Publishers.toInputs(kafka.bootstrapServers(), registry.url(), config.topicNames())) {
        warm = pub.run(new CrmSimulator(Scenario.defaults(42, start), now), LivePublisher.Pace.unlimited(),
            Long.MAX_VALUE, now, null, null);
      }
      System.out.printf("History: %,d events from %s to now%n", warm, start);
      VelocityEngine engine = new VelocityEngine(config);
      try (engine; VelocityServer server = VelocityServer.start(engine, "127.0.0.1:0", Optional.empty())) {
        engine.start();
        if (!engine.awaitRunning(Duration.ofSeconds(120))) {
          throw new IllegalStateException("engine not RUNNING: " + engine.state());
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (engine.counters().getOrDefault(EngineMetrics.EVENTS_READ, 0.0) < warm && System.nanoTime() < deadline) {
          TimeUnit.MILLISECONDS.sleep(200);
        }
        // HTTP/1.1, as a browser's fetch of a plain-HTTP server is (no h2c upgrade on every request)
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
        // the team tasks catch up after the lead tasks: wait until every team is served
        while (!get(client, server, "/api/teams").contains("\"teamId\"") && System.nanoTime() < deadline) {
          TimeUnit.MILLISECONDS.sleep(200);
        }
        System.out.printf("Engine RUNNING, history read; settings: emit interval %s, commit interval %s ms%n",
            config.ownSettings().get(EngineConfig.EMIT_INTERVAL),
            config.streamsProperties().get("commit.interval.ms"));
        apiLatency(client, server);
        streamDelay(client, server, kafka, registry, config);
      }
    }
    return 0;
  }

  private void apiLatency(HttpClient client, VelocityServer server) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      get(client, server, "/api/teams"); // the JIT's first pass over the handlers is not the API's latency
    }
    long millis = EngineConfig.parseDuration(duration).toMillis();
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    AtomicLong failures = new AtomicLong();
    Map<String, Long> why = new ConcurrentHashMap<>();
    ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + server.address() + "/api/teams"))
        .timeout(Duration.ofSeconds(10)).GET().build();
    long periodNanos = 1_000_000_000L / rate;
    long began = System.nanoTime();
    ticks.scheduleAtFixedRate(() -> {
      long scheduled = System.nanoTime();
      client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
        if (e != null || r.statusCode() != 200) {
          failures.incrementAndGet();
          why.merge(e != null ? e.getClass().getSimpleName() + ": " + e.getMessage() : "HTTP " + r.statusCode(), 1L,
              Long::sum);
        } else {
          latencies.add(System.nanoTime() - scheduled);
        }
      });
    }, 0, periodNanos, TimeUnit.NANOSECONDS);
    TimeUnit.MILLISECONDS.sleep(millis);
    ticks.shutdownNow();
    TimeUnit.SECONDS.sleep(2); // the last answers
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    double seconds = (System.nanoTime() - began) / 1e9 - 2;
    System.out.printf("GET /api/teams at %d requests/s for %.0f s: %,d answered, %,d failed; latency p50 %.2f ms, "
            + "p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n", rate, seconds, sorted.size(), failures.get(),
        ms(rank(sorted, 0.50)), ms(rank(sorted, 0.99)), ms(rank(sorted, 0.999)),
        ms(sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1)));
    if (!why.isEmpty()) {
      System.out.println("Failures: " + why);
    }
  }

  private void streamDelay(HttpClient client, VelocityServer server, EmbeddedKafka kafka, EmbeddedRegistry registry,
                           EngineConfig config) throws Exception {
    Map<String, Long> seen = new ConcurrentHashMap<>();
    HttpRequest sse = HttpRequest.newBuilder(URI.create("http://" + server.address() + "/api/stream"))
        .header("Accept", "text/event-stream").GET().build();
    var stream = client.sendAsync(sse, HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> {
      try (Stream<String> lines = r.body()) {
        lines.forEach(line -> {
          Matcher m = TEAM.matcher(line);
          if (line.startsWith("data:") && m.find()) {
            seen.putIfAbsent(m.group(1), System.nanoTime());
          }
        });
      }
    });
    TimeUnit.SECONDS.sleep(2); // subscribed, and the current state sent
    ConfluentAvroSerializer<LeadCreated> values = new ConfluentAvroSerializer<>();
    values.configure(Map.of(SchemaRegistryConfig.URL, registry.url()), false);
    Map<String, Long> sent = new HashMap<>();
    try (KafkaProducer<String, LeadCreated> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
        kafka.bootstrapServers(), "linger.ms", 0), new StringSerializer(), values)) {
      for (int i = 0; i < probes; i++) {
        String team = "bench-probe-" + i;
        LeadCreated lead = LeadCreated.newBuilder().setEventId("probe-" + i).setLeadId("probe-lead-" + i)
            .setTeamId(team).setCreatedAt(Instant.now()).setStage(Stage.SQL).build();
        sent.put(team, System.nanoTime());
        producer.send(new ProducerRecord<>(config.topicNames().leadCreated(), lead.getLeadId(), lead)).get();
        TimeUnit.MILLISECONDS.sleep(700);
      }
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (seen.size() < probes && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(100);
    }
    stream.cancel(true);
    List<Long> delays = new ArrayList<>();
    sent.forEach((team, at) -> {
      Long arrived = seen.get(team);
      if (arrived != null) {
        delays.add(arrived - at);
      }
    });
    Collections.sort(delays);
    System.out.printf("Event sent -> its team's update on /api/stream: %d of %d probes arrived; delay p50 %.0f ms, "
            + "p90 %.0f ms, max %.0f ms%n", delays.size(), probes, ms(rank(delays, 0.5)), ms(rank(delays, 0.9)),
        ms(delays.isEmpty() ? 0 : delays.get(delays.size() - 1)));
  }

  private static String get(HttpClient client, VelocityServer server, String path) {
    try {
      return client.send(HttpRequest.newBuilder(URI.create("http://" + server.address() + path)).GET().build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (java.io.IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static long rank(List<Long> values, double p) {
    return new Percentiles(values).rank(p);
  }

  private static double ms(long nanos) {
    return Percentiles.ms(nanos);
  }
}
