package io.salesvelocity.cli.bench;

import io.salesvelocity.devstack.EmbeddedKafka;
import io.salesvelocity.devstack.EmbeddedRegistry;
import io.salesvelocity.serde.SchemaRegistryConfig;
import io.salesvelocity.velocity.runtime.EngineConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/** What every benchmark starts from: the machine it reports, and an engine's settings on the embedded stack. */
final class BenchSettings {
  private BenchSettings() {
  }

  static void printMachine() {
    System.out.printf("Machine: %d cores, JVM %s, max heap %d MiB%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
  }

  /**
   * A fresh application (id and state directory named after {@code name}) on the embedded broker and registry:
   * 2 partitions, replication 1, no HTTP server, and no clock-skew limit worth the name, because generated event
   * times run from a fixed date on, faster than the wall clock.
   */
  static Map<String, String> engine(EmbeddedKafka kafka, EmbeddedRegistry registry, String name) throws IOException {
    Map<String, String> s = new HashMap<>();
    s.put("bootstrap.servers", kafka.bootstrapServers());
    s.put(SchemaRegistryConfig.URL, registry.url());
    s.put("application.id", name + "-" + System.nanoTime());
    s.put("state.dir", Files.createTempDirectory(name + "-state").toString());
    s.put("replication.factor", "1");
    s.put(EngineConfig.TOPICS_PARTITIONS, "2");
    s.put(EngineConfig.TOPICS_REPLICATION, "1");
    s.put(EngineConfig.HTTP_LISTEN, "off");
    s.put(EngineConfig.MAX_CLOCK_SKEW, "36500d");
    return s;
  }
}
