package io.salesvelocity.velocity.domain.lead;

import static io.salesvelocity.velocity.domain.lead.LeadEvents.close;
import static io.salesvelocity.velocity.domain.lead.LeadEvents.estimated;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.Stage;
import io.salesvelocity.velocity.domain.forecast.ForecastParts;
import io.salesvelocity.velocity.domain.forecast.PipelineForecast;
import io.salesvelocity.velocity.domain.math.VelocityFigures;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * A lead's forecast parts on hand-made histories, summed up to instants T as a scope sums them: each part counts from
 * its instant, so the cohort of T - N and the wins since are an instant's, not a day's.
 */
class LeadForecastTest {
  private static final long DAY = VelocityFigures.MILLIS_PER_DAY;
  private static final long HOUR = 3_600_000L;
  private static final long D = 20_000; // a day number
  private static final int SQL = Stage.SQL.ordinal();
  private static final int PROPOSAL = Stage.PROPOSAL.ordinal();
  private static final int N = 5;
  private static final long ENTRY = D * DAY + 12 * HOUR; // L1 enters at noon
  private static final long WIN = (D + 3) * DAY + 18 * HOUR;

  private static RawEvent raw(String eventId) {
    return new RawEvent(eventId, 0, "t", 0, 0, 0, null, null);
  }

  /** L1: created at SQL with an estimate of 100 at noon of day D, team A; won for 150 at 18:00 on day D + 3. */
  private static LeadHistory wonLead() {
    LeadHistory h = new LeadHistory("L1");
    LeadRules.apply(h, estimated("c1", "L1", ENTRY, "A", SQL, new BigDecimal("100")), raw("c1"));
    LeadRules.apply(h, close("w1", "L1", WIN, true, new BigDecimal("150"), null), raw("w1"));
    return h;
  }

  /** Team A's parts of these leads, summed up to instant t. */
  private static ForecastParts sumsAt(long t, LeadHistory... leads) {
    Map<ForecastParts.Slot, LeadForecast.Part> sum = new HashMap<>();
    for (LeadHistory lead : leads) {
      LeadForecast.of(lead, SQL, new int[] {N}).forEach((k, p) -> {
        if (Objects.equals(k.teamId(), "A") && k.at() <= t) {
          sum.merge(new ForecastParts.Slot(k.kind(), k.stage(), k.horizon()), p, LeadForecast.Part::plus);
        }
      });
    }
    return ForecastParts.of(sum);
  }

  @Test
  void shouldPutALeadInTheCohortOfTMinusNFromTheInstantItEnteredNotFromItsDay() {
    LeadHistory open = new LeadHistory("L1");
    LeadRules.apply(open, estimated("c1", "L1", ENTRY, "A", SQL, new BigDecimal("100")), raw("c1"));

    assertThat(sumsAt(ENTRY - 1, open).get(LeadForecast.Kind.OPEN, SQL, 0)).isEqualTo(LeadForecast.Part.ZERO);
    assertThat(sumsAt(ENTRY, open).get(LeadForecast.Kind.OPEN, SQL, 0))
        .isEqualTo(new LeadForecast.Part(1, new BigDecimal("100"), 0));
    assertThat(sumsAt(ENTRY + N * DAY - 1, open).get(LeadForecast.Kind.COHORT, SQL, N).count()).isZero();
    assertThat(sumsAt(ENTRY + N * DAY, open).get(LeadForecast.Kind.COHORT, SQL, N).count()).isEqualTo(1);
    assertThat(PipelineForecast.of(sumsAt(ENTRY + N * DAY - 1, open), N, null))
        .as("the pipeline at T - N was empty: no forecast").isNull();
  }

  @Test
  void shouldCountAWinInTheCohortsOfTheNDaysBeforeItAndAsANewDealsWinUntilItsEntryIsNDaysOld() {
    LeadHistory won = wonLead();
    // at T = entry + N: T - N finds it in the pipeline at SQL, and it won in (T - N, T]
    long t = ENTRY + N * DAY;
    assertThat(sumsAt(t, won).get(LeadForecast.Kind.COHORT, SQL, N).count()).isEqualTo(1);
    assertThat(sumsAt(t, won).get(LeadForecast.Kind.COHORT_WON, SQL, N).count()).isEqualTo(1);
    assertThat(sumsAt(t, won).get(LeadForecast.Kind.OPEN, SQL, 0)).isEqualTo(LeadForecast.Part.ZERO);
    // newWon: the close in (T - N, T] and the entry after T - N; at T the entry is T - N exactly, no longer after it
    assertThat(sumsAt(t - 1, won).get(LeadForecast.Kind.NEW_WON, -1, N).amount()).isEqualByComparingTo("150");
    assertThat(sumsAt(t, won).get(LeadForecast.Kind.NEW_WON, -1, N).amount()).isEqualByComparingTo("0");
    assertThat(sumsAt(WIN - 1, won).get(LeadForecast.Kind.NEW_WON, -1, N).amount()).isEqualByComparingTo("0");
    // the last T whose T - N finds it open is the win's instant + N, less a millisecond
    assertThat(sumsAt(WIN + N * DAY - 1, won).get(LeadForecast.Kind.COHORT_WON, SQL, N).count()).isEqualTo(1);
    assertThat(sumsAt(WIN + N * DAY, won).get(LeadForecast.Kind.COHORT_WON, SQL, N).count()).isZero();
    assertThat(sumsAt(WIN + N * DAY, won).get(LeadForecast.Kind.COHORT, SQL, N).count()).isZero();
  }

  @Test
  void shouldValueTheOpenPipelineAtItsStagesShareThatWonAndAStageWithoutCohortAtTheShareOfAllStages() {
    LeadHistory won = wonLead();
    LeadHistory sql = new LeadHistory("L2"); // at SQL with 200 since 13:00 on day D, open
    LeadRules.apply(sql, estimated("c2", "L2", D * DAY + 13 * HOUR, "A", SQL, new BigDecimal("200")), raw("c2"));
    LeadHistory proposal = new LeadHistory("L3"); // at PROPOSAL without an estimate since day D + 4
    LeadRules.apply(proposal, LeadEvents.created("c3", "L3", (D + 4) * DAY, "A", PROPOSAL), raw("c3"));

    long t = (D + 5) * DAY + 14 * HOUR; // T - N = 14:00 on day D: L1 and L2 at SQL, L1 won since
    ForecastParts sums = sumsAt(t, won, sql, proposal);
    assertThat(sums.get(LeadForecast.Kind.COHORT, SQL, N).count()).isEqualTo(2);
    assertThat(sums.get(LeadForecast.Kind.COHORT_WON, SQL, N).count()).isEqualTo(1);
    assertThat(sums.get(LeadForecast.Kind.OPEN, PROPOSAL, 0).unestimated()).isEqualTo(1);
    // L2: 200 x 1/2; L3: the average won deal (120) x the share of all stages (1/2); nothing new won since T - N
    // (L1 entered at noon of day D, before T - N)
    assertThat(PipelineForecast.of(sums, N, new BigDecimal("120"))).isEqualByComparingTo("160");
    assertThat(PipelineForecast.of(sums, N, null)).as("without an average won deal L3 adds nothing")
        .isEqualByComparingTo("100");
  }

  @Test
  void shouldDiffOnlyThePartsFromTheEventsInstantOn() {
    LeadHistory h = new LeadHistory("L1");
    LeadRules.apply(h, estimated("c1", "L1", ENTRY, "A", SQL, new BigDecimal("100")), raw("c1"));
    Map<LeadForecast.Key, LeadForecast.Part> before = LeadForecast.ofTeams(h, SQL, new int[] {N}, WIN);
    LeadRules.apply(h, close("w1", "L1", WIN, true, new BigDecimal("150"), null), raw("w1"));
    Map<LeadForecast.Key, LeadForecast.Part> diff = LeadForecast.diff(before, LeadForecast.ofTeams(h, SQL,
        new int[] {N}, WIN));
    assertThat(diff.keySet()).allMatch(k -> k.at() >= WIN);
    // the full parts of the lead equal its first event's parts plus that diff
    Map<LeadForecast.Key, LeadForecast.Part> first = new HashMap<>();
    LeadHistory created = new LeadHistory("L1");
    LeadRules.apply(created, estimated("c1", "L1", ENTRY, "A", SQL, new BigDecimal("100")), raw("c1"));
    first.putAll(LeadForecast.ofTeams(created, SQL, new int[] {N}, Long.MIN_VALUE));
    Map<LeadForecast.Key, LeadForecast.Part> sum = new HashMap<>(first);
    diff.forEach((k, p) -> sum.merge(k, p, LeadForecast.Part::plus));
    sum.values().removeIf(LeadForecast.Part::isZero);
    assertThat(sum).isEqualTo(LeadForecast.ofTeams(h, SQL, new int[] {N}, Long.MIN_VALUE));
    assertThat(List.copyOf(sum.keySet())).isNotEmpty();
  }
}
