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
  /** Requests to fail with 503 before answering with {@link #status}. */
  private final java.util.concurrent.atomic.AtomicInteger failuresLeft = new java.util.concurrent.atomic.AtomicInteger();
  private volatile String schemaText = "\\\"string\\\"";

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      String path = exchange.getRequestURI().getPath();
      boolean fail = failuresLeft.getAndDecrement() > 0;
      String body = fail ? "overloaded" : path.startsWith("/schemas/ids/") ? "{\"schema\":\"" + schemaText + "\"}"
          : status == 404 ? "{\"error_code\":40403,\"message\":\"Schema not found\"}" : "{\"id\":7}";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(fail ? 503 : status, bytes.length);
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
  void shouldReportAServerErrorThatOutlastsTheRetryTimeoutAsUnavailableNotAsABadRecord() {
    status = 503;
    long began = System.nanoTime();
    try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(SchemaRegistryConfig.from(Map.of(
        SchemaRegistryConfig.URL, url(), SchemaRegistryConfig.RETRY_TIMEOUT_MS, "400")))) {
      assertThatThrownBy(() -> client.register("t-value", STRING)).isInstanceOf(RegistryUnavailableException.class)
          .isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
    }
    long millis = (System.nanoTime() - began) / 1_000_000;
    assertThat(millis).isBetween(400L, 5_000L);
    assertThat(authorizations.size()).as("tries, with backoff between them").isBetween(2, 6);
  }

  @Test
  void shouldFailAtOnceDuringAKnownOutageAndTryAgainWhenTheNextTryIsDue() {
    status = 503;
    try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(SchemaRegistryConfig.from(Map.of(
        SchemaRegistryConfig.URL, url(), SchemaRegistryConfig.RETRY_TIMEOUT_MS, "100",
        SchemaRegistryConfig.RETRY_BACKOFF_MS, "300", SchemaRegistryConfig.RETRY_BACKOFF_MAX_MS, "300")))) {
      assertThatThrownBy(() -> client.register("t-value", STRING)).isInstanceOf(RegistryUnavailableException.class);
      int requests = authorizations.size();
      for (int i = 0; i < 20; i++) {
        assertThatThrownBy(() -> client.idOf("t-value", STRING)).isInstanceOf(RegistryUnavailableException.class)
            .hasMessageContaining("next try in");
      }
      assertThat(authorizations).as("no request while the next try is not due").hasSize(requests);

      status = 200;
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
          .pollInterval(java.time.Duration.ofMillis(50)).ignoreExceptions()
          .until(() -> client.register("t-value", STRING) == 7);
      assertThat(authorizations.size() - requests).as("one try when due, not a retry loop").isLessThanOrEqualTo(2);
      assertThat(client.idOf("u-value", STRING)).as("the outage is over").isEqualTo(7);
    }
  }

  @Test
  void shouldRetryAnUnavailableRegistryWithBackoffUntilItAnswers() {
    failuresLeft.set(3);
    try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(SchemaRegistryConfig.from(Map.of(
        SchemaRegistryConfig.URL, url(), SchemaRegistryConfig.RETRY_BACKOFF_MS, "10")))) {
      assertThat(client.register("t-value", STRING)).isEqualTo(7);
    }
    assertThat(authorizations).hasSize(4);
  }

  @Test
  void shouldReportASchemaTextThatIsNotAvroAsAProblemOfTheRecordsWrittenWithIt() {
    schemaText = "{not avro at all";
    try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(SchemaRegistryConfig.from(Map.of(
        SchemaRegistryConfig.URL, url())))) {
      assertThatThrownBy(() -> client.schemaById(9))
          .isInstanceOf(RecordReadException.class)
          .satisfies(e -> assertThat(((RecordReadException) e).failure()).isEqualTo(ReadFailure.INVALID_SCHEMA));
    }
  }

  @Test
  void shouldMakeTheDeserializerRefuseRecordsWhoseSchemaTheRegistryCannotGiveAsAvro() {
    schemaText = "{not avro at all";
    ConfluentAvroDeserializer<io.salesvelocity.schemas.LeadCreated> reader =
        new ConfluentAvroDeserializer<>(io.salesvelocity.schemas.LeadCreated.class);
    reader.configure(Map.of(SchemaRegistryConfig.URL, url()), false);
    byte[] bytes = java.nio.ByteBuffer.allocate(7).put(WireFormat.MAGIC_BYTE).putInt(9).put((byte) 2).put((byte) 0)
        .array();
    assertThatThrownBy(() -> reader.deserialize("t", bytes)).isInstanceOf(RecordReadException.class)
        .satisfies(e -> assertThat(((RecordReadException) e).failure()).isEqualTo(ReadFailure.INVALID_SCHEMA));
    reader.close();
  }

  @Test
  void shouldTakeCredentialsFromTheUrlAndNeverPutThemInAMessage() {
    String withCredentials = "http://alice:s3cret@127.0.0.1:" + server.getAddress().getPort();
    try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(SchemaRegistryConfig.from(Map.of(
        SchemaRegistryConfig.URL, withCredentials)))) {
      assertThat(client.register("t-value", STRING)).isEqualTo(7);
    }
    assertThat(authorizations).containsExactly("Basic YWxpY2U6czNjcmV0");

    try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(SchemaRegistryConfig.from(Map.of(
        SchemaRegistryConfig.URL, "http://alice:s3cret@127.0.0.1:1", SchemaRegistryConfig.RETRY_TIMEOUT_MS, "1")))) {
      assertThatThrownBy(() -> client.schemaById(1)).isInstanceOf(RegistryUnavailableException.class)
          .satisfies(e -> assertThat(e.getMessage()).contains("127.0.0.1:1").doesNotContain("s3cret"));
    }
    assertThatThrownBy(() -> SchemaRegistryConfig.from(Map.of(SchemaRegistryConfig.URL, "ftp://alice:s3cret@x")))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
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
