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

  private final List<URI> urls;
  private final boolean autoRegister;
  private final boolean useLatestVersion;
  private final String basicAuthUserInfo;
  private final TlsSettings tls;
  private final long requestTimeoutMs;

  private SchemaRegistryConfig(Map<String, ?> props) {
    this.urls = parseUrls(string(props, URL, null));
    this.autoRegister = bool(props, AUTO_REGISTER, true);
    this.useLatestVersion = bool(props, USE_LATEST_VERSION, false);
    String source = string(props, BASIC_AUTH_SOURCE, "USER_INFO");
    String userInfo = string(props, BASIC_AUTH_USER_INFO, null);
    if (userInfo != null && !userInfo.isBlank() && !"USER_INFO".equals(source)) {
      throw new ConfigException(BASIC_AUTH_SOURCE, source, "only USER_INFO is supported");
    }
    if (userInfo != null && !userInfo.isBlank() && !userInfo.contains(":")) {
      throw new ConfigException(BASIC_AUTH_USER_INFO, "<hidden>", "expected user:password");
    }
    this.basicAuthUserInfo = userInfo == null || userInfo.isBlank() ? null : userInfo;
    this.tls = new TlsSettings(
        string(props, TRUSTSTORE_LOCATION, null), string(props, TRUSTSTORE_PASSWORD, null),
        string(props, TRUSTSTORE_TYPE, "PKCS12"),
        string(props, KEYSTORE_LOCATION, null), string(props, KEYSTORE_PASSWORD, null),
        string(props, KEYSTORE_TYPE, "PKCS12"), string(props, KEY_PASSWORD, null));
    this.requestTimeoutMs = Long.parseLong(string(props, REQUEST_TIMEOUT_MS, "10000"));
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

  private static List<URI> parseUrls(String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigException(URL, value, "a schema registry URL is required (e.g. http://127.0.0.1:8081)");
    }
    List<URI> result = new ArrayList<>();
    for (String part : value.split(",")) {
      String trimmed = part.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      URI uri = URI.create(trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new ConfigException(URL, value, "URLs must start with http:// or https://");
      }
      result.add(uri);
    }
    return List.copyOf(result);
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
