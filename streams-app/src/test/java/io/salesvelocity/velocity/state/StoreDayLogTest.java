package io.salesvelocity.velocity.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.velocity.domain.forecast.ForecastParts;
import io.salesvelocity.velocity.domain.lead.LeadForecast;
import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.team.TeamDelta;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The team's day log as stored: what a commit's records append to a day is written as one chunk of that day when the
 * task commits, read before that with what is written, and dropped when the task drops what it did.
 */
class StoreDayLogTest {
  private static final long DAY = 86_400_000L;
  private KeyValueStore<Bytes, List<TeamDelta>> store;

  @BeforeEach
  void setUp() {
    store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("days"), Serdes.Bytes(),
        StateSerdes.deltaLogEntry()).withLoggingDisabled().build();
    store.init(new MockProcessorContext<>().getStateStoreContext(), store);
  }

  private static TeamDelta part(long time, int count) {
    return new TeamDelta(time, Delta.ZERO, null, null, null, ForecastParts.of(new ForecastParts.Slot(
        LeadForecast.Kind.COHORT, 3, 30), new LeadForecast.Part(count, BigDecimal.ZERO, 0)));
  }

  private List<KeyValue<Bytes, List<TeamDelta>>> entries() {
    List<KeyValue<Bytes, List<TeamDelta>>> out = new ArrayList<>();
    try (KeyValueIterator<Bytes, List<TeamDelta>> it = store.all()) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  @Test
  void shouldWriteOneChunkPerDayForWhatManyRecordsAppendedUntilTheCommit() {
    StoreDayLog log = new StoreDayLog(store);
    // three records of one commit: today's parts, and forecast parts for a day 30 days ahead
    for (int record = 0; record < 3; record++) {
      log.appendHead("A", 10, part(10 * DAY + record, 1));
      log.appendHead("A", 40, part(40 * DAY + record, 1));
    }
    assertThat(entries()).as("nothing written before the commit").isEmpty();
    assertThat(log.head("A", 10)).as("read with what is written").hasSize(3);
    assertThat(log.headDays("A")).containsExactly(10L, 40L);

    log.flush();
    assertThat(entries()).as("one chunk per day").hasSize(2);
    assertThat(log.head("A", 40)).containsExactly(part(40 * DAY, 1), part(40 * DAY + 1, 1), part(40 * DAY + 2, 1));

    log.appendHead("A", 40, part(40 * DAY + 5, 2));
    log.flush();
    assertThat(entries()).as("the next commit's chunk").hasSize(3);
    assertThat(new StoreDayLog(store).head("A", 40)).as("read back after a restart").hasSize(4)
        .contains(part(40 * DAY + 5, 2));
  }

  @Test
  void shouldDropWhatWasAppendedSinceTheLastCommitWhenTheTaskDropsItsWork() {
    StoreDayLog log = new StoreDayLog(store);
    log.appendHead("A", 10, part(10 * DAY, 1));
    log.flush();
    log.appendHead("A", 10, part(10 * DAY + 1, 1));
    log.discard();
    log.flush();
    assertThat(entries()).hasSize(1);
    assertThat(log.head("A", 10)).containsExactly(part(10 * DAY, 1));
  }
}
