package io.salesvelocity.velocity.domain.lead;

import io.salesvelocity.velocity.domain.flow.Flow;
import static io.salesvelocity.velocity.domain.lead.LeadEvents.estimated;
import static io.salesvelocity.velocity.domain.lead.LeadEvents.revision;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.Stage;
import io.salesvelocity.velocity.domain.math.VelocityFigures;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeadFlowTest {
  private static final long DAY = VelocityFigures.MILLIS_PER_DAY;
  private static final long D = 20_000; // a day number
  private static final int SQL = Stage.SQL.ordinal();

  private static RawEvent raw(String eventId) {
    return new RawEvent(eventId, 0, "t", 0, 0, 0, null, null);
  }

  @Test
  void shouldGiveARevaluationToItsTeamAndToAllOnTheDayOfTheChangeOnly() {
    LeadHistory h = new LeadHistory("L");
    LeadRules.apply(h, estimated("c", "L", D * DAY + 1000, "A", SQL, new BigDecimal("100")), raw("c"));
    LeadRules.apply(h, revision("s", "L", (D + 3) * DAY + 1000, Stage.PROPOSAL.ordinal(), new BigDecimal("130")),
        raw("s"));
    Map<LeadFlow.Key, Flow> flows = LeadFlow.of(h, SQL);

    assertThat(flows.keySet()).containsExactlyInAnyOrder(new LeadFlow.Key("A", D), new LeadFlow.Key(null, D),
        new LeadFlow.Key("A", D + 3), new LeadFlow.Key(null, D + 3));
    assertThat(flows.get(new LeadFlow.Key("A", D)).entered()).isEqualTo(1);
    assertThat(flows.get(new LeadFlow.Key("A", D)).enteredValue()).isEqualByComparingTo("100");
    assertThat(flows.get(new LeadFlow.Key("A", D + 3)).revalued()).isEqualByComparingTo("30");
    assertThat(flows.get(new LeadFlow.Key(null, D + 3)).revalued()).isEqualByComparingTo("30");
  }

  @Test
  void shouldMoveAReassignedLeadOutOfOneTeamAndIntoTheOtherButNotOutOfAll() {
    LeadHistory h = new LeadHistory("L");
    LeadRules.apply(h, estimated("c", "L", D * DAY, "A", SQL, new BigDecimal("50")), raw("c"));
    LeadRules.apply(h, LeadEvents.stage("s", "L", (D + 1) * DAY + 5, Stage.PROPOSAL.ordinal(), "B"), raw("s"));
    Map<LeadFlow.Key, Flow> flows = LeadFlow.of(h, SQL);

    assertThat(flows.get(new LeadFlow.Key("A", D + 1)).movedOut()).isEqualTo(1);
    assertThat(flows.get(new LeadFlow.Key("A", D + 1)).movedOutValue()).isEqualByComparingTo("50");
    assertThat(flows.get(new LeadFlow.Key("B", D + 1)).movedIn()).isEqualTo(1);
    assertThat(flows).doesNotContainKey(new LeadFlow.Key(null, D + 1));
  }

  @Test
  void shouldLeaveOutTheDaysThatBeginBeforeAFold() {
    long[] earliest = LeadHistory.Fold.none();
    earliest[SQL] = D * DAY + 10;
    LeadHistory.Fold fold = new LeadHistory.Fold((D + 2) * DAY + 7, "A", earliest, null, SQL, D * DAY + 10,
        new BigDecimal("70"));
    LeadHistory h = new LeadHistory("L", new LeadHistory.Created("c", D * DAY, "A", Stage.NEW.ordinal(), 1, null,
        null), List.of(new LeadHistory.StageEntry("s", (D + 2) * DAY + 9, Stage.PROPOSAL.ordinal(), "B", 2, null,
        new BigDecimal("90"))), fold, new LeadHistory.Closed("k", (D + 5) * DAY + 1, false, null, null, 3),
        Map.of());
    Map<LeadFlow.Key, Flow> flows = LeadFlow.of(h, SQL);

    assertThat(flows.keySet()).as("the creation's day begins before the fold; day D + 2 too")
        .noneMatch(k -> k.day() < D + 3);
    // the close, after the fold: lost by B, which the kept change gave it to, at its estimate then
    assertThat(flows.get(new LeadFlow.Key("B", D + 5)).lost()).isEqualTo(1);
    assertThat(flows.get(new LeadFlow.Key("B", D + 5)).lostValue()).isEqualByComparingTo("90");
  }
}
