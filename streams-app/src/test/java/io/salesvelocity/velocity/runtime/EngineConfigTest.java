package io.salesvelocity.velocity.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesvelocity.schemas.Stage;
import io.salesvelocity.velocity.state.StateStorage;
import io.salesvelocity.velocity.topology.EngineSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineConfigTest {
  private static final Map<String, String> REQUIRED = Map.of("bootstrap.servers", "k:9092",
      "schema.registry.url", "http://r:8081");

  @Test
  void shouldLetEnvironmentVariablesOverrideTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("engine.properties");
    Files.writeString(file, "bootstrap.servers=file:9092\nschema.registry.url=http://r\nvelocity.window.days=30\n");

    EngineConfig config = EngineConfig.load(file, Map.of("SALESVELOCITY_BOOTSTRAP_SERVERS", "env:9092",
        "SALESVELOCITY_VELOCITY_ENTRY_STAGE", "proposal", "PATH", "/usr/bin"));

    assertThat(config.get("bootstrap.servers")).isEqualTo("env:9092");
    assertThat(config.settings().windowDays()).isEqualTo(30);
    assertThat(config.settings().entryStage()).isEqualTo(Stage.PROPOSAL);
    assertThat(config.clientProperties()).doesNotContainKey("path");
  }

  @Test
  void shouldDefaultToExactlyOnceAndTheDocumentedDefinition() {
    EngineConfig config = EngineConfig.of(REQUIRED);
    assertThat(config.streamsProperties().get("processing.guarantee")).isEqualTo("exactly_once_v2");
    assertThat(config.settings().windowDays()).isEqualTo(90);
    assertThat(config.settings().entryStage()).isEqualTo(Stage.SQL);
    assertThat(config.settings().grace()).isEqualTo(Duration.ofDays(1));
    assertThat(config.streamsProperties()).doesNotContainKey("velocity.window.days");
    assertThat(config.streamsProperties().get("commit.interval.ms")).isEqualTo("200");
    assertThat(EngineConfig.of(with("commit.interval.ms", "100")).streamsProperties().get("commit.interval.ms"))
        .isEqualTo("100");
  }

  @Test
  void shouldNameAMissingSettingAndHowToSetIt() {
    assertThatThrownBy(() -> EngineConfig.of(Map.of("schema.registry.url", "http://r")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bootstrap.servers").hasMessageContaining("SALESVELOCITY_BOOTSTRAP_SERVERS");
  }

  @Test
  void shouldRefuseBadValuesWithTheKeyInTheMessage() {
    assertThatThrownBy(() -> EngineConfig.of(with("velocity.entry.stage", "DISCOVERY")))
        .hasMessageContaining("velocity.entry.stage").hasMessageContaining("NEGOTIATION");
    assertThatThrownBy(() -> EngineConfig.of(with("velocity.window.days", "0"))).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> EngineConfig.of(with("velocity.grace", "soon"))).hasMessageContaining("velocity.grace");
    assertThatThrownBy(() -> EngineConfig.load(Path.of("/nonexistent.properties"), Map.of()))
        .hasMessageContaining("not found");
  }

  @Test
  void shouldKeepStateOnTheHeapUnlessToldToKeepItInRocksDb() {
    assertThat(EngineConfig.of(REQUIRED).stateStorage()).isEqualTo(StateStorage.DURABLE_IN_MEMORY);
    assertThat(EngineConfig.of(with("velocity.state.store", "in-memory")).stateStorage())
        .isEqualTo(StateStorage.DURABLE_IN_MEMORY);
    assertThat(EngineConfig.of(with("velocity.state.store", "RocksDB")).stateStorage()).isEqualTo(StateStorage.DURABLE);
    assertThatThrownBy(() -> EngineConfig.of(with("velocity.state.store", "disk")))
        .hasMessageContaining("velocity.state.store").hasMessageContaining("in-memory");
  }

  @Test
  void shouldParseDurationsWithUnitsOrIso() {
    assertThat(EngineConfig.parseDuration("12h")).isEqualTo(Duration.ofHours(12));
    assertThat(EngineConfig.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(EngineConfig.parseDuration("PT30M")).isEqualTo(Duration.ofMinutes(30));
    assertThat(EngineConfig.parseDuration("2d")).isEqualTo(Duration.ofDays(2));
  }

  private static Map<String, String> with(String key, String value) {
    Map<String, String> m = new java.util.HashMap<>(REQUIRED);
    m.put(key, value);
    return m;
  }

  @Test
  void shouldNameAMisspelledSettingAndSuggestTheRightOne() {
    assertThatThrownBy(() -> EngineConfig.of(with("velocity.windw.days", "30")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown setting velocity.windw.days")
        .hasMessageContaining("did you mean velocity.window.days");
  }

  @Test
  void shouldReachHyphenatedKeysFromTheEnvironmentAsKafkasImagesDo() {
    EngineConfig config = EngineConfig.load(null, Map.of("SALESVELOCITY_BOOTSTRAP_SERVERS", "k:9092",
        "SALESVELOCITY_SCHEMA_REGISTRY_URL", "http://r", "SALESVELOCITY_VELOCITY_TOPIC_LEAD___CREATED", "crm.leads",
        "SALESVELOCITY_VELOCITY_MAX_CLOCK_SKEW", "6h"));
    assertThat(config.topicNames().leadCreated()).isEqualTo("crm.leads");
    assertThat(config.settings().maxClockSkew()).isEqualTo(Duration.ofHours(6));
    assertThat(EngineConfig.keyOf("A__B_C___D")).isEqualTo("a_b.c-d");
    for (String key : EngineConfig.DEFINITION.names()) {
      assertThat(EngineConfig.keyOf(EngineConfig.envOf(key).substring(EngineConfig.ENV_PREFIX.length()))).isEqualTo(key);
    }
  }

  @Test
  void shouldRefuseTheOldSpellingOfAHyphenatedKeyInsteadOfIgnoringIt() {
    assertThatThrownBy(() -> EngineConfig.load(null, Map.of("SALESVELOCITY_BOOTSTRAP_SERVERS", "k:9092",
        "SALESVELOCITY_SCHEMA_REGISTRY_URL", "http://r", "SALESVELOCITY_VELOCITY_TOPIC_LEAD_CREATED", "crm.leads")))
        .hasMessageContaining("velocity.topic.lead.created")
        .hasMessageContaining("SALESVELOCITY_VELOCITY_TOPIC_LEAD_CREATED")
        .hasMessageContaining("SALESVELOCITY_VELOCITY_TOPIC_LEAD___CREATED");
  }

  @Test
  void shouldBoundEventTimeAndRecordSizeByDefaultAndCheckTheirRanges() {
    EngineConfig config = EngineConfig.of(REQUIRED);
    assertThat(config.settings().maxClockSkew()).isEqualTo(Duration.ofDays(1));
    assertThat(config.settings().maxRecordBytes()).isEqualTo(128 * 1024);
    assertThat(EngineConfig.of(with("velocity.max.record.bytes", "65536")).settings().maxRecordBytes())
        .isEqualTo(65536);
    assertThatThrownBy(() -> EngineConfig.of(with("velocity.max.record.bytes", "10000000")))
        .hasMessageContaining("velocity.max.record.bytes");
    assertThatThrownBy(() -> EngineConfig.of(with("velocity.max.clock.skew", "-1d")))
        .hasMessageContaining("velocity.max.clock.skew");
    assertThatThrownBy(() -> EngineConfig.of(with("velocity.window.days", "ninety")))
        .hasMessageContaining("velocity.window.days");
  }

  @Test
  void shouldNeverPutASecretInAnErrorMessage() {
    assertThatThrownBy(() -> EngineConfig.of(Map.of("bootstrap.servers", "k:9092", "schema.registry.url",
        "ftp://alice:s3cret@r"))).satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    assertThatThrownBy(() -> EngineConfig.of(Map.of("bootstrap.servers", "k:9092", "schema.registry.url", "http://r",
        "basic.auth.user.info", "s3cret-without-colon", "velocity.windw.days", "1")))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
  }

  @Test
  void shouldShipAConfigurationFileThatSetsEveryEngineSettingAndLoads() throws Exception {
    Path file = Path.of("..", "config", "engine.properties");
    java.util.Properties props = new java.util.Properties();
    try (var in = Files.newBufferedReader(file)) {
      props.load(in);
    }
    assertThat(props.stringPropertyNames()).containsAll(EngineConfig.DEFINITION.names());
    assertThat(EngineConfig.load(file, Map.of()).settings()).isEqualTo(EngineSettings.defaults());
  }

  @Test
  void shouldTakeTheQueryApiAddressAndTokenAndHideTheToken() {
    EngineConfig c = EngineConfig.of(Map.of("bootstrap.servers", "k:9092", "schema.registry.url", "http://r",
        "velocity.http.listen", "0.0.0.0:9090", "velocity.http.token", "t0ken", "velocity.http.history.days", "30"));
    assertThat(c.httpListen()).contains("0.0.0.0:9090");
    assertThat(c.httpToken()).contains("t0ken");
    assertThat(c.settings().historyDays()).isEqualTo(30);
    assertThat(c.ownSettings().toString()).doesNotContain("t0ken");
    EngineConfig off = EngineConfig.of(Map.of("bootstrap.servers", "k:9092", "schema.registry.url", "http://r",
        "velocity.http.listen", "off"));
    assertThat(off.httpListen()).isEmpty();
    assertThat(off.httpToken()).isEmpty();
  }

  @Test
  void shouldRefuseAQueryApiAddressWithoutAUsablePort() {
    for (String bad : new String[] {"8080", "localhost", "localhost:http", "localhost:70000", ":8080"}) {
      assertThatThrownBy(() -> EngineConfig.of(Map.of("bootstrap.servers", "k:9092", "schema.registry.url",
          "http://r", "velocity.http.listen", bad))).as(bad).hasMessageContaining("velocity.http.listen");
    }
  }
}
