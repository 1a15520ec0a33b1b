package io.salesvelocity.velocity.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.generator.CrmSimulator;
import io.salesvelocity.generator.Delivery;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.schemas.CurrentForecast;
import io.salesvelocity.schemas.ForecastKey;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.velocity.inline.ForecastFlowReference;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The current forecasts (sales-forecast, issue 28) through the topology, against {@link ForecastFlowReference} at
 * T = the latest event time, which is mid-day: a generated history with estimates revised, reassignments,
 * re-deliveries and events out of order by up to 6 hours, horizons of 5 and 20 days. For every scope (each team, and
 * ALL) and horizon: both forecasts at T, and the rolling accuracy of the latest scored day.
 */
class CurrentForecastTopologyTest {
  private static final Instant START = Instant.parse("2025-03-01T00:00:00Z");
  private static final int[] HORIZONS = {5, 20};

  @Test
  void shouldPublishEachScopesForecastsAtTheLatestEventTimeAsTheDefinitionGivesThem() {
    // ends mid-day, so that T is not a day's end: the cohort of T - N and the wins since are an instant's
    Instant end = START.plus(Duration.ofDays(45)).plus(Duration.ofHours(13)).plusSeconds(1234);
    List<Delivery> deliveries = new ArrayList<>();
    new CrmSimulator(Scenario.defaults(41, START).withImperfections(0.02, Duration.ofHours(6), 0), end)
        .forEachRemaining(deliveries::add);
    deliveries.sort(Comparator.comparing(Delivery::deliverAt));
    List<SpecificRecord> events = new ArrayList<>();
    deliveries.stream().filter(d -> d.record() != null).forEach(d -> events.add(d.record()));
    EngineSettings settings = new EngineSettings(90, Stage.SQL, Duration.ofDays(1), Duration.ofSeconds(1),
        Duration.ofSeconds(5)).withForecastHorizons(List.of(5, 20));

    try (TopologyFixture fx = new TopologyFixture(settings)) {
      deliveries.stream().filter(d -> d.record() != null).forEach(fx::send);
      Map<ForecastKey, CurrentForecast> current = fx.currentForecasts();
      assertThat(fx.readDeadLetters()).isEmpty();

      ForecastFlowReference reference = new ForecastFlowReference(events, 90, Stage.SQL);
      long t = events.stream().mapToLong(CurrentForecastTopologyTest::timeOf).max().orElseThrow();
      assertThat(ForecastFlowReference.endOf(ForecastFlowReference.dayOf(t))).as("T is not a day's end").isNotEqualTo(t);
      long lastFinal = ForecastFlowReference.dayOf(t - Duration.ofDays(1).toMillis()) - 1;
      assertThat(current.keySet()).as("every scope and horizon").hasSize(reference.scopes().size() * HORIZONS.length);
      int scored = 0;
      for (Map.Entry<String, Long> scope : reference.scopes().entrySet()) {
        for (int n : HORIZONS) {
          CurrentForecast f = current.get(new ForecastKey(scope.getKey(), n));
          String what = scope.getKey() + "/" + n;
          assertThat(f).as(what).isNotNull();
          assertThat(f.getAsOf().toEpochMilli()).as(what + " T, the latest event time").isEqualTo(t);
          ForecastFlowReference.ForecastRow r = reference.forecastAt(scope.getKey(), t, n);
          assertThat(f.getVelocityForecast()).as(what + " velocity").isEqualTo(r.velocityForecast());
          assertThat(f.getPipelineForecast()).as(what + " pipeline").isEqualTo(r.pipelineForecast() == null ? null
              : r.pipelineForecast().setScale(6, RoundingMode.HALF_EVEN));
          // the latest scored day: the last final day minus N, its accuracy over the 90 days up to it
          long scoredDay = lastFinal - n;
          if (scoredDay < scope.getValue()) {
            assertThat(f.getScoredDay()).as(what).isNull();
            continue;
          }
          scored++;
          assertThat(f.getScoredDay().toEpochDay()).as(what + " scored day").isEqualTo(scoredDay);
          List<ForecastFlowReference.ForecastRow> window = new ArrayList<>();
          for (long day = Math.max(scope.getValue(), scoredDay - 89); day <= scoredDay; day++) {
            window.add(reference.forecast(scope.getKey(), day, n, lastFinal));
          }
          Map<String, Double> v = ForecastFlowReference.accuracy(window, false);
          Map<String, Double> p = ForecastFlowReference.accuracy(window, true);
          assertThat(f.getVelocityWape()).as(what).isEqualTo(v.get("wape"));
          assertThat(f.getVelocityBias()).as(what).isEqualTo(v.get("bias"));
          assertThat(f.getPipelineWape()).as(what).isEqualTo(p.get("wape"));
          assertThat(f.getPipelineBias()).as(what).isEqualTo(p.get("bias"));
        }
      }
      assertThat(scored).as("scopes and horizons with a scored day").isGreaterThanOrEqualTo(reference.scopes().size());
      assertThat(current.values()).as("both methods give figures")
          .anyMatch(f -> f.getPipelineForecast() != null && f.getPipelineForecast().signum() > 0)
          .anyMatch(f -> f.getVelocityForecast() != null && f.getVelocityForecast() > 0);
    }
  }

  private static long timeOf(SpecificRecord r) {
    if (r instanceof io.salesvelocity.schemas.LeadCreated c) {
      return c.getCreatedAt().toEpochMilli();
    }
    if (r instanceof io.salesvelocity.schemas.StageChanged c) {
      return c.getChangedAt().toEpochMilli();
    }
    return ((io.salesvelocity.schemas.DealClosed) r).getClosedAt().toEpochMilli();
  }
}
