package io.salesvelocity.velocity.topology;

import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.velocity.state.StateSerdes;
import io.salesvelocity.velocity.state.StateStorage;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The stores the query API reads, in the team tasks (so partitioned as team-deltas, by team id, as Kafka's default
 * partitioner would: {@code KafkaStreams#queryMetadataForKey} with a string serializer finds a team's), written by a
 * processor in front of the sales-velocity and sales-velocity-daily sinks that only moves each published record in:
 * {@link Names#SERVING_CURRENT_STORE}, a team id to its figures as last published, and
 * {@link Names#SERVING_DAILY_STORE}, a team's final daily points by date ({@link #dailyKey}), the last
 * {@link EngineSettings#historyDays()} days of each team.
 */
public final class ServingStores {
  private ServingStores() {
  }

  /**
   * The key of a team's daily point: its id's length, the id, then the ISO date, so one team's points sort by date
   * and no other team's key starts with its prefix, whatever characters its id holds.
   */
  public static String dailyKey(String teamId, LocalDate date) {
    return prefix(teamId) + date;
  }

  /** The first key of a team's daily points: every one of them sorts after it. */
  public static String prefix(String teamId) {
    return teamId.length() + ":" + teamId + "/";
  }

  static FixedKeyProcessorSupplier<String, TeamVelocity, TeamVelocity> currentWriter(StateStorage storage) {
    return new FixedKeyProcessorSupplier<>() {
      @Override
      public FixedKeyProcessor<String, TeamVelocity, TeamVelocity> get() {
        return new CurrentWriter();
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        // Kafka's own stores: they answer interactive queries
        return Set.of(storage.store(Names.SERVING_CURRENT_STORE, Serdes.String(), StateSerdes.teamVelocity()));
      }
    };
  }

  static FixedKeyProcessorSupplier<io.salesvelocity.schemas.TeamDay, TeamVelocity, TeamVelocity> dailyWriter(
      EngineSettings settings, StateStorage storage) {
    return new FixedKeyProcessorSupplier<>() {
      @Override
      public FixedKeyProcessor<io.salesvelocity.schemas.TeamDay, TeamVelocity, TeamVelocity> get() {
        return new DailyWriter(settings.historyDays());
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        // read by range (a team's dates): Kafka's sorted stores
        return Set.of(storage.store(Names.SERVING_DAILY_STORE, Serdes.String(), StateSerdes.teamVelocity()));
      }
    };
  }

  private static final class CurrentWriter implements FixedKeyProcessor<String, TeamVelocity, TeamVelocity> {
    private FixedKeyProcessorContext<String, TeamVelocity> context;
    private KeyValueStore<String, TeamVelocity> store;

    @Override
    public void init(FixedKeyProcessorContext<String, TeamVelocity> context) {
      this.context = context;
      this.store = context.getStateStore(Names.SERVING_CURRENT_STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, TeamVelocity> record) {
      if (record.key() != null && record.value() != null) {
        store.put(record.key(), record.value());
      }
      context.forward(record);
    }
  }

  private static final class DailyWriter
      implements FixedKeyProcessor<io.salesvelocity.schemas.TeamDay, TeamVelocity, TeamVelocity> {
    private final int historyDays;
    private FixedKeyProcessorContext<io.salesvelocity.schemas.TeamDay, TeamVelocity> context;
    private KeyValueStore<String, TeamVelocity> store;

    DailyWriter(int historyDays) {
      this.historyDays = historyDays;
    }

    @Override
    public void init(FixedKeyProcessorContext<io.salesvelocity.schemas.TeamDay, TeamVelocity> context) {
      this.context = context;
      this.store = context.getStateStore(Names.SERVING_DAILY_STORE);
    }

    @Override
    public void process(FixedKeyRecord<io.salesvelocity.schemas.TeamDay, TeamVelocity> record) {
      io.salesvelocity.schemas.TeamDay day = record.key();
      if (day != null && record.value() != null) {
        store.put(dailyKey(day.getTeamId(), day.getDay()), record.value());
        // the days that fell out of the history: usually the one a history ago, or none
        String oldest = dailyKey(day.getTeamId(), day.getDay().minusDays(historyDays));
        List<String> gone = new ArrayList<>();
        try (KeyValueIterator<String, TeamVelocity> it = store.range(prefix(day.getTeamId()), oldest)) {
          it.forEachRemaining((KeyValue<String, TeamVelocity> kv) -> gone.add(kv.key));
        }
        gone.forEach(store::delete);
      }
      context.forward(record);
    }
  }
}
