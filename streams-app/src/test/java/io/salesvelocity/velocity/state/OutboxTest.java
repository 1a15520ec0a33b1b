package io.salesvelocity.velocity.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.team.TeamDelta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The lead task's outbox: every part it holds is in its store, a chunk at a time, so a task restored from the store
 * sends exactly what was waiting, in order; a batch sent leaves nothing stored.
 */
class OutboxTest {
  private final KeyValueStore<String, byte[]> store = store();

  private static KeyValueStore<String, byte[]> store() {
    MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    KeyValueStore<String, byte[]> s = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("lead-outbox"),
        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
    s.init(context.getStateStoreContext(), s);
    return s;
  }

  private static TeamDelta part(long t) {
    return new TeamDelta(t, t % 2 == 0 ? Delta.pipeline(1) : Delta.lostDeal());
  }

  @Test
  void shouldSendWhatWasWaitingInOrderAfterARestoreFromItsStore() {
    Outbox outbox = new Outbox(store);
    List<TeamDelta> a = new ArrayList<>();
    for (int i = 0; i < 2 * Outbox.CHUNK + 5; i++) { // three chunks
      outbox.add("a", part(i));
      a.add(part(i));
      if (i % 3 == 0) {
        outbox.add("b:x", part(1000 + i)); // a team id with the key's separator in it
      }
      outbox.write(); // the end of an event
    }
    assertThat(store.approximateNumEntries()).as("a's 3 chunks, b:x's 1").isEqualTo(4);

    Outbox restored = new Outbox(store); // a task revived from what the last commit stored
    assertThat(restored.size()).isEqualTo(outbox.size());
    Map<String, List<TeamDelta>> sent = restored.drain();
    assertThat(sent.get("a")).containsExactlyElementsOf(a);
    assertThat(sent.get("b:x")).hasSize(45).first().isEqualTo(part(1000));
    assertThat(store.approximateNumEntries()).as("a batch sent deletes its chunks").isZero();
    assertThat(restored.size()).isZero();
    assertThat(restored.drain()).isEmpty();
  }

  @Test
  void shouldKeepPartsAddedAfterARestoreInChunksOfTheirOwn() {
    Outbox outbox = new Outbox(store);
    outbox.add("a", part(1));
    outbox.write();
    Outbox restored = new Outbox(store);
    restored.add("a", part(2));
    restored.write();
    assertThat(new Outbox(store).drain().get("a")).containsExactly(part(1), part(2));
  }

  @Test
  void shouldKeepNothingInAStoreItDoesNotHave() {
    Outbox heapOnly = new Outbox(null);
    heapOnly.add("a", part(1));
    heapOnly.write();
    assertThat(heapOnly.drain()).containsOnlyKeys("a");
  }
}
