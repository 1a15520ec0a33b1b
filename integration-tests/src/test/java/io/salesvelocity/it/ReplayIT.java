package io.salesvelocity.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.salesvelocity.backtest.replay.Backtest;
import io.salesvelocity.backtest.replay.BacktestOptions;
import io.salesvelocity.backtest.replay.BacktestResult;
import io.salesvelocity.cli.VelocityCli;
import io.salesvelocity.generator.Delivery;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.schemas.TeamDay;
import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.velocity.runtime.VelocityEngine;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Reprocessing history that is already in Kafka, the two documented ways: a fresh application id reads the
 * inputs from the earliest offsets; or `velocity reset` (Kafka's streams reset tool) rewinds the existing
 * application and drops its internal topics and local state. Either way the rerun appends the same daily
 * points to the output topic again.
 */
@Tag("integration")
@Timeout(400)
class ReplayIT {
  private static final Instant START = Instant.parse("2025-05-01T00:00:00Z");

  @Test
  void shouldRecomputeTheSameDailyPointsWithAFreshApplicationIdOrAfterAReset() throws Exception {
    List<Delivery> deliveries = Histories.generate(Scenario.defaults(5, START), START.plus(Duration.ofDays(20)));
    Instant lastEvent = deliveries.stream().map(Delivery::eventTime).max(Instant::compareTo).orElseThrow();
    // what the engine must publish, from the in-process replay of the same events
    BacktestResult reference = new Backtest(BacktestOptions.of(Histories.write(deliveries,
        Files.createTempDirectory("replay").resolve("history.avro"))), null).run();
    int points = reference.rows().size();
    assertThat(points).isGreaterThan(4 * 15);
    EngineHarness h = new EngineHarness(2);
    Map<TeamDay, TeamVelocity> first;
    h.createTopics();
    Histories.publish(h, deliveries);
    Histories.watermark(h, lastEvent.atZone(ZoneOffset.UTC).toLocalDate().plusDays(2).atStartOfDay(ZoneOffset.UTC)
        .toInstant(), 2);
    try (VelocityEngine engine = h.start()) {
      first = awaitDaily(h, engine, points, 1);
    }
    assertThat(first).hasSize(points);
    reference.rows().forEach(r -> assertThat(first.get(new TeamDay(r.team(), r.date())).getVelocityPerDay())
        .as(r.team() + " " + r.date()).isEqualTo(r.velocityPerDay()));

    // 1. a fresh application id: a new consumer group, new internal topics, from the earliest offsets
    String originalId = h.settings.get("application.id");
    h.settings.put("application.id", originalId + "-rerun");
    h.settings.put("state.dir", Files.createTempDirectory(h.prefix + "-rerun").toString());
    try (VelocityEngine rerun = h.start()) {
      assertThat(awaitDaily(h, rerun, points, 2)).isEqualTo(first);
    }

    // 2. the same application id, rewound by the reset tool through `velocity reset`
    h.settings.put("application.id", originalId);
    Path config = Files.createTempFile(h.prefix, ".properties");
    Properties props = new Properties();
    props.putAll(h.settings);
    try (Writer w = Files.newBufferedWriter(config)) {
      props.store(w, "ReplayIT");
    }
    // Kafka Streams keeps a stopped instance in its group until session.timeout.ms: --force, since we know it stopped
    int code = VelocityCli.commandLine(VelocityCli::onClasspath)
        .execute("reset", "--config", config.toString(), "--force");
    assertThat(code).isZero();
    try (VelocityEngine afterReset = h.start()) {
      assertThat(awaitDaily(h, afterReset, points, 3)).isEqualTo(first);
    }
  }

  /** Waits until the daily topic holds {@code runs} runs' worth of points, and returns the latest per key. */
  private static Map<TeamDay, TeamVelocity> awaitDaily(EngineHarness h, VelocityEngine engine, int points, int runs) {
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() ->
        h.readAll(h.names().velocityDaily(), engine.topics().velocityDaily().keySerde().deserializer(),
            engine.topics().velocityDaily().valueSerde().deserializer()).size() >= points * runs);
    var records = h.readAll(h.names().velocityDaily(), engine.topics().velocityDaily().keySerde().deserializer(),
        engine.topics().velocityDaily().valueSerde().deserializer());
    assertThat(records).as("each run appends every point once").hasSize(points * runs);
    return h.daily(engine);
  }
}
