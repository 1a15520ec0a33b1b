package io.salesvelocity.serving;

import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.velocity.topology.Names;
import io.salesvelocity.velocity.topology.ServingStores;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * What this instance's own stores hold, read with interactive queries on the partitions asked for: from the active
 * tasks only, or from standby replicas too ({@code standby}). A partition this instance does not hold that way is a
 * {@link NotHere}, for the caller to ask another instance.
 *
 * <p>Reads go through {@link KafkaStreams#store} (IQv1), not {@code KafkaStreams.query} (IQv2): in Kafka Streams
 * 4.4 an IQv2 range query of the in-memory store takes the store's position lock and then the store's own lock,
 * while a commit writing to the store takes them the other way round, so a dashboard's query could leave itself and
 * the stream thread waiting on each other for ever (KAFKA-19629, fixed after 4.4.0). IQv1 reads take the store's
 * own lock only.
 */
final class LocalStores {
  private final KafkaStreams streams;

  LocalStores(KafkaStreams streams) {
    this.streams = streams;
  }

  /**
   * Every team's current figures in these partitions, as JSON, each with its change against 7 and 30 days before
   * ({@link Trends}) and, when {@code trendDays} is positive, the velocity of its last final days.
   */
  List<Map<String, Object>> teams(Set<Integer> partitions, boolean standby, int trendDays) throws NotHere {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int partition : partitions) {
      List<TeamVelocity> teams = read(Names.SERVING_CURRENT_STORE, partition, standby, store -> {
        List<TeamVelocity> all = new ArrayList<>();
        try (KeyValueIterator<String, TeamVelocity> it = store.all()) {
          it.forEachRemaining(kv -> all.add(kv.value));
        }
        return all;
      });
      for (TeamVelocity v : teams) {
        Map<String, Object> json = TeamJson.of(v);
        // the team's daily points are in the same partition of the daily store
        Trends.add(json, latestDays(v.getTeamId().toString(), partition, Trends.daysNeeded(trendDays), standby),
            trendDays);
        out.add(json);
      }
    }
    return out;
  }

  /** One team's current figures, from its partition. */
  Optional<Map<String, Object>> team(String teamId, int partition, boolean standby) throws NotHere {
    return Optional.ofNullable(read(Names.SERVING_CURRENT_STORE, partition, standby, store -> store.get(teamId)))
        .map(TeamJson::of);
  }

  /**
   * A team's latest final daily points: the latest one and those of the {@code days} days before it (fewer when its
   * history is shorter), by date; read newest first, so a long history costs nothing more.
   */
  NavigableMap<LocalDate, TeamVelocity> latestDays(String teamId, int partition, int days, boolean standby)
      throws NotHere {
    String prefix = ServingStores.prefix(teamId);
    return read(Names.SERVING_DAILY_STORE, partition, standby, store -> {
      NavigableMap<LocalDate, TeamVelocity> out = new TreeMap<>();
      try (KeyValueIterator<String, TeamVelocity> it = store.reverseRange(prefix, prefix + "\uffff")) {
        LocalDate oldest = null;
        while (it.hasNext()) {
          var kv = it.next();
          LocalDate date = LocalDate.parse(kv.key.substring(prefix.length()));
          if (oldest == null) {
            oldest = date.minusDays(days);
          }
          if (date.isBefore(oldest)) {
            break;
          }
          out.put(date, kv.value);
        }
      }
      return out;
    });
  }

  /** One team's final daily points from {@code from} to {@code to}, both included, in date order, as JSON. */
  List<Map<String, Object>> dailyJson(String teamId, int partition, LocalDate from, LocalDate to, boolean standby)
      throws NotHere {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map.Entry<LocalDate, TeamVelocity> e : daily(teamId, partition, from, to, standby).entrySet()) {
      out.add(TeamJson.day(e.getKey(), e.getValue()));
    }
    return out;
  }

  /** One team's final daily points from {@code from} to {@code to}, both included, by date. */
  NavigableMap<LocalDate, TeamVelocity> daily(String teamId, int partition, LocalDate from, LocalDate to,
                                              boolean standby) throws NotHere {
    String prefix = ServingStores.prefix(teamId);
    return read(Names.SERVING_DAILY_STORE, partition, standby, store -> {
      NavigableMap<LocalDate, TeamVelocity> out = new TreeMap<>();
      try (KeyValueIterator<String, TeamVelocity> it = store.range(ServingStores.dailyKey(teamId, from),
          ServingStores.dailyKey(teamId, to))) {
        it.forEachRemaining(kv -> out.put(LocalDate.parse(kv.key.substring(prefix.length())), kv.value));
      }
      return out;
    });
  }

  /**
   * Reads one partition of a store: of an active task, or of an active or standby one ({@code standby}). A store that
   * is not here, is being restored or moves away while it is read is a {@link NotHere}.
   */
  private <T> T read(String storeName, int partition, boolean standby,
                     Function<ReadOnlyKeyValueStore<String, TeamVelocity>, T> read) throws NotHere {
    StoreQueryParameters<ReadOnlyKeyValueStore<String, TeamVelocity>> where = StoreQueryParameters
        .fromNameAndType(storeName, QueryableStoreTypes.<String, TeamVelocity>keyValueStore())
        .withPartition(partition);
    try {
      return read.apply(streams.store(standby ? where.enableStaleStores() : where));
    } catch (InvalidStateStoreException e) {
      throw new NotHere("partition " + partition + " of " + storeName + " is not held here"
          + (standby ? "" : " as active") + ": " + e.getMessage());
    }
  }
}
