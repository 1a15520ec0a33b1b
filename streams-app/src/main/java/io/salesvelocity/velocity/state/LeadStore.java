package io.salesvelocity.velocity.state;

import io.salesvelocity.velocity.domain.lead.LeadHistory;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The lead histories of a lead task, by lead id: in the engine, the {@code lead-state} store's bytes, decoded on every
 * read and encoded on every write ({@link LeadCodec}: one representation, no decoded copy beside the bytes); in an
 * in-process replay, the live objects themselves.
 */
public interface LeadStore {
  LeadHistory get(String leadId);

  void put(LeadHistory lead);

  /** Forgets a lead (a delete that does not read the old value back). */
  void delete(String leadId);

  /** Every lead, at a task's start; a stored history that cannot be read goes to {@code unreadable}. */
  void forEach(Consumer<LeadHistory> each, BiConsumer<String, RuntimeException> unreadable);

  long approximateNumEntries();

  /** Histories in bytes, in {@code store}, written and read by {@code codec}. */
  static LeadStore encoded(KeyValueStore<String, byte[]> store, LeadCodec codec) {
    return new LeadStore() {
      @Override
      public LeadHistory get(String leadId) {
        byte[] bytes = store.get(leadId);
        return bytes == null ? null : codec.decode(leadId, bytes);
      }

      @Override
      public void put(LeadHistory lead) {
        store.put(lead.leadId(), codec.encode(lead));
      }

      @Override
      public void delete(String leadId) {
        store.put(leadId, null);
      }

      @Override
      public void forEach(Consumer<LeadHistory> each, BiConsumer<String, RuntimeException> unreadable) {
        try (KeyValueIterator<String, byte[]> it = store.all()) {
          while (it.hasNext()) {
            KeyValue<String, byte[]> kv = it.next();
            LeadHistory lead;
            try {
              lead = codec.decode(kv.key, kv.value);
            } catch (RuntimeException e) {
              unreadable.accept(kv.key, e);
              continue;
            }
            each.accept(lead);
          }
        }
      }

      @Override
      public long approximateNumEntries() {
        return store.approximateNumEntries();
      }
    };
  }

  /** The histories themselves, in {@code store} (an in-process replay's store of live objects). */
  static LeadStore live(KeyValueStore<String, LeadHistory> store) {
    return new LeadStore() {
      @Override
      public LeadHistory get(String leadId) {
        return store.get(leadId);
      }

      @Override
      public void put(LeadHistory lead) {
        store.put(lead.leadId(), lead);
      }

      @Override
      public void delete(String leadId) {
        store.put(leadId, null);
      }

      @Override
      public void forEach(Consumer<LeadHistory> each, BiConsumer<String, RuntimeException> unreadable) {
        try (KeyValueIterator<String, LeadHistory> it = store.all()) {
          it.forEachRemaining(kv -> each.accept(kv.value));
        }
      }

      @Override
      public long approximateNumEntries() {
        return store.approximateNumEntries();
      }
    };
  }
}
