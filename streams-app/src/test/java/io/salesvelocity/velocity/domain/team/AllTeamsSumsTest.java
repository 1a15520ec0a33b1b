package io.salesvelocity.velocity.domain.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesvelocity.velocity.domain.math.WindowTotals;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scope of all teams summed from the reports of the team partitions. */
class AllTeamsSumsTest {
  private static final AllTeamsSums.Segment SOFTWARE = new AllTeamsSums.Segment("industry", "SOFTWARE");
  private static final AllTeamsSums.Segment RETAIL = new AllTeamsSums.Segment("industry", "RETAIL");

  private static WindowTotals totals(long pipeline, long won, String amount) {
    return new WindowTotals(pipeline, won, 1, new BigDecimal(amount), won * 86_400_000L);
  }

  private static AllTeamsSums.Part part(AllTeamsSums.Segment s, WindowTotals t) {
    return new AllTeamsSums.Part(s.dimension(), s.segment(), t);
  }

  @Test
  void shouldMakeADayFinalOnlyOnceEveryPartitionHasAndSumTheirSegments() {
    AllTeamsSums sums = new AllTeamsSums(2);
    assertThat(sums.daily(0, 10, List.of(part(SOFTWARE, totals(3, 1, "10.00"))))).isTrue();
    assertThat(sums.through(0, 10)).isEmpty(); // partition 1 has not said yet
    assertThat(sums.daily(1, 10, List.of(part(SOFTWARE, totals(2, 2, "5.50")), part(RETAIL, totals(1, 0, "0")))))
        .isTrue();
    List<AllTeamsSums.FinalDay> days = sums.through(1, 10);
    assertThat(days).singleElement().satisfies(d -> {
      assertThat(d.epochDay()).isEqualTo(10);
      assertThat(d.segments()).containsExactly(Map.entry(RETAIL, totals(1, 0, "0")),
          Map.entry(SOFTWARE, new WindowTotals(5, 3, 2, new BigDecimal("15.50"), 3 * 86_400_000L)));
    });
    assertThat(sums.finalThrough()).isEqualTo(10);
    assertThat(sums.pendingDays()).isEmpty();
  }

  @Test
  void shouldGiveEveryDayFinalForAllPartitionsInOrderWhenTheLastOneCatchesUp() {
    AllTeamsSums sums = new AllTeamsSums(2);
    for (long day = 1; day <= 3; day++) {
      sums.daily(0, day, List.of(part(SOFTWARE, totals(day, 0, "0"))));
    }
    assertThat(sums.through(0, 3)).isEmpty();
    sums.daily(1, 1, List.of(part(RETAIL, totals(7, 0, "0"))));
    assertThat(sums.through(1, 1)).extracting(AllTeamsSums.FinalDay::epochDay).containsExactly(1L);
    // partition 1 has nothing on days 2 and 3 (its teams have no segment yet): the days are final all the same
    assertThat(sums.through(1, 3)).extracting(AllTeamsSums.FinalDay::epochDay).containsExactly(2L, 3L);
    assertThat(sums.pendingDays()).isEmpty();
  }

  @Test
  void shouldCountNoReportForADayAlreadyFinal() {
    AllTeamsSums sums = new AllTeamsSums(1);
    sums.daily(0, 5, List.of(part(SOFTWARE, totals(1, 0, "0"))));
    assertThat(sums.through(0, 5)).hasSize(1);
    assertThat(sums.daily(0, 5, List.of(part(SOFTWARE, totals(9, 0, "0"))))).isFalse();
    assertThat(sums.daily(0, 4, List.of(part(SOFTWARE, totals(9, 0, "0"))))).isFalse();
    assertThat(sums.through(0, 5)).isEmpty();
    assertThat(sums.pendingDays()).isEmpty();
  }

  @Test
  void shouldRestoreWhatWasNotPublishedWithoutPublishingIt() {
    AllTeamsSums sums = new AllTeamsSums(2);
    sums.restoreFinalThrough(4);
    sums.restoreThrough(0, 6);
    assertThat(sums.daily(0, 5, List.of(part(SOFTWARE, totals(1, 0, "0"))))).isTrue();
    assertThat(sums.daily(0, 6, List.of(part(SOFTWARE, totals(2, 0, "0"))))).isTrue();
    assertThat(sums.pendingDays()).containsExactly(5L, 6L);
    assertThat(sums.through(1, 5)).extracting(AllTeamsSums.FinalDay::epochDay).containsExactly(5L);
    assertThat(sums.pendingDays()).containsExactly(6L);
  }

  @Test
  void shouldSumEachPartitionsLatestCurrentReportAtTheLatestInstant() {
    AllTeamsSums sums = new AllTeamsSums(2);
    AllTeamsSums.Current first = sums.current(0, 1_000, List.of(part(SOFTWARE, totals(3, 0, "0"))));
    assertThat(first.at()).isEqualTo(1_000);
    assertThat(first.segments()).containsExactly(Map.entry(SOFTWARE, totals(3, 0, "0")));
    sums.current(1, 2_000, List.of(part(SOFTWARE, totals(1, 1, "2.00"))));
    AllTeamsSums.Current again = sums.current(0, 1_500, List.of(part(SOFTWARE, totals(4, 0, "0"))));
    assertThat(again.at()).isEqualTo(2_000);
    assertThat(again.segments()).containsExactly(Map.entry(SOFTWARE, new WindowTotals(5, 1, 2,
        new BigDecimal("2.00"), 86_400_000L)));
  }

  @Test
  void shouldRefuseAPartitionItDoesNotKnow() {
    AllTeamsSums sums = new AllTeamsSums(2);
    assertThatThrownBy(() -> sums.through(2, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AllTeamsSums(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
