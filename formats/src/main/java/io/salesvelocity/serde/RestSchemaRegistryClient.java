package io.salesvelocity.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confluent Schema Registry REST client over the JDK HTTP client. Ids and schemas never change once
 * assigned, so both directions are cached for the life of the client; "latest" is not cached. When no URL
 * answers (I/O error, 5xx), a call tries them all again with exponential backoff for up to
 * {@code schema.registry.retry.timeout.ms}, then reports the outage ({@link RegistryUnavailableException}). After
 * that, calls fail at once (without a request) until the next try is due, one try a time, the wait doubling up to
 * {@code schema.registry.retry.backoff.max.ms}: a caller that holds a thread (a stream thread) is not held for every
 * record of an outage. URLs in messages never carry credentials.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
  private static final Logger log = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<URI> urls;
  private final HttpClient http;
  private final String authorization;
  private final Duration timeout;
  private final long retryBackoffMs;
  private final long retryBackoffMaxMs;
  private final long retryTimeoutMs;
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  /** While the registry is known to be away: no request before {@code nextTry}. */
  private volatile Outage outage;
  private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();

  public RestSchemaRegistryClient(SchemaRegistryConfig config) {
    this.urls = config.urls();
    this.timeout = Duration.ofMillis(config.requestTimeoutMs());
    this.retryBackoffMs = config.retryBackoffMs();
    this.retryBackoffMaxMs = config.retryBackoffMaxMs();
    this.retryTimeoutMs = config.retryTimeoutMs();
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
    if (config.tls().isConfigured()) {
      builder.sslContext(sslContext(config.tls()));
    }
    this.http = builder.build();
    this.authorization = config.basicAuthUserInfo() == null ? null
        : "Basic " + Base64.getEncoder().encodeToString(config.basicAuthUserInfo().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int register(String subject, Schema schema) {
    return idsBySubjectSchema.computeIfAbsent(new SubjectSchema(subject, schema), key -> {
      JsonNode body = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
      int id = body.path("id").asInt(-1);
      schemasById.putIfAbsent(id, schema);
      log.info("Registered schema {} under subject {} as id {}", schema.getFullName(), subject, id);
      return id;
    });
  }

  @Override
  public int idOf(String subject, Schema schema) {
    return idsBySubjectSchema.computeIfAbsent(new SubjectSchema(subject, schema), key -> {
      JsonNode body = send("POST", "/subjects/" + encode(subject), schemaBody(schema));
      int id = body.path("id").asInt(-1);
      schemasById.putIfAbsent(id, schema);
      return id;
    });
  }

  @Override
  public Schema schemaById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    JsonNode body;
    try {
      body = send("GET", "/schemas/ids/" + id, null);
    } catch (SchemaRegistryException e) {
      if (e.httpStatus() == 404) {
        throw new RecordReadException(ReadFailure.UNKNOWN_SCHEMA_ID, "schema id " + id + " is not in the registry", e);
      }
      throw e;
    }
    Schema schema;
    try {
      schema = parse(body.path("schema").asText());
    } catch (RuntimeException e) {
      // the registry's answer for this id is not an Avro schema: every record written with the id is unreadable
      throw new RecordReadException(ReadFailure.INVALID_SCHEMA, "the registry's schema for id " + id
          + " is not a valid Avro schema: " + Printable.of(e.getMessage(), 300), e);
    }
    schemasById.putIfAbsent(id, schema);
    return schema;
  }

  @Override
  public RegisteredSchema latest(String subject) {
    JsonNode body = send("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
    Schema schema;
    try {
      schema = parse(body.path("schema").asText());
    } catch (RuntimeException e) {
      throw new SchemaRegistryException("the latest version of " + subject + " is not a valid Avro schema: "
          + Printable.of(e.getMessage(), 300), 200, -1);
    }
    int id = body.path("id").asInt();
    schemasById.putIfAbsent(id, schema);
    return new RegisteredSchema(subject, body.path("version").asInt(), id, schema);
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    try {
      JsonNode body = send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest", schemaBody(schema));
      return body.path("is_compatible").asBoolean(false);
    } catch (SchemaRegistryException e) {
      if (e.httpStatus() == 404) {
        return true; // nothing registered yet: any first version is compatible
      }
      throw e;
    }
  }

  @Override
  public void setCompatibility(String subject, String level) {
    ObjectNode body = JSON.createObjectNode().put("compatibility", level);
    send("PUT", "/config/" + encode(subject), body.toString());
  }

  @Override
  public void close() {
    // the JDK client frees its resources when unreachable; nothing to release explicitly on Java 17
  }

  /**
   * Tries every URL in turn; while none answers, tries them all again with backoff until the retry timeout. During a
   * known outage: nothing before the next try is due, then a single try.
   */
  private JsonNode send(String method, String path, String body) {
    Outage known = outage;
    if (known != null) {
      long now = System.currentTimeMillis();
      if (now < known.nextTry()) {
        throw new RegistryUnavailableException("schema registry unavailable since " + java.time.Instant.ofEpochMilli(
            known.since()) + " (" + known.cause() + "); next try in " + (known.nextTry() - now) + " ms", null);
      }
      Attempt attempt = sendOnce(method, path, body);
      if (attempt.answer() != null) {
        log.info("Schema registry available again after an outage since {}", java.time.Instant.ofEpochMilli(
            known.since()));
        outage = null;
        return attempt.answer();
      }
      long wait = Math.min(known.waitMillis() * 2, retryBackoffMaxMs);
      outage = new Outage(known.since(), System.currentTimeMillis() + wait, wait, attempt.exception().getMessage());
      throw attempt.exception();
    }
    long deadline = System.nanoTime() + retryTimeoutMs * 1_000_000;
    long backoff = retryBackoffMs;
    while (true) {
      Attempt attempt = sendOnce(method, path, body);
      if (attempt.answer() != null) {
        return attempt.answer();
      }
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        outage = new Outage(System.currentTimeMillis(), System.currentTimeMillis() + backoff, backoff,
            attempt.exception().getMessage());
        log.warn("Schema registry unavailable for {} ms ({}); calls fail at once until the next try, in {} ms",
            retryTimeoutMs, attempt.exception().getMessage(), backoff);
        throw attempt.exception();
      }
      if (backoff == retryBackoffMs) {
        log.warn("Schema registry unavailable ({}); trying again with backoff for up to {} ms",
            attempt.exception().getMessage(), retryTimeoutMs);
      }
      try {
        Thread.sleep(Math.min(backoff, left)); // backing off from an unavailable service is what sleeping is for
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryUnavailableException("interrupted while waiting for the schema registry", e);
      }
      backoff = Math.min(backoff * 2, retryBackoffMaxMs);
    }
  }

  /** The answer of the first URL that answers, or why none did. Client errors (4xx) are thrown at once. */
  private Attempt sendOnce(String method, String path, String body) {
    RegistryUnavailableException lastFailure = null;
    for (URI base : urls) {
      String where = SchemaRegistryConfig.redact(base);
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
          .timeout(timeout)
          .header("Accept", CONTENT_TYPE + ", application/json");
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      if (body != null) {
        request.header("Content-Type", CONTENT_TYPE);
        request.method(method, HttpRequest.BodyPublishers.ofString(body));
      } else {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<String> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        lastFailure = new RegistryUnavailableException("schema registry " + where + " unreachable: "
            + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        continue; // try the next URL
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryUnavailableException("interrupted calling the schema registry", e);
      }
      int status = response.statusCode();
      if (status >= 500) {
        lastFailure = new RegistryUnavailableException("schema registry " + where + " failed: HTTP " + status + " "
            + Printable.of(response.body(), 200), null);
        continue;
      }
      JsonNode json = readJson(response.body());
      if (status >= 400) {
        throw new SchemaRegistryException(method + " " + path + ": "
            + Printable.of(json.path("message").asText(response.body()), 300), status, json.path("error_code").asInt(-1));
      }
      return new Attempt(json, null);
    }
    return new Attempt(null, lastFailure);
  }

  private record Attempt(JsonNode answer, RegistryUnavailableException exception) { }

  /** A known outage: when it began, when the next request may go out, the wait before it, what failed last. */
  private record Outage(long since, long nextTry, long waitMillis, String cause) { }

  private static JsonNode readJson(String text) {
    if (text == null || text.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return JSON.createObjectNode().put("message", text);
    }
  }

  private static String schemaBody(Schema schema) {
    return JSON.createObjectNode().put("schemaType", "AVRO").put("schema", schema.toString()).toString();
  }

  private static Schema parse(String text) {
    return new Schema.Parser().parse(text);
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8);
  }

  private static SSLContext sslContext(SchemaRegistryConfig.TlsSettings tls) {
    try {
      TrustManagerFactory tmf = null;
      if (tls.truststoreLocation() != null) {
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(tls.truststoreLocation(), tls.truststorePassword(), tls.truststoreType()));
      }
      KeyManagerFactory kmf = null;
      if (tls.keystoreLocation() != null) {
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        String keyPassword = tls.keyPassword() != null ? tls.keyPassword() : tls.keystorePassword();
        kmf.init(load(tls.keystoreLocation(), tls.keystorePassword(), tls.keystoreType()),
            keyPassword == null ? null : keyPassword.toCharArray());
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new ConfigException("schema registry TLS settings could not be loaded: " + e.getMessage());
    }
  }

  private static KeyStore load(String location, String password, String type)
      throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance(type);
    try (InputStream in = Files.newInputStream(Path.of(location))) {
      store.load(in, password == null ? null : password.toCharArray());
    }
    return store;
  }

  private record SubjectSchema(String subject, Schema schema) { }
}
