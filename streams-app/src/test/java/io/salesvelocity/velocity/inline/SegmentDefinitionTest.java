package io.salesvelocity.velocity.inline;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.generator.CrmSimulator;
import io.salesvelocity.generator.Delivery;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.Outcome;
import io.salesvelocity.schemas.SegmentDay;
import io.salesvelocity.schemas.SegmentVelocity;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.StageChanged;
import io.salesvelocity.schemas.TeamDay;
import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.velocity.domain.math.VelocityFigures;
import io.salesvelocity.velocity.topology.EngineSettings;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

/**
 * The engine's segment figures against the definition of issue 12, computed here the slow and obvious way, lead by
 * lead and day by day, with nothing of the engine but the final formula: generated traffic with reps reassigned at
 * some stage changes and closes, and some leads without an industry.
 */
class SegmentDefinitionTest {
  private static final Instant START = Instant.parse("2025-03-01T00:00:00Z");
  private static final long DAY = VelocityFigures.MILLIS_PER_DAY;
  private static final int WINDOW_DAYS = 30;
  private static final String[] DIMENSIONS = {"industry", "companySize", "region", "source", "owner"};

  @Test
  void shouldEqualTheDefinitionForEverySegmentScopeAndDay() {
    List<Delivery> deliveries = traffic();
    EngineSettings settings = new EngineSettings(WINDOW_DAYS, Stage.SQL, Duration.ofDays(1), Duration.ofSeconds(1),
        Duration.ofSeconds(5));
    Map<SegmentDay, SegmentVelocity> engine = new HashMap<>();
    List<String> letters = new ArrayList<>();
    long lastTime = replay(deliveries, settings, engine, letters);
    assertThat(letters).as("clean traffic: nothing refused").isEmpty();

    Map<SegmentDay, Expected> expected = reference(deliveries, UtcDay.of(lastTime));
    assertThat(engine.keySet()).as("one point per key per day from its first event")
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
    assertThat(expected.keySet()).extracting(SegmentDay::getScope).contains("ALL", "emea-smb");
    assertThat(expected.keySet()).filteredOn(k -> k.getDimension().equals("industry"))
        .extracting(SegmentDay::getSegment).contains("unknown");
    assertThat(expected.keySet()).filteredOn(k -> k.getDimension().equals("owner"))
        .extracting(SegmentDay::getSegment).contains("rep-moved-3");
    int compared = 0;
    for (Map.Entry<SegmentDay, Expected> e : expected.entrySet()) {
      SegmentVelocity v = engine.get(e.getKey());
      Expected x = e.getValue();
      VelocityFigures f = VelocityFigures.of(x.pipeline, x.won, x.lost, x.wonAmount, x.cycleMillis);
      String at = e.getKey().toString();
      assertThat(v.getPipelineCount()).as(at).isEqualTo(x.pipeline);
      assertThat(v.getWonCount()).as(at).isEqualTo(x.won);
      assertThat(v.getLostCount()).as(at).isEqualTo(x.lost);
      assertThat(v.getWonAmount()).as(at).isEqualByComparingTo(x.wonAmount);
      assertThat(v.getAvgDealSize()).as(at).isEqualTo(f.avgDealSize() == null ? null
          : f.avgDealSize().setScale(6, RoundingMode.HALF_EVEN));
      assertThat(v.getAvgCycleDays()).as(at).isEqualTo(f.avgCycleDays());
      assertThat(v.getVelocityPerDay()).as(at).isEqualTo(f.velocityPerDay());
      if (x.won > 0 && x.pipeline > 0) {
        compared++;
      }
    }
    assertThat(compared).as("points with a velocity").isGreaterThan(1_000);
  }

  /** Generated traffic, with reps reassigned and industries left out by a rule of the eventId (so copies agree). */
  private static List<Delivery> traffic() {
    Scenario scenario = Scenario.defaults(12, START);
    CrmSimulator sim = new CrmSimulator(scenario);
    List<Delivery> out = new ArrayList<>();
    for (int i = 0; i < 40_000; i++) {
      Delivery d = sim.next();
      int h = Math.floorMod(d.record() == null ? 0 : eventId(d.record()).hashCode(), 100);
      if (d.record() instanceof LeadCreated c && h < 10) {
        c.setIndustry(h < 5 ? null : " ");
      } else if (d.record() instanceof StageChanged s && h < 15) {
        s.setOwnerId("rep-moved-" + h % 4);
      } else if (d.record() instanceof DealClosed k && h < 8) {
        k.setOwnerId("rep-moved-" + h % 4);
      }
      out.add(d);
    }
    // in event-time order, as a backtest replays: none is late
    out.sort(Comparator.comparing(Delivery::eventTime));
    return out;
  }

  private static long replay(List<Delivery> deliveries, EngineSettings settings, Map<SegmentDay, SegmentVelocity> out,
                             List<String> letters) {
    InlineRunner.Sink sink = new InlineRunner.Sink() {
      @Override
      public void daily(TeamDay key, TeamVelocity value) {
      }

      @Override
      public void segmentDaily(SegmentDay key, SegmentVelocity value) {
        out.put(key, value);
      }

      @Override
      public void deadLetter(byte[] key, byte[] value, Headers headers) {
        letters.add(new String(key));
      }
    };
    return InlineReplay.replay(deliveries, settings, sink);
  }

  // ---- the reference: the definition, lead by lead ----

  /** What the definition says a key's figures are at the end of one day. */
  private static final class Expected {
    long pipeline;
    long won;
    long lost;
    BigDecimal wonAmount = BigDecimal.ZERO;
    long cycleMillis;
  }

  /** An event that names the lead's team or rep, in the order of the definition: time, then kind, then eventId. */
  private record Assignment(long time, int kind, String eventId, String team, String owner) { }

  private static final class Lead {
    long created;
    int createdStage;
    final Map<String, String> values = new HashMap<>();
    final List<Assignment> assignments = new ArrayList<>();
    final List<long[]> stages = new ArrayList<>(); // {time, stage}
    Long closedAt;
    boolean wonDeal;
    BigDecimal amount;

    /** {team, owner} at t. */
    String[] holderAt(long t) {
      String team = null;
      String owner = null;
      for (Assignment a : assignments) {
        if (a.time > t) {
          break;
        }
        team = a.team != null ? a.team : team;
        owner = a.owner != null ? a.owner : owner;
      }
      return new String[] {team, owner};
    }

    Long entry() {
      long end = closedAt == null ? Long.MAX_VALUE : closedAt;
      long entry = createdStage >= Stage.SQL.ordinal() ? created : Long.MAX_VALUE;
      for (long[] s : stages) {
        if (s[1] >= Stage.SQL.ordinal() && s[0] <= end) {
          entry = Math.min(entry, s[0]);
        }
      }
      return entry == Long.MAX_VALUE ? null : entry;
    }

    String value(String dimension, String[] holder) {
      String v = dimension.equals("owner") ? holder[1] : values.get(dimension);
      return v == null || v.isBlank() ? "unknown" : v;
    }
  }

  private static Map<SegmentDay, Expected> reference(List<Delivery> deliveries, long lastDay) {
    Map<String, Lead> leads = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (Delivery d : deliveries) {
      if (!seen.add(d.key() + "/" + eventId(d.record()))) {
        continue; // a re-delivery
      }
      Lead lead = leads.computeIfAbsent(d.key(), k -> new Lead());
      if (d.record() instanceof LeadCreated c) {
        lead.created = c.getCreatedAt().toEpochMilli();
        lead.createdStage = c.getStage().ordinal();
        lead.values.put("industry", c.getIndustry());
        lead.values.put("companySize", c.getCompanySize());
        lead.values.put("region", c.getRegion());
        lead.values.put("source", c.getSource() == null ? null : c.getSource().name());
        lead.assignments.add(new Assignment(lead.created, 0, c.getEventId(), c.getTeamId(), blankToNull(c.getOwnerId())));
      } else if (d.record() instanceof StageChanged s) {
        long t = s.getChangedAt().toEpochMilli();
        lead.stages.add(new long[] {t, s.getToStage().ordinal()});
        if (blankToNull(s.getTeamId()) != null || blankToNull(s.getOwnerId()) != null) {
          lead.assignments.add(new Assignment(t, 1, s.getEventId(), blankToNull(s.getTeamId()),
              blankToNull(s.getOwnerId())));
        }
      } else if (d.record() instanceof DealClosed k) {
        lead.closedAt = k.getClosedAt().toEpochMilli();
        lead.wonDeal = k.getOutcome() == Outcome.WON;
        lead.amount = k.getAmount();
        if (blankToNull(k.getTeamId()) != null || blankToNull(k.getOwnerId()) != null) {
          lead.assignments.add(new Assignment(lead.closedAt, 2, k.getEventId(), blankToNull(k.getTeamId()),
              blankToNull(k.getOwnerId())));
        }
      }
    }
    Comparator<Assignment> order = Comparator.comparingLong(Assignment::time).thenComparingInt(Assignment::kind)
        .thenComparing(Assignment::eventId);
    leads.values().forEach(l -> l.assignments.sort(order));

    // each key's first day: the first instant a lead is held in it (at its creation or an assignment)
    Map<List<String>, Long> firstDay = new HashMap<>();
    for (Lead lead : leads.values()) {
      for (Assignment a : lead.assignments) {
        if (lead.closedAt != null && a.time > lead.closedAt) {
          continue;
        }
        String[] holder = lead.holderAt(a.time);
        for (String dim : DIMENSIONS) {
          for (String scope : new String[] {holder[0], "ALL"}) {
            firstDay.merge(List.of(scope, dim, lead.value(dim, holder)), UtcDay.of(a.time), Math::min);
          }
        }
      }
    }
    Map<SegmentDay, Expected> out = new HashMap<>();
    for (Map.Entry<List<String>, Long> k : firstDay.entrySet()) {
      for (long day = k.getValue(); day <= lastDay; day++) {
        out.put(key(k.getKey(), day), new Expected());
      }
    }
    for (Lead lead : leads.values()) {
      Long entry = lead.entry();
      for (long day = UtcDay.of(lead.created); day <= lastDay; day++) {
        long t = (day + 1) * DAY - 1; // the end of the day
        if (entry != null && entry <= t && (lead.closedAt == null || lead.closedAt > t)) {
          String[] holder = lead.holderAt(t);
          each(out, holder, lead, day, x -> x.pipeline++);
        }
        if (lead.closedAt != null && lead.closedAt <= t && lead.closedAt > t - WINDOW_DAYS * DAY) {
          String[] holder = lead.holderAt(lead.closedAt);
          long start = entry != null ? entry : lead.created;
          each(out, holder, lead, day, x -> {
            if (lead.wonDeal) {
              x.won++;
              x.wonAmount = x.wonAmount.add(lead.amount);
              x.cycleMillis += lead.closedAt - start;
            } else {
              x.lost++;
            }
          });
        }
      }
    }
    return out;
  }

  private static void each(Map<SegmentDay, Expected> out, String[] holder, Lead lead, long day,
                           java.util.function.Consumer<Expected> change) {
    for (String dim : DIMENSIONS) {
      for (String scope : new String[] {holder[0], "ALL"}) {
        Expected x = out.get(key(List.of(scope, dim, lead.value(dim, holder)), day));
        if (x == null) {
          throw new AssertionError("a figure for a key before its first event: " + scope + " " + dim);
        }
        change.accept(x);
      }
    }
  }

  private static SegmentDay key(List<String> k, long day) {
    return new SegmentDay(k.get(0), k.get(1), k.get(2), LocalDate.ofEpochDay(day));
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v;
  }

  private static String eventId(SpecificRecord r) {
    return (String) r.get(r.getSchema().getField("eventId").pos());
  }

  private static final class UtcDay {
    static long of(long millis) {
      return Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate().toEpochDay();
    }
  }
}
