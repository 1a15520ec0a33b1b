package io.salesvelocity.backtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.backtest.replay.DailyRow;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BiggestChangesTest {
  private static DailyRow row(LocalDate d, long pipeline, double win) {
    double velocity = pipeline * 80_000 * win / 120;
    return new DailyRow("t", d, pipeline, new BigDecimal("80000.000000"), win, 120.0, velocity, 10, 10);
  }

  @Test
  void shouldExplainAWinRateDropInTheMonthItHappened() {
    List<DailyRow> rows = new ArrayList<>();
    for (LocalDate d = LocalDate.of(2026, 1, 1); d.isBefore(LocalDate.of(2026, 4, 1)); d = d.plusDays(1)) {
      rows.add(row(d, 250, d.getMonthValue() < 3 ? 0.21 : 0.1722));
    }
    List<BiggestChanges.Change> changes = BiggestChanges.of(rows, 0, 5);
    assertThat(changes).hasSize(1);
    assertThat(changes.get(0).text()).isEqualTo("velocity fell 18.0% in March 2026: win rate dropped from 21.0% to 17.2%");
    assertThat(changes.get(0).from()).isEqualTo(LocalDate.of(2026, 2, 28));
    assertThat(changes.get(0).to()).isEqualTo(LocalDate.of(2026, 3, 31));
  }

  @Test
  void shouldRankTheLargestMovesFirstAndIgnoreTheFirstWindow() {
    List<DailyRow> rows = new ArrayList<>();
    long[] pipeline = {100, 300, 310, 200, 210};
    for (int m = 0; m < pipeline.length; m++) {
      LocalDate first = LocalDate.of(2026, 1 + m, 1);
      for (LocalDate d = first; d.getMonthValue() == first.getMonthValue(); d = d.plusDays(1)) {
        rows.add(row(d, pipeline[m], 0.2));
      }
    }
    List<BiggestChanges.Change> all = BiggestChanges.of(rows, 0, 10);
    assertThat(all.get(0).text()).startsWith("velocity rose 200.0% in February 2026: open pipeline rose from 100");
    assertThat(all.get(1).text()).startsWith("velocity fell 35.5% in April 2026");
    // with a 60-day window, January and February are warm-up: the first move counted starts in March
    assertThat(BiggestChanges.of(rows, 60, 10)).extracting(c -> c.month().getMonthValue()).containsExactly(4, 5);
  }
}
