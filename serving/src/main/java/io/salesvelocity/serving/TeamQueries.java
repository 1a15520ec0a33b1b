package io.salesvelocity.serving;

import io.salesvelocity.velocity.runtime.VelocityEngine;
import io.salesvelocity.velocity.topology.Names;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query API's answers, whichever instance is asked: where a team's figures live (Kafka Streams' metadata: the
 * team-deltas partition of the team id, its active instance and its standby replicas), read from this instance's
 * stores or from the instance that holds them. A standby replica answers when the active one cannot (it is moving,
 * or its instance died), and the answer says so ({@code servedBy[].standby}).
 */
final class TeamQueries {
  private static final Logger log = LoggerFactory.getLogger(TeamQueries.class);

  private final VelocityEngine engine;
  private final Peers peers;
  /** The source topic of the team tasks: its partitions are the serving stores' partitions. */
  private final String teamDeltasTopic;

  TeamQueries(VelocityEngine engine, Peers peers) {
    this.engine = engine;
    this.peers = peers;
    this.teamDeltasTopic = Names.teamDeltasTopic(engine.config().applicationId());
  }

  /** Where a part of an answer came from. */
  record Source(String instance, List<Integer> partitions, boolean standby) {
    Map<String, Object> json() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("instance", instance);
      out.put("partitions", partitions);
      out.put("standby", standby);
      return out;
    }
  }

  /**
   * The engine, RUNNING or REBALANCING; else the API answers 503. During a rebalance the tasks this instance still
   * holds, active or standby, answer as before (a partition that is moving or being restored is a {@link NotHere},
   * and another instance or a standby replica answers for it): a dead instance's rebalance must not leave the
   * dashboards without figures the survivors hold.
   */
  KafkaStreams queryable() {
    KafkaStreams streams = engine.streams();
    KafkaStreams.State state = streams == null ? KafkaStreams.State.CREATED : streams.state();
    if (!state.isRunningOrRebalancing()) {
      throw ApiException.unavailable("the engine is " + state + ", not RUNNING: ask again in a moment");
    }
    return streams;
  }

  private Instance self() {
    String server = engine.applicationServer();
    return server == null ? null : Instance.parse(server);
  }

  /**
   * Every team's current figures, from every instance, sorted by team id, with their changes against 7 and 30 days
   * before and, for {@code trendDays} > 0, the velocity of their last final days.
   */
  Map<String, Object> teams(int trendDays) {
    KafkaStreams streams = queryable();
    Map<Integer, Instance> active = new TreeMap<>();
    Map<Integer, List<Instance>> standbys = new TreeMap<>();
    for (StreamsMetadata m : streams.streamsMetadataForStore(Names.SERVING_CURRENT_STORE)) {
      for (TopicPartition tp : m.topicPartitions()) {
        if (tp.topic().equals(teamDeltasTopic)) {
          active.put(tp.partition(), Instance.of(m.hostInfo()));
        }
      }
      for (TopicPartition tp : m.standbyTopicPartitions()) {
        if (tp.topic().equals(teamDeltasTopic)) {
          standbys.computeIfAbsent(tp.partition(), p -> new ArrayList<>()).add(Instance.of(m.hostInfo()));
        }
      }
    }
    Set<Integer> missing = new TreeSet<>();
    for (int p = 0; p < engine.partitions(); p++) {
      missing.add(p);
    }
    List<Map<String, Object>> teams = new ArrayList<>();
    List<Source> sources = new ArrayList<>();
    Map<Instance, Set<Integer>> byInstance = new LinkedHashMap<>();
    active.forEach((p, at) -> byInstance.computeIfAbsent(at, i -> new TreeSet<>()).add(p));
    byInstance.forEach((at, partitions) -> {
      try {
        teams.addAll(fetch(at, partitions, false, trendDays));
        sources.add(new Source(at.toString(), List.copyOf(partitions), false));
        missing.removeAll(partitions);
      } catch (NotHere e) {
        log.info("Active instance {} did not answer for partitions {}; asking standby replicas: {}", at, partitions,
            e.getMessage());
      }
    });
    for (Integer p : List.copyOf(missing)) {
      for (Instance at : preferSelf(standbys.getOrDefault(p, List.of()))) {
        try {
          teams.addAll(fetch(at, Set.of(p), true, trendDays));
          sources.add(new Source(at.toString(), List.of(p), true));
          missing.remove(p);
          break;
        } catch (NotHere e) {
          log.info("Standby {} did not answer for partition {}: {}", at, p, e.getMessage());
        }
      }
    }
    if (sources.isEmpty() && !missing.isEmpty()) {
      throw ApiException.unavailable("no instance answers for the teams' partitions " + missing
          + " yet (a rebalance, or their instances are down)");
    }
    teams.sort(Comparator.comparing(t -> (String) t.get("teamId")));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("teams", teams);
    out.put("complete", missing.isEmpty());
    out.put("missingPartitions", List.copyOf(missing));
    out.put("servedBy", sources.stream().map(Source::json).toList());
    return out;
  }

  /** One team's current figures, from the instance holding its partition (or a standby replica of it). */
  Map<String, Object> team(String teamId) {
    return routed(teamId, (at, partition, standby) -> at.equals(self())
        ? new LocalStores(queryable()).team(teamId, partition, standby)
        : peers.team(at, teamId, partition, standby), (value, source) -> {
          Map<String, Object> out = new LinkedHashMap<>(value);
          out.put("servedBy", source.json());
          return out;
        });
  }

  /** One team's final daily points from {@code from} to {@code to}, both included. */
  Map<String, Object> daily(String teamId, LocalDate from, LocalDate to) {
    team(teamId); // a 404 for a team the engine does not know
    return routed(teamId, (at, partition, standby) -> at.equals(self())
        ? Optional.of(new LocalStores(queryable()).dailyJson(teamId, partition, from, to, standby))
        : peers.daily(at, teamId, partition, from, to, standby), (days, source) -> {
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("teamId", teamId);
          out.put("from", from.toString());
          out.put("to", to.toString());
          out.put("days", days);
          out.put("servedBy", source.json());
          return out;
        });
  }

  @FunctionalInterface
  private interface Read<T> {
    Optional<T> at(Instance at, int partition, boolean standby) throws NotHere;
  }

  @FunctionalInterface
  private interface Answer<T> {
    Map<String, Object> of(T value, Source source);
  }

  private <T> Map<String, Object> routed(String teamId, Read<T> read, Answer<T> answer) {
    KafkaStreams streams = queryable();
    KeyQueryMetadata where = streams.queryMetadataForKey(Names.SERVING_CURRENT_STORE, teamId,
        Serdes.String().serializer());
    if (where == null || where.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
      throw ApiException.unavailable("no instance holds team " + teamId + "'s partition yet (a rebalance)");
    }
    List<Instance> candidates = new ArrayList<>();
    candidates.add(Instance.of(where.activeHost()));
    List<Instance> standbys = new ArrayList<>();
    for (HostInfo h : where.standbyHosts()) {
      standbys.add(Instance.of(h));
    }
    candidates.addAll(preferSelf(standbys));
    List<String> tried = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      Instance at = candidates.get(i);
      boolean standby = i > 0;
      try {
        Optional<T> value = read.at(at, where.partition(), standby);
        if (value.isEmpty()) {
          throw ApiException.notFound("unknown-team", "no team " + teamId + " (no event of it was read)");
        }
        return answer.of(value.get(), new Source(at.toString(), List.of(where.partition()), standby));
      } catch (NotHere e) {
        tried.add(e.getMessage());
      }
    }
    throw ApiException.unavailable("no instance holding team " + teamId + "'s partition " + where.partition()
        + " answered: " + String.join("; ", tried));
  }

  private List<Map<String, Object>> fetch(Instance at, Set<Integer> partitions, boolean standby, int trendDays)
      throws NotHere {
    return at.equals(self()) ? new LocalStores(queryable()).teams(partitions, standby, trendDays)
        : peers.teams(at, partitions, standby, trendDays);
  }

  private List<Instance> preferSelf(List<Instance> instances) {
    Instance self = self();
    List<Instance> out = new ArrayList<>(instances);
    out.sort(Comparator.comparing(i -> !i.equals(self)));
    return out;
  }
}
