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
 * The lead task's outbox: the parts still waiting when the task commits are in its store, so a task restored from the
 * store sends exactly what was waiting, in order; parts sent before a commit are never stored, and a batch sent leaves
 * nothing stored.
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
  void shouldSendWhatWasWaitingAtTheCommitInOrderAfterARestoreFromItsStore() {
    Outbox outbox = new Outbox(store);
    List<TeamDelta> a = new ArrayList<>();
    List<TeamDelta> b = new ArrayList<>();
    for (int i = 0; i < 2 * Outbox.CHUNK + 5; i++) {
      outbox.add("a", part(i));
      a.add(part(i));
      if (i % 3 == 0) {
        outbox.add("b:x", part(10_000 + i)); // a team id with the key's separator in it
        b.add(part(10_000 + i));
      }
    }
    assertThat(store.approximateNumEntries()).as("nothing stored before the commit").isZero();
    outbox.persist(); // the task commits
    assertThat(store.approximateNumEntries()).as("a's 3 chunks, b:x's 1").isEqualTo(4);
    outbox.persist();
    assertThat(store.approximateNumEntries()).as("stored once").isEqualTo(4);

    Outbox restored = new Outbox(store); // a task revived from what the last commit stored
    assertThat(restored.size()).isEqualTo(outbox.size());
    Map<String, List<TeamDelta>> sent = restored.drain();
    assertThat(sent.get("a")).containsExactlyElementsOf(a);
    assertThat(sent.get("b:x")).containsExactlyElementsOf(b);
    assertThat(store.approximateNumEntries()).as("a batch sent deletes its chunks").isZero();
    assertThat(restored.size()).isZero();
    assertThat(restored.drain()).isEmpty();
  }

  @Test
  void shouldStoreNothingOfPartsSentBeforeTheCommit() {
    Outbox outbox = new Outbox(store);
    outbox.add("a", part(1));
    assertThat(outbox.drain().get("a")).containsExactly(part(1));
    outbox.add("a", part(2));
    outbox.persist();
    assertThat(new Outbox(store).drain().get("a")).as("only what was waiting at the commit").containsExactly(part(2));
  }

  @Test
  void shouldStoreOnlyThePartsAddedSinceTheLastCommitInChunksOfTheirOwn() {
    Outbox outbox = new Outbox(store);
    outbox.add("a", part(1));
    outbox.persist();
    outbox.add("a", part(2));
    outbox.persist();
    assertThat(store.approximateNumEntries()).isEqualTo(2);
    Outbox restored = new Outbox(store);
    restored.add("a", part(3));
    restored.persist();
    assertThat(store.approximateNumEntries()).isEqualTo(3);
    assertThat(new Outbox(store).drain().get("a")).containsExactly(part(1), part(2), part(3));
  }

  @Test
  void shouldKeepNothingInAStoreItDoesNotHave() {
    Outbox heapOnly = new Outbox(null);
    heapOnly.add("a", part(1));
    heapOnly.persist();
    assertThat(heapOnly.drain()).containsOnlyKeys("a");
  }
}
