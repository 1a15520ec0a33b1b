package io.salesvelocity.velocity.topology;

import io.salesvelocity.schemas.PipelineFlow;
import io.salesvelocity.schemas.ScopeDay;
import io.salesvelocity.velocity.domain.flow.Flow;
import io.salesvelocity.velocity.domain.flow.FlowDay;
import io.salesvelocity.velocity.domain.flow.FlowTotals;
import io.salesvelocity.velocity.domain.math.UtcDays;
import io.salesvelocity.velocity.domain.segment.SegmentKey;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** The records of pipeline-flow-daily, from a scope's final bridge of a day. */
final class FlowRecords {
  private FlowRecords() {
  }

  static ScopeDay key(FlowDay day) {
    return new ScopeDay(scope(day), UtcDays.date(day.epochDay()));
  }

  static PipelineFlow of(FlowDay day) {
    Flow f = day.flow();
    FlowTotals start = day.start();
    FlowTotals end = day.end();
    return new PipelineFlow(scope(day), UtcDays.date(day.epochDay()), start.count(), money(start.value()), f.entered(),
        money(f.enteredValue()), f.movedIn(), money(f.movedInValue()), f.movedOut(), money(f.movedOutValue()), f.won(),
        money(f.wonValue()), f.lost(), money(f.lostValue()), money(f.revalued()), end.count(), money(end.value()),
        f.enteredAndClosed());
  }

  private static String scope(FlowDay day) {
    return day.teamId() == null ? SegmentKey.ALL : day.teamId();
  }

  /** Amounts of the contract have two decimals at most: a sum of them is exact at scale 2. */
  private static BigDecimal money(BigDecimal v) {
    return v.setScale(2, RoundingMode.UNNECESSARY);
  }
}
