package io.salesvelocity.serving;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The other instances' own stores, through their {@code /internal} endpoints (which answer from their local stores
 * only, never forwarding again): an instance that cannot be reached in time, or no longer holds the partition, is a
 * {@link NotHere}.
 */
final class Peers {
  private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() { };

  private final HttpClient client;
  private final ObjectMapper json;
  private final Optional<String> token;
  private final Duration timeout;

  Peers(ObjectMapper json, Optional<String> token, Duration timeout) {
    this.json = json;
    this.token = token;
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
  }

  @SuppressWarnings("unchecked")
  List<Map<String, Object>> teams(Instance at, Set<Integer> partitions, boolean standby, int trendDays)
      throws NotHere {
    Map<String, Object> body = get(at, "/internal/teams?partitions=" + partitions.stream().map(String::valueOf)
        .collect(Collectors.joining(",")) + "&standby=" + standby + "&trend=" + trendDays).orElseThrow(
            () -> new NotHere(at + " has no teams endpoint"));
    return (List<Map<String, Object>>) body.get("teams");
  }

  Optional<Map<String, Object>> team(Instance at, String teamId, int partition, boolean standby) throws NotHere {
    return get(at, "/internal/teams/" + path(teamId) + "?partition=" + partition + "&standby=" + standby);
  }

  @SuppressWarnings("unchecked")
  Optional<List<Map<String, Object>>> daily(Instance at, String teamId, int partition, LocalDate from, LocalDate to,
                                            boolean standby) throws NotHere {
    return get(at, "/internal/teams/" + path(teamId) + "/daily?partition=" + partition + "&from=" + from + "&to=" + to
        + "&standby=" + standby).map(body -> (List<Map<String, Object>>) body.get("days"));
  }

  /** The JSON object at {@code path}; empty on a 404 (the instance holds the partition, not the key). */
  private Optional<Map<String, Object>> get(Instance at, String path) throws NotHere {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(at.base() + path)).timeout(timeout).GET()
        .header("Accept", "application/json");
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new NotHere(at + " did not answer: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotHere(at + ": interrupted", e);
    }
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw new NotHere(at + " answered " + response.statusCode() + ": " + response.body());
    }
    try {
      return Optional.of(json.readValue(response.body(), JSON_OBJECT));
    } catch (IOException e) {
      throw new NotHere(at + " answered what is not JSON: " + e.getMessage(), e);
    }
  }

  private static String path(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
