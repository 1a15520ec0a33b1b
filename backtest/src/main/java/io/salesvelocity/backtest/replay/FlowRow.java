package io.salesvelocity.backtest.replay;

import io.salesvelocity.schemas.PipelineFlow;
import java.math.BigDecimal;
import java.time.LocalDate;

/** One scope's daily pipeline bridge (issue 28): how its pipeline went from the end of the day before to the day's. */
public record FlowRow(String scope, LocalDate date, long startCount, BigDecimal startValue, long enteredCount,
                      BigDecimal enteredValue, long movedInCount, BigDecimal movedInValue, long movedOutCount,
                      BigDecimal movedOutValue, long wonCount, BigDecimal wonValue, long lostCount,
                      BigDecimal lostValue, BigDecimal revalued, long endCount, BigDecimal endValue,
                      long enteredAndClosedCount) {
  /** A live or replayed bridge as a row. */
  public static FlowRow of(PipelineFlow f) {
    return new FlowRow(f.getScope(), f.getDay(), f.getStartCount(), f.getStartValue(), f.getEnteredCount(),
        f.getEnteredValue(), f.getMovedInCount(), f.getMovedInValue(), f.getMovedOutCount(), f.getMovedOutValue(),
        f.getWonCount(), f.getWonValue(), f.getLostCount(), f.getLostValue(), f.getRevalued(), f.getEndCount(),
        f.getEndValue(), f.getEnteredAndClosedCount());
  }

  /** Whether the bridge's two invariants hold, to the cent. */
  public boolean balances() {
    boolean counts = endCount == startCount + enteredCount + movedInCount - movedOutCount - wonCount - lostCount;
    BigDecimal value = startValue.add(enteredValue).add(movedInValue).subtract(movedOutValue).subtract(wonValue)
        .subtract(lostValue).add(revalued);
    return counts && value.compareTo(endValue) == 0;
  }
}
