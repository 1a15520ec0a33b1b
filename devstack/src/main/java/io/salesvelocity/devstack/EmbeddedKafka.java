package io.salesvelocity.devstack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft broker + controller) inside this JVM, listening on 127.0.0.1 only.
 * For the demo stack and the integration tests; production runs against a real cluster.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final Path dataDir;
  private final boolean deleteOnClose;
  private final int brokerPort;
  private KafkaRaftServer server;

  private EmbeddedKafka(Path dataDir, boolean deleteOnClose, int brokerPort) {
    this.dataDir = dataDir;
    this.deleteOnClose = deleteOnClose;
    this.brokerPort = brokerPort;
  }

  /** Starts a broker with its data in a fresh temporary directory (deleted on close). */
  public static EmbeddedKafka start() {
    try {
      return start(Files.createTempDirectory("salesvelocity-kafka"), true, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a broker with its data in {@code dataDir}; port 0 picks a free one. */
  public static EmbeddedKafka start(Path dataDir, boolean deleteOnClose, int port) {
    int brokerPort = port == 0 ? freePort() : port;
    EmbeddedKafka kafka = new EmbeddedKafka(dataDir, deleteOnClose, brokerPort);
    kafka.startServer();
    return kafka;
  }

  private void startServer() {
    long began = System.nanoTime();
    int controllerPort = freePort();
    String logDir = dataDir.resolve("log").toString();
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logDir);
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("num.partitions", "1");
    // Kafka's own limit on record timestamps ahead of the broker's clock (1 h) applies, as on a real cluster.
    // Record timestamps may be event times, months old in replays: never delete by time here
    p.put("log.retention.ms", "-1");
    p.put("auto.create.topics.enable", "false");
    p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    KafkaConfig config = KafkaConfig.fromProps(p, false);
    try {
      if (!Files.exists(Path.of(logDir, "meta.properties"))) {
        Files.createDirectories(Path.of(logDir));
        new Formatter()
            .setPrintStream(new PrintStream(java.io.OutputStream.nullOutputStream()))
            .setNodeId(1)
            .setClusterId(Uuid.randomUuid().toString())
            .addDirectory(logDir)
            .setMetadataLogDirectory(logDir)
            .setControllerListenerName("CONTROLLER")
            .setReleaseVersion(MetadataVersion.latestProduction())
            .run();
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not format the embedded Kafka storage in " + logDir, e);
    }
    server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    awaitReady();
    log.info("Embedded Kafka (KRaft) ready at {} in {} ms, data in {}", bootstrapServers(),
        (System.nanoTime() - began) / 1_000_000, dataDir);
  }

  private void awaitReady() {
    Properties admin = new Properties();
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    try (Admin client = Admin.create(admin)) {
      while (true) {
        try {
          client.describeCluster().nodes().get(5, java.util.concurrent.TimeUnit.SECONDS);
          return;
        } catch (Exception e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("embedded Kafka did not become ready within 60 s", e);
          }
        }
      }
    }
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  @Override
  public void close() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
    if (deleteOnClose) {
      try {
        Utils.delete(dataDir.toFile());
      } catch (IOException e) {
        log.warn("could not delete {}: {}", dataDir, e.toString());
      }
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
