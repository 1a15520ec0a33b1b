package io.salesvelocity.velocity.inline;

import static io.salesvelocity.velocity.inline.ForecastFlowReference.ALL;
import static io.salesvelocity.velocity.inline.ForecastFlowReference.DAY;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.generator.CrmSimulator;
import io.salesvelocity.generator.Delivery;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.Outcome;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.StageChanged;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The definitions of issue 28 on hand-made histories, worked out by hand: the reference the engine will be held to
 * must itself say what the issue says.
 */
class ForecastFlowReferenceTest {
  private static final long D0 = Instant.parse("2025-06-01T00:00:00Z").toEpochMilli() / DAY;
  private final List<SpecificRecord> events = new ArrayList<>();
  private int ids;

  private static Instant at(long day, int hour) {
    return Instant.ofEpochMilli((D0 + day) * DAY + hour * 3_600_000L);
  }

  private void created(String lead, String team, long day, int hour, Stage stage, String amount) {
    events.add(LeadCreated.newBuilder().setEventId("e" + ++ids).setLeadId(lead).setTeamId(team).setCreatedAt(
        at(day, hour)).setStage(stage).setAmount(amount == null ? null : new BigDecimal(amount)).build());
  }

  private void changed(String lead, long day, int hour, Stage to, String team, String amount) {
    events.add(StageChanged.newBuilder().setEventId("e" + ++ids).setLeadId(lead).setChangedAt(at(day, hour))
        .setToStage(to).setTeamId(team).setAmount(amount == null ? null : new BigDecimal(amount)).build());
  }

  private void closed(String lead, long day, int hour, Outcome outcome, String amount) {
    events.add(DealClosed.newBuilder().setEventId("e" + ++ids).setLeadId(lead).setClosedAt(at(day, hour))
        .setOutcome(outcome).setAmount(amount == null ? null : new BigDecimal(amount)).build());
  }

  private ForecastFlowReference reference() {
    return new ForecastFlowReference(events, 90, Stage.SQL);
  }

  @Test
  void shouldCountAReValuedLeadAsRevaluedOnly() {
    created("L1", "A", 0, 9, Stage.SQL, "100");
    changed("L1", 1, 9, Stage.PROPOSAL, null, "150");
    ForecastFlowReference.BridgeRow row = reference().bridge("A", D0 + 1);

    assertThat(row.startCount()).isEqualTo(1);
    assertThat(row.startValue()).isEqualByComparingTo("100");
    assertThat(row.revalued()).isEqualByComparingTo("50");
    assertThat(row.endValue()).isEqualByComparingTo("150");
    assertThat(row.enteredCount() + row.movedInCount() + row.movedOutCount() + row.wonCount() + row.lostCount())
        .isZero();
    assertThat(row.balances()).isTrue();
  }

  @Test
  void shouldMoveALeadReassignedOutAndBackInBetweenTeamsButNotForAll() {
    created("L2", "A", 0, 9, Stage.SQL, "200");
    changed("L2", 1, 9, Stage.PROPOSAL, "B", null);
    changed("L2", 2, 9, Stage.NEGOTIATION, "A", "250");
    ForecastFlowReference ref = reference();

    ForecastFlowReference.BridgeRow aDay1 = ref.bridge("A", D0 + 1);
    assertThat(aDay1.movedOutCount()).isEqualTo(1);
    assertThat(aDay1.movedOutValue()).isEqualByComparingTo("200");
    assertThat(aDay1.endCount()).isZero();
    ForecastFlowReference.BridgeRow bDay1 = ref.bridge("B", D0 + 1);
    assertThat(bDay1.movedInCount()).as("it entered on day 0: moved in, not entered").isEqualTo(1);
    assertThat(bDay1.enteredCount()).isZero();
    ForecastFlowReference.BridgeRow aDay2 = ref.bridge("A", D0 + 2);
    assertThat(aDay2.movedInValue()).as("its value at the end of the day").isEqualByComparingTo("250");
    ForecastFlowReference.BridgeRow bDay2 = ref.bridge("B", D0 + 2);
    assertThat(bDay2.movedOutValue()).as("its value at the start of the day").isEqualByComparingTo("200");
    ForecastFlowReference.BridgeRow all2 = ref.bridge(ALL, D0 + 2);
    assertThat(all2.movedInCount() + all2.movedOutCount()).isZero();
    assertThat(all2.revalued()).isEqualByComparingTo("50");
    assertThat(List.of(aDay1, bDay1, aDay2, bDay2, all2)).allMatch(ForecastFlowReference.BridgeRow::balances);
  }

  @Test
  void shouldSeeNothingOfAReassignmentOutAndBackWithinOneDay() {
    created("L3", "A", 0, 9, Stage.SQL, "300");
    changed("L3", 3, 10, Stage.SQL, "B", "310");
    changed("L3", 3, 12, Stage.SQL, "A", null);
    ForecastFlowReference ref = reference();

    ForecastFlowReference.BridgeRow a = ref.bridge("A", D0 + 3);
    assertThat(a.movedInCount() + a.movedOutCount()).isZero();
    assertThat(a.revalued()).isEqualByComparingTo("10");
    ForecastFlowReference.BridgeRow b = ref.bridge("B", D0 + 3);
    assertThat(b.startCount() + b.endCount() + b.movedInCount() + b.movedOutCount()).isZero();
  }

  @Test
  void shouldCountALeadEnteredAndClosedTheSameDayInTheMemoOnly() {
    created("L4", "A", 0, 9, Stage.NEW, "300");
    changed("L4", 1, 10, Stage.SQL, null, null);
    closed("L4", 1, 15, Outcome.WON, "320");
    created("L5", "A", 0, 9, Stage.NEW, null);
    changed("L5", 1, 11, Stage.PROPOSAL, null, null);
    ForecastFlowReference.BridgeRow row = reference().bridge("A", D0 + 1);

    assertThat(row.enteredAndClosed()).isEqualTo(1);
    assertThat(row.wonCount()).isZero();
    assertThat(row.enteredCount()).as("L5, without an estimate").isEqualTo(1);
    assertThat(row.enteredValue()).isEqualByComparingTo("0");
    assertThat(row.endCount()).isEqualTo(1);
    assertThat(row.balances()).isTrue();
  }

  @Test
  void shouldCountAWonDealAtItsValueAtTheStartOfTheDayNotItsWonAmount() {
    created("L6", "A", 0, 9, Stage.SQL, "500");
    changed("L6", 2, 9, Stage.PROPOSAL, null, "600");
    closed("L6", 2, 17, Outcome.WON, "650");
    ForecastFlowReference.BridgeRow row = reference().bridge("A", D0 + 2);

    assertThat(row.wonCount()).isEqualTo(1);
    assertThat(row.wonValue()).isEqualByComparingTo("500");
    assertThat(row.revalued()).isEqualByComparingTo("0");
    assertThat(row.balances()).isTrue();
  }

  /**
   * At T - N (day 10 with N = 10 from day 20): L10 and L11 at SQL (L10 won since, L11 still open), L12 at PROPOSAL
   * (lost since): q(SQL) = 1/2, q(PROPOSAL) = 0; no lead was at NEGOTIATION, so q(NEGOTIATION) = 1/3, the share over
   * all stages. At T: L11 at SQL (400), L13 at NEGOTIATION (1000, entered after T - N), and newWon: L14 entered after
   * T - N and won 500 before T.
   */
  @Test
  void shouldForecastFromStageSharesFallingBackToAllStagesAndAddWhatNewDealsWon() {
    created("L10", "A", 0, 9, Stage.SQL, "900");
    closed("L10", 15, 9, Outcome.WON, "950");
    created("L11", "A", 0, 9, Stage.SQL, "400");
    created("L12", "A", 0, 9, Stage.PROPOSAL, "700");
    closed("L12", 12, 9, Outcome.LOST, null);
    created("L13", "A", 11, 9, Stage.NEGOTIATION, "1000");
    created("L14", "A", 11, 9, Stage.SQL, "450");
    closed("L14", 18, 9, Outcome.WON, "500");
    ForecastFlowReference.ForecastRow row = reference().forecast("A", D0 + 20, 10, D0 + 25);

    BigDecimal expected = new BigDecimal("400").multiply(BigDecimal.ONE).divide(BigDecimal.valueOf(2),
        MathContext.DECIMAL128).add(new BigDecimal("1000").divide(BigDecimal.valueOf(3), MathContext.DECIMAL128))
        .add(new BigDecimal("500"));
    assertThat(row.pipelineForecast()).isEqualByComparingTo(expected);
    assertThat(row.actual()).as("day 30 is after the last day, 25").isNull();
    assertThat(row.pipelineError()).isNull();
  }

  @Test
  void shouldHaveNoPipelineForecastWhenThePipelineWasEmptyAtTMinusN() {
    created("L20", "A", 5, 9, Stage.SQL, "100");
    assertThat(reference().forecast("A", D0 + 6, 5, D0 + 20).pipelineForecast()).isNull();
    assertThat(reference().forecast("A", D0 + 11, 5, D0 + 20).pipelineForecast()).isEqualByComparingTo("0");
  }

  @Test
  void shouldForecastVelocityTimesTheHorizonAndScoreItAgainstTheWonAmountsOfTheNextNDays() {
    created("L30", "A", 0, 9, Stage.SQL, null);
    closed("L30", 10, 9, Outcome.WON, "1000"); // a cycle of 10 days
    created("L31", "A", 1, 9, Stage.SQL, null);
    created("L32", "A", 1, 9, Stage.SQL, null);
    closed("L32", 14, 9, Outcome.WON, "3000");
    ForecastFlowReference.ForecastRow row = reference().forecast("A", D0 + 10, 5, D0 + 15);

    // at the end of day 10: pipeline 2 (L31, L32) x 1000 x 1 / 10 days = 200 per day; 5 days: 1000
    assertThat(row.velocityForecast()).isEqualTo(1000.0);
    assertThat(row.actual()).as("L32's 3000 in days 11-15").isEqualByComparingTo("3000");
    assertThat(row.velocityError()).isEqualTo(1000.0 / 3000 - 1);
  }

  @Test
  void shouldScoreAMethodByWapeAndBiasOverTheDaysWithBothAForecastAndAnActual() {
    List<ForecastFlowReference.ForecastRow> rows = List.of(
        new ForecastFlowReference.ForecastRow("A", 1, 30, 110.0, new BigDecimal("90"), new BigDecimal("100")),
        new ForecastFlowReference.ForecastRow("A", 2, 30, 80.0, null, new BigDecimal("100")),
        new ForecastFlowReference.ForecastRow("A", 3, 30, null, new BigDecimal("120"), new BigDecimal("100")),
        new ForecastFlowReference.ForecastRow("A", 4, 30, 500.0, new BigDecimal("500"), null));

    // velocity: |110 - 100| + |80 - 100| over 200; pipeline: |90 - 100| + |120 - 100| over 200
    assertThat(ForecastFlowReference.accuracy(rows, false)).containsEntry("wape", 0.15).containsEntry("bias", -0.05);
    assertThat(ForecastFlowReference.accuracy(rows, true)).containsEntry("wape", 0.15).containsEntry("bias", 0.05);
    assertThat(ForecastFlowReference.accuracy(rows.subList(3, 4), true)).as("no actual known yet").isEmpty();
  }

  @Test
  void shouldBalanceEveryBridgeOfAGeneratedHistoryWithEstimatesAndReassignments() {
    Instant start = Instant.parse("2025-03-01T00:00:00Z");
    List<SpecificRecord> generated = new ArrayList<>();
    CrmSimulator sim = new CrmSimulator(Scenario.defaults(28, start), start.plusSeconds(40 * 86_400L));
    sim.forEachRemaining((Delivery d) -> {
      if (d.record() != null) {
        generated.add(d.record());
      }
    });
    ForecastFlowReference ref = new ForecastFlowReference(generated, 90, Stage.SQL);
    long lastDay = D0 - 92 + 39; // 2025-03-01 is 92 days before 2025-06-01
    List<ForecastFlowReference.BridgeRow> rows = ref.bridges(lastDay);

    assertThat(rows).hasSizeGreaterThan(5 * 35);
    assertThat(rows).allMatch(ForecastFlowReference.BridgeRow::balances);
    assertThat(rows).filteredOn(r -> r.scope().equals(ALL))
        .allMatch(r -> r.movedInCount() == 0 && r.movedOutCount() == 0);
    assertThat(rows).filteredOn(r -> !r.scope().equals(ALL)).anyMatch(r -> r.movedInCount() > 0);
    assertThat(rows).anyMatch(r -> r.revalued().signum() != 0);
    assertThat(rows).anyMatch(r -> r.wonCount() > 0);
  }
}
