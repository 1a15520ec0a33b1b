package io.salesvelocity.velocity.inline;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.generator.CrmSimulator;
import io.salesvelocity.generator.Delivery;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.schemas.ForecastDay;
import io.salesvelocity.schemas.SalesForecast;
import io.salesvelocity.schemas.SegmentDay;
import io.salesvelocity.schemas.SegmentVelocity;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.TeamDay;
import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.velocity.topology.EngineSettings;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

/**
 * The engine's forecasts (sales-forecast-daily, issue 28) against {@link ForecastFlowReference}, which computes them
 * lead by lead from the events alone: a generated history with estimates revised, leads reassigned between teams,
 * re-deliveries and events out of order by up to 6 hours, replayed as it arrives, horizons of 5 and 20 days. For every
 * scope (each team, and ALL), day from its first and horizon: both forecasts, and once day + N is final the actual,
 * both errors and both methods' rolling WAPE and bias.
 */
class ForecastDefinitionTest {
  private static final Instant START = Instant.parse("2025-03-01T00:00:00Z");
  private static final int DAYS = 60;
  private static final int[] HORIZONS = {5, 20};

  @Test
  void shouldEqualTheDefinitionsForecastsAndScoresForEveryScopeDayAndHorizon() {
    List<Delivery> deliveries = new ArrayList<>();
    new CrmSimulator(Scenario.defaults(28, START).withImperfections(0.02, Duration.ofHours(6), 0),
        START.plusSeconds(DAYS * 86_400L)).forEachRemaining(deliveries::add);
    deliveries.sort(Comparator.comparing(Delivery::deliverAt));
    List<SpecificRecord> events = new ArrayList<>();
    deliveries.stream().filter(d -> d.record() != null).forEach(d -> events.add(d.record()));

    Map<ForecastDay, SalesForecast> engine = new HashMap<>();
    Map<ForecastDay, Integer> published = new HashMap<>();
    EngineSettings settings = new EngineSettings(90, Stage.SQL, Duration.ofDays(1), Duration.ofSeconds(1),
        Duration.ofSeconds(5)).withForecastHorizons(List.of(5, 20));
    long last = InlineReplay.replay(deliveries, settings, new InlineRunner.Sink() {
      @Override
      public void daily(TeamDay key, TeamVelocity value) {
      }

      @Override
      public void segmentDaily(SegmentDay key, SegmentVelocity value) {
      }

      @Override
      public void deadLetter(byte[] key, byte[] value, Headers headers) {
        throw new AssertionError("nothing is refused: " + new String(key));
      }

      @Override
      public void forecastDaily(ForecastDay key, SalesForecast value) {
        SalesForecast before = engine.put(key, value);
        assertThat(before == null || !before.getScored() && value.getScored())
            .as("published once, then once scored: " + key).isTrue();
        published.merge(key, 1, Integer::sum);
      }
    });

    ForecastFlowReference reference = new ForecastFlowReference(events, 90, Stage.SQL);
    long lastDay = ForecastFlowReference.dayOf(last);
    Map<ForecastDay, ForecastFlowReference.ForecastRow> expected = new HashMap<>();
    Map<String, List<ForecastFlowReference.ForecastRow>> byScopeAndHorizon = new HashMap<>();
    reference.scopes().forEach((scope, first) -> {
      for (int n : HORIZONS) {
        for (long day = first; day <= lastDay; day++) {
          ForecastFlowReference.ForecastRow r = reference.forecast(scope, day, n, lastDay);
          expected.put(new ForecastDay(scope, n, LocalDate.ofEpochDay(day)), r);
          byScopeAndHorizon.computeIfAbsent(scope + "/" + n, k -> new ArrayList<>()).add(r);
        }
      }
    });
    assertThat(engine.keySet()).as("every scope, horizon and day from the scope's first")
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
    int scored = 0;
    for (Map.Entry<ForecastDay, SalesForecast> e : engine.entrySet()) {
      SalesForecast f = e.getValue();
      ForecastFlowReference.ForecastRow r = expected.get(e.getKey());
      String what = e.getKey().toString();
      assertThat(f.getVelocityForecast()).as(what + " velocity").isEqualTo(r.velocityForecast());
      assertThat(f.getPipelineForecast()).as(what + " pipeline").isEqualTo(r.pipelineForecast() == null ? null
          : r.pipelineForecast().setScale(6, RoundingMode.HALF_EVEN));
      assertThat(f.getScored()).as(what + " scored once day + N is final").isEqualTo(r.actual() != null);
      if (r.actual() == null) {
        assertThat(f.getActual()).as(what).isNull();
        continue;
      }
      scored++;
      assertThat(f.getActual()).as(what + " actual").isEqualByComparingTo(r.actual());
      assertThat(f.getVelocityError()).as(what).isEqualTo(r.velocityError());
      assertThat(f.getPipelineError()).as(what).isEqualTo(r.pipelineError());
      // the rolling accuracy over the last 90 days up to this one (all of them scored)
      long day = f.getDay().toEpochDay();
      List<ForecastFlowReference.ForecastRow> window = byScopeAndHorizon.get(f.getScope() + "/" + f.getHorizonDays())
          .stream().filter(x -> x.day() > day - 90 && x.day() <= day).toList();
      Map<String, Double> v = ForecastFlowReference.accuracy(window, false);
      Map<String, Double> p = ForecastFlowReference.accuracy(window, true);
      assertThat(f.getVelocityWape()).as(what).isEqualTo(v.get("wape"));
      assertThat(f.getVelocityBias()).as(what).isEqualTo(v.get("bias"));
      assertThat(f.getPipelineWape()).as(what).isEqualTo(p.get("wape"));
      assertThat(f.getPipelineBias()).as(what).isEqualTo(p.get("bias"));
    }
    assertThat(scored).as("scored forecasts").isGreaterThan(5 * 30);
    assertThat(engine.values()).as("both methods give figures")
        .anyMatch(f -> f.getPipelineForecast() != null && f.getPipelineForecast().signum() > 0)
        .anyMatch(f -> f.getVelocityForecast() != null && f.getVelocityForecast() > 0)
        .anyMatch(f -> f.getPipelineWape() != null);
    assertThat(published.values()).contains(2);
  }
}
