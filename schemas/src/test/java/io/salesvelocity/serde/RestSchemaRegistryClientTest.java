package io.salesvelocity.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST client against a real HTTP server on loopback that records what it receives. */
class RestSchemaRegistryClientTest {
  private static final Schema STRING = Schema.create(Schema.Type.STRING);
  private HttpServer server;
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private volatile int status = 200;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      String path = exchange.getRequestURI().getPath();
      String body = path.startsWith("/schemas/ids/") ? "{\"schema\":\"\\\"string\\\"\"}"
          : status == 404 ? "{\"error_code\":40403,\"message\":\"Schema not found\"}" : "{\"id\":7}";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void shouldSendBasicAuthFromUserInfo() {
    try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(SchemaRegistryConfig.from(Map.of(
        SchemaRegistryConfig.URL, url(), SchemaRegistryConfig.BASIC_AUTH_USER_INFO, "alice:s3cret")))) {
      assertThat(client.register("t-value", STRING)).isEqualTo(7);
    }
    assertThat(authorizations).containsExactly("Basic YWxpY2U6czNjcmV0");
  }

  @Test
  void shouldTryTheNextUrlWhenOneIsUnreachableAndCacheWhatItLearned() {
    String dead = "http://127.0.0.1:1";
    try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(SchemaRegistryConfig.from(Map.of(
        SchemaRegistryConfig.URL, dead + "," + url())))) {
      assertThat(client.schemaById(7)).isEqualTo(STRING);
      assertThat(client.schemaById(7)).isEqualTo(STRING);
    }
    assertThat(authorizations).hasSize(1); // the second lookup came from the cache
  }

  @Test
  void shouldReportAServerErrorAsUnavailableNotAsABadRecord() {
    status = 503;
    try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(SchemaRegistryConfig.from(Map.of(
        SchemaRegistryConfig.URL, url())))) {
      assertThatThrownBy(() -> client.register("t-value", STRING)).isInstanceOf(RegistryUnavailableException.class);
    }
  }

  @Test
  void shouldReportAClientErrorWithItsConfluentErrorCode() {
    status = 404;
    try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(SchemaRegistryConfig.from(Map.of(
        SchemaRegistryConfig.URL, url())))) {
      assertThatThrownBy(() -> client.idOf("t-value", STRING))
          .isInstanceOf(SchemaRegistryException.class)
          .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40403));
    }
  }

  @Test
  void shouldRefuseAMissingOrMalformedConfiguration() {
    assertThatThrownBy(() -> SchemaRegistryConfig.from(Map.of()))
        .hasMessageContaining("schema.registry.url");
    assertThatThrownBy(() -> SchemaRegistryConfig.from(Map.of(SchemaRegistryConfig.URL, "ftp://x")))
        .hasMessageContaining("http");
    assertThatThrownBy(() -> SchemaRegistryConfig.from(Map.of(SchemaRegistryConfig.URL, url(),
        SchemaRegistryConfig.BASIC_AUTH_USER_INFO, "no-colon"))).hasMessageContaining("user:password");
  }
}
