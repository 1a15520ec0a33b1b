package io.salesvelocity.velocity.state;

import io.salesvelocity.velocity.domain.math.WindowTotals;
import io.salesvelocity.velocity.domain.team.TeamState;

/**
 * The team cursors as Avro's generated classes build them: the oracle that {@code StateSerdes}' hand-written,
 * field-by-field encoding must equal byte for byte (StateCodecsTest).
 */
final class StateAvro {
  private StateAvro() {
  }

  static TeamCursors toAvro(TeamState s) {
    return new TeamCursors(s.teamId(), s.current().at(), totals(s.current().totals()), s.daily().at(),
        totals(s.daily().totals()), s.firstDay());
  }

  static Totals totals(WindowTotals t) {
    return new Totals(t.pipeline(), t.won(), t.lost(), t.wonAmount().toPlainString(), t.cycleMillis());
  }
}
