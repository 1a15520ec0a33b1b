package io.salesvelocity.velocity.inline;

import io.salesvelocity.generator.Delivery;
import io.salesvelocity.velocity.topology.EngineSettings;
import io.salesvelocity.velocity.topology.TopologyFixture;
import io.salesvelocity.velocity.topology.VelocityTopics;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;

/** Generated deliveries through an {@link InlineRunner}, serialized as the topics' serdes write them. */
final class InlineReplay {
  private static final long DAY = 86_400_000L;
  /** The runner's wall clock: after any generated event, so none is refused as in the future. */
  private static final long NOW = Instant.parse("2030-01-01T00:00:00Z").toEpochMilli();

  private InlineReplay() {
  }

  /** One delivery, at {@code timestamp}: its record serialized, or its raw bytes when it has no record. */
  static void send(InlineRunner runner, VelocityTopics topics, Delivery d, long offset, long timestamp) {
    String topic = topics.input(d.kind()).name();
    @SuppressWarnings("unchecked")
    Serializer<SpecificRecord> ser = (Serializer<SpecificRecord>) topics.input(d.kind()).valueSerde().serializer();
    byte[] value = d.record() == null ? d.rawValue() : ser.serialize(topic, d.record());
    runner.send(topic, offset, d.key().getBytes(), value, timestamp, new RecordHeaders());
  }

  /**
   * The deliveries in their order, each at its event time, then a watermark that makes the day of the last one final;
   * returns the last event time.
   */
  static long replay(List<Delivery> deliveries, EngineSettings settings, InlineRunner.Sink sink) {
    long last = Long.MIN_VALUE;
    try (TopologyFixture serdes = new TopologyFixture();
         InlineRunner runner = new InlineRunner(settings, serdes.topics, sink, NOW)) {
      long offset = 0;
      for (Delivery d : deliveries) {
        send(runner, serdes.topics, d, offset++, d.eventTime().toEpochMilli());
        last = Math.max(last, d.eventTime().toEpochMilli());
      }
      runner.watermark(serdes.topics.stageChanged().name(), Instant.ofEpochMilli((Math.floorDiv(last, DAY) + 1) * DAY)
          .plus(settings.grace()));
    }
    return last;
  }
}
