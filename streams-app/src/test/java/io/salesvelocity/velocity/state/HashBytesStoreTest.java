package io.salesvelocity.velocity.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;

class HashBytesStoreTest {
  private final HashBytesStore store = new HashBytesStore("s");

  private static Bytes key(String k) {
    return Bytes.wrap(k.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] value(String v) {
    return v.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> keys(KeyValueIterator<Bytes, byte[]> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(kv -> out.add(new String(kv.key.get(), StandardCharsets.UTF_8)));
    return out;
  }

  @Test
  void shouldTreatAPutOfNullAsADelete() {
    store.put(key("a"), value("1"));
    assertThat(store.get(key("a"))).isEqualTo(value("1"));
    store.put(key("a"), null);
    assertThat(store.get(key("a"))).isNull();
    assertThat(store.approximateNumEntries()).isZero();
  }

  @Test
  void shouldReturnTheOldValueOnDeleteAndOnPutIfAbsent() {
    store.put(key("a"), value("1"));
    assertThat(store.putIfAbsent(key("a"), value("2"))).isEqualTo(value("1"));
    assertThat(store.get(key("a"))).isEqualTo(value("1"));
    assertThat(store.putIfAbsent(key("b"), value("3"))).isNull();
    assertThat(store.delete(key("a"))).isEqualTo(value("1"));
    assertThat(store.get(key("b"))).isEqualTo(value("3"));
  }

  @Test
  void shouldReturnRangesInclusiveAndInByteOrder() {
    store.putAll(List.of(KeyValue.pair(key("d"), value("4")), KeyValue.pair(key("b"), value("2")),
        KeyValue.pair(key("a"), value("1")), KeyValue.pair(key("c"), value("3"))));
    assertThat(keys(store.range(key("b"), key("d")))).containsExactly("b", "c", "d");
    assertThat(keys(store.range(key("c"), key("b")))).isEmpty();
    assertThat(keys(store.all())).containsExactlyInAnyOrder("a", "b", "c", "d");
  }

  @Test
  void shouldPeekWithoutMovingAndStopAtTheEnd() {
    store.put(key("a"), value("1"));
    KeyValueIterator<Bytes, byte[]> it = store.all();
    assertThat(it.peekNextKey()).isEqualTo(key("a"));
    assertThat(it.next().key).isEqualTo(key("a"));
    assertThat(it.hasNext()).isFalse();
    assertThatThrownBy(it::peekNextKey).isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void shouldIterateOverASnapshotWhileTheStoreChanges() {
    store.put(key("a"), value("1"));
    store.put(key("b"), value("2"));
    KeyValueIterator<Bytes, byte[]> it = store.all();
    store.put(key("a"), null);
    store.put(key("b"), null);
    assertThat(keys(it)).containsExactlyInAnyOrder("a", "b");
  }
}
