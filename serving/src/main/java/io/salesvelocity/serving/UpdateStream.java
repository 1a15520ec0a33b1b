package io.salesvelocity.serving;

import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /api/stream}: Server-Sent Events of the updates of the engine's outputs, whichever instance computed
 * them ({@link OutputViews} reads the output topics): {@code team} (sales-velocity), {@code segment}
 * (sales-velocity-segments), {@code funnel} (sales-funnel) and {@code stalled} (stalled-deals). A client gets every
 * team's current figures first ({@code team} events from {@code GET /api/teams}), also when it reconnects with
 * {@code Last-Event-ID}: what it missed meanwhile is in that state. Events carry their {@code asOf}; a client keeps
 * the latest per key. A comment line every 15 s keeps idle connections open through proxies.
 *
 * <p>Light for a page: a client asks only for what it shows ({@code ?events=team,funnel}, and {@code ?scope=} for
 * one scope's segments, funnel and stalled deals), and gets at most one update per key (a team, a segment, a stage
 * of a scope, a stalled deal) per interval ({@code velocity.http.stream.interval}, 1 s by default): the latest, as
 * a client keeps the latest per key anyway. The demo's engine updates about a thousand keys a second; a key that
 * changes ten times a second is sent once.
 */
final class UpdateStream implements AutoCloseable {
  private static final long HEARTBEAT_SECONDS = 15;
  /** The kinds of events, as {@code ?events=} names them. */
  static final Set<String> KINDS = Set.of("team", "segment", "funnel", "stalled");

  /** What a client asked for: kinds of events, and the scope of its segment, funnel and stalled events (null: all). */
  record Filter(Set<String> events, String scope) {
    static Filter of(String events, String scope) {
      Set<String> kinds = new LinkedHashSet<>();
      if (events == null || events.isBlank()) {
        kinds.addAll(KINDS);
      } else {
        for (String e : events.split(",")) {
          String kind = e.trim();
          if (!KINDS.contains(kind)) {
            throw ApiException.badParameter("events: '" + kind + "' is none of team, segment, funnel, stalled");
          }
          kinds.add(kind);
        }
      }
      return new Filter(kinds, scope == null || scope.isBlank() ? null : scope.trim());
    }

    boolean wants(String event, Map<String, Object> data) {
      if (!events.contains(event)) {
        return false;
      }
      if (scope == null || "team".equals(event)) {
        return true;
      }
      return scope.equals("stalled".equals(event) ? data.get("teamId") : data.get("scope"));
    }
  }

  /** The key an update replaces the previous one of: what a client keeps the latest of. */
  static String keyOf(String event, Map<String, Object> data) {
    return switch (event) {
      case "team" -> "team/" + data.get("teamId");
      case "segment" -> "segment/" + data.get("scope") + "/" + data.get("dimension") + "/" + data.get("segment");
      case "funnel" -> "funnel/" + data.get("scope") + "/" + data.get("stage");
      case "stalled" -> "stalled/" + data.get("leadId");
      default -> event + "/" + data;
    };
  }

  private record Update(String event, Map<String, Object> data) { }

  /** A connected client: its filter, and the latest update of each key not sent yet. */
  private static final class Client {
    final SseClient sse;
    final Filter filter;
    final Map<String, Update> pending = new LinkedHashMap<>();

    Client(SseClient sse, Filter filter) {
      this.sse = sse;
      this.filter = filter;
    }
  }

  private final TeamQueries queries;
  private final OutputViews views;
  private final long intervalMillis;
  private final Set<Client> clients = ConcurrentHashMap.newKeySet();
  private final String epoch = Long.toString(System.currentTimeMillis(), 36);
  private final AtomicLong sequence = new AtomicLong();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "velocity-stream");
    t.setDaemon(true);
    return t;
  });

  UpdateStream(TeamQueries queries, OutputViews views, Duration interval) {
    this.queries = queries;
    this.views = views;
    this.intervalMillis = interval.toMillis();
    views.onUpdate(this::update);
    timer.scheduleAtFixedRate(() -> clients.forEach(client -> {
      synchronized (client) {
        if (!client.sse.terminated()) {
          client.sse.sendComment("heartbeat");
        }
      }
    }), HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    if (intervalMillis > 0) {
      timer.scheduleAtFixedRate(this::flush, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }
  }

  /** A new client: it is sent every team's current figures, then the updates it asked for. */
  @SuppressWarnings("unchecked")
  void subscribe(SseClient sse, Filter filter) {
    sse.keepAlive();
    Client client = new Client(sse, filter);
    sse.onClose(() -> clients.remove(client));
    // subscribed before the snapshot is read: an update meanwhile comes twice rather than never
    clients.add(client);
    views.start();
    if (filter.events().contains("team")) {
      try {
        for (Map<String, Object> team : (List<Map<String, Object>>) queries.teams(0).get("teams")) {
          send(client, "team", team);
        }
      } catch (ApiException e) {
        send(client, "status", Map.of("status", e.status(), "message", e.getMessage()));
      }
    }
  }

  private void update(String event, Map<String, Object> data) {
    for (Client client : clients) {
      if (!client.filter.wants(event, data)) {
        continue;
      }
      if (intervalMillis == 0) {
        send(client, event, data);
        continue;
      }
      synchronized (client) {
        client.pending.put(keyOf(event, data), new Update(event, data)); // the latest of a key wins
      }
    }
  }

  private void flush() {
    for (Client client : clients) {
      List<Update> due;
      synchronized (client) {
        if (client.pending.isEmpty()) {
          continue;
        }
        due = new ArrayList<>(client.pending.values());
        client.pending.clear();
      }
      due.forEach(u -> send(client, u.event(), u.data()));
    }
  }

  private void send(Client client, String event, Map<String, Object> data) {
    synchronized (client) {
      if (!client.sse.terminated()) {
        client.sse.sendEvent(event, data, epoch + "-" + sequence.incrementAndGet());
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    clients.forEach(c -> c.sse.close());
  }
}
