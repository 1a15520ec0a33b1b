package io.salesvelocity.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A real HTTP client of the query API, as a dashboard or curl uses it. */
final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String token;

  ApiClient(String hostPort) {
    this(hostPort, null);
  }

  ApiClient(String hostPort, String token) {
    this.base = "http://" + hostPort;
    this.token = token;
  }

  record Response(int status, String contentType, String body, java.net.http.HttpHeaders headers) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  Response get(String path) {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET();
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> response = client.send(r.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
          response.body(), response.headers());
    } catch (java.net.http.HttpTimeoutException e) {
      // the server runs in this JVM: what its threads were doing says why it did not answer
      System.err.println("[ApiClient] GET " + path + " timed out; the threads of this JVM:");
      java.lang.management.ThreadInfo[] threads = java.lang.management.ManagementFactory.getThreadMXBean()
          .dumpAllThreads(true, true);
      for (java.lang.management.ThreadInfo t : threads) {
        StringBuilder dump = new StringBuilder("\"" + t.getThreadName() + "\" " + t.getThreadState());
        if (t.getLockName() != null) {
          dump.append(" on ").append(t.getLockName()).append(" held by ").append(t.getLockOwnerName());
        }
        for (StackTraceElement frame : t.getStackTrace()) {
          dump.append("\n    at ").append(frame);
        }
        System.err.println(dump);
      }
      throw new java.io.UncheckedIOException(e);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  JsonNode json(String path) {
    Response r = get(path);
    if (r.status() != 200) {
      throw new AssertionError("GET " + path + ": " + r.status() + " " + r.body());
    }
    return r.json();
  }
}
