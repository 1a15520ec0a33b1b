package io.salesvelocity.serving;

import io.javalin.http.sse.SseClient;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /api/stream}: Server-Sent Events, one per update of the engine's outputs, whichever instance computed
 * them ({@link OutputViews} reads the output topics): {@code team} (sales-velocity), {@code segment}
 * (sales-velocity-segments), {@code funnel} (sales-funnel) and {@code stalled} (stalled-deals). A client gets every
 * team's current figures first ({@code team} events from {@code GET /api/teams}), also when it reconnects with
 * {@code Last-Event-ID}: what it missed meanwhile is in that state. Events carry their {@code asOf}; a client keeps
 * the latest per key. A comment line every 15 s keeps idle connections open through proxies.
 */
final class UpdateStream implements AutoCloseable {
  private static final long HEARTBEAT_SECONDS = 15;

  private final TeamQueries queries;
  private final OutputViews views;
  private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
  private final String epoch = Long.toString(System.currentTimeMillis(), 36);
  private final AtomicLong sequence = new AtomicLong();
  private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "velocity-stream-heartbeat");
    t.setDaemon(true);
    return t;
  });

  UpdateStream(TeamQueries queries, OutputViews views) {
    this.queries = queries;
    this.views = views;
    views.onUpdate((event, data) -> clients.forEach(client -> send(client, event, data)));
    heartbeat.scheduleAtFixedRate(() -> clients.forEach(client -> {
      synchronized (client) {
        if (!client.terminated()) {
          client.sendComment("heartbeat");
        }
      }
    }), HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
  }

  /** A new client: it is sent every team's current figures, then every update. */
  @SuppressWarnings("unchecked")
  void subscribe(SseClient client) {
    client.keepAlive();
    client.onClose(() -> clients.remove(client));
    // subscribed before the snapshot is read: an update meanwhile comes twice rather than never
    clients.add(client);
    views.start();
    try {
      for (Map<String, Object> team : (List<Map<String, Object>>) queries.teams(0).get("teams")) {
        send(client, "team", team);
      }
    } catch (ApiException e) {
      send(client, "status", Map.of("status", e.status(), "message", e.getMessage()));
    }
  }

  private void send(SseClient client, String event, Map<String, Object> data) {
    synchronized (client) {
      if (!client.terminated()) {
        client.sendEvent(event, data, epoch + "-" + sequence.incrementAndGet());
      }
    }
  }

  @Override
  public void close() {
    heartbeat.shutdownNow();
    clients.forEach(SseClient::close);
  }
}
