package io.salesvelocity.velocity.inline;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.generator.CrmSimulator;
import io.salesvelocity.generator.Delivery;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.schemas.PipelineFlow;
import io.salesvelocity.schemas.ScopeDay;
import io.salesvelocity.schemas.SegmentDay;
import io.salesvelocity.schemas.SegmentVelocity;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.TeamDay;
import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.velocity.topology.EngineSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

/**
 * The engine's daily pipeline bridges (pipeline-flow-daily, issue 28) against {@link ForecastFlowReference}, which
 * computes them lead by lead from the events alone: a generated history with estimates revised, leads reassigned
 * between teams, re-deliveries and events out of order by up to 6 hours, replayed as it arrives. Every scope (each
 * team, and ALL) has one row for every day from its first, equal to the reference's to the cent, and each row's
 * invariants hold.
 */
class BridgeDefinitionTest {
  private static final Instant START = Instant.parse("2025-03-01T00:00:00Z");
  private static final int DAYS = 60;

  @Test
  void shouldEqualTheDefinitionsBridgeForEveryScopeAndDay() {
    List<Delivery> deliveries = new ArrayList<>();
    new CrmSimulator(Scenario.defaults(28, START).withImperfections(0.02, Duration.ofHours(6), 0),
        START.plusSeconds(DAYS * 86_400L)).forEachRemaining(deliveries::add);
    deliveries.sort(Comparator.comparing(Delivery::deliverAt)); // as they arrive: out of order by up to 6 h
    List<SpecificRecord> events = new ArrayList<>();
    deliveries.stream().filter(d -> d.record() != null).forEach(d -> events.add(d.record()));

    Map<ScopeDay, PipelineFlow> engine = new TreeMap<>(Comparator.comparing(ScopeDay::getScope)
        .thenComparing(ScopeDay::getDay));
    Map<TeamDay, TeamVelocity> daily = new HashMap<>();
    List<String> letters = new ArrayList<>();
    EngineSettings settings = new EngineSettings(90, Stage.SQL, Duration.ofDays(1), Duration.ofSeconds(1),
        Duration.ofSeconds(5));
    long last = InlineReplay.replay(deliveries, settings, new InlineRunner.Sink() {
      @Override
      public void daily(TeamDay key, TeamVelocity value) {
        daily.put(key, value);
      }

      @Override
      public void segmentDaily(SegmentDay key, SegmentVelocity value) {
      }

      @Override
      public void deadLetter(byte[] key, byte[] value, Headers headers) {
        letters.add(key == null ? "" : new String(key));
      }

      @Override
      public void flowDaily(ScopeDay key, PipelineFlow value) {
        assertThat(engine.put(key, value)).as("one record per scope and day: " + key).isNull();
      }
    });
    assertThat(letters).as("nothing refused").isEmpty();

    ForecastFlowReference reference = new ForecastFlowReference(events, 90, Stage.SQL);
    List<ForecastFlowReference.BridgeRow> expected = reference.bridges(ForecastFlowReference.dayOf(last));
    Map<ScopeDay, ForecastFlowReference.BridgeRow> byKey = new HashMap<>();
    expected.forEach(r -> byKey.put(new ScopeDay(r.scope(), LocalDate.ofEpochDay(r.day())), r));
    assertThat(engine.keySet()).as("a row per scope from its first day to the last final day")
        .containsExactlyInAnyOrderElementsOf(byKey.keySet());

    for (Map.Entry<ScopeDay, PipelineFlow> e : engine.entrySet()) {
      PipelineFlow f = e.getValue();
      ForecastFlowReference.BridgeRow r = byKey.get(e.getKey());
      String what = e.getKey().toString();
      assertThat(f.getStartCount()).as(what).isEqualTo(r.startCount());
      assertThat(f.getStartValue()).as(what).isEqualByComparingTo(r.startValue());
      assertThat(f.getEnteredCount()).as(what).isEqualTo(r.enteredCount());
      assertThat(f.getEnteredValue()).as(what).isEqualByComparingTo(r.enteredValue());
      assertThat(f.getMovedInCount()).as(what).isEqualTo(r.movedInCount());
      assertThat(f.getMovedInValue()).as(what).isEqualByComparingTo(r.movedInValue());
      assertThat(f.getMovedOutCount()).as(what).isEqualTo(r.movedOutCount());
      assertThat(f.getMovedOutValue()).as(what).isEqualByComparingTo(r.movedOutValue());
      assertThat(f.getWonCount()).as(what).isEqualTo(r.wonCount());
      assertThat(f.getWonValue()).as(what).isEqualByComparingTo(r.wonValue());
      assertThat(f.getLostCount()).as(what).isEqualTo(r.lostCount());
      assertThat(f.getLostValue()).as(what).isEqualByComparingTo(r.lostValue());
      assertThat(f.getRevalued()).as(what).isEqualByComparingTo(r.revalued());
      assertThat(f.getEndCount()).as(what).isEqualTo(r.endCount());
      assertThat(f.getEndValue()).as(what).isEqualByComparingTo(r.endValue());
      assertThat(f.getEnteredAndClosedCount()).as(what).isEqualTo(r.enteredAndClosed());
      assertThat(f.getEndCount()).as(what + ": counts balance").isEqualTo(f.getStartCount() + f.getEnteredCount()
          + f.getMovedInCount() - f.getMovedOutCount() - f.getWonCount() - f.getLostCount());
      assertThat(f.getEndValue()).as(what + ": values balance").isEqualByComparingTo(f.getStartValue()
          .add(f.getEnteredValue()).add(f.getMovedInValue()).subtract(f.getMovedOutValue())
          .subtract(f.getWonValue()).subtract(f.getLostValue()).add(f.getRevalued()));
      if (f.getScope().equals("ALL")) {
        assertThat(f.getMovedInCount() + f.getMovedOutCount()).as(what).isZero();
      } else {
        TeamVelocity v = daily.get(new TeamDay(f.getScope(), f.getDay()));
        assertThat(v).as(what + ": the velocity's point of the day").isNotNull();
        assertThat(f.getEndCount()).as(what + ": the pipeline velocity counts").isEqualTo(v.getPipelineCount());
      }
    }
    assertThat(engine.values()).as("the history moves leads every way")
        .anyMatch(f -> f.getMovedInCount() > 0).anyMatch(f -> f.getRevalued().signum() != 0)
        .anyMatch(f -> f.getEnteredAndClosedCount() > 0).anyMatch(f -> f.getWonCount() > 0)
        .anyMatch(f -> f.getLostCount() > 0);
    assertThat(engine.keySet()).extracting(ScopeDay::getScope).contains("ALL");
  }
}
