package io.salesvelocity.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.serde.SchemaRegistryConfig;
import io.salesvelocity.velocity.runtime.VelocityEngine;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Registry credentials, given as basic.auth.user.info or in the URL, appear in no log line of a run, with every
 * logger at INFO (Kafka's configuration dumps included) and through a registry outage's warnings.
 */
@Tag("integration")
@Timeout(120)
class SecretsIT {
  @Test
  void shouldKeepRegistryCredentialsOutOfEveryLogLine() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    Level level = root.getLevel();
    Logger kafka = (Logger) LoggerFactory.getLogger("org.apache.kafka");
    Level kafkaLevel = kafka.getLevel();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    root.setLevel(Level.INFO);
    kafka.setLevel(Level.INFO);
    try {
      EngineHarness h = new EngineHarness(1);
      String url = EmbeddedStack.registry().url().replace("http://", "http://bob:url-s3cret@");
      h.settings.put(SchemaRegistryConfig.URL, url + ",http://carol:other-s3cret@127.0.0.1:1/apis/ccompat/v7");
      h.settings.put(SchemaRegistryConfig.BASIC_AUTH_SOURCE, "USER_INFO");
      h.settings.put(SchemaRegistryConfig.BASIC_AUTH_USER_INFO, "alice:info-s3cret");
      h.createTopics();
      try (VelocityEngine engine = h.start();
           ConfluentCrm crm = new ConfluentCrm(h.settings.get("bootstrap.servers"), EmbeddedStack.registry().url())) {
        String topic = h.names().leadCreated();
        crm.send(topic, "L1".getBytes(StandardCharsets.UTF_8), crm.encode(topic, LeadCreated.newBuilder()
            .setEventId("c1").setLeadId("L1").setTeamId("emea").setCreatedAt(Instant.parse("2025-01-01T00:00:00Z"))
            .setStage(Stage.SQL).build()), null);
        crm.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> !h.latestVelocity(engine).isEmpty());
      }
    } finally {
      root.detachAppender(logs);
      root.setLevel(level);
      kafka.setLevel(kafkaLevel);
    }
    List<String> lines = logs.list.stream().map(e -> e.getFormattedMessage()
        + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList();
    assertThat(lines).as("log lines captured").hasSizeGreaterThan(50)
        .anySatisfy(l -> assertThat(l).contains("StreamsConfig values"));
    assertThat(lines).noneSatisfy(l -> assertThat(l).containsAnyOf("url-s3cret", "info-s3cret", "other-s3cret"));
  }
}
