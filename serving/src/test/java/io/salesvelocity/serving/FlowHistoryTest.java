package io.salesvelocity.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.PipelineFlow;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlowHistoryTest {
  private static final LocalDate D1 = LocalDate.parse("2026-03-02");

  /** A day's bridge from {@code start} leads of 100 each, {@code entered} of 100 each and {@code won} of 50 each. */
  private static PipelineFlow day(String scope, LocalDate date, long start, long entered, long won) {
    return day(scope, date, start, BigDecimal.valueOf(start * 100).setScale(2), entered, won);
  }

  private static PipelineFlow day(String scope, LocalDate date, long start, BigDecimal startValue, long entered,
                                  long won) {
    BigDecimal in = BigDecimal.valueOf(entered * 100).setScale(2);
    BigDecimal out = BigDecimal.valueOf(won * 50).setScale(2);
    BigDecimal revalued = new BigDecimal("10.00");
    BigDecimal z = BigDecimal.ZERO.setScale(2);
    return new PipelineFlow(scope, date, start, startValue, entered, in, 0L, z, 0L, z, won, out, 0L, z, revalued,
        start + entered - won, startValue.add(in).subtract(out).add(revalued), 1L);
  }

  @Test
  void shouldSumTheDaysFromTheFirstDaysStartToTheLastDaysEnd() {
    PipelineFlow first = day("emea", D1, 5, 3, 1);
    PipelineFlow second = day("emea", D1.plusDays(1), first.getEndCount(), first.getEndValue(), 2, 4);
    Map<String, Object> sum = FlowHistory.summed(List.of(first, second));
    assertThat(sum).containsEntry("from", "2026-03-02").containsEntry("to", "2026-03-03")
        .containsEntry("startCount", 5L).containsEntry("enteredCount", 5L).containsEntry("wonCount", 5L)
        .containsEntry("endCount", second.getEndCount()).containsEntry("enteredAndClosedCount", 2L);
    assertThat((BigDecimal) sum.get("endValue")).isEqualByComparingTo(second.getEndValue());
    assertThat((BigDecimal) sum.get("revalued")).isEqualByComparingTo("20.00");
    assertThat((BigDecimal) sum.get("wonValue")).isEqualByComparingTo("250.00");
    assertThat(FlowHistory.summed(List.of())).isNull();
  }

  @Test
  void shouldKeepTheLatestDaysOfEachScopeAndAnswerARange() {
    FlowHistory history = new FlowHistory(3);
    for (int i = 0; i < 5; i++) {
      history.put(day("emea", D1.plusDays(i), i, 1, 0));
      history.put(day("ALL", D1.plusDays(i), i, 1, 0));
    }
    history.put(day("emea", D1.plusDays(4), 9, 1, 0)); // a record of a day again replaces it
    assertThat(history.size()).isEqualTo(6);
    assertThat(history.lastDay("emea")).isEqualTo(D1.plusDays(4));
    assertThat(history.lastDay("nowhere")).isNull();
    assertThat(history.days("emea", D1, D1.plusDays(3))).extracting(PipelineFlow::getDay)
        .containsExactly(D1.plusDays(2), D1.plusDays(3));
    assertThat(history.days("emea", D1.plusDays(4), D1.plusDays(9))).extracting(PipelineFlow::getStartCount)
        .containsExactly(9L);
  }
}
