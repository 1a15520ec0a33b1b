package io.salesvelocity.backtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.backtest.replay.DailyRow;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class VelocityCsvTest {
  private static String csv(DailyRow... rows) throws Exception {
    StringWriter w = new StringWriter();
    VelocityCsv.write(w, List.of(rows));
    return w.toString();
  }

  @Test
  void shouldWriteTheContractHeaderExactly() throws Exception {
    assertThat(csv().lines().findFirst()).contains(
        "team,date,pipeline_count,avg_deal_size,win_rate,avg_cycle_days,velocity_per_day,won_count,lost_count");
  }

  @Test
  void shouldWriteEveryFigureWithAtLeastSixDecimalsAndFullPrecision() throws Exception {
    String line = csv(new DailyRow("emea", LocalDate.of(2026, 3, 1), 250, new BigDecimal("80000.000000"), 0.18,
        120.0, 30000.0, 18, 82)).lines().skip(1).findFirst().orElseThrow();
    assertThat(line).isEqualTo("emea,2026-03-01,250,80000.000000,0.180000,120.000000,30000.000000,18,82");
    String precise = csv(new DailyRow("t", LocalDate.of(2026, 3, 1), 1, new BigDecimal("1.234567"), 2.0 / 3,
        1e-7, 62222.22222222222, 1, 0)).lines().skip(1).findFirst().orElseThrow();
    assertThat(precise).isEqualTo("t,2026-03-01,1,1.234567,0.6666666666666666,0.00000010,62222.22222222222,1,0");
  }

  @Test
  void shouldLeaveUndefinedValuesEmpty() throws Exception {
    String line = csv(new DailyRow("t", LocalDate.of(2026, 3, 1), 7, null, null, null, null, 0, 0)).lines().skip(1)
        .findFirst().orElseThrow();
    assertThat(line).isEqualTo("t,2026-03-01,7,,,,,0,0");
  }

  @Test
  void shouldQuoteTeamIdsThatNeedIt() {
    assertThat(VelocityCsv.quote("a,b")).isEqualTo("\"a,b\"");
    assertThat(VelocityCsv.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(VelocityCsv.quote("plain")).isEqualTo("plain");
  }
}
