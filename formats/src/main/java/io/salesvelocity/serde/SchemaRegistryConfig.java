package io.salesvelocity.serde;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigException;

/**
 * Serde and registry settings, read with Confluent's property names so that existing client configuration
 * carries over unchanged.
 */
public final class SchemaRegistryConfig {
  public static final String URL = "schema.registry.url";
  public static final String AUTO_REGISTER = "auto.register.schemas";
  public static final String USE_LATEST_VERSION = "use.latest.version";
  public static final String BASIC_AUTH_SOURCE = "basic.auth.credentials.source";
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
  public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
  public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
  public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
  public static final String KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
  public static final String KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
  public static final String KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
  public static final String KEY_PASSWORD = "schema.registry.ssl.key.password";
  public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
  /** First wait before calling an unavailable registry again; doubles up to {@link #RETRY_BACKOFF_MAX_MS}. */
  public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";
  public static final String RETRY_BACKOFF_MAX_MS = "schema.registry.retry.backoff.max.ms";
  /** How long one call keeps retrying an unavailable registry before it reports the outage. */
  public static final String RETRY_TIMEOUT_MS = "schema.registry.retry.timeout.ms";

  private final List<URI> urls;
  private final boolean autoRegister;
  private final boolean useLatestVersion;
  private final String basicAuthUserInfo;
  private final TlsSettings tls;
  private final long requestTimeoutMs;
  private final long retryBackoffMs;
  private final long retryBackoffMaxMs;
  private final long retryTimeoutMs;

  private SchemaRegistryConfig(Map<String, ?> props) {
    String urlText = string(props, URL, null);
    this.urls = parseUrls(urlText);
    this.autoRegister = bool(props, AUTO_REGISTER, true);
    this.useLatestVersion = bool(props, USE_LATEST_VERSION, false);
    String userInfo = string(props, BASIC_AUTH_USER_INFO, null);
    String urlUserInfo = urlUserInfo(urlText);
    // Confluent's sources: USER_INFO (basic.auth.user.info) or URL (http://user:password@host); without the
    // setting, whichever of the two is given
    String source = string(props, BASIC_AUTH_SOURCE, userInfo == null && urlUserInfo != null ? "URL" : "USER_INFO");
    if (!"USER_INFO".equals(source) && !"URL".equals(source)) {
      throw new ConfigException(BASIC_AUTH_SOURCE, source, "expected USER_INFO or URL");
    }
    String chosen = "URL".equals(source) ? urlUserInfo : userInfo;
    if (chosen != null && !chosen.isBlank() && !chosen.contains(":")) {
      throw new ConfigException("URL".equals(source) ? URL : BASIC_AUTH_USER_INFO, "<hidden>", "expected user:password");
    }
    this.basicAuthUserInfo = chosen == null || chosen.isBlank() ? null : chosen;
    this.tls = new TlsSettings(
        string(props, TRUSTSTORE_LOCATION, null), string(props, TRUSTSTORE_PASSWORD, null),
        string(props, TRUSTSTORE_TYPE, "PKCS12"),
        string(props, KEYSTORE_LOCATION, null), string(props, KEYSTORE_PASSWORD, null),
        string(props, KEYSTORE_TYPE, "PKCS12"), string(props, KEY_PASSWORD, null));
    this.requestTimeoutMs = positiveLong(props, REQUEST_TIMEOUT_MS, 10_000);
    this.retryBackoffMs = positiveLong(props, RETRY_BACKOFF_MS, 100);
    this.retryBackoffMaxMs = Math.max(retryBackoffMs, positiveLong(props, RETRY_BACKOFF_MAX_MS, 1_000));
    this.retryTimeoutMs = positiveLong(props, RETRY_TIMEOUT_MS, 5_000);
  }

  public static SchemaRegistryConfig from(Map<String, ?> props) {
    return new SchemaRegistryConfig(Objects.requireNonNull(props, "props"));
  }

  public List<URI> urls() {
    return urls;
  }

  public boolean autoRegister() {
    return autoRegister;
  }

  public boolean useLatestVersion() {
    return useLatestVersion;
  }

  /** {@code user:password}, or null when no basic auth is configured. */
  public String basicAuthUserInfo() {
    return basicAuthUserInfo;
  }

  public TlsSettings tls() {
    return tls;
  }

  public long requestTimeoutMs() {
    return requestTimeoutMs;
  }

  public long retryBackoffMs() {
    return retryBackoffMs;
  }

  public long retryBackoffMaxMs() {
    return retryBackoffMaxMs;
  }

  public long retryTimeoutMs() {
    return retryTimeoutMs;
  }

  /** A URL as it may appear in a log line or an error: without any user info (credentials). */
  public static String redact(URI uri) {
    if (uri == null || uri.getRawUserInfo() == null) {
      return String.valueOf(uri);
    }
    return withoutUserInfo(uri).toString();
  }

  /** The registry URLs, without user info (the request goes to the host; credentials go in a header). */
  private static List<URI> parseUrls(String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigException(URL, value, "a schema registry URL is required (e.g. http://127.0.0.1:8081)");
    }
    List<URI> result = new ArrayList<>();
    for (URI uri : uris(value)) {
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new ConfigException(URL, redact(uri), "URLs must start with http:// or https://");
      }
      result.add(withoutUserInfo(uri));
    }
    return List.copyOf(result);
  }

  private static List<URI> uris(String value) {
    List<URI> out = new ArrayList<>();
    for (String part : value.split(",")) {
      String trimmed = part.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      try {
        out.add(new URI(trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed));
      } catch (java.net.URISyntaxException e) {
        // the text may hold a password: name the setting, not the value
        throw new ConfigException(URL, "<hidden>", "not a URL: " + e.getReason());
      }
    }
    return out;
  }

  private static String urlUserInfo(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    for (URI uri : uris(value)) {
      if (uri.getUserInfo() != null) {
        return uri.getUserInfo();
      }
    }
    return null;
  }

  private static URI withoutUserInfo(URI uri) {
    try {
      return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(),
          uri.getFragment());
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException(URL, "<hidden>", "not a URL: " + e.getReason());
    }
  }

  private static long positiveLong(Map<String, ?> props, String key, long fallback) {
    String v = string(props, key, null);
    if (v == null) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(v.trim());
      if (parsed <= 0) {
        throw new ConfigException(key, v, "must be positive");
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ConfigException(key, v, "expected a whole number of milliseconds");
    }
  }

  private static String string(Map<String, ?> props, String key, String fallback) {
    Object v = props.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof org.apache.kafka.common.config.types.Password p) {
      return p.value();
    }
    return v.toString();
  }

  private static boolean bool(Map<String, ?> props, String key, boolean fallback) {
    Object v = props.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    String s = v.toString().trim();
    if ("true".equalsIgnoreCase(s)) {
      return true;
    }
    if ("false".equalsIgnoreCase(s)) {
      return false;
    }
    throw new ConfigException(key, v, "expected true or false");
  }

  /** TLS material for https registry URLs; all null means the JVM defaults. */
  public record TlsSettings(String truststoreLocation, String truststorePassword, String truststoreType,
                            String keystoreLocation, String keystorePassword, String keystoreType,
                            String keyPassword) {
    public boolean isConfigured() {
      return truststoreLocation != null || keystoreLocation != null;
    }
  }
}
