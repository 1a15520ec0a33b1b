package io.salesvelocity.velocity.domain.lead;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.Stage;
import io.salesvelocity.velocity.domain.math.Delta;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A lead with thousands of stage changes is compacted as it goes; the teams must receive exactly what they would
 * receive from the same lead kept whole: the deltas summed over every event equal the whole lead's contribution.
 */
class LeadCompactionTest {
  private static final long MINUTE = 60_000L;
  private static final int SQL = Stage.SQL.ordinal();
  private static final String[] TEAMS = {"A", "B", "C"};

  private static RawEvent raw(LeadEvent e) {
    return new RawEvent(e.eventId(), e.time(), "crm", 0, 0, 0, null, new byte[] {1});
  }

  /** A lead's events in time order: created, stage changes (some reassigning), then maybe a close. */
  private static List<LeadEvent> events(long seed, int stages) {
    SplittableRandom r = new SplittableRandom(seed);
    List<LeadEvent> out = new ArrayList<>();
    out.add(LeadEvents.created("c", "L1", 0, "A", r.nextInt(3)));
    long t = 0;
    for (int i = 0; i < stages; i++) {
      t += r.nextInt(3) * MINUTE; // ties at one instant too
      String team = r.nextInt(5) == 0 ? TEAMS[r.nextInt(TEAMS.length)] : null;
      out.add(LeadEvents.stage("s" + i, "L1", t, r.nextInt(7), team));
    }
    if (r.nextBoolean()) {
      t += MINUTE;
      out.add(LeadEvents.close("k", "L1", t, r.nextBoolean(), new BigDecimal("1234.56"), r.nextBoolean() ? "B" : null));
    }
    return out;
  }

  /** Each event in a window of a few positions shuffled: arrivals out of order, as within a grace period. */
  private static List<LeadEvent> disordered(List<LeadEvent> inOrder, long seed) {
    List<LeadEvent> out = new ArrayList<>(inOrder);
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 1; i < out.size() - 1; i++) {
      int j = Math.min(out.size() - 1, i + r.nextInt(4));
      LeadEvent a = out.get(i);
      out.set(i, out.get(j));
      out.set(j, a);
    }
    return out;
  }

  private static void add(Map<Attribution, Delta> sum, Map<Attribution, Delta> diff) {
    diff.forEach((k, v) -> sum.merge(k, v, Delta::plus));
    sum.values().removeIf(Delta::isZero);
  }

  /** The lead kept whole: every accepted event in its history, nothing folded (built directly, past any cap). */
  private static LeadHistory whole(List<LeadEvent> accepted) {
    LeadHistory.Created created = null;
    LeadHistory.Closed closed = null;
    List<LeadHistory.StageEntry> stages = new ArrayList<>();
    for (LeadEvent e : accepted) {
      if (e instanceof LeadEvent.Created c) {
        created = new LeadHistory.Created(c.eventId(), c.time(), c.teamId(), c.stage(), c.fingerprint());
      } else if (e instanceof LeadEvent.StageChange c) {
        stages.add(new LeadHistory.StageEntry(c.eventId(), c.time(), c.stage(), c.teamId(), c.fingerprint()));
      } else if (e instanceof LeadEvent.Close c) {
        closed = new LeadHistory.Closed(c.eventId(), c.time(), c.won(), c.amount(), c.teamId(), c.fingerprint());
      }
    }
    return new LeadHistory("L1", created, stages, null, closed, Map.of());
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void shouldSendTheTeamsExactlyWhatTheWholeLeadContributes(long seed) {
    List<LeadEvent> events = disordered(events(seed, 3_000), seed);
    LeadHistory compacted = new LeadHistory("L1");
    List<LeadEvent> accepted = new ArrayList<>();
    Map<Attribution, Delta> sent = new HashMap<>();
    int entry = seed % 2 == 0 ? SQL : Stage.MQL.ordinal();
    long clock = Long.MIN_VALUE;
    long grace = 3 * MINUTE;
    int late = 0;
    for (LeadEvent e : events) {
      if (clock != Long.MIN_VALUE && e.time() < clock - grace) {
        late++; // as the lead processor does before the rules: refused
        continue;
      }
      compacted.compact(clock == Long.MIN_VALUE ? Long.MIN_VALUE : clock - grace);
      Map<Attribution, Delta> before = LeadContribution.of(compacted, entry);
      Verdict v = LeadRules.apply(compacted, e, raw(e));
      assertThat(v.status()).as("every event within grace is within what the compacted lead keeps: %s %s", e, v)
          .isEqualTo(Verdict.Status.ACCEPTED);
      accepted.add(e);
      add(sent, LeadContribution.diff(before, LeadContribution.of(compacted, entry)));
      clock = Math.max(clock, e.time());
      assertThat(compacted.stages()).hasSizeLessThanOrEqualTo(LeadHistory.MAX_STAGES);
    }
    assertThat(compacted.fold()).as("the lead was compacted").isNotNull();
    assertThat(late).as("events arrived out of order, some beyond the grace period").isPositive();
    Map<Attribution, Delta> difference = new java.util.TreeMap<>(java.util.Comparator.comparingLong(Attribution::time)
        .thenComparing(Attribution::teamId));
    add(difference, sent);
    add(difference, LeadContribution.diff(LeadContribution.of(whole(accepted), entry), Map.of()));
    assertThat(difference).as("sent minus the whole lead's contribution").isEmpty();
  }
}
