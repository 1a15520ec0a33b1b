package io.salesvelocity.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** A Server-Sent Events client of /api/stream, as a browser's EventSource reads it: id, event and data lines. */
final class SseReader implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An event, and when it arrived ({@link System#nanoTime()}). */
  record Event(String id, String event, JsonNode data, long receivedNanos) { }

  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> reading;

  private SseReader(String hostPort, String lastEventId, String query) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + hostPort + "/api/stream"
            + (query == null ? "" : "?" + query)))
        .header("Accept", "text/event-stream").GET();
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    reading = client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> {
      String[] current = new String[3];
      try (Stream<String> lines = r.body()) {
        lines.forEach(line -> {
          if (line.isEmpty()) {
            if (current[2] != null) {
              try {
                events.add(new Event(current[0], current[1], JSON.readTree(current[2]), System.nanoTime()));
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            }
            current[1] = null;
            current[2] = null;
          } else if (line.startsWith("id:")) {
            current[0] = line.substring(3).trim();
          } else if (line.startsWith("event:")) {
            current[1] = line.substring(6).trim();
          } else if (line.startsWith("data:")) {
            current[2] = line.substring(5).trim();
          }
        });
      }
    });
  }

  static SseReader open(String hostPort, String lastEventId) {
    return new SseReader(hostPort, lastEventId, null);
  }

  /** A client that asks for {@code query} ({@code events=team&scope=ALL}). */
  static SseReader open(String hostPort, String lastEventId, String query) {
    return new SseReader(hostPort, lastEventId, query);
  }

  List<Event> events() {
    return List.copyOf(events);
  }

  /** The team ids of the {@code team} events so far. */
  java.util.Set<String> teams() {
    java.util.Set<String> out = new java.util.TreeSet<>();
    events.stream().filter(e -> "team".equals(e.event())).forEach(e -> out.add(e.data().get("teamId").asText()));
    return out;
  }

  String lastId() {
    return events.isEmpty() ? null : events.get(events.size() - 1).id();
  }

  @Override
  public void close() {
    reading.cancel(true);
  }
}
