package io.salesvelocity.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.salesvelocity.generator.Delivery;
import io.salesvelocity.generator.LivePublisher;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.schemas.TeamDay;
import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.serving.VelocityServer;
import io.salesvelocity.velocity.runtime.EngineConfig;
import io.salesvelocity.velocity.runtime.VelocityEngine;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The query API on the real embedded broker and registry, asked with a real HTTP client: what it answers equals what
 * the engine published to sales-velocity and sales-velocity-daily, from one instance and from either of two.
 */
@Tag("integration")
@Timeout(300)
class QueryApiIT {
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  /** About 40 simulated days of the default scenario: every team has final days and current figures. */
  static List<Delivery> history(long seed) {
    return Histories.generate(Scenario.defaults(seed, START), START.plus(Duration.ofDays(40)));
  }

  private static VelocityServer serve(VelocityEngine engine, String token) {
    return VelocityServer.start(engine, "127.0.0.1:0", Optional.ofNullable(token));
  }

  private static void awaitRunning(VelocityEngine engine) throws InterruptedException {
    if (!engine.awaitRunning(Duration.ofSeconds(60))) {
      throw new IllegalStateException("engine not RUNNING: " + engine.state());
    }
  }

  /** The API's teams, by id. */
  static Map<String, JsonNode> teams(ApiClient api) {
    return teams(api.json("/api/teams"));
  }

  /** The teams of an answer of /api/teams, by id. */
  static Map<String, JsonNode> teams(JsonNode listing) {
    Map<String, JsonNode> out = new TreeMap<>();
    listing.get("teams").forEach(t -> out.put(t.get("teamId").asText(), t));
    return out;
  }

  /** Whether the API's figures of each team are those last published, and there are the same teams. */
  static boolean samePoints(Map<String, JsonNode> api, Map<String, TeamVelocity> published) {
    if (!api.keySet().equals(published.keySet())) {
      return false;
    }
    return published.entrySet().stream().allMatch(e -> same(api.get(e.getKey()), e.getValue()));
  }

  static boolean same(JsonNode json, TeamVelocity v) {
    return json.get("asOf").asText().equals(v.getAsOf().toString())
        && json.get("pipelineCount").asLong() == v.getPipelineCount()
        && json.get("wonCount").asLong() == v.getWonCount()
        && json.get("lostCount").asLong() == v.getLostCount()
        && json.get("wonAmount").decimalValue().compareTo(v.getWonAmount()) == 0
        && (v.getVelocityPerDay() == null ? json.get("velocityPerDay").isNull()
            : json.get("velocityPerDay").asDouble() == v.getVelocityPerDay());
  }

  /**
   * Dashboards ask while the engine writes: queries without pause, from several clients, while the engine reads the
   * whole history. Range reads of Kafka's in-memory store by IQv2 take the store's position lock before the store's
   * own lock, where the commit's writes take them the other way round (KAFKA-19629): one unlucky query and commit
   * left the request and the stream thread waiting on each other for ever. Every request must be answered and the
   * engine must read everything.
   */
  @Test
  void shouldKeepProcessingAndAnsweringWhileDashboardsAskWithoutPause() throws Exception {
    EngineHarness h = new EngineHarness(2);
    h.createTopics();
    List<Delivery> history = history(7);
    Histories.publish(h, history);
    VelocityEngine engine = new VelocityEngine(h.config());
    ExecutorService clients = Executors.newFixedThreadPool(3);
    AtomicBoolean asking = new AtomicBoolean(true);
    AtomicLong answered = new AtomicLong();
    AtomicLong slowestMillis = new AtomicLong();
    try (engine; VelocityServer server = serve(engine, null)) {
      ApiClient api = new ApiClient(server.address());
      engine.start();
      awaitRunning(engine);
      List<Future<?>> askers = new ArrayList<>();
      for (int c = 0; c < 3; c++) {
        boolean daily = c == 2;
        askers.add(clients.submit(() -> {
          while (asking.get()) {
            long began = System.nanoTime();
            ApiClient.Response r = api.get("/api/teams");
            if (daily && r.status() == 200) {
              for (String team : teams(r.json()).keySet()) {
                api.get("/api/teams/" + team + "/daily");
              }
            }
            slowestMillis.accumulateAndGet((System.nanoTime() - began) / 1_000_000, Math::max);
            answered.incrementAndGet();
          }
          return null;
        }));
      }
      await().atMost(Duration.ofSeconds(120))
          .until(() -> engine.counters().getOrDefault("events-read", 0.0) >= history.size());
      awaitSettled(h, api, () -> h.latestVelocity(engine));
      asking.set(false);
      for (Future<?> asker : askers) {
        asker.get(30, TimeUnit.SECONDS); // a request that timed out fails here
      }
      System.out.printf("[QueryApiIT] %d answers while the engine read %d events; slowest %d ms%n", answered.get(),
          history.size(), slowestMillis.get());
      assertThat(answered.get()).isGreaterThan(100);
    } finally {
      asking.set(false);
      clients.shutdownNow();
    }
  }

  @Test
  void shouldAnswerEveryTeamAndItsDailyHistoryAsTheEnginePublishedThem() throws Exception {
    EngineHarness h = new EngineHarness(2);
    h.createTopics();
    List<Delivery> history = history(21);
    Histories.publish(h, history);
    VelocityEngine engine = new VelocityEngine(h.config());
    try (engine; VelocityServer server = serve(engine, null)) {
      ApiClient api = new ApiClient(server.address());
      assertThat(api.get("/api/teams").status()).as("before the engine runs").isEqualTo(503);
      assertThat(api.get("/health/ready").status()).isEqualTo(503);
      engine.start();
      awaitRunning(engine);
      await().atMost(Duration.ofSeconds(120))
          .until(() -> engine.counters().getOrDefault("events-read", 0.0) >= history.size());
      awaitSettled(h, api, () -> h.latestVelocity(engine));

      Map<String, JsonNode> all = teams(api);
      assertThat(all).hasSizeGreaterThan(1);
      JsonNode listing = api.json("/api/teams");
      assertThat(listing.get("complete").asBoolean()).isTrue();
      assertThat(listing.get("servedBy")).allMatch(s -> !s.get("standby").asBoolean());
      for (Map.Entry<String, JsonNode> e : all.entrySet()) {
        JsonNode one = api.json("/api/teams/" + e.getKey());
        assertThat(one.get("velocityPerDay")).isEqualTo(e.getValue().get("velocityPerDay"));
        assertThat(one.get("asOf")).isEqualTo(e.getValue().get("asOf"));
        assertThat(one.get("servedBy").get("standby").asBoolean()).isFalse();
      }

      // the daily history equals sales-velocity-daily, within the dates asked for
      Map<TeamDay, TeamVelocity> daily = h.daily(engine);
      String team = all.keySet().iterator().next();
      List<LocalDate> days = daily.keySet().stream().filter(k -> k.getTeamId().equals(team)).map(TeamDay::getDay)
          .sorted().toList();
      assertThat(days).hasSizeGreaterThan(10);
      LocalDate from = days.get(3);
      LocalDate to = days.get(8);
      JsonNode answer = api.json("/api/teams/" + team + "/daily?from=" + from + "&to=" + to);
      assertThat(answer.get("days")).hasSize(6);
      for (JsonNode d : answer.get("days")) {
        TeamVelocity v = daily.get(new TeamDay(team, LocalDate.parse(d.get("date").asText())));
        assertThat(v).as(d.get("date").asText()).isNotNull();
        assertThat(same(d, v)).as("%s: %s against %s", d.get("date"), d, v).isTrue();
        assertThat(d.get("final").asBoolean()).isTrue();
      }
      assertThat(api.json("/api/teams/" + team + "/daily").get("days")).hasSize(days.size());

      // errors: JSON with a status the client can act on
      ApiClient.Response notADate = api.get("/api/teams/" + team + "/daily?from=yesterday");
      assertThat(notADate.status()).isEqualTo(400);
      assertThat(notADate.json().get("error").asText()).isEqualTo("bad-parameter");
      assertThat(notADate.json().get("message").asText()).contains("from");
      assertThat(api.get("/api/teams/" + team + "/daily?from=" + to + "&to=" + from).status()).isEqualTo(400);
      ApiClient.Response unknown = api.get("/api/teams/no-such-team");
      assertThat(unknown.status()).isEqualTo(404);
      assertThat(unknown.contentType()).startsWith("application/json");
      assertThat(unknown.json().get("error").asText()).isEqualTo("unknown-team");
      assertThat(api.get("/api/teams/no-such-team/daily").status()).isEqualTo(404);
      ApiClient.Response noEndpoint = api.get("/api/nothing-here");
      assertThat(noEndpoint.status()).isEqualTo(404);
      assertThat(noEndpoint.json().get("error").asText()).isEqualTo("unknown-endpoint");

      // segments, the funnel and the stalled deals, as their topics last said
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
        Map<String, Double> topic = new TreeMap<>();
        h.latestSegments(engine).values().stream().filter(v -> v.getScope().equals("ALL")
            && v.getDimension().equals("industry")).forEach(v -> topic.put(v.getSegment(), v.getVelocityPerDay()));
        Map<String, Double> served = new TreeMap<>();
        api.json("/api/segments?dimension=industry").get("segments").forEach(j -> served.put(j.get("segment").asText(),
            j.get("velocityPerDay").isNull() ? null : j.get("velocityPerDay").asDouble()));
        return !topic.isEmpty() && topic.equals(served);
      });
      JsonNode industries = api.json("/api/segments?dimension=industry").get("segments");
      for (int i = 1; i < industries.size(); i++) {
        assertThat(industries.get(i - 1).get("velocityPerDay").asDouble(-1))
            .isGreaterThanOrEqualTo(industries.get(i).get("velocityPerDay").asDouble(-1));
      }
      assertThat(api.get("/api/segments?dimension=shoe-size").status()).isEqualTo(400);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
        Map<String, Long> topic = new TreeMap<>();
        h.latestFunnel(engine).values().stream().filter(f -> f.getScope().equals(team))
            .forEach(f -> topic.put(f.getStage().name(), f.getOpenNow()));
        Map<String, Long> served = new TreeMap<>();
        api.json("/api/teams/" + team + "/funnel").get("stages").forEach(j -> served.put(j.get("stage").asText(),
            j.get("openNow").asLong()));
        return topic.size() == 7 && topic.equals(served);
      });
      assertThat(api.json("/api/funnel").get("stages")).hasSize(7)
          .allMatch(j -> j.get("scope").asText().equals("ALL"));
      assertThat(api.json("/api/teams/" + team + "/funnel").get("stages").get(0).get("stage").asText())
          .isEqualTo("NEW");
      assertThat(api.get("/api/teams/no-such-team/funnel").status()).isEqualTo(404);
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
        java.util.Set<String> topic = new java.util.TreeSet<>();
        h.latestStalls(engine).forEach((lead, d) -> {
          if (d.getStatus() == io.salesvelocity.schemas.StallStatus.STALLED) {
            topic.add(lead);
          }
        });
        java.util.Set<String> served = new java.util.TreeSet<>();
        served.addAll(stalledLeads(api, "", 1000));
        return topic.equals(served);
      });
      assertThat(api.json("/api/stalled?limit=1000&team=" + team).get("stalled")).isNotEmpty()
          .allMatch(j -> j.get("teamId").asText().equals(team) && j.get("status").asText().equals("STALLED"));

      // the daily pipeline bridges, as pipeline-flow-daily said, and their sum between two dates
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
        // (keyed by scope and day, a scope's days are spread over the topic's partitions: by day here)
        List<io.salesvelocity.schemas.PipelineFlow> topic = h.flowDaily(engine).stream().map(kv -> kv.value)
            .filter(f -> f.getScope().equals(team))
            .sorted(java.util.Comparator.comparing(io.salesvelocity.schemas.PipelineFlow::getDay)).toList();
        JsonNode served = api.json("/api/flow?scope=" + team + "&from=1970-01-01").get("days");
        return !topic.isEmpty() && served.size() == topic.size()
            && served.get(served.size() - 1).get("endValue").decimalValue()
                .compareTo(topic.get(topic.size() - 1).getEndValue()) == 0;
      });
      List<io.salesvelocity.schemas.PipelineFlow> teamFlows = h.flowDaily(engine).stream().map(kv -> kv.value)
          .filter(f -> f.getScope().equals(team))
          .sorted(java.util.Comparator.comparing(io.salesvelocity.schemas.PipelineFlow::getDay)).toList();
      JsonNode flow = api.json("/api/flow?scope=" + team + "&from=" + teamFlows.get(0).getDay() + "&to="
          + teamFlows.get(teamFlows.size() - 1).getDay());
      JsonNode bridge = flow.get("bridge");
      assertThat(bridge.get("startCount").asLong()).isEqualTo(teamFlows.get(0).getStartCount());
      assertThat(bridge.get("endCount").asLong()).isEqualTo(teamFlows.get(teamFlows.size() - 1).getEndCount());
      assertThat(bridge.get("endValue").decimalValue())
          .isEqualByComparingTo(teamFlows.get(teamFlows.size() - 1).getEndValue());
      assertThat(bridge.get("wonCount").asLong()).isEqualTo(teamFlows.stream()
          .mapToLong(io.salesvelocity.schemas.PipelineFlow::getWonCount).sum());
      assertThat(bridge.get("enteredValue").decimalValue()).isEqualByComparingTo(teamFlows.stream()
          .map(io.salesvelocity.schemas.PipelineFlow::getEnteredValue).reduce(java.math.BigDecimal.ZERO,
              java.math.BigDecimal::add));
      assertThat(api.json("/api/flow").get("scope").asText()).isEqualTo("ALL");
      assertThat(api.json("/api/flow").get("days").size()).isBetween(1, 30);
      assertThat(api.get("/api/flow?scope=no-such-team").status()).isEqualTo(404);
      // the forecasts: each horizon's latest record of sales-forecast-daily and the latest scored one
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
        io.salesvelocity.schemas.SalesForecast topic = null;
        for (var kv : h.forecastDaily(engine)) {
          if (kv.key.getScope().equals(team) && kv.key.getHorizonDays() == 30
              && (topic == null || !kv.value.getDay().isBefore(topic.getDay()))) {
            topic = kv.value;
          }
        }
        ApiClient.Response r = api.get("/api/forecast?scope=" + team);
        return topic != null && r.status() == 200 && r.json().get("horizons").get(0).get("latest").get("day").asText()
            .equals(topic.getDay().toString());
      });
      // the current forecasts: the latest sales-forecast record of each scope and horizon, ALL's too
      for (String scope : List.of(team, "ALL")) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
          io.salesvelocity.schemas.CurrentForecast topic = null;
          for (var kv : h.forecast(engine)) {
            if (kv.key.getScope().equals(scope) && kv.key.getHorizonDays() == 90) {
              topic = kv.value;
            }
          }
          ApiClient.Response r = api.get("/api/forecast?scope=" + scope + "&days=false");
          JsonNode current = r.status() == 200 ? r.json().get("horizons").get(1).get("current") : null;
          return topic != null && current != null && !current.isNull()
              && current.get("asOf").asText().equals(topic.getAsOf().toString())
              && (topic.getPipelineForecast() == null ? current.get("pipelineForecast").isNull()
                  : Math.abs(current.get("pipelineForecast").asDouble() - topic.getPipelineForecast().doubleValue())
                      < 0.01);
        });
      }
      JsonNode forecast = api.json("/api/forecast?scope=" + team);
      assertThat(forecast.get("horizons")).extracting(j -> j.get("horizonDays").asInt()).containsExactly(30, 90);
      assertThat(forecast.get("horizons").get(0).get("days")).isNotEmpty();
      assertThat(api.get("/api/forecast?scope=no-such-team").status()).isEqualTo(404);
      assertThat(api.get("/api/flow?scope=" + team + "&from=2030-01-02&to=2030-01-01").status()).isEqualTo(400);

      assertThat(api.get("/health/live").status()).isEqualTo(200);
      assertThat(api.get("/health/ready").json().get("status").asText()).isEqualTo("READY");
      ApiClient.Response metrics = api.get("/metrics");
      assertThat(metrics.status()).isEqualTo(200);
      assertThat(metrics.contentType()).startsWith("text/plain");
      assertThat(metrics.body()).contains("kafka_stream_").contains("events_read").contains("records_lag")
          .contains("output_event_time_lag_max")
          .contains("jvm_memory_used_bytes");
    }
  }

  @Test
  void shouldStreamEveryTeamFirstThenEachUpdateAndTheStateAgainToAClientThatReconnects() throws Exception {
    EngineHarness h = new EngineHarness(1);
    h.createTopics();
    List<Delivery> history = history(5);
    Histories.publish(h, history);
    VelocityEngine engine = new VelocityEngine(h.config());
    try (engine; VelocityServer server = serve(engine, null);
         ConfluentCrm crm = new ConfluentCrm(EmbeddedStack.kafka().bootstrapServers(), EmbeddedStack.registry().url())) {
      engine.start();
      awaitRunning(engine);
      ApiClient api = new ApiClient(server.address());
      await().atMost(Duration.ofSeconds(120))
          .until(() -> engine.counters().getOrDefault("events-read", 0.0) >= history.size());
      awaitSettled(h, api, () -> h.latestVelocity(engine));
      java.util.Set<String> known = teams(api).keySet();

      try (SseReader first = SseReader.open(server.address(), null)) {
        // every team's current figures first
        await().atMost(Duration.ofSeconds(20)).until(() -> first.teams().containsAll(known));
        assertThat(first.events()).allMatch(e -> e.id() != null && !e.id().isBlank());
        // then each update: a lead of a new team, published as a CRM publishes (Confluent's client, default timestamps)
        io.salesvelocity.schemas.LeadCreated lead = io.salesvelocity.schemas.LeadCreated.newBuilder()
            .setEventId("sse-probe-event").setLeadId("sse-probe-lead").setTeamId("sse-probe-team")
            .setCreatedAt(START.plus(Duration.ofDays(40))).setStage(io.salesvelocity.schemas.Stage.SQL).build();
        crm.send(h.names().leadCreated(), lead.getLeadId().getBytes(java.nio.charset.StandardCharsets.UTF_8),
            crm.encode(h.names().leadCreated(), lead), null);
        crm.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> first.teams().contains("sse-probe-team"));
        SseReader.Event update = first.events().stream().filter(e -> "team".equals(e.event())
            && e.data().get("teamId").asText().equals("sse-probe-team")).findFirst().orElseThrow();
        assertThat(update.data().get("pipelineCount").asLong()).isEqualTo(1);
        String lastSeen = first.lastId();

        // a client that reconnects with Last-Event-ID gets the current state again, the new team in it
        try (SseReader again = SseReader.open(server.address(), lastSeen)) {
          await().atMost(Duration.ofSeconds(20)).until(() -> again.teams().containsAll(known)
              && again.teams().contains("sse-probe-team"));
          assertThat(again.events().get(0).id()).isNotEqualTo(lastSeen);
        }
      }
    }
  }

  /**
   * A page asks only for what it shows and gets each key at most once per interval (1 s by default): while live
   * traffic updates teams, segments, stages and stalled deals many times a second, a client of team events gets no
   * other kind and no team twice within the interval, and a client of ALL's segments gets those only. The stalled
   * deals come a page at a time, the pages together being the whole list.
   */
  @Test
  void shouldStreamOnlyWhatAClientAsksForAtMostOncePerKeyPerIntervalAndPageTheStalledDeals() throws Exception {
    EngineHarness h = new EngineHarness(1);
    h.createTopics();
    List<Delivery> history = history(19);
    int warm = history.size() / 2;
    Histories.publish(h, history.subList(0, warm));
    VelocityEngine engine = new VelocityEngine(h.config());
    try (engine; VelocityServer server = serve(engine, null)) {
      engine.start();
      awaitRunning(engine);
      ApiClient api = new ApiClient(server.address());
      await().atMost(Duration.ofSeconds(120)).until(() -> engine.counters().getOrDefault("events-read", 0.0) >= warm);
      assertThat(api.get("/api/stream?events=team,gossip").status()).isEqualTo(400);
      SseReader teamsOnly = SseReader.open(server.address(), null, "events=team");
      SseReader allSegments = SseReader.open(server.address(), null, "events=segment&scope=ALL");
      int snapshot;
      try {
        await().atMost(Duration.ofSeconds(20)).until(() -> !teamsOnly.teams().isEmpty());
        snapshot = teamsOnly.events().size();
        // the rest of the history at two simulated days per second: the teams change many times a second
        try (LivePublisher pub = Histories.publisher(h)) {
          pub.run(history.subList(warm, history.size()).iterator(), new LivePublisher.Pace(0, 2 * 86_400),
              Long.MAX_VALUE, null, null, null);
        }
        await().atMost(Duration.ofSeconds(60))
            .until(() -> engine.counters().getOrDefault("events-read", 0.0) >= history.size());
        await().atMost(Duration.ofSeconds(30)).until(() -> allSegments.events().size() > 20
            && teamsOnly.events().size() > snapshot + 8);
      } finally {
        teamsOnly.close();
        allSegments.close();
      }
      assertThat(teamsOnly.events()).allMatch(e -> "team".equals(e.event()));
      assertThat(allSegments.events()).allMatch(e -> "segment".equals(e.event())
          && e.data().get("scope").asText().equals("ALL"));
      assertAtMostOncePerKeyPerInterval(teamsOnly.events().subList(snapshot, teamsOnly.events().size()),
          e -> e.data().get("teamId").asText());
      assertAtMostOncePerKeyPerInterval(allSegments.events(), e -> e.data().get("dimension").asText() + "/"
          + e.data().get("segment").asText());

      // the stalled deals, seven at a time: the pages together are the whole list, in its order
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
        List<String> whole = stalledLeads(api, "", 1000);
        assertThat(whole).as("more stalled deals than a page").hasSizeGreaterThan(7)
            .hasSize(api.json("/api/stalled").get("total").asInt());
        assertThat(stalledLeads(api, "", 7)).isEqualTo(whole);
      });
      assertThat(api.json("/api/stalled").get("stalled").size()).as("100 by default").isLessThanOrEqualTo(100);
      assertThat(api.get("/api/stalled?limit=0").status()).isEqualTo(400);
      assertThat(api.get("/api/stalled?cursor=not-a-cursor").status()).isEqualTo(400);
    }
  }

  /** Every stalled deal's lead (of {@code query}, e.g. {@code &team=emea}), {@code limit} a page, through the cursors. */
  private static List<String> stalledLeads(ApiClient api, String query, int limit) {
    List<String> leads = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page = api.json("/api/stalled?limit=" + limit + query + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(page.get("stalled").size()).isLessThanOrEqualTo(limit);
      page.get("stalled").forEach(j -> leads.add(j.get("leadId").asText()));
      cursor = page.get("next").isNull() ? null : page.get("next").asText();
    } while (cursor != null);
    return leads;
  }

  /**
   * No key twice within the stream interval (1 s; the engine here emits every 200 ms, so without the coalescing a
   * changing key comes about five times a second). Half the interval is the bound: the flush runs on a timer and
   * the events cross a socket.
   */
  private static void assertAtMostOncePerKeyPerInterval(List<SseReader.Event> events,
                                                        java.util.function.Function<SseReader.Event, String> key) {
    Map<String, Long> last = new java.util.HashMap<>();
    int repeated = 0;
    for (SseReader.Event e : events) {
      Long before = last.put(key.apply(e), e.receivedNanos());
      if (before != null) {
        repeated++;
        assertThat(e.receivedNanos() - before).as("gap between two updates of " + key.apply(e))
            .isGreaterThan(500_000_000L);
      }
    }
    assertThat(repeated).as("keys updated more than once").isPositive();
  }

  @Test
  void shouldRequireTheTokenForTheApiButNotForHealthChecks() throws Exception {
    EngineHarness h = new EngineHarness(1);
    h.createTopics();
    VelocityEngine engine = new VelocityEngine(h.config());
    try (engine; VelocityServer server = serve(engine, "s3cret-token")) {
      engine.start();
      awaitRunning(engine);
      ApiClient.Response anonymous = new ApiClient(server.address()).get("/api/teams");
      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Bearer");
      assertThat(anonymous.json().get("error").asText()).isEqualTo("unauthorized");
      assertThat(new ApiClient(server.address(), "wrong").get("/api/teams").status()).isEqualTo(401);
      assertThat(new ApiClient(server.address(), "wrong").get("/internal/teams?partitions=0").status()).isEqualTo(401);
      assertThat(new ApiClient(server.address(), "s3cret-token").get("/api/teams").status()).isEqualTo(200);
      assertThat(new ApiClient(server.address()).get("/health/live").status()).isEqualTo(200);
      assertThat(new ApiClient(server.address()).get("/metrics").status()).isEqualTo(200);
    }
  }

  /**
   * Two instances of one application, each with a standby replica of the other's tasks: both answer the same for
   * every team; when one dies, the other answers for all at once from its standby replicas (and says so), then as
   * the active instance once the group has moved the tasks.
   */
  @Test
  void shouldAnswerTheSameFromEitherOfTwoInstancesAndFromTheSurvivorWhenOneDies() throws Exception {
    EngineHarness h = new EngineHarness(2);
    h.settings.put("num.standby.replicas", "1");
    // whichever instance joins second, it gets active tasks at once: without this, an instance that has read the
    // whole history before the other joins keeps every active task until the other's warm-up replicas catch up and
    // a probing rebalance (probing.rebalance.interval.ms, 10 min) moves some
    h.settings.put("acceptable.recovery.lag", "100000000");
    // the group notices the dead instance after this long (Kafka's default is 45 s)
    h.settings.put("consumer.session.timeout.ms", "10000");
    h.createTopics();
    List<Delivery> history = history(33);
    Histories.publish(h, history);
    EngineConfig first = h.config();
    h.settings.put("state.dir", Files.createTempDirectory(h.prefix + "-second-state").toString());
    EngineConfig second = h.config();

    VelocityEngine a = new VelocityEngine(first);
    VelocityEngine b = new VelocityEngine(second);
    try (a; b; VelocityServer serverA = serve(a, null); VelocityServer serverB = serve(b, null)) {
      a.start();
      b.start();
      awaitRunning(a);
      awaitRunning(b);
      ApiClient apiA = new ApiClient(serverA.address());
      ApiClient apiB = new ApiClient(serverB.address());
      // both instances hold active tasks of the team sub-topology, and read the whole history between them
      await().atMost(Duration.ofSeconds(120)).until(() -> activeInstances(apiA) == 2
          && a.counters().getOrDefault("events-read", 0.0) + b.counters().getOrDefault("events-read", 0.0)
          >= history.size());
      awaitSettled(h, apiA, () -> h.latestVelocity(a));
      Map<String, TeamVelocity> published = h.latestVelocity(a);
      await().atMost(Duration.ofSeconds(30)).until(() -> answersAll(apiB, published));
      await().atMost(Duration.ofSeconds(60)).until(() -> standsByForTheOthers(a));
      for (String team : published.keySet()) {
        JsonNode fromA = apiA.json("/api/teams/" + team);
        JsonNode fromB = apiB.json("/api/teams/" + team);
        assertThat(fromA.get("servedBy").get("instance")).isEqualTo(fromB.get("servedBy").get("instance"));
        assertThat(same(fromA, published.get(team))).isTrue();
        assertThat(same(fromB, published.get(team))).isTrue();
      }
      String team = published.keySet().iterator().next();
      LocalDate day = h.daily(a).keySet().stream().filter(k -> k.getTeamId().equals(team)).map(TeamDay::getDay)
          .max(LocalDate::compareTo).orElseThrow();
      assertThat(apiA.json("/api/teams/" + team + "/daily?from=" + day + "&to=" + day).get("days"))
          .isEqualTo(apiB.json("/api/teams/" + team + "/daily?from=" + day + "&to=" + day).get("days"));

      // B dies: its HTTP server and its engine stop, without leaving the group (as on kill -9)
      long killed = System.nanoTime();
      serverB.close();
      b.close(Duration.ofSeconds(30));
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .untilAsserted(() -> assertAnswersAll(apiA, published));
      double fromStandby = (System.nanoTime() - killed) / 1e9;
      JsonNode listing = apiA.json("/api/teams");
      System.out.printf("[QueryApiIT] the survivor answered for every team %.2f s after the other instance died;"
          + " served by %s%n", fromStandby, listing.get("servedBy"));
      assertThat(fromStandby).isLessThan(30);
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
          .until(() -> answersAll(apiA, published) && activeInstances(apiA) == 1);
      System.out.printf("[QueryApiIT] the survivor was the active instance of every partition %.2f s after the"
          + " other died%n", (System.nanoTime() - killed) / 1e9);
    }
  }

  /**
   * Waits until the engine has taken in everything: its group has committed every record on the broker (the team
   * tasks catch up after the lead tasks, and a rebalance or a busy machine can hold both still for seconds), and
   * the API answers the same twice a second apart, and what sales-velocity last published.
   */
  static void awaitSettled(EngineHarness h, ApiClient api,
                           java.util.function.Supplier<Map<String, TeamVelocity>> published) {
    Map<String, String> previous = new TreeMap<>();
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
      ApiClient.Response r = api.get("/api/teams");
      if (r.status() != 200 || !h.drained()) {
        previous.clear();
        return false;
      }
      Map<String, JsonNode> now = teams(r.json());
      Map<String, String> asText = new TreeMap<>();
      now.forEach((k, v) -> asText.put(k, v.toString()));
      boolean settled = !now.isEmpty() && asText.equals(previous) && samePoints(now, published.get());
      previous.clear();
      previous.putAll(asText);
      return settled;
    });
  }

  /** Whether the instance answers for every team as published, from any mix of active and standby replicas. */
  static boolean answersAll(ApiClient api, Map<String, TeamVelocity> published) {
    ApiClient.Response r = api.get("/api/teams");
    // one answer for both: an instance that answers now may answer 503 a moment later (a rebalance)
    return r.status() == 200 && r.json().get("complete").asBoolean() && samePoints(teams(r.json()), published);
  }

  /** Fails, with the last answer in its message, unless {@link #answersAll} (for Awaitility's untilAsserted). */
  static void assertAnswersAll(ApiClient api, Map<String, TeamVelocity> published) {
    assertThat(answersAll(api, published)).as(() -> "every team as published: " + published.values().stream()
        .map(v -> v.getTeamId() + " " + v.getPipelineCount() + " open at " + v.getAsOf()).toList()
        + "; the last answer of /api/teams: " + api.get("/api/teams").body()).isTrue();
  }

  /**
   * Whether this engine, RUNNING, holds a standby replica of every task the other instances run as active: what a
   * failover needs to answer from standby replicas at once. An assignment can still move right after the instances
   * first agree on one (Kafka Streams' follow-up rebalances).
   */
  static boolean standsByForTheOthers(VelocityEngine engine) {
    KafkaStreams streams = engine.streams();
    if (streams == null || streams.state() != KafkaStreams.State.RUNNING) {
      return false;
    }
    Set<TopicPartition> others = new HashSet<>();
    Set<TopicPartition> standby = null;
    for (StreamsMetadata m : streams.metadataForAllStreamsClients()) {
      if ((m.host() + ":" + m.port()).equals(engine.applicationServer())) {
        standby = m.standbyTopicPartitions();
      } else {
        others.addAll(m.topicPartitions());
      }
    }
    return standby != null && !others.isEmpty() && standby.containsAll(others);
  }

  /** How many instances answered as the active one for some partition. */
  static long activeInstances(ApiClient api) {
    ApiClient.Response r = api.get("/api/teams");
    if (r.status() != 200) {
      return 0;
    }
    return java.util.stream.StreamSupport.stream(r.json().get("servedBy").spliterator(), false)
        .filter(s -> !s.get("standby").asBoolean()).map(s -> s.get("instance").asText())
        .collect(Collectors.toSet()).size();
  }

}
