package io.salesvelocity.velocity.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.Stage;
import io.salesvelocity.serde.InMemorySchemaRegistryClient;
import io.salesvelocity.serde.SchemaRegistryConfig;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/**
 * Pins every processor, store and internal topic name: a rename would orphan changelogs and repartition
 * topics of running deployments, so it must be a deliberate change to this test.
 */
class TopologyNamesTest {
  private final VelocityTopics topics = VelocityTopics.create(VelocityTopics.TopicNames.defaults(),
      new InMemorySchemaRegistryClient(), Map.of(SchemaRegistryConfig.URL, "http://in-process"));
  private final Topology topology = VelocityTopology.buildTopology(EngineSettings.defaults(), topics);

  @Test
  void shouldNameEveryNodeAndStore() {
    Set<String> nodes = new TreeSet<>();
    Set<String> stores = new TreeSet<>();
    for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
      for (TopologyDescription.Node node : sub.nodes()) {
        nodes.add(node.name());
        if (node instanceof TopologyDescription.Processor p) {
          stores.addAll(p.stores());
        }
      }
    }
    assertThat(nodes).noneMatch(n -> n.startsWith("KSTREAM-") || n.startsWith("KTABLE-"));
    assertThat(stores).containsExactly("all-teams-commit-hook", "all-teams-days", "all-teams-funnel-cursors",
        "all-teams-open-visits", "all-teams-partials", "lead-clock", "lead-commit-hook", "lead-dictionary",
        "lead-outbox", "lead-parked", "lead-state", "segment-cursors",
        "serving-team-velocity", "serving-team-velocity-daily", "team-clock", "team-commit-hook", "team-cursors",
        "team-days", "team-flow-ends", "team-forecasts", "team-open-visits");
    assertThat(stores).as("no store of an earlier version's state").doesNotContainAnyElementsOf(Names.RETIRED_STORES);
    assertThat(nodes).contains("source-lead-created", "source-stage-changed", "source-deal-closed",
        "crm-events-wall-clock-stamp", "lead-events",
        "team-deltas-repartition-sink", "team-deltas-repartition-source", "team-velocity", "velocity-sink",
        "velocity-daily-sink", "dead-letter-sink", "team-dead-letter-sink", "velocity-segments-sink",
        "velocity-segments-daily-sink", "all-teams-partials-repartition-sink", "all-teams-partials-repartition-source",
        "all-teams-velocity", "velocity-segments-all-teams-sink", "velocity-segments-daily-all-teams-sink",
        "all-teams-dead-letter-sink", "sales-funnel-sink", "sales-funnel-daily-sink", "stalled-deals-sink",
        "sales-funnel-daily-all-teams-sink", "sales-funnel-all-teams-sink", "serving-team-velocity-writer",
        "serving-team-velocity-daily-writer", "pipeline-flow-daily-sink", "pipeline-flow-daily-all-teams-sink",
        "sales-forecast-daily-sink", "sales-forecast-daily-all-teams-sink", "sales-forecast-sink",
        "sales-forecast-all-teams-sink");
    assertThat(topology.describe().subtopologies()).hasSize(3);
  }

  @Test
  void shouldListTheStoresOfEachProcessorAsTheInlineRunnerCreatesThem() {
    Map<String, Set<String>> storesOf = new java.util.HashMap<>();
    for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
      for (TopologyDescription.Node node : sub.nodes()) {
        if (node instanceof TopologyDescription.Processor p) {
          storesOf.put(p.name(), p.stores());
        }
      }
    }
    assertThat(storesOf.get(Names.LEAD_PROCESSOR)).containsExactlyInAnyOrderElementsOf(Names.LEAD_STORES);
    assertThat(storesOf.get(Names.TEAM_PROCESSOR)).containsExactlyInAnyOrderElementsOf(Names.TEAM_STORES);
    assertThat(storesOf.get(Names.ALL_TEAMS_PROCESSOR)).containsExactlyInAnyOrderElementsOf(Names.ALL_TEAMS_STORES);
    assertThat(storesOf.get(Names.SERVING_CURRENT_WRITER)).containsExactly(Names.SERVING_CURRENT_STORE);
    assertThat(storesOf.get(Names.SERVING_DAILY_WRITER)).containsExactly(Names.SERVING_DAILY_STORE);
  }

  @Test
  void shouldKeepTheServingStoresInTheTeamTasks() {
    // partitioned as team-deltas, so the query API finds a team's store by its id
    for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
      Set<String> names = new HashSet<>();
      sub.nodes().forEach(n -> names.add(n.name()));
      if (names.contains(Names.TEAM_PROCESSOR)) {
        assertThat(names).contains(Names.SERVING_CURRENT_WRITER, Names.SERVING_DAILY_WRITER);
        return;
      }
    }
    throw new AssertionError("no sub-topology holds " + Names.TEAM_PROCESSOR);
  }

  @Test
  void shouldNameTheTeamDeltasTopicAsKafkaStreamsDoes() {
    assertThat(Names.teamDeltasTopic("app")).isEqualTo("app-team-deltas-repartition");
  }

  @Test
  void shouldDeriveChangelogAndRepartitionTopicsFromTheNames() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "app");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
      var created = driver.createInputTopic(topics.leadCreated().name(),
          topics.leadCreated().keySerde().serializer(), topics.leadCreated().valueSerde().serializer());
      var closed = driver.createInputTopic(topics.dealClosed().name(),
          topics.dealClosed().keySerde().serializer(), topics.dealClosed().valueSerde().serializer());
      created.pipeInput("L1", CrmEvents.created("c1", "L1", "A", CrmEvents.day(0), Stage.SQL));
      created.pipeInput("L0", CrmEvents.created("c0", "L0", "A", CrmEvents.day(0), Stage.MQL)); // open for days
      closed.pipeInput("L1", CrmEvents.won("k1", "L1", CrmEvents.day(1), "10"));
      created.pipeInput("L2", CrmEvents.created("c2", "L2", "A", CrmEvents.day(3), Stage.SQL)); // day 1 is final
      Set<String> internal = new HashSet<>(driver.producedTopicNames());
      assertThat(internal).contains("app-team-deltas-repartition", "app-lead-state-changelog",
          "app-lead-clock-changelog", "app-team-cursors-changelog",
          "app-team-days-changelog", "app-team-clock-changelog", "app-segment-cursors-changelog",
          "app-all-teams-partials-repartition", "app-all-teams-partials-changelog",
          "app-team-open-visits-changelog", "app-all-teams-days-changelog",
          "app-all-teams-funnel-cursors-changelog", "app-serving-team-velocity-daily-changelog");
      assertThat(internal).as("the commit hooks hold nothing and have no changelog")
          .noneMatch(t -> t.contains("commit-hook"));
    }
  }
}
