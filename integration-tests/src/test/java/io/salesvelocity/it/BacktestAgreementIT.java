package io.salesvelocity.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.salesvelocity.backtest.replay.Backtest;
import io.salesvelocity.backtest.replay.BacktestOptions;
import io.salesvelocity.backtest.replay.BacktestResult;
import io.salesvelocity.backtest.replay.DailyRow;
import io.salesvelocity.backtest.replay.FlowRow;
import io.salesvelocity.backtest.replay.ForecastRow;
import io.salesvelocity.backtest.replay.FunnelRow;
import io.salesvelocity.backtest.replay.StalledRow;
import io.salesvelocity.backtest.replay.SegmentRow;
import io.salesvelocity.generator.Delivery;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.schemas.FunnelDay;
import io.salesvelocity.schemas.SegmentDay;
import io.salesvelocity.schemas.SegmentVelocity;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.StageFunnel;
import io.salesvelocity.schemas.StallStatus;
import io.salesvelocity.schemas.StalledDeal;
import io.salesvelocity.schemas.TeamDay;
import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.velocity.runtime.VelocityEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The same generated history, once through the live engine on the real broker and registry (published in
 * delivery order: duplicates and disorder within grace), once through `velocity backtest` from a file: the
 * backtest's rows equal the live sales-velocity-daily points, team by team and day by day, and its segment rows
 * the live sales-velocity-segments-daily points, segment by segment, its funnel rows the live sales-funnel-daily
 * points, its stalled rows what stalled-deals said, its bridge rows the live pipeline-flow-daily records and its
 * forecast rows the latest sales-forecast-daily record of each scope, day and horizon.
 */
@Tag("integration")
@Timeout(300)
class BacktestAgreementIT {
  private static final Instant START = Instant.parse("2025-02-01T00:00:00Z");

  @Test
  void shouldGiveExactlyWhatTheLiveEngineGivesForTheSameEvents() throws Exception {
    List<Delivery> deliveries = Histories.generate(Scenario.defaults(77, START).withImperfections(0.02,
        Duration.ofHours(6), 0), START.plus(Duration.ofDays(40)));
    Instant lastEvent = deliveries.stream().map(Delivery::eventTime).max(Instant::compareTo).orElseThrow();
    LocalDate lastDay = lastEvent.atZone(ZoneOffset.UTC).toLocalDate();
    Path file = Histories.write(deliveries, Files.createTempDirectory("agreement").resolve("history.jsonl"));

    BacktestResult backtest = new Backtest(BacktestOptions.of(file), null).run();
    assertThat(backtest.rejected()).isEmpty();
    assertThat(backtest.rows()).hasSizeGreaterThan(4 * 35);

    EngineHarness h = new EngineHarness(1);
    h.createTopics();
    Histories.publish(h, deliveries);
    // the CRM's watermark closes the last day, as the backtest does at the end of its file
    Histories.watermark(h, lastDay.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant(), 1);
    try (VelocityEngine engine = h.start()) {
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
          .until(() -> h.daily(engine).size() >= backtest.rows().size());
      Map<TeamDay, TeamVelocity> live = h.daily(engine);
      Map<TeamDay, DailyRow> expected = new LinkedHashMap<>();
      backtest.rows().forEach(r -> expected.put(new TeamDay(r.team(), r.date()), r));
      assertThat(live.keySet()).isEqualTo(expected.keySet());
      live.forEach((key, v) -> assertThat(new DailyRow(key.getTeamId(), key.getDay(), v.getPipelineCount(),
          v.getAvgDealSize(), v.getWinRate(), v.getAvgCycleDays(), v.getVelocityPerDay(), v.getWonCount(),
          v.getLostCount())).as(key.toString()).isEqualTo(expected.get(key)));
      assertThat(backtest.segmentRows()).hasSizeGreaterThan(backtest.rows().size() * 10);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
          .until(() -> h.segmentsDaily(engine).size() >= backtest.segmentRows().size());
      Map<SegmentDay, SegmentRow> expectedSegments = new LinkedHashMap<>();
      backtest.segmentRows().forEach(r -> expectedSegments.put(new SegmentDay(r.scope(), r.dimension(), r.segment(),
          r.date()), r));
      Map<SegmentDay, SegmentVelocity> liveSegments = h.segmentsDaily(engine);
      assertThat(liveSegments.keySet()).isEqualTo(expectedSegments.keySet());
      liveSegments.forEach((key, v) -> assertThat(SegmentRow.of(key.getDay(), v)).as(key.toString())
          .isEqualTo(expectedSegments.get(key)));
      // the stage funnel: every scope (ALL too), stage and day, and every stall with how it resolved
      assertThat(backtest.funnelRows()).hasSizeGreaterThan(5 * 35 * 7);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
          .until(() -> h.funnelDaily(engine).size() >= backtest.funnelRows().size());
      Map<FunnelDay, FunnelRow> expectedFunnel = new LinkedHashMap<>();
      backtest.funnelRows().forEach(r -> expectedFunnel.put(new FunnelDay(r.scope(), Stage.valueOf(r.stage()),
          r.date()), r));
      Map<FunnelDay, StageFunnel> liveFunnel = h.funnelDaily(engine);
      assertThat(liveFunnel.keySet()).isEqualTo(expectedFunnel.keySet());
      liveFunnel.forEach((key, v) -> assertThat(FunnelRow.of(key.getDay(), v)).as(key.toString())
          .isEqualTo(expectedFunnel.get(key)));
      assertThat(backtest.stalledRows()).isNotEmpty();
      Map<List<Object>, StalledRow> liveStalls = new LinkedHashMap<>();
      for (StalledDeal d : h.stalledDeals(engine)) {
        if (d.getStatus() == StallStatus.STALLED) {
          liveStalls.put(StalledRow.key(d), StalledRow.found(d));
        } else {
          liveStalls.computeIfPresent(StalledRow.key(d), (k, row) -> row.resolved(d));
        }
      }
      assertThat(liveStalls.values()).containsExactlyInAnyOrderElementsOf(backtest.stalledRows());
      // the daily pipeline bridge: every scope (ALL too) and day, published once each
      assertThat(backtest.flowRows()).hasSizeGreaterThan(5 * 35).allMatch(FlowRow::balances);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
          .until(() -> h.flowDaily(engine).size() >= backtest.flowRows().size());
      List<FlowRow> liveFlows = h.flowDaily(engine).stream().map(kv -> FlowRow.of(kv.value)).toList();
      assertThat(h.flowDaily(engine)).extracting(kv -> kv.key).doesNotHaveDuplicates();
      assertThat(liveFlows).containsExactlyInAnyOrderElementsOf(backtest.flowRows());
      // the forecasts: every scope, day and horizon, scored where day + N is final, the latest record of each key
      // (40 days: the 30-day forecasts of the first days are scored, those of the last days have a pipeline forecast)
      assertThat(backtest.forecastRows()).hasSizeGreaterThan(5 * 35 * 2).anyMatch(r -> r.actual() != null)
          .anyMatch(r -> r.pipelineForecast() != null && r.velocityForecast() != null);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
          .until(() -> latestForecasts(h.forecastDaily(engine)).values().stream().filter(r -> r.actual() != null)
              .count() >= backtest.forecastRows().stream().filter(r -> r.actual() != null).count());
      assertThat(latestForecasts(h.forecastDaily(engine)).values())
          .containsExactlyInAnyOrderElementsOf(backtest.forecastRows());
      assertThat(h.deadLetters()).isEmpty();
    }
  }

  private static Map<List<Object>, ForecastRow> latestForecasts(List<org.apache.kafka.streams.KeyValue<
      io.salesvelocity.schemas.ForecastDay, io.salesvelocity.schemas.SalesForecast>> records) {
    Map<List<Object>, ForecastRow> out = new LinkedHashMap<>();
    records.forEach(kv -> out.put(List.of(kv.key.getScope(), kv.key.getDay(), kv.key.getHorizonDays()),
        ForecastRow.of(kv.value)));
    return out;
  }
}
