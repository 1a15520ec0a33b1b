package io.salesvelocity.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.salesvelocity.backtest.replay.Backtest;
import io.salesvelocity.backtest.replay.BacktestOptions;
import io.salesvelocity.backtest.replay.BacktestResult;
import io.salesvelocity.backtest.replay.DailyRow;
import io.salesvelocity.backtest.replay.SegmentRow;
import io.salesvelocity.generator.Delivery;
import io.salesvelocity.generator.LivePublisher;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.schemas.EventType;
import io.salesvelocity.schemas.SegmentDay;
import io.salesvelocity.schemas.SegmentVelocity;
import io.salesvelocity.schemas.TeamDay;
import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.velocity.runtime.EngineConfig;
import io.salesvelocity.velocity.runtime.TopicProvisioner;
import io.salesvelocity.velocity.runtime.VelocityEngine;
import io.salesvelocity.velocity.topology.EngineSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The live daily points equal the backtest of the same events, whatever timestamps the producer gave the records:
 * a CRM's default producer (the send time), topics with LogAppendTime (the broker's), or event times. Published
 * the way a CRM publishes: Confluent's own registry client and a plain producer (see {@link ConfluentCrm}).
 */
@Tag("integration")
@Timeout(600)
class RecordTimestampsIT {
  private static final Instant START = Instant.parse("2025-02-01T00:00:00Z");
  private static final int PARTITIONS = 2;
  private static List<Delivery> history;
  private static Map<TeamDay, DailyRow> expected;
  private static Map<SegmentDay, SegmentRow> expectedSegments;

  /** How the records of the backfill are stamped (and published). */
  enum Stamps {
    /** A default producer, the events in time order: send times roughly follow event time. */
    PRODUCER_DEFAULT,
    /** A default producer exporting table by table: all LeadCreated, then all StageChanged, then all DealClosed. */
    PRODUCER_DEFAULT_TOPIC_BY_TOPIC,
    LOG_APPEND_TIME,
    EVENT_TIME
  }

  @BeforeAll
  static void history() throws Exception {
    List<Delivery> deliveries = Histories.generate(Scenario.defaults(31, START).withImperfections(0.02,
        Duration.ofHours(6), 0), START.plus(Duration.ofDays(30)));
    // a backfill, as a CRM exports it: sorted by event time
    history = new ArrayList<>(deliveries);
    history.sort(Comparator.comparing(ConfluentCrm::eventTime));
    BacktestResult replayed = backtest(history, EngineSettings.defaults());
    expected = teamRows(replayed);
    assertThat(expected).hasSizeGreaterThan(4 * 25);
    expectedSegments = new LinkedHashMap<>();
    replayed.segmentRows().forEach(r -> expectedSegments.put(new SegmentDay(r.scope(), r.dimension(), r.segment(),
        r.date()), r));
    assertThat(expectedSegments).hasSizeGreaterThan(expected.size() * 10);
  }

  /** The backtest of {@code deliveries}, with the engine's {@code settings}; it refuses nothing. */
  private static BacktestResult backtest(List<Delivery> deliveries, EngineSettings settings) throws Exception {
    Path file = Histories.write(deliveries, Files.createTempDirectory("timestamps").resolve("history.jsonl"));
    BacktestOptions defaults = BacktestOptions.of(file);
    BacktestResult backtest = new Backtest(new BacktestOptions(defaults.inputs(), settings, null, null, Set.of(),
        false, false, defaults.now()), null).run();
    assertThat(backtest.rejected()).isEmpty();
    return backtest;
  }

  private static Map<TeamDay, DailyRow> teamRows(BacktestResult backtest) {
    Map<TeamDay, DailyRow> rows = new LinkedHashMap<>();
    backtest.rows().forEach(r -> rows.put(new TeamDay(r.team(), r.date()), r));
    return rows;
  }

  private static Instant watermarkTime() {
    return watermarkTime(history);
  }

  private static Instant watermarkTime(List<Delivery> deliveries) {
    Instant last = deliveries.stream().map(ConfluentCrm::eventTime).max(Instant::compareTo).orElseThrow();
    return last.atZone(ZoneOffset.UTC).toLocalDate().plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static void publishTopicByTopic(EngineHarness h, List<Delivery> deliveries) {
    try (ConfluentCrm crm = new ConfluentCrm(h.settings.get("bootstrap.servers"), EmbeddedStack.registry().url())) {
      for (EventType kind : EventType.values()) {
        crm.publish(deliveries.stream().filter(d -> d.kind() == kind).toList(), h.names().leadCreated(),
            h.names().stageChanged(), h.names().dealClosed());
      }
    }
  }

  private static void createTopics(EngineHarness h, Stamps stamps) throws Exception {
    if (stamps != Stamps.LOG_APPEND_TIME) {
      h.createTopics();
      return;
    }
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", h.settings.get("bootstrap.servers")))) {
      List<NewTopic> inputs = new ArrayList<>();
      for (String t : h.names().inputs()) {
        inputs.add(new NewTopic(t, PARTITIONS, (short) 1).configs(Map.of("message.timestamp.type", "LogAppendTime")));
      }
      admin.createTopics(inputs).all().get();
      TopicProvisioner.awaitServed(admin, h.names().inputs(), PARTITIONS, Duration.ofSeconds(60));
    }
    h.createTopics(); // the outputs; the inputs exist
  }

  /** The team and the segment points of the whole history. */
  private static void assertLiveEqualsBacktest(EngineHarness h, VelocityEngine engine) {
    assertLiveEqualsBacktest(h, engine, expected);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
        .until(() -> h.segmentsDaily(engine).size() >= expectedSegments.size());
    Map<SegmentDay, SegmentVelocity> live = h.segmentsDaily(engine);
    assertThat(live.keySet()).isEqualTo(expectedSegments.keySet());
    live.forEach((key, v) -> assertThat(SegmentRow.of(key.getDay(), v)).as(key.toString())
        .isEqualTo(expectedSegments.get(key)));
  }

  private static void assertLiveEqualsBacktest(EngineHarness h, VelocityEngine engine,
                                               Map<TeamDay, DailyRow> want) {
    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
        .until(() -> h.daily(engine).size() >= want.size());
    Map<TeamDay, TeamVelocity> live = h.daily(engine);
    assertThat(h.deadLetters()).isEmpty();
    assertThat(live.keySet()).isEqualTo(want.keySet());
    live.forEach((key, v) -> assertThat(new DailyRow(key.getTeamId(), key.getDay(), v.getPipelineCount(),
        v.getAvgDealSize(), v.getWinRate(), v.getAvgCycleDays(), v.getVelocityPerDay(), v.getWonCount(),
        v.getLostCount())).as(key.toString()).isEqualTo(want.get(key)));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Stamps.class)
  void shouldGiveTheDefinitionsDailyPointsForABackfillWhateverItsRecordTimestamps(Stamps stamps) throws Exception {
    EngineHarness h = new EngineHarness(PARTITIONS);
    createTopics(h, stamps);
    if (stamps == Stamps.EVENT_TIME) {
      try (LivePublisher pub = Histories.publisher(h, LivePublisher.RecordTimestamps.DELIVERY_TIME)) {
        pub.run(history.iterator(), LivePublisher.Pace.unlimited(), Long.MAX_VALUE, null, null, null);
      }
    } else if (stamps == Stamps.PRODUCER_DEFAULT_TOPIC_BY_TOPIC) {
      publishTopicByTopic(h, history);
    } else {
      try (ConfluentCrm crm = new ConfluentCrm(h.settings.get("bootstrap.servers"), EmbeddedStack.registry().url())) {
        crm.publish(history, h.names().leadCreated(), h.names().stageChanged(), h.names().dealClosed());
      }
    }
    Histories.watermark(h, watermarkTime(), PARTITIONS);
    try (VelocityEngine engine = h.start()) {
      assertLiveEqualsBacktest(h, engine);
    }
  }

  @Test
  void shouldGiveTheDefinitionsDailyPointsForHistoryPublishedWhileTheEngineRuns() throws Exception {
    EngineHarness h = new EngineHarness(PARTITIONS);
    h.createTopics();
    try (VelocityEngine engine = h.start();
         ConfluentCrm crm = new ConfluentCrm(h.settings.get("bootstrap.servers"), EmbeddedStack.registry().url())) {
      // the documented rate for publishing into a running engine: up to half the grace period of event time per
      // second (12 simulated hours per second with the default grace of a day)
      long simulatedMillisPerSecond = Duration.ofHours(12).toMillis();
      long began = System.nanoTime();
      Instant first = ConfluentCrm.eventTime(history.get(0));
      List<Delivery> batch = new ArrayList<>();
      for (Delivery d : history) {
        long dueNanos = (ConfluentCrm.eventTime(d).toEpochMilli() - first.toEpochMilli()) * 1_000_000_000L
            / simulatedMillisPerSecond;
        if (System.nanoTime() - began < dueNanos && !batch.isEmpty()) {
          crm.publish(batch, h.names().leadCreated(), h.names().stageChanged(), h.names().dealClosed());
          batch.clear();
          long wait = (dueNanos - (System.nanoTime() - began)) / 1_000_000;
          if (wait > 0) {
            Thread.sleep(wait); // pacing a producer to a schedule, not waiting for the system under test
          }
        }
        batch.add(d);
      }
      crm.publish(batch, h.names().leadCreated(), h.names().stageChanged(), h.names().dealClosed());
      Histories.watermark(h, watermarkTime(), PARTITIONS);
      assertLiveEqualsBacktest(h, engine);
    }
  }
  /**
   * A history dated ahead of the wall clock (a demo's, or a test system's), allowed by the clock skew the
   * deployment sets: Kafka Streams still merges it in event-time order, and the broker, which refuses timestamps
   * over an hour ahead of its clock, still takes every changelog and internal record the engine writes.
   */
  @Test
  void shouldMergeABackfillDatedAheadOfTheWallClockInEventTimeOrder() throws Exception {
    Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(2));
    List<Delivery> ahead = new ArrayList<>(Histories.generate(Scenario.defaults(37, start).withImperfections(0.02,
        Duration.ofHours(6), 0), start.plus(Duration.ofDays(30))));
    ahead.sort(Comparator.comparing(ConfluentCrm::eventTime));
    Map<TeamDay, DailyRow> want = teamRows(backtest(ahead,
        EngineSettings.defaults().withMaxClockSkew(Duration.ofDays(400))));
    assertThat(want).hasSizeGreaterThan(4 * 25);

    EngineHarness h = new EngineHarness(PARTITIONS);
    h.settings.put(EngineConfig.MAX_CLOCK_SKEW, "400d");
    h.createTopics();
    publishTopicByTopic(h, ahead);
    Histories.watermark(h, watermarkTime(ahead), PARTITIONS);
    try (VelocityEngine engine = h.start()) {
      assertLiveEqualsBacktest(h, engine, want);
    }
  }
}
