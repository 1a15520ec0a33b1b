package io.salesvelocity.backtest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.backtest.report.FlowCsv;
import io.salesvelocity.generator.CrmSimulator;
import io.salesvelocity.generator.Delivery;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.history.HistoryWriter;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.velocity.inline.ForecastFlowReference;
import io.salesvelocity.velocity.topology.EngineSettings;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backtest's {@code --flow-out} CSV, line by line, against the bridge {@link ForecastFlowReference} computes lead
 * by lead from the same events: a generated history with estimates revised, leads reassigned between teams,
 * re-deliveries and events out of order, written to a history file as an analyst would replay it.
 */
class BridgeAgreementTest {
  private static final Instant START = Instant.parse("2025-05-01T00:00:00Z");
  private static final int DAYS = 75;

  @TempDir
  Path dir;

  @Test
  void shouldWriteTheBridgeTheDefinitionGivesForEveryScopeAndDay() throws Exception {
    Path history = dir.resolve("history.jsonl");
    List<SpecificRecord> events = new ArrayList<>();
    try (HistoryWriter w = HistoryWriter.open(history, 3)) {
      new CrmSimulator(Scenario.defaults(41, START).withImperfections(0.02, Duration.ofHours(6), 0),
          START.plus(Duration.ofDays(DAYS))).forEachRemaining((Delivery d) -> {
            if (d.record() != null) {
              events.add(d.record());
              w.write(d.record());
            }
          });
    }
    EngineSettings settings = EngineSettings.defaults().withBridge(true);
    BacktestResult result = new Backtest(new BacktestOptions(List.of(history), settings, null, null, Set.of(), false,
        false, Instant.parse("2030-01-01T00:00:00Z")), null).run();
    StringWriter csv = new StringWriter();
    FlowCsv.write(csv, result.flowRows());

    ForecastFlowReference reference = new ForecastFlowReference(events, settings.windowDays(), Stage.SQL);
    long lastDay = result.rows().stream().map(DailyRow::date).max(LocalDate::compareTo).orElseThrow().toEpochDay();
    StringBuilder expected = new StringBuilder(FlowCsv.HEADER).append('\n');
    List<ForecastFlowReference.BridgeRow> rows = new ArrayList<>(reference.bridges(lastDay));
    rows.sort(java.util.Comparator.comparing(ForecastFlowReference.BridgeRow::scope)
        .thenComparing(ForecastFlowReference.BridgeRow::day));
    for (ForecastFlowReference.BridgeRow r : rows) {
      assertThat(r.balances()).as(r.toString()).isTrue();
      expected.append(String.join(",", r.scope(), LocalDate.ofEpochDay(r.day()).toString(),
          Long.toString(r.startCount()), cents(r.startValue()), Long.toString(r.enteredCount()),
          cents(r.enteredValue()), Long.toString(r.movedInCount()), cents(r.movedInValue()),
          Long.toString(r.movedOutCount()), cents(r.movedOutValue()), Long.toString(r.wonCount()),
          cents(r.wonValue()), Long.toString(r.lostCount()), cents(r.lostValue()), cents(r.revalued()),
          Long.toString(r.endCount()), cents(r.endValue()), Long.toString(r.enteredAndClosed()))).append('\n');
    }
    assertThat(csv.toString().lines().toList()).hasSizeGreaterThan(DAYS * 5)
        .containsExactlyElementsOf(expected.toString().lines().toList());
    assertThat(result.flowRows()).allMatch(FlowRow::balances)
        .anyMatch(r -> r.movedInCount() > 0 && !r.scope().equals("ALL"))
        .anyMatch(r -> r.revalued().signum() != 0).anyMatch(r -> r.enteredAndClosedCount() > 0);
  }

  private static String cents(java.math.BigDecimal v) {
    return v.setScale(2).toPlainString();
  }
}
