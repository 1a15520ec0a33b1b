package io.salesvelocity.cli.bench;

import io.salesvelocity.devstack.EmbeddedKafka;
import io.salesvelocity.serde.RestSchemaRegistryClient;
import io.salesvelocity.serde.SchemaRegistryConfig;
import io.salesvelocity.velocity.runtime.EngineConfig;
import io.salesvelocity.velocity.topology.CrmEventDecoder;
import io.salesvelocity.velocity.topology.VelocityTopics;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The least any engine that keeps state per lead does with this input, with the same Kafka Streams settings: each
 * record decoded and validated by the engine's own decoder (Avro, the registry's schemas), and one read and one
 * write of a 16-byte record per lead in a store on the heap, logged and cached as Kafka Streams does by default. No
 * team side, no output: an upper bound on what the engine can reach, measured beside the copy baseline.
 */
final class LeadStateFloor {
  static final String STORE = "lead-floor";

  private LeadStateFloor() {
  }

  /** One run of the floor topology: RUNNING until its consumer group has committed every input record. */
  static double run(EmbeddedKafka kafka, EngineConfig config, long sent, int run) throws Exception {
    var names = config.topicNames();
    Map<String, Object> clientProps = config.clientProperties();
    VelocityTopics topics = VelocityTopics.create(names,
        new RestSchemaRegistryClient(SchemaRegistryConfig.from(clientProps)), clientProps);
    CrmEventDecoder decoder = new CrmEventDecoder(topics);
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(),
        Serdes.ByteArray()));
    builder.stream(names.inputs(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .process(() -> new LeadFloorProcessor(decoder), STORE);
    double seconds = TopologyRun.seconds(kafka, config, builder.build(), "floor topology");
    System.out.printf("Run %d: %,d events decoded and kept per lead in %.2f s = %,.0f events/s%n", run, sent,
        seconds, sent / seconds);
    return sent / seconds;
  }

  /** Decodes a record; for a valid event, reads its lead's record and writes it back with the event's time. */
  private static final class LeadFloorProcessor implements Processor<byte[], byte[], Void, Void> {
    private final CrmEventDecoder decoder;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, byte[]> leads;

    LeadFloorProcessor(CrmEventDecoder decoder) {
      this.decoder = decoder;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      this.context = context;
      this.leads = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
      String topic = context.recordMetadata().map(m -> m.topic()).orElseThrow();
      CrmEventDecoder.Decoded decoded = decoder.decode(topic, record.key(), record.value());
      if (decoded.event() == null) {
        return;
      }
      String lead = decoded.event().leadId();
      byte[] before = leads.get(lead);
      long events = before == null ? 0 : ByteBuffer.wrap(before).getLong(8);
      leads.put(lead, ByteBuffer.allocate(16).putLong(decoded.event().time()).putLong(events + 1).array());
    }
  }
}
