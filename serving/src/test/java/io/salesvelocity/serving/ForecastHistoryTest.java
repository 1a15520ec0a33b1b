package io.salesvelocity.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.SalesForecast;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ForecastHistoryTest {
  private static final LocalDate D1 = LocalDate.parse("2026-03-02");

  private static SalesForecast forecast(String scope, LocalDate day, int n, boolean scored) {
    return new SalesForecast(scope, day, n, Instant.parse(day + "T23:59:59.999Z"), 1000.0 * n,
        new BigDecimal("1200.000000"), scored ? new BigDecimal("1100.00") : null, scored ? 0.1 : null,
        scored ? 0.05 : null, scored ? 0.2 : null, scored ? -0.1 : null, scored ? 0.15 : null, scored ? 0.02 : null,
        scored);
  }

  @Test
  void shouldKeepTheLatestRecordOfEachDayAndFindTheLatestScored() {
    ForecastHistory history = new ForecastHistory(10);
    for (int i = 0; i < 5; i++) {
      history.put(forecast("emea", D1.plusDays(i), 30, false));
      history.put(forecast("emea", D1.plusDays(i), 90, false));
    }
    assertThat(history.latestScored("emea", 30)).isNull();
    history.put(forecast("emea", D1.plusDays(1), 30, true)); // day + N final: the scored record replaces it
    history.put(forecast("emea", D1.plusDays(2), 30, true));
    assertThat(history.horizons("emea")).containsExactly(30, 90);
    assertThat(history.horizons("nowhere")).isEmpty();
    assertThat(history.latest("emea", 30).getDay()).isEqualTo(D1.plusDays(4));
    assertThat(history.latest("emea", 30).getScored()).isFalse();
    assertThat(history.latestScored("emea", 30).getDay()).isEqualTo(D1.plusDays(2));
    assertThat(history.range("emea", 30, D1.plusDays(1), D1.plusDays(3))).extracting(SalesForecast::getScored)
        .containsExactly(true, true, false);
    assertThat(history.latest("emea", 7)).isNull();
  }

  @Test
  void shouldKeepOnlyTheLatestDaysOfEachScopeAndHorizon() {
    ForecastHistory history = new ForecastHistory(3);
    for (int i = 0; i < 6; i++) {
      history.put(forecast("ALL", D1.plusDays(i), 30, false));
    }
    assertThat(history.range("ALL", 30, D1, D1.plusDays(9))).extracting(SalesForecast::getDay)
        .containsExactly(D1.plusDays(3), D1.plusDays(4), D1.plusDays(5));
  }
}
