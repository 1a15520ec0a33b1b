package io.salesvelocity.serving;

import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.velocity.topology.Names;
import io.salesvelocity.velocity.topology.ServingStores;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * What this instance's own stores hold, read with interactive queries (IQv2) on the partitions asked for: from the
 * active tasks only, or from standby replicas too ({@code standby}). A partition this instance does not hold that way
 * is a {@link NotHere}, for the caller to ask another instance.
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
    StateQueryRequest<KeyValueIterator<String, TeamVelocity>> request = StateQueryRequest
        .inStore(Names.SERVING_CURRENT_STORE).withQuery(RangeQuery.<String, TeamVelocity>withNoBounds())
        .withPartitions(partitions);
    StateQueryResult<KeyValueIterator<String, TeamVelocity>> result = streams.query(standby ? request
        : request.requireActive());
    List<Map<String, Object>> out = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (Map.Entry<Integer, QueryResult<KeyValueIterator<String, TeamVelocity>>> e
        : result.getPartitionResults().entrySet()) {
      QueryResult<KeyValueIterator<String, TeamVelocity>> r = e.getValue();
      if (r.isFailure()) {
        failures.add("partition " + e.getKey() + ": " + r.getFailureReason() + " " + r.getFailureMessage());
        continue;
      }
      List<TeamVelocity> teams = new ArrayList<>();
      try (KeyValueIterator<String, TeamVelocity> it = r.getResult()) {
        it.forEachRemaining(kv -> teams.add(kv.value));
      }
      for (TeamVelocity v : teams) {
        Map<String, Object> json = TeamJson.of(v);
        // the team's daily points are in the same partition of the daily store
        Trends.add(json, latestDays(v.getTeamId().toString(), e.getKey(), Trends.daysNeeded(trendDays), standby),
            trendDays);
        out.add(json);
      }
    }
    if (!failures.isEmpty() || result.getPartitionResults().size() < partitions.size()) {
      throw new NotHere("not held here " + (standby ? "" : "as active ") + String.join("; ", failures));
    }
    return out;
  }

  /** One team's current figures, from its partition. */
  Optional<Map<String, Object>> team(String teamId, int partition, boolean standby) throws NotHere {
    StateQueryRequest<TeamVelocity> request = StateQueryRequest.inStore(Names.SERVING_CURRENT_STORE)
        .withQuery(KeyQuery.<String, TeamVelocity>withKey(teamId)).withPartitions(Set.of(partition));
    QueryResult<TeamVelocity> r = only(streams.query(standby ? request : request.requireActive()), partition);
    return Optional.ofNullable(r.getResult()).map(TeamJson::of);
  }

  /**
   * A team's latest final daily points: the latest one and those of the {@code days} days before it (fewer when its
   * history is shorter), by date; read newest first, so a long history costs nothing more.
   */
  java.util.NavigableMap<LocalDate, TeamVelocity> latestDays(String teamId, int partition, int days, boolean standby)
      throws NotHere {
    String prefix = ServingStores.prefix(teamId);
    StateQueryRequest<KeyValueIterator<String, TeamVelocity>> request = StateQueryRequest
        .inStore(Names.SERVING_DAILY_STORE)
        .withQuery(RangeQuery.<String, TeamVelocity>withRange(prefix, prefix + "\uffff").withDescendingKeys())
        .withPartitions(Set.of(partition));
    QueryResult<KeyValueIterator<String, TeamVelocity>> r = only(streams.query(standby ? request
        : request.requireActive()), partition);
    java.util.NavigableMap<LocalDate, TeamVelocity> out = new java.util.TreeMap<>();
    try (KeyValueIterator<String, TeamVelocity> it = r.getResult()) {
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
  java.util.NavigableMap<LocalDate, TeamVelocity> daily(String teamId, int partition, LocalDate from, LocalDate to,
                                                        boolean standby) throws NotHere {
    StateQueryRequest<KeyValueIterator<String, TeamVelocity>> request = StateQueryRequest
        .inStore(Names.SERVING_DAILY_STORE)
        .withQuery(RangeQuery.<String, TeamVelocity>withRange(ServingStores.dailyKey(teamId, from),
            ServingStores.dailyKey(teamId, to)))
        .withPartitions(Set.of(partition));
    QueryResult<KeyValueIterator<String, TeamVelocity>> r = only(streams.query(standby ? request
        : request.requireActive()), partition);
    java.util.NavigableMap<LocalDate, TeamVelocity> out = new java.util.TreeMap<>();
    String prefix = ServingStores.prefix(teamId);
    try (KeyValueIterator<String, TeamVelocity> it = r.getResult()) {
      it.forEachRemaining(kv -> out.put(LocalDate.parse(kv.key.substring(prefix.length())), kv.value));
    }
    return out;
  }

  private static <R> QueryResult<R> only(StateQueryResult<R> result, int partition) throws NotHere {
    QueryResult<R> r = result.getPartitionResults().get(partition);
    if (r == null) {
      throw new NotHere("partition " + partition + " is not held here");
    }
    if (r.isFailure()) {
      throw new NotHere("partition " + partition + ": " + r.getFailureReason() + " " + r.getFailureMessage());
    }
    return r;
  }

}
