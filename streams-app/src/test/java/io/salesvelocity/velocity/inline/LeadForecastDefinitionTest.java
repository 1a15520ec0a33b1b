package io.salesvelocity.velocity.inline;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.Stage;
import io.salesvelocity.velocity.domain.forecast.ForecastParts;
import io.salesvelocity.velocity.domain.forecast.PipelineForecast;
import io.salesvelocity.velocity.domain.lead.LeadForecast;
import io.salesvelocity.velocity.domain.lead.LeadHistory;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * {@link LeadForecast}, lead by lead, summed day by day over a generated history, gives every scope's pipeline
 * forecast that {@link ForecastFlowReference} computes from the events alone: the pipeline by stage at T (valued at
 * the estimates, the rest at the average won deal), the cohort of T - N by stage and how many of it won by T, and
 * what new deals won.
 */
class LeadForecastDefinitionTest {
  private static final int[] HORIZONS = {5, 20};

  @Test
  void shouldSumToTheDefinitionsPipelineForecastForEveryScopeDayAndHorizon() {
    List<SpecificRecord> events = new ArrayList<>();
    Map<String, LeadHistory> leads = LeadFlowDefinitionTest.generated(events);
    Map<LeadForecast.Key, LeadForecast.Part> parts = new HashMap<>();
    for (LeadHistory lead : leads.values()) {
      LeadForecast.of(lead, Stage.SQL.ordinal(), HORIZONS).forEach((k, p) -> parts.merge(k, p,
          LeadForecast.Part::plus));
    }
    ForecastFlowReference reference = new ForecastFlowReference(events, 90, Stage.SQL);
    long firstDay = ForecastFlowReference.dayOf(LeadFlowDefinitionTest.START.toEpochMilli());
    long lastDay = firstDay + LeadFlowDefinitionTest.DAYS - 1;
    int compared = 0;
    int defined = 0;
    for (String scope : reference.scopes().keySet()) {
      String team = scope.equals(ForecastFlowReference.ALL) ? null : scope;
      for (int n : HORIZONS) {
        for (long day = reference.scopes().get(scope); day <= lastDay; day++) {
          BigDecimal want = reference.forecast(scope, day, n, lastDay).pipelineForecast();
          BigDecimal avgDeal = reference.velocity(scope, ForecastFlowReference.endOf(day)).avgDealSize();
          BigDecimal got = pipelineForecast(parts, team, day, n, avgDeal);
          if (want == null) {
            assertThat(got).as(scope + " " + day + " " + n).isNull();
          } else {
            assertThat(got).as(scope + " " + day + " " + n).isNotNull().isEqualByComparingTo(want);
            defined++;
          }
          compared++;
        }
      }
    }
    assertThat(compared).isGreaterThan(5 * 2 * (LeadFlowDefinitionTest.DAYS - 5));
    assertThat(defined).isGreaterThan(compared / 2);
  }

  /** The pipeline forecast from the parts summed up to {@code day}, as the engine computes it from its day buckets. */
  private static BigDecimal pipelineForecast(Map<LeadForecast.Key, LeadForecast.Part> parts, String team, long day,
                                             int n, BigDecimal avgDeal) {
    Map<ForecastParts.Slot, LeadForecast.Part> sums = new HashMap<>();
    parts.forEach((k, p) -> {
      if (Objects.equals(k.teamId(), team) && k.day() <= day) {
        sums.merge(new ForecastParts.Slot(k.kind(), k.stage(), k.horizon()), p, LeadForecast.Part::plus);
      }
    });
    return PipelineForecast.of(ForecastParts.of(sums), n, avgDeal);
  }
}
