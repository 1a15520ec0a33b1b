package io.salesvelocity.it;

import io.salesvelocity.devstack.EmbeddedKafka;
import io.salesvelocity.devstack.EmbeddedRegistry;

/**
 * One real broker and one real registry for every integration test in this JVM, started on first use and
 * stopped when the JVM exits. Tests isolate themselves with their own topics and application ids.
 */
final class EmbeddedStack {
  private static EmbeddedKafka kafka;
  private static EmbeddedRegistry registry;

  private EmbeddedStack() {
  }

  static synchronized EmbeddedKafka kafka() {
    if (kafka == null) {
      kafka = EmbeddedKafka.start();
      Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
    }
    return kafka;
  }

  static synchronized EmbeddedRegistry registry() {
    if (registry == null) {
      registry = EmbeddedRegistry.start();
      Runtime.getRuntime().addShutdownHook(new Thread(registry::close));
    }
    return registry;
  }
}
