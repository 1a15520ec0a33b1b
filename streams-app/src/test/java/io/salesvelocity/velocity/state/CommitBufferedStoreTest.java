package io.salesvelocity.velocity.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A processor's view of a store written once per commit: what it writes at the commit, and what it reads before.
 */
class CommitBufferedStoreTest {
  private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
  private final List<KeyValue<String, Long>> written = new ArrayList<>();
  private KeyValueStore<String, Long> store;
  private CommitHook hook;

  @BeforeEach
  void setUp() {
    store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("s"), Serdes.String(), Serdes.Long())
        .withLoggingDisabled().build();
    store.init(context.getStateStoreContext(), store);
    hook = CommitHook.builder("hook").build();
    hook.init(context.getStateStoreContext(), hook);
  }

  /** {@code store}, recording every write that reaches it. */
  private KeyValueStore<String, Long> buffered() {
    return CommitBufferedStore.of(new Recording(store, written), hook);
  }

  @Test
  void shouldWriteEachKeyChangedOnceWithItsLastValueWhenTheTaskCommits() {
    KeyValueStore<String, Long> s = buffered();
    for (long i = 1; i <= 10; i++) {
      s.put("a", i);
      s.put("b", -i);
    }
    s.put("c", 1L);
    s.delete("c");
    assertThat(written).as("nothing before the commit").isEmpty();
    assertThat(store.get("a")).isNull();

    hook.flushCache();

    assertThat(written).containsExactly(KeyValue.pair("a", 10L), KeyValue.pair("b", -10L), KeyValue.pair("c", null));
    assertThat(store.get("a")).isEqualTo(10L);
    hook.flushCache();
    assertThat(written).as("nothing changed since").hasSize(3);
  }

  @Test
  void shouldReadWhatWasPutOrDeletedBeforeTheCommit() {
    store.put("stored", 5L);
    KeyValueStore<String, Long> s = buffered();
    assertThat(s.get("stored")).isEqualTo(5L);
    s.put("stored", 6L);
    assertThat(s.get("stored")).isEqualTo(6L);
    assertThat(s.delete("stored")).isEqualTo(6L);
    assertThat(s.get("stored")).isNull();
    assertThat(s.putIfAbsent("stored", 7L)).isNull();
    assertThat(s.putIfAbsent("stored", 8L)).isEqualTo(7L);
    assertThat(store.get("stored")).as("the store still holds the last commit's").isEqualTo(5L);
  }

  @Test
  void shouldWriteWhatIsWaitingBeforeReadingARange() {
    KeyValueStore<String, Long> s = buffered();
    s.put("a", 1L);
    s.put("b", 2L);
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, Long> it = s.all()) {
      it.forEachRemaining(kv -> keys.add(kv.key));
    }
    assertThat(keys).containsExactly("a", "b");
    assertThat(written).hasSize(2);
  }

  @Test
  void shouldForgetWhatChangedWhenTheTaskDropsItsWork() {
    KeyValueStore<String, Long> s = buffered();
    s.put("a", 1L);
    hook.clearCache(); // a task closed dirty: it is revived from its changelogs
    hook.flushCache();
    assertThat(written).isEmpty();
    assertThat(s.get("a")).isNull();
  }

  @Test
  void shouldWriteAtOnceWhereNothingCommits() {
    StateStore notAHook = store; // an in-process replay has no hook
    KeyValueStore<String, Long> s = CommitBufferedStore.of(store, notAHook);
    assertThat(s).isSameAs(store);
  }

  @Test
  void shouldRegisterAViewAgainUnderItsStoreNameWhenAProcessorIsInitializedAgain() {
    KeyValueStore<String, Long> first = buffered();
    first.put("a", 1L);
    KeyValueStore<String, Long> second = buffered(); // the processor initialized again, over the same stores
    second.put("b", 2L);
    hook.flushCache();
    assertThat(written).containsExactly(KeyValue.pair("b", 2L));
  }

  /** A store that records the writes reaching it. */
  private static final class Recording extends org.apache.kafka.streams.state.internals.WrappedStateStore<
      KeyValueStore<String, Long>, String, Long> implements KeyValueStore<String, Long> {
    private final List<KeyValue<String, Long>> written;

    Recording(KeyValueStore<String, Long> inner, List<KeyValue<String, Long>> written) {
      super(inner);
      this.written = written;
    }

    @Override
    public void put(String key, Long value) {
      written.add(KeyValue.pair(key, value));
      wrapped().put(key, value);
    }

    @Override
    public Long putIfAbsent(String key, Long value) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void putAll(List<KeyValue<String, Long>> entries) {
      entries.forEach(kv -> put(kv.key, kv.value));
    }

    @Override
    public Long delete(String key) {
      written.add(KeyValue.pair(key, null));
      return wrapped().delete(key);
    }

    @Override
    public Long get(String key) {
      return wrapped().get(key);
    }

    @Override
    public KeyValueIterator<String, Long> range(String from, String to) {
      return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<String, Long> all() {
      return wrapped().all();
    }

    @Override
    public long approximateNumEntries() {
      return wrapped().approximateNumEntries();
    }
  }
}
