package io.salesvelocity.backtest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.EventType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReplayEventsTest {
  private static ReplayEvent event(long time, int n, int valueBytes) {
    byte[] key = ("lead-" + n).getBytes();
    byte[] value = new byte[valueBytes];
    for (int i = 0; i < valueBytes; i++) {
      value[i] = (byte) (n * 31 + i);
    }
    return new ReplayEvent(time, EventType.values()[n % 3], key, value, 1000L + n, n % 4);
  }

  /** The stable order by time, as a list sort of the events themselves would give it. */
  private static int[] stableByTime(long[] times) {
    List<Integer> order = new ArrayList<>(IntStream.range(0, times.length).boxed().toList());
    order.sort(Comparator.comparingLong(i -> times[i]));
    return order.stream().mapToInt(Integer::intValue).toArray();
  }

  @Test
  void shouldSortByTimeKeepingTiesInInputOrder() {
    SplittableRandom r = new SplittableRandom(3);
    ReplayEvents events = new ReplayEvents();
    long[] times = new long[50_000];
    for (int n = 0; n < times.length; n++) {
      times[n] = 1_700_000_000_000L + r.nextInt(500) * 1000L; // many ties
      events.add(event(times[n], n, 3));
    }

    assertThat(events.byTime()).containsExactly(stableByTime(times));
    assertThat(events.inInputOrder()).containsExactly(IntStream.range(0, times.length).toArray());
  }

  @Test
  void shouldSortTimesTooFarApartToPackStablyAsWell() {
    long[] times = {Long.MAX_VALUE, 5, Long.MIN_VALUE, 5, -62_135_596_800_000L, Long.MAX_VALUE, 0, Long.MIN_VALUE};
    ReplayEvents events = new ReplayEvents();
    for (int n = 0; n < times.length; n++) {
      events.add(event(times[n], n, 1));
    }

    assertThat(events.byTime()).containsExactly(stableByTime(times)).containsExactly(2, 7, 4, 6, 1, 3, 0, 5);
    assertThat(new ReplayEvents().byTime()).isEmpty();
  }

  @Test
  void shouldGiveBackEveryEventAsAddedAcrossBlocksAndForOneLargerThanABlock() {
    ReplayEvents events = new ReplayEvents();
    List<ReplayEvent> added = new ArrayList<>();
    int large = ReplayEvents.BLOCK_BYTES + 10;
    for (int n = 0; n < 3_000; n++) {
      // about 3 KB each: the first blocks fill and the next event starts a new one; one event is larger than a block
      ReplayEvent e = event(n * 7L, n, n == 1_500 ? large : 2_900 + n % 200);
      added.add(e);
      events.add(e);
    }

    assertThat(events.size()).isEqualTo(added.size());
    for (int i = 0; i < added.size(); i++) {
      ReplayEvent e = added.get(i);
      assertThat(events.key(i)).isEqualTo(e.key());
      assertThat(events.value(i)).isEqualTo(e.value());
      assertThat(events.time(i)).isEqualTo(e.time());
      assertThat(events.type(i)).isEqualTo(e.type());
      assertThat(events.position(i)).isEqualTo(e.position());
      assertThat(events.file(i)).isEqualTo(e.file());
    }
  }
}
