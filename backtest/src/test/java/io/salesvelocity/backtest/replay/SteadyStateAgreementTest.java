package io.salesvelocity.backtest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import io.salesvelocity.generator.CrmSimulator;
import io.salesvelocity.generator.HistoryExport;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.generator.SteadyState;
import io.salesvelocity.history.HistoryWriter;
import io.salesvelocity.velocity.topology.EngineSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over a long generated history, the engine's daily segment figures settle around the steady state the
 * generator's parameters imply (computed from the model, not by simulation): the generator and the engine
 * agree on what a segment is. Averaged over the last {@value #SETTLED_DAYS} days of {@value #DAYS}, once the
 * pipeline has filled and the window is full.
 */
class SteadyStateAgreementTest {
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  private static final int DAYS = 548;
  private static final int SETTLED_DAYS = 240;
  private static final Scenario SCENARIO = Scenario.defaults(29, START);

  @TempDir
  static Path dir;
  static Map<SteadyState.Segment, List<SegmentRow>> settled;
  static SteadyState.Model model;

  @BeforeAll
  static void replayEighteenMonths() {
    Path history = dir.resolve("history.avro");
    try (HistoryWriter w = HistoryWriter.open(history, 2)) {
      HistoryExport.write(new CrmSimulator(SCENARIO, START.plus(Duration.ofDays(DAYS))), w, null, Long.MAX_VALUE,
          null);
    }
    BacktestResult result = new Backtest(BacktestOptions.of(history), null).run();
    LocalDate firstSettled = LocalDate.ofInstant(START, ZoneOffset.UTC).plusDays(DAYS - SETTLED_DAYS);
    LocalDate last = LocalDate.ofInstant(START, ZoneOffset.UTC).plusDays(DAYS - 1);
    settled = result.segmentRows().stream()
        .filter(r -> !r.date().isBefore(firstSettled) && !r.date().isAfter(last))
        .collect(Collectors.groupingBy(r -> new SteadyState.Segment(r.scope(), r.dimension(), r.segment())));
    model = SteadyState.model(SCENARIO);
  }

  private static double mean(List<SegmentRow> rows, java.util.function.ToDoubleFunction<SegmentRow> f) {
    return rows.stream().mapToDouble(f).average().orElseThrow();
  }

  @Test
  void shouldPublishEverySegmentTheModelHasForAllTeamsAndEachTeam() {
    assertThat(settled.keySet()).containsExactlyInAnyOrderElementsOf(model.segments().keySet());
    assertThat(settled.values()).allSatisfy(rows -> assertThat(rows).hasSize(SETTLED_DAYS));
  }

  @Test
  void shouldSettleAroundTheModelsPipelineClosesAndWinRateInEverySegmentOfAllTeams() {
    int window = EngineSettings.DEFAULT_WINDOW_DAYS;
    model.segments().forEach((segment, m) -> {
      if (!segment.scope().equals(SteadyState.ALL)) {
        return;
      }
      List<SegmentRow> rows = settled.get(segment);
      // a segment's pipeline (a few hundred open deals) stays up or down for as long as a deal stays open, about a
      // month: over eight months it averages only eight or so independent values
      assertThat(mean(rows, SegmentRow::pipelineCount)).as(segment + " pipeline")
          .isCloseTo(m.pipeline(), withPercentage(segment.dimension().equals("owner") ? 20 : 8));
      assertThat(mean(rows, r -> r.wonCount() / (double) window)).as(segment + " won per day")
          .isCloseTo(m.wonPerDay(), withPercentage(segment.dimension().equals("owner") ? 20 : 8));
      if (segment.dimension().equals("owner")) {
        return; // a rep's averages are those of a few hundred deals of every team's sizes: too noisy one by one
      }
      // noise: the smallest segment (a company size) wins about 900 deals over the period compared; its deal
      // sizes are a mix of every team's (9,000 to 85,000), so their mean is the noisiest figure
      assertThat(mean(rows, r -> r.lostCount() / (double) window)).as(segment + " lost per day")
          .isCloseTo(m.lostPerDay(), withPercentage(6));
      assertThat(mean(rows, SegmentRow::winRate)).as(segment + " win rate")
          .isCloseTo(m.winRate(), withPercentage(8));
      assertThat(mean(rows, r -> r.avgDealSize().doubleValue())).as(segment + " deal size")
          .isCloseTo(m.avgDealSize(), withPercentage(10));
      assertThat(mean(rows, SegmentRow::avgCycleDays)).as(segment + " cycle")
          .isCloseTo(m.avgCycleDays(), withPercentage(6));
    });
  }

  @Test
  void shouldRankTheIndustriesOfEachTeamAsTheModelDoes() {
    for (String team : model.teams().keySet()) {
      List<String> expected = ranked(team, (s, m) -> m.velocityPerDay());
      List<String> engine = ranked(team, (s, m) -> mean(settled.get(s), SegmentRow::velocityPerDay));
      // the fitting industries (SOFTWARE, FINANCE) lead, the others follow, in each team
      assertThat(engine.subList(0, 2)).as(team).containsExactlyInAnyOrderElementsOf(expected.subList(0, 2));
    }
  }

  private static List<String> ranked(String scope,
                                     java.util.function.ToDoubleBiFunction<SteadyState.Segment, SteadyState.Figures> f) {
    return model.segments().entrySet().stream()
        .filter(e -> e.getKey().scope().equals(scope) && e.getKey().dimension().equals("industry"))
        .sorted(java.util.Comparator.comparingDouble(e -> -f.applyAsDouble(e.getKey(), e.getValue())))
        .map(e -> e.getKey().value()).toList();
  }
}
