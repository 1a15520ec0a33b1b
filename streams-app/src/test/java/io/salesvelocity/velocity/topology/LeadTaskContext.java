package io.salesvelocity.velocity.topology;

import io.salesvelocity.velocity.state.LeadCodec;
import io.salesvelocity.velocity.state.LeadStore;
import io.salesvelocity.velocity.state.ParkedEvent;
import io.salesvelocity.velocity.state.ParkedEvents;
import io.salesvelocity.velocity.state.StringIds;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/** A mock processor context holding the lead processor's stores (on the heap, without changelogs). */
final class LeadTaskContext {
  final MockProcessorContext<String, LeadOutput> context = new MockProcessorContext<>();
  final KeyValueStore<String, byte[]> leadBytes;
  final KeyValueStore<Integer, String> dictionary;
  final KeyValueStore<String, Long> clock;
  final KeyValueStore<Long, ParkedEvent> parked;
  final KeyValueStore<String, byte[]> outbox;

  LeadTaskContext() {
    leadBytes = store(Names.LEAD_STATE_STORE, Serdes.String(), Serdes.ByteArray());
    dictionary = store(Names.LEAD_DICTIONARY_STORE, Serdes.Integer(), Serdes.String());
    clock = store(Names.LEAD_CLOCK_STORE, Serdes.String(), Serdes.Long());
    parked = store(Names.LEAD_PARKED_STORE, Serdes.Long(), ParkedEvents.serde());
    outbox = store(Names.LEAD_OUTBOX_STORE, Serdes.String(), Serdes.ByteArray());
  }

  /** The lead histories as the task stores them, read with the dictionary as it is now. */
  LeadStore leads() {
    return LeadStore.encoded(leadBytes, new LeadCodec(new StringIds(dictionary)));
  }

  private <K, V> KeyValueStore<K, V> store(String name, Serde<K> keys, Serde<V> values) {
    return MockStores.add(context, name, keys, values);
  }
}
