package io.salesvelocity.velocity.topology;

import static io.salesvelocity.velocity.topology.CrmEvents.created;
import static io.salesvelocity.velocity.topology.CrmEvents.day;
import static io.salesvelocity.velocity.topology.CrmEvents.won;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.TeamDay;
import io.salesvelocity.schemas.TeamVelocity;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stores the query API reads hold what the sinks published: the latest figures, and the last days of history. */
class ServingStoresTopologyTest {
  private TopologyFixture fx;

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void shouldHoldEachTeamsFiguresAsLastPublished() {
    fx = new TopologyFixture();
    fx.send(created("c1", "L1", "A", day(0), Stage.SQL));
    fx.send(created("c2", "L2", "B", day(0), Stage.SQL));
    fx.send(won("k1", "L1", day(2), "100"));

    Map<String, TeamVelocity> published = fx.currentVelocity();
    KeyValueStore<String, TeamVelocity> current = fx.store(Names.SERVING_CURRENT_STORE);

    assertThat(published).containsOnlyKeys("A", "B");
    assertThat(current.get("A")).isEqualTo(published.get("A"));
    assertThat(current.get("B")).isEqualTo(published.get("B"));
    assertThat(current.get("A").getWonCount()).isEqualTo(1);
    assertThat(current.get("C")).isNull();
  }

  @Test
  void shouldKeepTheLastHistoryDaysOfFinalDailyPointsPerTeam() {
    fx = new TopologyFixture(EngineSettings.defaults().withHistoryDays(3));
    fx.send(created("c1", "L1", "A", day(0), Stage.SQL));
    fx.send(created("c2", "L2", "AB", day(0), Stage.SQL));
    fx.send(created("c3", "L3", "A", day(9), Stage.SQL)); // days 0 to 7 are past the grace of one day

    Map<TeamDay, TeamVelocity> published = fx.dailyPoints();
    KeyValueStore<String, TeamVelocity> daily = fx.store(Names.SERVING_DAILY_STORE);

    LocalDate last = published.keySet().stream().filter(k -> k.getTeamId().equals("A")).map(TeamDay::getDay)
        .max(LocalDate::compareTo).orElseThrow();
    assertThat(published.keySet().stream().filter(k -> k.getTeamId().equals("A"))).hasSizeGreaterThan(3);
    List<String> keptOfA = new ArrayList<>();
    try (var it = daily.prefixScan(ServingStores.prefix("A"), new org.apache.kafka.common.serialization.StringSerializer())) {
      it.forEachRemaining(kv -> keptOfA.add(kv.key));
    }
    assertThat(keptOfA).containsExactly(ServingStores.dailyKey("A", last.minusDays(2)),
        ServingStores.dailyKey("A", last.minusDays(1)), ServingStores.dailyKey("A", last));
    assertThat(daily.get(ServingStores.dailyKey("A", last))).isEqualTo(published.get(new TeamDay("A", last)));
    // another team whose id starts with the first's keeps its own days
    LocalDate lastOfAb = published.keySet().stream().filter(k -> k.getTeamId().equals("AB")).map(TeamDay::getDay)
        .max(LocalDate::compareTo).orElseThrow();
    assertThat(daily.get(ServingStores.dailyKey("AB", lastOfAb))).isNotNull()
        .isEqualTo(published.get(new TeamDay("AB", lastOfAb)));
  }
}
