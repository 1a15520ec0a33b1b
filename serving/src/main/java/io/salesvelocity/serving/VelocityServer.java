package io.salesvelocity.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.salesvelocity.velocity.runtime.VelocityEngine;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's HTTP server (Javalin): the query API under {@code /api}, the endpoints other instances call under
 * {@code /internal}, health checks and Prometheus metrics. Started before the engine, so that Kafka Streams can
 * advertise its address ({@code application.server}); it answers 503 until the engine is RUNNING, and answers during
 * a rebalance from the tasks this instance still holds.
 *
 * <p>Errors are JSON, {@code {"status", "error", "message"}}: 400 for a bad parameter, 401 without the token (when
 * {@code velocity.http.token} is set), 404 for an unknown team or endpoint, 503 while the engine is neither RUNNING nor REBALANCING
 * or no instance holding a partition answers.
 */
public final class VelocityServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VelocityServer.class);
  private static final LocalDate EARLIEST = LocalDate.of(1970, 1, 1);
  private static final LocalDate LATEST = LocalDate.of(9999, 12, 31);
  /** Days of /api/flow without a from: the last 30 bridged. */
  private static final int FLOW_DEFAULT_DAYS = 30;
  /** Days of /api/forecast without a from: the last 90 forecast. */
  private static final int FORECAST_DEFAULT_DAYS = 90;

  private final VelocityEngine engine;
  private final Optional<String> token;
  private final ServingMetrics metrics = new ServingMetrics();
  private final TeamQueries queries;
  private final OutputViews views;
  private final UpdateStream stream;
  private final Javalin app;
  private final String advertised;

  private VelocityServer(VelocityEngine engine, String listen, Optional<String> token) {
    this.engine = engine;
    this.token = token;
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.WRITE_BIGDECIMAL_AS_PLAIN);
    this.queries = new TeamQueries(engine, new Peers(json, token, Duration.ofSeconds(3)));
    this.views = new OutputViews(engine);
    this.stream = new UpdateStream(queries, views, engine.config().httpStreamInterval());
    this.app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.jsonMapper(new JavalinJackson(json, false));
      config.useVirtualThreads = false;
      // the dashboard's script and styles, and uPlot from its webjar: everything from the jar, nothing from a CDN
      config.staticFiles.add(files -> {
        files.hostedPath = "/dashboard";
        files.directory = "/dashboard";
        files.location = io.javalin.http.staticfiles.Location.CLASSPATH;
      });
      config.staticFiles.enableWebjars();
    });
    routes();
    Instance at = Instance.parse(listen);
    if (token.isEmpty() && !isLoopback(at.host())) {
      log.warn("The query API listens on {} without a token: anyone who reaches it reads every team's figures; "
          + "set velocity.http.token", listen);
    }
    app.start(at.host(), at.port());
    startViewsOnceTheEngineStarts();
    this.advertised = new Instance(advertisedHost(at.host()), app.port()).toString();
    log.info("Query API at http://{}/api/teams (dashboard /, health /health/ready, metrics /metrics)", advertised);
  }

  /**
   * Starts the server on {@code listen} ({@code host:port}, port 0 for any free one) for {@code engine}, not started
   * yet: the engine advertises the server's address to the other instances.
   */
  public static VelocityServer start(VelocityEngine engine, String listen, Optional<String> token) {
    VelocityServer server = new VelocityServer(engine, listen, token);
    engine.advertise(server.advertised);
    return server;
  }

  /** The views of the output topics start reading once the engine has started (its topics exist then). */
  private void startViewsOnceTheEngineStarts() {
    Thread t = new Thread(() -> {
      try {
        while (engine.streams() == null && !Thread.currentThread().isInterrupted()) {
          Thread.sleep(200);
        }
        views.start();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "velocity-views-start");
    t.setDaemon(true);
    t.start();
  }

  /** Where the other instances and clients reach this server: {@code host:port}. */
  public String address() {
    return advertised;
  }

  /** The port it listens on. */
  public int port() {
    return app.port();
  }

  private void routes() {
    app.before(ctx -> {
      String path = ctx.path();
      if ((path.startsWith("/api") || path.startsWith("/internal") || path.equals("/")) && !authorized(ctx)) {
        ctx.header("WWW-Authenticate", "Bearer");
        throw new ApiException(401, "unauthorized", "this API needs the header Authorization: Bearer <token> (or ?access_token=<token>)");
      }
    });
    app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
    app.exception(Exception.class, (e, ctx) -> {
      log.error("The query API failed on {} {}", ctx.method(), ctx.path(), e);
      error(ctx, 500, "internal-error", "the engine failed to answer: " + e);
    });
    app.error(404, ctx -> {
      if (ctx.attribute("velocity-error") == null) {
        error(ctx, 404, "unknown-endpoint", "no endpoint " + ctx.method() + " " + ctx.path());
      }
    });

    String page = Dashboard.page();
    app.get("/", ctx -> ctx.contentType("text/html; charset=utf-8").result(page));
    app.get("/health/live", this::live);
    app.get("/health/ready", this::ready);
    app.get("/metrics", ctx -> {
      metrics.bind(engine.streams());
      ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    });

    app.get("/api/teams", ctx -> ctx.json(queries.teams(trendDays(ctx))));
    // the filter is checked before the response turns into a stream, so that a bad one is a 400
    app.before("/api/stream", ctx -> UpdateStream.Filter.of(ctx.queryParam("events"), ctx.queryParam("scope")));
    app.sse("/api/stream", client -> stream.subscribe(client,
        UpdateStream.Filter.of(client.ctx().queryParam("events"), client.ctx().queryParam("scope"))));
    app.get("/api/segments", ctx -> {
      queries.queryable();
      String scope = Optional.ofNullable(ctx.queryParam("scope")).filter(v -> !v.isBlank()).orElse("ALL");
      String dimension = dimension(ctx);
      List<Map<String, Object>> found = views.segments(scope, dimension);
      if (found.isEmpty() && !scope.equals("ALL") && views.funnel(scope).isEmpty()) {
        queries.team(scope); // a 404 for a scope that is no team
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("scope", scope);
      out.put("dimension", dimension);
      out.put("segments", found);
      ctx.json(out);
    });
    app.get("/api/teams/{team}/funnel", ctx -> ctx.json(funnel(ctx.pathParam("team"))));
    app.get("/api/funnel", ctx -> ctx.json(funnel(Optional.ofNullable(ctx.queryParam("scope"))
        .filter(v -> !v.isBlank()).orElse("ALL"))));
    app.get("/api/stalled", ctx -> {
      queries.queryable();
      String team = Optional.ofNullable(ctx.queryParam("team")).filter(v -> !v.isBlank()).orElse(null);
      int limit = limit(ctx);
      List<Map<String, Object>> all = views.stalled(team);
      int from = StalledPage.start(all, ctx.queryParam("cursor"));
      List<Map<String, Object>> shown = all.subList(from, Math.min(all.size(), from + limit));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("teamId", team);
      out.put("total", all.size());
      out.put("stalled", shown);
      out.put("next", from + shown.size() < all.size() ? StalledPage.cursorAfter(shown.get(shown.size() - 1)) : null);
      ctx.json(out);
    });
    app.get("/api/flow", ctx -> {
      queries.queryable();
      String scope = Optional.ofNullable(ctx.queryParam("scope")).filter(v -> !v.isBlank()).orElse("ALL");
      FlowHistory flows = views.flows();
      LocalDate last = flows.lastDay(scope);
      if (last == null) {
        if (!scope.equals("ALL")) {
          queries.team(scope); // a 404 for a scope that is no team
        }
        throw ApiException.notFound("no-bridge", "no daily pipeline bridge of " + scope + " yet (pipeline-flow-daily: "
            + "a day's bridge is published once the day is final)");
      }
      LocalDate to = date(ctx, "to", last);
      LocalDate from = date(ctx, "from", to.minusDays(FLOW_DEFAULT_DAYS - 1));
      if (from.isAfter(to)) {
        throw ApiException.badParameter("from (" + from + ") is after to (" + to + ")");
      }
      List<io.salesvelocity.schemas.PipelineFlow> days = flows.days(scope, from, to);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("scope", scope);
      out.put("from", from.toString());
      out.put("to", to.toString());
      out.put("bridge", FlowHistory.summed(days));
      out.put("days", days.stream().map(RecordJson::of).toList());
      ctx.json(out);
    });
    app.get("/api/forecast", ctx -> {
      queries.queryable();
      String scope = Optional.ofNullable(ctx.queryParam("scope")).filter(v -> !v.isBlank()).orElse("ALL");
      ForecastHistory forecasts = views.forecasts();
      java.util.SortedSet<Integer> all = new java.util.TreeSet<>(forecasts.horizons(scope));
      all.addAll(views.currentHorizons(scope));
      List<Integer> horizons = List.copyOf(all);
      if (horizons.isEmpty()) {
        if (!scope.equals("ALL")) {
          queries.team(scope); // a 404 for a scope that is no team
        }
        throw ApiException.notFound("no-forecast", "no forecast of " + scope + " yet (sales-forecast: at the latest "
            + "event time, once the scope has one; sales-forecast-daily: once a day is final)");
      }
      boolean withDays = !"false".equals(ctx.queryParam("days"));
      List<Map<String, Object>> out = new java.util.ArrayList<>();
      for (int n : horizons) {
        io.salesvelocity.schemas.SalesForecast latest = forecasts.latest(scope, n);
        io.salesvelocity.schemas.SalesForecast scored = forecasts.latestScored(scope, n);
        io.salesvelocity.schemas.CurrentForecast current = views.currentForecast(scope, n);
        LocalDate to = date(ctx, "to", latest != null ? latest.getDay()
            : LocalDate.ofInstant(current.getAsOf(), java.time.ZoneOffset.UTC));
        LocalDate from = date(ctx, "from", to.minusDays(FORECAST_DEFAULT_DAYS - 1));
        if (from.isAfter(to)) {
          throw ApiException.badParameter("from (" + from + ") is after to (" + to + ")");
        }
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("horizonDays", n);
        h.put("current", current == null ? null : RecordJson.of(current));
        h.put("latest", latest == null ? null : RecordJson.of(latest));
        h.put("lastScored", scored == null ? null : RecordJson.of(scored));
        if (withDays) {
          h.put("days", forecasts.range(scope, n, from, to).stream().map(RecordJson::of).toList());
        }
        out.add(h);
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("scope", scope);
      body.put("horizons", out);
      ctx.json(body);
    });
    app.get("/api/teams/{team}", ctx -> ctx.json(queries.team(ctx.pathParam("team"))));
    app.get("/api/teams/{team}/daily", ctx -> {
      LocalDate from = date(ctx, "from", EARLIEST);
      LocalDate to = date(ctx, "to", LATEST);
      if (from.isAfter(to)) {
        throw ApiException.badParameter("from (" + from + ") is after to (" + to + ")");
      }
      ctx.json(queries.daily(ctx.pathParam("team"), from, to));
    });

    // what the other instances ask of this one's own stores: answered locally, never forwarded
    app.get("/internal/teams", ctx -> {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("teams", local().teams(partitions(ctx), standby(ctx), trendDays(ctx)));
      ctx.json(out);
    });
    app.get("/internal/teams/{team}", ctx -> ctx.json(local().team(ctx.pathParam("team"), partition(ctx), standby(ctx))
        .orElseThrow(() -> ApiException.notFound("unknown-team", "no team " + ctx.pathParam("team")))));
    app.get("/internal/teams/{team}/daily", ctx -> {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("days", local().dailyJson(ctx.pathParam("team"), partition(ctx), date(ctx, "from", EARLIEST),
          date(ctx, "to", LATEST), standby(ctx)));
      ctx.json(out);
    });
    app.exception(NotHere.class, (e, ctx) -> error(ctx, 409, "not-here", e.getMessage()));
  }

  /** A scope's stage funnel: {@code ALL}, or a team (404 for a team the engine does not know). */
  private Map<String, Object> funnel(String scope) {
    queries.queryable();
    List<Map<String, Object>> stages = views.funnel(scope);
    if (stages.isEmpty() && !scope.equals("ALL")) {
      queries.team(scope); // a 404 for an unknown team; a known one may have the funnel off
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("scope", scope);
    out.put("stages", stages);
    return out;
  }

  private static String dimension(Context ctx) {
    String value = ctx.queryParam("dimension");
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return io.salesvelocity.velocity.domain.segment.Dimension.of(value.trim()).label();
    } catch (IllegalArgumentException e) {
      throw ApiException.badParameter(e.getMessage());
    }
  }

  private LocalStores local() {
    return new LocalStores(queries.queryable());
  }

  private void live(Context ctx) {
    Map<String, Object> out = new LinkedHashMap<>();
    boolean failed = engine.failure().isDone();
    out.put("status", failed ? "DOWN" : "UP");
    if (failed) {
      out.put("reason", engine.failure().getNow(""));
    }
    ctx.status(failed ? 503 : 200).json(out);
  }

  private void ready(Context ctx) {
    KafkaStreams streams = engine.streams();
    KafkaStreams.State state = streams == null ? KafkaStreams.State.CREATED : streams.state();
    boolean restoring = engine.restoring();
    boolean ready = state == KafkaStreams.State.RUNNING && !restoring;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", ready ? "READY" : "NOT_READY");
    out.put("state", state.name());
    out.put("restoring", restoring);
    ctx.status(ready ? 200 : 503).json(out);
  }

  private boolean authorized(Context ctx) {
    if (token.isEmpty()) {
      return true;
    }
    String header = ctx.header("Authorization");
    // a browser's EventSource and a link to the dashboard cannot set a header: the token in the query (RFC 6750)
    String given = header != null && header.startsWith("Bearer ") ? header.substring("Bearer ".length()).trim()
        : ctx.queryParam("access_token");
    if (given == null) {
      return false;
    }
    // constant time: the comparison does not tell how much of a guess was right
    return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.get().getBytes(StandardCharsets.UTF_8));
  }

  private static void error(Context ctx, int status, String code, String message) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", status);
    out.put("error", code);
    out.put("message", message);
    ctx.attribute("velocity-error", code);
    ctx.status(status).json(out);
  }

  private static LocalDate date(Context ctx, String name, LocalDate absent) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      return absent;
    }
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw ApiException.badParameter(name + " must be a date, YYYY-MM-DD: " + value);
    }
  }

  private static Set<Integer> partitions(Context ctx) {
    String value = ctx.queryParam("partitions");
    if (value == null || value.isBlank()) {
      throw ApiException.badParameter("partitions is required: comma-separated partition numbers");
    }
    Set<Integer> out = new TreeSet<>();
    try {
      Arrays.stream(value.split(",")).map(String::trim).map(Integer::parseInt).forEach(out::add);
    } catch (NumberFormatException e) {
      throw ApiException.badParameter("partitions must be comma-separated partition numbers: " + value);
    }
    return out;
  }

  /** {@code ?limit=N}: how many stalled deals a page holds (100 by default, at most 1,000). */
  private static int limit(Context ctx) {
    String value = ctx.queryParam("limit");
    if (value == null || value.isBlank()) {
      return StalledPage.DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value.trim());
      if (limit < 1 || limit > StalledPage.MAX_LIMIT) {
        throw new NumberFormatException();
      }
      return limit;
    } catch (NumberFormatException e) {
      throw ApiException.badParameter("limit must be a number from 1 to " + StalledPage.MAX_LIMIT + ": " + value);
    }
  }

  /** {@code ?trend=N}: the last N final days' velocity of each team (0, the default: none). */
  private static int trendDays(Context ctx) {
    String value = ctx.queryParam("trend");
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      int days = Integer.parseInt(value.trim());
      if (days < 0 || days > 400) {
        throw new NumberFormatException();
      }
      return days;
    } catch (NumberFormatException e) {
      throw ApiException.badParameter("trend must be a number of days from 0 to 400: " + value);
    }
  }

  private static int partition(Context ctx) {
    try {
      return Integer.parseInt(String.valueOf(ctx.queryParam("partition")));
    } catch (NumberFormatException e) {
      throw ApiException.badParameter("partition must be a partition number: " + ctx.queryParam("partition"));
    }
  }

  private static boolean standby(Context ctx) {
    return "true".equalsIgnoreCase(ctx.queryParam("standby"));
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** A wildcard address is no address to reach: this machine's name instead. */
  private static String advertisedHost(String host) {
    if (!host.equals("0.0.0.0") && !host.equals("::") && !host.isBlank()) {
      return host;
    }
    try {
      return InetAddress.getLocalHost().getCanonicalHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  @Override
  public void close() {
    stream.close();
    views.close();
    app.stop();
    metrics.close();
  }
}
