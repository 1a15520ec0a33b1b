package io.salesvelocity.cli.bench;

import io.salesvelocity.devstack.EmbeddedKafka;
import io.salesvelocity.velocity.runtime.EngineConfig;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/** What Kafka Streams and the broker alone do here: a topology that copies the three inputs to one topic. */
final class CopyBaseline {
  private CopyBaseline() {
  }

  /** One run of the copy topology: RUNNING until its consumer group has committed every input record. */
  static double run(EmbeddedKafka kafka, EngineConfig config, long sent, int run) throws Exception {
    String appId = config.applicationId();
    var names = config.topicNames();
    StreamsBuilder builder = new StreamsBuilder();
    Consumed<byte[], byte[]> raw = Consumed.with(Serdes.ByteArray(), Serdes.ByteArray());
    builder.stream(names.inputs(), raw).to(appId + "-copy", Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    try (Admin admin = Offsets.admin(kafka)) {
      admin.createTopics(List.of(new NewTopic(appId + "-copy", config.partitions(), (short) 1))).all().get();
    }
    double seconds = TopologyRun.seconds(kafka, config, builder.build(), "copy topology");
    System.out.printf("Run %d: %,d events copied in %.2f s = %,.0f events/s%n", run, sent, seconds, sent / seconds);
    return sent / seconds;
  }
}
