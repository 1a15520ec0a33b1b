package io.salesvelocity.devstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Confluent-compatible Schema Registry: Apicurio Registry (from Maven Central, unpacked by the build
 * into devstack/target/apicurio), run as a child JVM on 127.0.0.1 with in-memory storage. Its
 * Confluent API lives under {@code /apis/ccompat/v7}.
 */
public final class EmbeddedRegistry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedRegistry.class);
  public static final String JAR_PROPERTY = "salesvelocity.apicurio.jar";
  /** The Apicurio Registry version the build unpacked (written once, in the parent pom). */
  public static final String VERSION = DevstackVersions.APICURIO;

  private final Process process;
  private final int port;
  private final Path logFile;

  private EmbeddedRegistry(Process process, int port, Path logFile) {
    this.process = process;
    this.port = port;
    this.logFile = logFile;
  }

  /** Starts the registry from the jar named by -Dsalesvelocity.apicurio.jar (or the build's default path). */
  public static EmbeddedRegistry start() {
    return start(locateJar());
  }

  public static EmbeddedRegistry start(Path runnerJar) {
    long began = System.nanoTime();
    int port = EmbeddedKafka.freePort();
    int managementPort = EmbeddedKafka.freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:+UseSerialGC",
        "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
        "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + managementPort,
        "-Dquarkus.log.level=WARN", "-jar", runnerJar.toString()));
    Path logFile;
    Process process;
    try {
      logFile = Files.createTempFile("salesvelocity-registry", ".log");
      process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the schema registry from " + runnerJar, e);
    }
    EmbeddedRegistry registry = new EmbeddedRegistry(process, port, logFile);
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "registry-reaper"));
    registry.awaitReady(Duration.ofSeconds(90));
    log.info("Schema registry (Apicurio, Confluent API) ready at {} in {} ms", registry.url(),
        (System.nanoTime() - began) / 1_000_000);
    return registry;
  }

  static Path locateJar() {
    String configured = System.getProperty(JAR_PROPERTY, System.getenv("SALESVELOCITY_APICURIO_JAR"));
    Path jar = configured != null ? Path.of(configured)
        : Path.of("devstack", "target", "apicurio", "apicurio-registry-app-" + VERSION + "-runner.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("Apicurio Registry runner jar not found at " + jar.toAbsolutePath()
          + ": build the project first (mvn -DskipTests install), or set -D" + JAR_PROPERTY);
    }
    return jar;
  }

  private void awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the schema registry exited with " + process.exitValue() + "; see " + logFile);
      }
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/subjects"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for the schema registry", e);
      }
      try {
        Thread.sleep(200); // polling a child process's HTTP port: nothing to block on instead
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for the schema registry", e);
      }
    }
    close();
    throw new IllegalStateException("the schema registry was not ready within " + timeout + "; see " + logFile);
  }

  /** The Confluent-compatible base URL, to use as {@code schema.registry.url}. */
  public String url() {
    return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    File f = logFile.toFile();
    if (f.exists() && !f.delete()) {
      log.debug("could not delete {}", f);
    }
  }
}
