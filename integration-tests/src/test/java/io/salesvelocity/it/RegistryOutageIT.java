package io.salesvelocity.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.serde.SchemaRegistryConfig;
import io.salesvelocity.velocity.runtime.VelocityEngine;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.avro.shaded.org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The registry goes away while a record with a schema id the engine has not seen yet waits to be read: the record
 * is not a bad record (nothing is dead-lettered); it is parked in the task's state while the engine goes on,
 * without stopping, replacing a thread or rebalancing; once the registry answers again the record counts. The engine reaches the real registry through a proxy that can answer 503.
 */
@Tag("integration")
@Timeout(300)
class RegistryOutageIT {
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicInteger refused = new AtomicInteger();
  private HttpServer proxy;

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.stop(0);
    }
  }

  /**
   * Forwards to the real registry at {@code registryUrl}, or answers 503 while {@link #down}; returns the URL for
   * the engine (the same path on the proxy).
   */
  private String startProxy(String registryUrl) throws IOException {
    URI registry = URI.create(registryUrl);
    String target = registry.getScheme() + "://" + registry.getAuthority();
    HttpClient http = HttpClient.newHttpClient();
    proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    proxy.createContext("/", exchange -> {
      byte[] body;
      int status;
      if (down.get()) {
        refused.incrementAndGet();
        status = 503;
        body = "registry down".getBytes(StandardCharsets.UTF_8);
      } else {
        try {
          byte[] request = exchange.getRequestBody().readAllBytes();
          HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
              .method(exchange.getRequestMethod(), request.length == 0 ? HttpRequest.BodyPublishers.noBody()
                  : HttpRequest.BodyPublishers.ofByteArray(request));
          for (String name : List.of("Content-Type", "Accept")) {
            String value = exchange.getRequestHeaders().getFirst(name);
            if (value != null) {
              forward.header(name, value);
            }
          }
          HttpResponse<byte[]> answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
          status = answer.statusCode();
          body = answer.body();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          status = 500;
          body = new byte[0];
        }
      }
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    proxy.start();
    return "http://127.0.0.1:" + proxy.getAddress().getPort() + registry.getPath();
  }

  private static LeadCreated lead(String id, Instant at) {
    return LeadCreated.newBuilder().setEventId("c-" + id).setLeadId(id).setTeamId("emea").setCreatedAt(at)
        .setStage(Stage.SQL).build();
  }

  @Test
  void shouldWaitForTheRegistryInsteadOfRefusingTheRecordOrStopping() throws Exception {
    String real = EmbeddedStack.registry().url();
    EngineHarness h = new EngineHarness(1);
    h.settings.put(SchemaRegistryConfig.URL, startProxy(real));
    h.createTopics();
    String topic = h.names().leadCreated();
    Instant t = Instant.parse("2025-05-01T00:00:00Z");
    try (VelocityEngine engine = h.start(); ConfluentCrm crm = new ConfluentCrm(h.settings.get("bootstrap.servers"), real)) {
      crm.send(topic, "L1".getBytes(StandardCharsets.UTF_8), crm.encode(topic, lead("L1", t)), null);
      crm.flush();
      await().atMost(Duration.ofSeconds(30)).until(() -> pipeline(h, engine) == 1);
      Set<String> threads = threads(engine);
      Set<String> members = members(h);

      down.set(true);
      // a CRM on a newer version of the contract: its schema id is one the engine has not read yet
      Schema v2 = new Schema.Parser().parse(LeadCreated.getClassSchema().toString().replace("\"fields\":[",
          "\"fields\":[{\"name\":\"campaign\",\"type\":[\"null\",\"string\"],\"default\":null},"));
      crm.send(topic, "L2".getBytes(StandardCharsets.UTF_8), crm.encode(topic, v2,
          ConfluentCrm.generic(v2, lead("L2", t.plusSeconds(60)))), null);
      crm.flush();
      List<KafkaStreams.State> seen = new CopyOnWriteArrayList<>();
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        seen.add(engine.state());
        return refused.get() >= 10; // two rounds of retries at least
      });
      long outage = System.nanoTime();
      while (System.nanoTime() - outage < Duration.ofSeconds(8).toNanos()) {
        seen.add(engine.state());
        Thread.sleep(200); // sampling the state during the outage
      }
      assertThat(new ArrayList<>(seen)).as("states during the outage").containsOnly(KafkaStreams.State.RUNNING);
      assertThat(engine.failure()).isNotDone();
      assertThat(h.deadLetters()).isEmpty();
      assertThat(pipeline(h, engine)).as("L2 waits for the registry").isEqualTo(1);

      down.set(false);
      long back = System.nanoTime();
      await().atMost(Duration.ofSeconds(45)).until(() -> {
        seen.add(engine.state());
        return pipeline(h, engine) == 2;
      });
      assertThat(new ArrayList<>(seen)).containsOnly(KafkaStreams.State.RUNNING);
      assertThat(engine.counters().get("parked-for-registry")).isEqualTo(1.0);
      assertThat(h.deadLetters()).isEmpty();
      assertThat(threads(engine)).as("no stream thread replaced").isEqualTo(threads);
      assertThat(members(h)).as("no member left or joined the group: no rebalance").isEqualTo(members);
      System.out.printf("registry back: the waiting record counted after %d ms%n", (System.nanoTime() - back) / 1_000_000);
    }
  }

  private static Set<String> threads(VelocityEngine engine) {
    Set<String> names = new TreeSet<>();
    engine.streams().metadataForLocalThreads().forEach(t -> names.add(t.threadName()));
    return names;
  }

  private static Set<String> members(EngineHarness h) throws Exception {
    String group = h.settings.get("application.id");
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", h.settings.get("bootstrap.servers")))) {
      Set<String> ids = new TreeSet<>();
      admin.describeConsumerGroups(List.of(group)).all().get().get(group).members()
          .forEach(m -> ids.add(m.consumerId()));
      return ids;
    }
  }

  private static long pipeline(EngineHarness h, VelocityEngine engine) {
    var v = h.latestVelocity(engine).get("emea");
    return v == null ? 0 : v.getPipelineCount();
  }
}
