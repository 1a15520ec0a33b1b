package io.salesvelocity.cli.bench;

import io.salesvelocity.devstack.EmbeddedKafka;
import io.salesvelocity.velocity.runtime.EngineConfig;
import io.salesvelocity.velocity.runtime.VelocityEngine;
import io.salesvelocity.velocity.topology.EngineMetrics;
import io.salesvelocity.velocity.topology.Names;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/** One timed run of a fresh engine over the benchmark's input. */
final class EngineRun {
  private EngineRun() {
  }

  /**
   * Times the engine from RUNNING until both sub-topologies have consumed everything; returns events/s.
   * {@code state}, when given, measures the state the engine holds before it closes.
   */
  static double run(EmbeddedKafka kafka, EngineConfig config, long sent, int run, RestoreCheck state)
      throws Exception {
    String appId = config.applicationId();
    var names = config.topicNames();
    VelocityEngine engine = new VelocityEngine(config).start();
    try (Admin admin = Offsets.admin(kafka)) {
      if (!engine.awaitRunning(Duration.ofSeconds(120))) {
        throw new IllegalStateException("engine not RUNNING: " + engine.state());
      }
      long start = System.nanoTime();
      long lastReport = start;
      List<String> consumed = List.of(names.leadCreated(), names.stageChanged(), names.dealClosed(),
          Names.teamDeltasTopic(appId));
      while (true) {
        Map<String, Long> lag = Offsets.lag(admin, appId, consumed);
        if (read(engine) >= sent && lag.values().stream().allMatch(l -> l <= 1)) {
          break;
        }
        if (System.nanoTime() - lastReport > 2_000_000_000L) {
          System.out.printf("  %5.1f s: read %,.0f, lag %s%n", (System.nanoTime() - start) / 1e9, read(engine), lag);
          lastReport = System.nanoTime();
        }
        Thread.sleep(100); // polling consumer lag from outside the engine
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Map<String, Double> c = engine.counters();
      System.out.printf("Run %d: %,d events through the whole topology in %.2f s = %,.0f events/s "
              + "(read %,.0f, duplicates %,.0f, dead-lettered %,d)%n", run, sent, seconds, sent / seconds,
          c.getOrDefault(EngineMetrics.EVENTS_READ, 0.0), c.getOrDefault(EngineMetrics.DUPLICATE_EVENTS, 0.0),
          EngineMetrics.deadLettersByReason(c).values().stream().mapToLong(Long::longValue).sum());
      System.out.printf("  written per input event (offsets, including one transaction marker per partition "
          + "and commit): %s%n", Offsets.writtenPerEvent(admin, appId,
          List.of(names.velocity(), names.velocityDaily(), names.deadLetters()), sent));
      if (state != null) {
        state.measureRunning(engine);
      }
      return sent / seconds;
    } finally {
      if (state != null) {
        engine.closeAndLeaveGroup(Duration.ofSeconds(60));
        state.measureClosed();
      } else {
        engine.close();
      }
    }
  }

  private static double read(VelocityEngine engine) {
    return engine.counters().getOrDefault(EngineMetrics.EVENTS_READ, 0.0);
  }
}
