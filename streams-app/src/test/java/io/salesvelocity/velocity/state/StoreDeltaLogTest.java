package io.salesvelocity.velocity.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.team.TeamDelta;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The delta log read from its heap store (which iterates in hash order) and from the mirror loaded from it at a
 * task's initialization: the same deltas at the same instants, in time order, for every team and range.
 */
class StoreDeltaLogTest {
  private static final List<String> TEAMS = List.of("emea", "na", "apac-midmarket");

  private final KeyValueStore<Bytes, List<TeamDelta>> store = heapStore();

  private static KeyValueStore<Bytes, List<TeamDelta>> heapStore() {
    MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    KeyValueStore<Bytes, List<TeamDelta>> store = Stores.keyValueStoreBuilder(HashBytesStore.supplier("log"),
        Serdes.Bytes(), StateSerdes.deltaLogEntry()).withLoggingDisabled().withCachingDisabled().build();
    store.init(context.getStateStoreContext(), store);
    return store;
  }

  /** Writes {@code n} deltas per team at distinct random instants, in random order; returns the instants used. */
  private List<Long> fill(StoreDeltaLog log, int n, Random random) {
    List<Long> times = new ArrayList<>();
    for (String team : TEAMS) {
      Set<Long> used = new HashSet<>();
      while (used.size() < n) {
        long time = 1_700_000_000_000L + random.nextInt(90 * 86_400) * 1000L - (random.nextBoolean() ? 0 : 3_000L);
        if (used.add(time)) {
          log.merge(team, new TeamDelta(time, Delta.pipeline(1 + random.nextInt(3))));
        }
      }
      times.addAll(used);
    }
    return times;
  }

  private static List<String> read(StoreDeltaLog log, String team, long from, long to) {
    List<String> out = new ArrayList<>();
    log.forEach(team, from, to, (time, delta) -> out.add(time + "=" + delta.pipeline()));
    return out;
  }

  private static List<Long> partTimes(StoreDeltaLog log, String team, long from, long to) {
    List<Long> out = new ArrayList<>();
    log.forEachPart(team, from, to, part -> out.add(part.time()));
    return out;
  }

  @Test
  void shouldReadFromTheMirrorLoadedFromTheStoreWhatTheStoreHolds() {
    Random random = new Random(7);
    List<Long> times = fill(new StoreDeltaLog(store, false), 3_000, random);
    StoreDeltaLog fromStore = new StoreDeltaLog(store, false);
    StoreDeltaLog mirrored = new StoreDeltaLog(store, true);
    for (String team : TEAMS) {
      List<Long> all = partTimes(fromStore, team, Long.MIN_VALUE, Long.MAX_VALUE);
      assertThat(all).hasSize(3_000).isSorted();
      assertThat(partTimes(mirrored, team, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(all);
      assertThat(read(mirrored, team, Long.MIN_VALUE, Long.MAX_VALUE))
          .isEqualTo(read(fromStore, team, Long.MIN_VALUE, Long.MAX_VALUE));
      for (int i = 0; i < 50; i++) {
        long a = times.get(random.nextInt(times.size()));
        long b = times.get(random.nextInt(times.size()));
        long from = Math.min(a, b);
        long to = Math.max(a, b);
        assertThat(read(mirrored, team, from, to)).as("(%d, %d]", from, to).isEqualTo(read(fromStore, team, from, to));
      }
    }
  }

  @Test
  void shouldKeepTheLoadedMirrorAndTheStoreTogetherThroughWritesAndDeletes() {
    Random random = new Random(11);
    fill(new StoreDeltaLog(store, false), 500, random);
    StoreDeltaLog mirrored = new StoreDeltaLog(store, true);
    List<Long> emea = partTimes(mirrored, "emea", Long.MIN_VALUE, Long.MAX_VALUE);
    long middle = emea.get(250);
    mirrored.deleteRange("emea", Long.MIN_VALUE, middle);
    mirrored.merge("emea", new TeamDelta(emea.get(300), Delta.pipeline(2))); // summed with the delta there
    mirrored.merge("emea", new TeamDelta(middle + 1, Delta.pipeline(5))); // a new instant between two
    StoreDeltaLog fromStore = new StoreDeltaLog(store, false);
    for (String team : TEAMS) {
      assertThat(read(mirrored, team, Long.MIN_VALUE, Long.MAX_VALUE))
          .isEqualTo(read(fromStore, team, Long.MIN_VALUE, Long.MAX_VALUE));
    }
    List<Long> after = partTimes(fromStore, "emea", Long.MIN_VALUE, Long.MAX_VALUE);
    assertThat(after).hasSize(250).isSorted().allMatch(t -> t > middle).contains(middle + 1);
    assertThat(read(new StoreDeltaLog(store, true), "emea", middle, Long.MAX_VALUE))
        .isEqualTo(read(fromStore, "emea", middle, Long.MAX_VALUE));
  }
}
