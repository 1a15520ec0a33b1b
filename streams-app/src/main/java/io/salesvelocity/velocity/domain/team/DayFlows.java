package io.salesvelocity.velocity.domain.team;

import io.salesvelocity.velocity.domain.flow.FlowPart;
import io.salesvelocity.velocity.domain.math.UtcDays;
import java.util.HashMap;
import java.util.Map;

/**
 * Listens to a scope's daily cursor as it makes days final and sums the flow parts it takes in, by day: what the
 * day's bridge adds up when its point is emitted. A flow part's instant is its day's first, so the parts the cursor
 * takes in for a day before emitting its point are that day's whole flow. The current cursor is not listened to:
 * a bridge is only ever published for a final day.
 */
public final class DayFlows implements CursorListener {
  private final Map<Long, FlowPart> byDay = new HashMap<>();

  @Override
  public void enter(boolean daily, TeamDelta part, boolean inWindow) {
    if (daily && part.flow() != null) {
      byDay.merge(UtcDays.dayOf(part.time()), part.flow(), FlowPart::plus);
    }
  }

  @Override
  public void expire(boolean daily, TeamDelta part) {
    // flows never leave a window: a day's bridge is the day's alone
  }

  /** The flow the cursor took in for {@code day}, forgotten here (zero when none). */
  public FlowPart take(long day) {
    FlowPart f = byDay.remove(day);
    return f == null ? FlowPart.ZERO : f;
  }
}
