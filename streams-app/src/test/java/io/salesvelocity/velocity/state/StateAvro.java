package io.salesvelocity.velocity.state;

import io.salesvelocity.velocity.domain.funnel.FunnelFact;
import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.math.WindowTotals;
import io.salesvelocity.velocity.domain.segment.SegmentTag;
import io.salesvelocity.velocity.domain.team.TeamDelta;
import io.salesvelocity.velocity.domain.team.TeamState;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The state records as Avro's generated classes build them: the oracle that {@code StateSerdes}' hand-written,
 * field-by-field encoding must equal byte for byte (StateCodecsTest).
 */
final class StateAvro {
  private StateAvro() {
  }

  static TimedDelta toAvro(TeamDelta td) {
    Delta d = td.delta();
    SegmentTag t = td.tag();
    return new TimedDelta(td.time(), d.pipeline(), d.won(), d.lost(), d.wonAmount().toPlainString(), d.cycleMillis(),
        d.touches(), t == null ? null
            : new SegmentValues(t.industry(), t.companySize(), t.region(), t.source(), t.owner()), funnel(td));
  }

  private static List<Object> funnel(TeamDelta td) {
    List<Object> out = new ArrayList<>();
    if (td.funnel() != null) {
      td.funnel().forEach((fact, n) -> {
        if (fact instanceof FunnelFact.Exit x) {
          out.add(new ExitFact(n, x.stage(), x.durationMillis(), x.advanced()));
        } else if (fact instanceof FunnelFact.Arrive a) {
          out.add(new ArriveFact(n, a.stage(), a.visit().began(), a.visit().leadId(), a.visit().ownerId(),
              amount(a.amount())));
        } else {
          FunnelFact.Leave l = (FunnelFact.Leave) fact;
          out.add(new LeaveFact(n, l.stage(), l.visit().began(), l.visit().leadId(), l.visit().ownerId(),
              l.how().ordinal(), amount(l.amount())));
        }
      });
    }
    return out;
  }

  private static String amount(java.math.BigDecimal a) {
    return a == null ? null : a.toPlainString();
  }

  static DeltaLogEntry toAvro(List<TeamDelta> parts) {
    return new DeltaLogEntry(parts.stream().map(StateAvro::toAvro).toList());
  }

  static TeamCursors toAvro(TeamState s) {
    return new TeamCursors(s.teamId(), s.current().at(), totals(s.current().totals()), s.daily().at(),
        totals(s.daily().totals()), s.firstDay());
  }

  static Totals totals(WindowTotals t) {
    return new Totals(t.pipeline(), t.won(), t.lost(), t.wonAmount().toPlainString(), t.cycleMillis());
  }
}
