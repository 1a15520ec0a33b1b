package io.salesvelocity.velocity.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesvelocity.velocity.domain.lead.LeadHistory;
import io.salesvelocity.velocity.domain.lead.RawEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The lead-state codec reads back every field of every kind of history (created or waiting for it, stage changes,
 * closes, folds, events held with their bytes, segments, amounts), also through a task restarted on the dictionary
 * its store kept; and it is small: the strings it names are numbers.
 */
class LeadCodecTest {
  private final KeyValueStore<Integer, String> dictionary = store();

  private static KeyValueStore<Integer, String> store() {
    MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    KeyValueStore<Integer, String> s = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("lead-dictionary"),
        Serdes.Integer(), Serdes.String()).withLoggingDisabled().build();
    s.init(context.getStateStoreContext(), s);
    return s;
  }

  static List<LeadHistory> histories() {
    return StateCodecsTest.histories().toList();
  }

  @ParameterizedTest
  @MethodSource("histories")
  void shouldReadBackEveryFieldOfAHistoryAlsoInATaskRestartedOnItsDictionary(LeadHistory h) {
    byte[] bytes = new LeadCodec(new StringIds(dictionary)).encode(h);
    // a new task: its dictionary loaded from the store
    LeadHistory back = new LeadCodec(new StringIds(dictionary)).decode(h.leadId(), bytes);
    assertSame(back, h);
    assertThat(new LeadCodec(new StringIds(dictionary)).encode(back)).isEqualTo(bytes);
  }

  @Test
  void shouldNameEachStringOnceInItsDictionaryAndKeepAHistorySmall() {
    StringIds ids = new StringIds(dictionary);
    LeadCodec codec = new LeadCodec(ids);
    LeadHistory segments = histories().stream().filter(h -> h.leadId().equals("segments")).findFirst().orElseThrow();
    byte[] once = codec.encode(segments);
    int words = ids.size();
    assertThat(codec.encode(segments)).isEqualTo(once);
    assertThat(ids.size()).as("nothing new the second time").isEqualTo(words);
    assertThat(dictionary.approximateNumEntries()).isEqualTo(words);
    // three events with their ids, fingerprints and held bytes, the created one with five segment values
    assertThat(once.length).isLessThan(200);
  }

  @Test
  void shouldRefuseStateOfAnotherFormatOrWithBytesLeftOver() {
    LeadCodec codec = new LeadCodec(new StringIds(dictionary));
    byte[] bytes = codec.encode(histories().get(1));
    byte[] other = bytes.clone();
    other[0] = 9;
    assertThatThrownBy(() -> codec.decode("created", other)).hasMessageContaining("format");
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    assertThatThrownBy(() -> codec.decode("created", longer)).hasMessageContaining("bytes more");
  }

  private static void assertSame(LeadHistory back, LeadHistory h) {
    assertThat(back.leadId()).isEqualTo(h.leadId());
    assertThat(back.created()).isEqualTo(h.created());
    assertThat(back.stages()).isEqualTo(h.stages());
    assertThat(back.closed()).isEqualTo(h.closed());
    assertThat(back.fold()).isEqualTo(h.fold());
    assertThat(back.funnelSent()).isEqualTo(h.funnelSent());
    assertThat(back.held().keySet()).containsExactlyElementsOf(h.held().keySet());
    for (Map.Entry<String, RawEvent> e : h.held().entrySet()) {
      RawEvent a = e.getValue();
      RawEvent b = back.held().get(e.getKey());
      assertThat(List.of(b.eventId(), b.eventTime(), b.topic(), b.partition(), b.offset(), b.timestamp()))
          .isEqualTo(List.of(a.eventId(), a.eventTime(), a.topic(), a.partition(), a.offset(), a.timestamp()));
      assertThat(b.key()).isEqualTo(a.key());
      assertThat(b.value()).isEqualTo(a.value());
    }
    assertThat(back.heldBytes()).isEqualTo(h.heldBytes());
  }
}
