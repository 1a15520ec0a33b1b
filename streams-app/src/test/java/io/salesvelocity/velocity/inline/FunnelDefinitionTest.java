package io.salesvelocity.velocity.inline;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.generator.CrmSimulator;
import io.salesvelocity.generator.Delivery;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.FunnelDay;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.Outcome;
import io.salesvelocity.schemas.SegmentDay;
import io.salesvelocity.schemas.SegmentVelocity;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.StageChanged;
import io.salesvelocity.schemas.StageFunnel;
import io.salesvelocity.schemas.StallStatus;
import io.salesvelocity.schemas.StalledDeal;
import io.salesvelocity.schemas.TeamDay;
import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.velocity.domain.funnel.StallThreshold;
import io.salesvelocity.velocity.topology.EngineSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

/**
 * The engine's stage funnel and stalled deals against the definition of issue 13, computed here the slow and obvious
 * way: each lead's visits from its events in (time, kind, eventId) order, then for every team, day and stage the
 * exits of the window, the open visits at the day's end, the stall threshold from the sorted durations, and the
 * first day each holding of a visit is over it, with the lead's latest estimated amount then and when it resolved; the
 * scope ALL likewise over every lead. Generated traffic, with some stage changes sent to a random stage (moves back,
 * skipped stages, changes to the stage the lead is in), some revising the amount, and reps reassigned.
 */
class FunnelDefinitionTest {
  private static final Instant START = Instant.parse("2025-03-01T00:00:00Z");
  private static final long DAY = 86_400_000L;
  private static final int WINDOW_DAYS = 30;
  /** A percentile threshold defined early (5 exits), so that small teams have stalls too. */
  private static final StallThreshold STALL = new StallThreshold(StallThreshold.percentile(75), Map.of(), 5);

  @Test
  void shouldEqualTheDefinitionForEveryTeamStageAndDayAndEveryStall() {
    List<Delivery> deliveries = traffic();
    EngineSettings settings = new EngineSettings(WINDOW_DAYS, Stage.SQL, Duration.ofDays(1), Duration.ofSeconds(1),
        Duration.ofSeconds(5)).withSegments(List.of()).withStall(STALL);
    Map<FunnelDay, StageFunnel> engine = new HashMap<>();
    List<StalledDeal> stalls = new ArrayList<>();
    long last = replay(deliveries, settings, engine, stalls);
    long lastDay = Math.floorDiv(last, DAY);

    Map<String, Lead> leads = leads(deliveries);
    Map<FunnelDay, Row> expected = new HashMap<>();
    Map<List<Object>, String[]> expectedStalls = new TreeMap<>(Comparator.comparing(Object::toString));
    reference(leads, lastDay, expected, expectedStalls);

    assertThat(engine.keySet()).as("a row per scope, stage and day from the scope's first day")
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
    assertThat(expected.keySet()).extracting(FunnelDay::getScope).contains("ALL", "emea-smb");
    int withExits = 0;
    int withStalls = 0;
    for (Map.Entry<FunnelDay, Row> e : expected.entrySet()) {
      StageFunnel f = engine.get(e.getKey());
      Row x = e.getValue();
      String at = e.getKey().toString();
      assertThat(f.getExits()).as(at).isEqualTo(x.durations.size());
      assertThat(f.getAdvanced()).as(at).isEqualTo(x.advanced);
      assertThat(f.getOpenNow()).as(at).isEqualTo(x.open);
      assertThat(f.getStalledNow()).as(at).isEqualTo(x.stalled);
      if (x.durations.isEmpty()) {
        assertThat(f.getConversion()).as(at).isNull();
        assertThat(f.getMedianDays()).as(at).isNull();
      } else {
        withExits++;
        List<Long> d = x.sorted();
        assertThat(f.getConversion()).as(at).isEqualTo((double) x.advanced / d.size());
        assertThat(f.getAvgDays()).as(at).isCloseTo(d.stream().mapToLong(Long::longValue).average().orElseThrow()
            / DAY, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(f.getMedianDays()).as(at).isEqualTo((double) d.get((int) Math.ceil(0.5 * d.size()) - 1) / DAY);
        assertThat(f.getP90Days()).as(at).isEqualTo((double) d.get((int) Math.ceil(0.9 * d.size()) - 1) / DAY);
      }
      if (x.stalled > 0) {
        withStalls++;
      }
    }
    assertThat(withExits).as("rows with exits").isGreaterThan(1_000);
    assertThat(withStalls).as("rows with stalled deals").isGreaterThan(200);

    Map<List<Object>, String[]> found = new TreeMap<>(Comparator.comparing(Object::toString));
    for (StalledDeal s : stalls) {
      List<Object> key = List.of(s.getLeadId(), s.getTeamId(), String.valueOf(s.getOwnerId()), s.getStage().name(),
          s.getVisitBegan().toEpochMilli(), s.getStalledOn().toEpochDay());
      String amount = s.getAmount() == null ? null : s.getAmount().toPlainString();
      if (s.getStatus() == StallStatus.STALLED) {
        assertThat(found.put(key, new String[] {null, null, amount, null})).as("found once: " + key).isNull();
      } else {
        String[] was = found.get(key);
        assertThat(was).as("resolved after found: " + key).isNotNull();
        found.put(key, new String[] {Long.toString(s.getResolvedAt().toEpochMilli()), s.getResolution(), was[2],
            amount});
      }
    }
    assertThat(found.keySet()).containsExactlyElementsOf(expectedStalls.keySet());
    found.forEach((k, v) -> assertThat(v).as(k.toString()).containsExactly(expectedStalls.get(k)));
    Set<String> resolutions = new HashSet<>();
    found.values().forEach(v -> resolutions.add(v[1]));
    assertThat(resolutions).contains("advanced", "moved_back", "won", "lost", "reassigned", null);
    // the latest amount: some stalled deals were revised in their visit, so they are not all the first estimate
    assertThat(expectedStalls.values().stream().filter(v -> v[2] != null && v[3] != null && !v[2].equals(v[3])))
        .as("stalls whose amount was revised before they resolved").isNotEmpty();
  }

  /** Generated traffic in event-time order; some stage changes go to a stage picked by a rule of the eventId. */
  private static List<Delivery> traffic() {
    CrmSimulator sim = new CrmSimulator(Scenario.defaults(21, START));
    List<Delivery> out = new ArrayList<>();
    for (int i = 0; i < 40_000; i++) {
      Delivery d = sim.next();
      if (d.record() instanceof StageChanged s) {
        int h = Math.floorMod(s.getEventId().hashCode(), 100);
        if (h < 12) {
          s.setToStage(Stage.values()[h % Stage.values().length]);
        }
        if (h < 20) { // a revised estimate: also on changes to the stage the lead is in, so during a visit
          s.setAmount(new java.math.BigDecimal(1_000 + 37 * Math.floorMod(s.getEventId().hashCode(), 997))
              .setScale(2));
        }
      }
      out.add(d);
    }
    out.sort(Comparator.comparing(Delivery::eventTime));
    return out;
  }

  private static long replay(List<Delivery> deliveries, EngineSettings settings, Map<FunnelDay, StageFunnel> out,
                             List<StalledDeal> stalls) {
    InlineRunner.Sink sink = new InlineRunner.Sink() {
      @Override
      public void daily(TeamDay key, TeamVelocity value) {
      }

      @Override
      public void segmentDaily(SegmentDay key, SegmentVelocity value) {
      }

      @Override
      public void funnelDaily(FunnelDay key, StageFunnel value) {
        out.put(key, value);
      }

      @Override
      public void stalled(String leadId, StalledDeal value) {
        stalls.add(value);
      }

      @Override
      public void deadLetter(byte[] key, byte[] value, Headers headers) {
        throw new AssertionError("clean traffic, nothing refused: " + new String(key));
      }
    };
    return InlineReplay.replay(deliveries, settings, sink);
  }

  // ---- the reference: the definition, lead by lead ----

  /**
   * An event of a lead: time, kind (0 created, 1 stage change, 2 close), eventId; its stage, team, rep, outcome, and
   * the estimated amount it gives (null: none).
   */
  private record Event(long time, int kind, String eventId, int stage, String team, String owner, boolean won,
                       java.math.BigDecimal amount) { }

  /** A visit of a stage: [begin, end), how it ended (null: open). */
  private record VisitSpan(int stage, long begin, Long end, String how) { }

  private static final class Lead {
    final String id;
    final List<Event> events = new ArrayList<>();
    final List<VisitSpan> visits = new ArrayList<>();

    Lead(String id) {
      this.id = id;
    }

    /** {team, owner} after every event at or before t. */
    String[] holderAt(long t) {
      String team = null;
      String owner = null;
      for (Event e : events) {
        if (e.time > t) {
          break;
        }
        if (e.kind == 0) {
          team = e.team;
          owner = e.owner;
        } else {
          team = e.team != null ? e.team : team;
          owner = e.owner != null ? e.owner : owner;
        }
      }
      return new String[] {team, owner};
    }

    /** The latest estimated amount after every event before {@code t} (those at t not yet), as plain text. */
    String amountBefore(long t) {
      java.math.BigDecimal amount = null;
      for (Event e : events) {
        if (e.time >= t) {
          break;
        }
        if (e.kind == 0 || e.kind == 1 && e.amount != null) {
          amount = e.amount;
        }
      }
      return amount == null ? null : amount.toPlainString();
    }

    void visits() {
      int stage = -1;
      long begin = 0;
      for (Event e : events) {
        if (e.kind == 0) {
          stage = e.stage;
          begin = e.time;
        } else if (e.kind == 1 && stage >= 0 && e.stage != stage) {
          visits.add(new VisitSpan(stage, begin, e.time, e.stage > stage ? "advanced" : "moved_back"));
          stage = e.stage;
          begin = e.time;
        } else if (e.kind == 2 && stage >= 0) {
          visits.add(new VisitSpan(stage, begin, e.time, e.won ? "won" : "lost"));
          stage = -1;
        }
      }
      if (stage >= 0) {
        visits.add(new VisitSpan(stage, begin, null, null));
      }
    }
  }

  private static final class Row {
    final List<Long> durations = new ArrayList<>();
    long advanced;
    long open;
    long stalled;
    final List<Long> openBegins = new ArrayList<>();

    List<Long> sorted() {
      List<Long> d = new ArrayList<>(durations);
      d.sort(null);
      return d;
    }

    /** The p75 by nearest rank from 5 exits on; null before. */
    Long threshold() {
      if (durations.size() < 5) {
        return null;
      }
      return sorted().get((int) Math.ceil(0.75 * durations.size()) - 1);
    }
  }

  private static Map<String, Lead> leads(List<Delivery> deliveries) {
    Map<String, Lead> leads = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (Delivery d : deliveries) {
      SpecificRecord r = d.record();
      String eventId = (String) r.get(r.getSchema().getField("eventId").pos());
      if (!seen.add(d.key() + "/" + eventId)) {
        continue; // a re-delivery
      }
      Lead lead = leads.computeIfAbsent(d.key(), Lead::new);
      if (r instanceof LeadCreated c) {
        lead.events.add(new Event(c.getCreatedAt().toEpochMilli(), 0, eventId, c.getStage().ordinal(), c.getTeamId(),
            blankToNull(c.getOwnerId()), false, c.getAmount()));
      } else if (r instanceof StageChanged s) {
        lead.events.add(new Event(s.getChangedAt().toEpochMilli(), 1, eventId, s.getToStage().ordinal(),
            blankToNull(s.getTeamId()), blankToNull(s.getOwnerId()), false, s.getAmount()));
      } else if (r instanceof DealClosed k) {
        lead.events.add(new Event(k.getClosedAt().toEpochMilli(), 2, eventId, -1, blankToNull(k.getTeamId()),
            blankToNull(k.getOwnerId()), k.getOutcome() == Outcome.WON, null));
      }
    }
    for (Lead lead : leads.values()) {
      lead.events.sort(Comparator.comparingLong(Event::time).thenComparingInt(Event::kind)
          .thenComparing(Event::eventId));
      lead.visits();
    }
    return leads;
  }

  private static void reference(Map<String, Lead> leads, long lastDay, Map<FunnelDay, Row> rows,
                                Map<List<Object>, String[]> stalls) {
    // each team's first day: the first instant it holds a lead
    Map<String, Long> firstDay = new HashMap<>();
    for (Lead lead : leads.values()) {
      long closedAt = lead.events.stream().filter(e -> e.kind == 2).mapToLong(Event::time).findFirst()
          .orElse(Long.MAX_VALUE);
      for (Event e : lead.events) {
        if (e.time <= closedAt) {
          firstDay.merge(lead.holderAt(e.time)[0], Math.floorDiv(e.time, DAY), Math::min);
        }
      }
    }
    firstDay.put("ALL", firstDay.values().stream().min(Long::compare).orElseThrow());
    firstDay.forEach((team, first) -> {
      for (long day = first; day <= lastDay; day++) {
        for (Stage s : Stage.values()) {
          rows.put(new FunnelDay(team, s, LocalDate.ofEpochDay(day)), new Row());
        }
      }
    });
    for (Lead lead : leads.values()) {
      for (VisitSpan v : lead.visits) {
        for (long day = Math.floorDiv(v.begin, DAY); day <= lastDay; day++) {
          long t = (day + 1) * DAY - 1;
          if (v.end != null && v.end <= t && v.end > t - WINDOW_DAYS * DAY) {
            for (String scope : new String[] {lead.holderAt(v.end)[0], "ALL"}) {
              Row r = rows.get(new FunnelDay(scope, Stage.values()[v.stage], LocalDate.ofEpochDay(day)));
              r.durations.add(v.end - v.begin);
              if (v.how.equals("advanced") || v.how.equals("won")) {
                r.advanced++;
              }
            }
          }
          if (v.begin <= t && (v.end == null || v.end > t)) {
            for (String scope : new String[] {lead.holderAt(t)[0], "ALL"}) {
              Row r = rows.get(new FunnelDay(scope, Stage.values()[v.stage], LocalDate.ofEpochDay(day)));
              r.open++;
              r.openBegins.add(v.begin);
            }
          }
          if (v.end != null && v.end <= t - WINDOW_DAYS * DAY) {
            break;
          }
        }
      }
    }
    rows.forEach((k, r) -> {
      Long threshold = r.threshold();
      long t = (k.getDay().toEpochDay() + 1) * DAY - 1;
      r.stalled = threshold == null ? 0 : r.openBegins.stream().filter(b -> t - b > threshold).count();
    });
    // a holding of a visit: while its team and rep stay the same; found stalled at the first day's end it is over
    for (Lead lead : leads.values()) {
      for (VisitSpan v : lead.visits) {
        String[] holder = lead.holderAt(v.begin);
        long from = v.begin;
        List<Long> changes = new ArrayList<>();
        for (Event e : lead.events) {
          if (e.time > v.begin && (v.end == null || e.time < v.end) && !changes.contains(e.time)) {
            changes.add(e.time);
          }
        }
        changes.add(v.end == null ? Long.MAX_VALUE : v.end);
        for (long change : changes) {
          String[] next = change == (v.end == null ? Long.MAX_VALUE : v.end) ? null : lead.holderAt(change);
          if (next != null && next[0].equals(holder[0]) && java.util.Objects.equals(next[1], holder[1])) {
            continue; // an event that left the holder as it was
          }
          long until = change; // the holding is [from, until)
          for (long day = Math.floorDiv(from, DAY); day <= lastDay; day++) {
            long t = (day + 1) * DAY - 1;
            if (t < from) {
              continue;
            }
            if (t >= until) {
              break;
            }
            Long threshold = rows.get(new FunnelDay(holder[0], Stage.values()[v.stage], LocalDate.ofEpochDay(day)))
                .threshold();
            if (threshold != null && t - v.begin > threshold) {
              boolean resolved = until != Long.MAX_VALUE && Math.floorDiv(until, DAY) <= lastDay;
              String how = next == null ? v.how : "reassigned";
              stalls.put(List.of(lead.id, holder[0], String.valueOf(holder[1]), Stage.values()[v.stage].name(),
                  v.begin, day), resolved ? new String[] {Long.toString(until), how, lead.amountBefore(t + 1),
                      lead.amountBefore(until)} : new String[] {null, null, lead.amountBefore(t + 1), null});
              break;
            }
          }
          if (next == null) {
            break;
          }
          holder = next;
          from = change;
        }
      }
    }
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v;
  }
}
