package io.salesvelocity.velocity.topology;

import io.salesvelocity.velocity.domain.lead.LeadHistory;
import io.salesvelocity.velocity.state.ParkedEvent;
import io.salesvelocity.velocity.state.ParkedEvents;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/** A mock processor context holding the lead processor's stores (on the heap, without changelogs). */
final class LeadTaskContext {
  final MockProcessorContext<String, LeadOutput> context = new MockProcessorContext<>();
  final KeyValueStore<String, LeadHistory> leads;
  final KeyValueStore<String, Long> clock;
  final KeyValueStore<Long, ParkedEvent> parked;

  /** {@code leadSerde}: how the lead-state store writes and reads histories. */
  LeadTaskContext(Serde<LeadHistory> leadSerde) {
    leads = store(Names.LEAD_STATE_STORE, Serdes.String(), leadSerde);
    clock = store(Names.LEAD_CLOCK_STORE, Serdes.String(), Serdes.Long());
    parked = store(Names.LEAD_PARKED_STORE, Serdes.Long(), ParkedEvents.serde());
  }

  private <K, V> KeyValueStore<K, V> store(String name, Serde<K> keys, Serde<V> values) {
    return MockStores.add(context, name, keys, values);
  }
}
