package io.salesvelocity.cli.bench;

import io.salesvelocity.devstack.EmbeddedKafka;
import io.salesvelocity.velocity.runtime.EngineConfig;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/** One timed run of a comparison topology over the benchmark's input, with the engine's Kafka Streams settings. */
final class TopologyRun {
  private TopologyRun() {
  }

  /**
   * Starts {@code topology} and times it from RUNNING until its consumer group has committed every input record;
   * returns the seconds it took.
   */
  static double seconds(EmbeddedKafka kafka, EngineConfig config, Topology topology, String what) throws Exception {
    var inputs = config.topicNames().inputs();
    CountDownLatch running = new CountDownLatch(1);
    try (KafkaStreams streams = new KafkaStreams(topology, config.streamsProperties());
         Admin admin = Offsets.admin(kafka)) {
      streams.setStateListener((now, before) -> {
        if (now == KafkaStreams.State.RUNNING) {
          running.countDown();
        }
      });
      streams.start();
      if (!running.await(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException(what + " not RUNNING: " + streams.state());
      }
      long start = System.nanoTime();
      while (!Offsets.lag(admin, config.applicationId(), inputs).values().stream().allMatch(l -> l <= 1)) {
        if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
          throw new IllegalStateException(what + " stopped: " + streams.state());
        }
        Thread.sleep(100); // polling consumer lag from outside
      }
      return (System.nanoTime() - start) / 1e9;
    }
  }
}
