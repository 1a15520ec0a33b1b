package io.salesvelocity.generator;

import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.EventType;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.LeadSource;
import io.salesvelocity.schemas.Outcome;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.StageChanged;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.apache.avro.specific.SpecificRecord;

/**
 * A deterministic simulated CRM: leads arrive per team (Poisson), walk the funnel stage by stage (gamma
 * delays, per-stage conversion), drop out as lost deals or close won with a log-normal amount. Leads that fit
 * the ideal customer profile convert more, win more, bigger and faster. Deliveries come out in delivery-time
 * order, with duplicates and bounded disorder as configured. Same scenario and seed: same sequence.
 */
public final class CrmSimulator implements Iterator<Delivery> {
  private static final Stage[] FUNNEL = Stage.values();
  /** Share of INBOUND_CALL leads that arrive already qualified (MQL). */
  static final double INBOUND_CALL_MQL = 0.3;
  /** Share of leads dropped before entering the pipeline whose drop is recorded as a lost deal. */
  static final double ABANDONED_CLOSED_LOST = 0.4;
  /** Share of deals whose amount is revised when they reach NEGOTIATION. */
  static final double REVISION_RATE = 0.3;
  /** Reps, shared by the teams: a lead's rep is drawn uniformly at its creation and at each reassignment. */
  static final int REPS = 40;
  /** Probability that a stage change or a close hands the lead to a rep drawn anew (a team change always does). */
  static final double REP_REASSIGN_RATE = 0.1;
  private static final double DAY_MS = 86_400_000.0;

  private final Scenario scenario;
  private final Instant until;
  private final SplittableRandom random;
  private final PriorityQueue<Pending> queue = new PriorityQueue<>(
      Comparator.comparing(Pending::deliverAt).thenComparingLong(Pending::seq));
  private final Instant[] nextArrival;
  private final GroundTruth truth = new GroundTruth();
  private final String[] industries;
  private final String[] sizes;
  private final LeadSource[] sources;
  private final String[] regions;
  private long seq;
  private long leadCounter;
  private long eventCounter;

  private record Pending(Instant deliverAt, long seq, Delivery delivery, Tally tally) { }

  /**
   * What a delivered event adds to the ground truth (null for duplicates and invalid events): for the team and
   * rep holding the lead at the event, and for the lead's segments.
   */
  private record Tally(String team, String owner, Profile profile, Kind kind, BigDecimal amount, long cycleMillis) {
    enum Kind { LEAD, OPPORTUNITY, WON, LOST }
  }

  /** The segment values a lead is created with. */
  private record Profile(String industry, String companySize, String region, String source) { }

  /** An endless CRM; callers bound it by count or by simulated time. */
  public CrmSimulator(Scenario scenario) {
    this(scenario, null);
  }

  /** A CRM that stops before delivery time {@code until} (null: never). */
  public CrmSimulator(Scenario scenario, Instant until) {
    this.scenario = scenario;
    this.until = until;
    this.random = new SplittableRandom(scenario.seed());
    this.nextArrival = new Instant[scenario.teams().size()];
    Segments seg = scenario.segments();
    this.industries = seg.industries().keySet().toArray(String[]::new);
    this.sizes = seg.companySizes().keySet().toArray(String[]::new);
    this.sources = seg.sources().keySet().toArray(LeadSource[]::new);
    this.regions = seg.regions().toArray(String[]::new);
    for (int i = 0; i < nextArrival.length; i++) {
      nextArrival[i] = scenario.start().plusMillis(arrivalGap(scenario.teams().get(i)));
    }
  }

  public GroundTruth groundTruth() {
    return truth;
  }

  @Override
  public boolean hasNext() {
    return until == null || peek().deliverAt().isBefore(until);
  }

  @Override
  public Delivery next() {
    if (!hasNext()) {
      throw new NoSuchElementException("simulated time reached " + until);
    }
    Pending p = peek();
    queue.poll();
    if (p.tally() != null) {
      count(p.tally(), p.delivery());
    }
    return p.delivery();
  }

  /** The next delivery: simulates arriving leads until nothing that arrives later can be delivered earlier. */
  private Pending peek() {
    while (true) {
      int team = earliestArrival();
      Pending head = queue.peek();
      if (head != null && !head.deliverAt().isAfter(nextArrival[team])) {
        return head;
      }
      Instant at = nextArrival[team];
      nextArrival[team] = at.plusMillis(arrivalGap(scenario.teams().get(team)));
      simulateLead(team, at);
    }
  }

  private void count(Tally t, Delivery d) {
    Profile p = t.profile();
    add(t, truth.team(t.team()));
    for (String scope : new String[] {t.team(), GroundTruth.ALL}) {
      add(t, truth.segment(scope, "industry", p.industry()));
      add(t, truth.segment(scope, "companySize", p.companySize()));
      add(t, truth.segment(scope, "region", p.region()));
      add(t, truth.segment(scope, "source", p.source()));
      add(t, truth.segment(scope, "owner", t.owner()));
    }
    truth.delivered(d.eventTime());
  }

  private static void add(Tally t, GroundTruth.TeamCounts c) {
    switch (t.kind()) {
      case LEAD -> c.leads++;
      case OPPORTUNITY -> c.opportunities++;
      case WON -> {
        c.won++;
        c.wonAmount = c.wonAmount.add(t.amount());
        c.wonCycleMillis += t.cycleMillis();
      }
      case LOST -> c.lost++;
    }
  }

  private int earliestArrival() {
    int best = 0;
    for (int i = 1; i < nextArrival.length; i++) {
      if (nextArrival[i].isBefore(nextArrival[best])) {
        best = i;
      }
    }
    return best;
  }

  private long arrivalGap(TeamProfile team) {
    return Math.max(1, (long) (Distributions.exponential(random, DAY_MS / team.leadsPerDay())));
  }

  private void simulateLead(int teamIndex, Instant createdAt) {
    TeamProfile profile = scenario.teams().get(teamIndex);
    Segments seg = scenario.segments();
    SplittableRandom r = random.split();
    String leadId = "L" + Long.toString(++leadCounter, 36) + "-" + profile.teamId();
    String industry = industries[r.nextInt(industries.length)];
    String size = sizes[r.nextInt(sizes.length)];
    LeadSource source = sources[r.nextInt(sources.length)];
    double fit = Segments.fit(seg.industries().get(industry), seg.companySizes().get(size), seg.sources().get(source));
    Segments.Effects fx = seg.effects();
    Stage initial = source == LeadSource.INBOUND_CALL && r.nextDouble() < INBOUND_CALL_MQL ? Stage.MQL : Stage.NEW;
    String region = regions[r.nextInt(regions.length)];
    Profile segments = new Profile(industry, size, region, source.name());
    String team = profile.teamId();
    String owner = rep(r.nextInt(REPS));
    double meanStage = profile.meanStageDays() * Segments.slowdown(fx.speed(), fit);
    double median = profile.medianDeal() * Segments.lift(fx.dealSize(), fit);
    LeadCreated.Builder created = LeadCreated.newBuilder().setEventId(nextEventId()).setLeadId(leadId)
        .setTeamId(team).setCreatedAt(createdAt).setStage(initial).setCurrency("USD").setSource(source)
        .setIndustry(industry).setCompanySize(size).setRegion(region).setOwnerId(owner);
    if (r.nextDouble() < 0.2) {
      created.setAmount(money(median)); // a rough first estimate, from the segment
    }
    emit(createdAt, created.build(), r, new Tally(team, owner, segments, Tally.Kind.LEAD, null, 0));

    Instant t = createdAt;
    Instant entered = null;
    Stage stage = initial;
    BigDecimal estimate = null;
    while (stage != Stage.NEGOTIATION) {
      double p = Math.min(0.98, profile.conversion().get(stage.ordinal()) * Segments.lift(fx.conversion(), fit));
      t = t.plusMillis((long) (Distributions.gamma(r, meanStage, profile.stageShape()) * DAY_MS));
      if (r.nextDouble() >= p) {
        // dropped: opportunities always close lost; earlier leads are often just abandoned
        if (entered != null || r.nextDouble() < ABANDONED_CLOSED_LOST) {
          closeLost(t, leadId, team, owner, null, segments, r);
        }
        return;
      }
      Stage from = stage;
      stage = FUNNEL[stage.ordinal() + 1];
      StageChanged.Builder change = StageChanged.newBuilder().setEventId(nextEventId()).setLeadId(leadId)
          .setChangedAt(t).setToStage(stage).setFromStage(from);
      if (r.nextDouble() < profile.reassignRate() && scenario.teams().size() > 1) {
        String other = scenario.teams().get(r.nextInt(scenario.teams().size())).teamId();
        if (!other.equals(team)) {
          team = other;
          change.setTeamId(team);
          owner = rep(r.nextInt(REPS)); // the other team's rep: whether the same name or not, the event says so
          change.setOwnerId(owner);
        }
      }
      if (change.getTeamId() == null && r.nextDouble() < REP_REASSIGN_RATE) {
        owner = rep(r.nextInt(REPS));
        change.setOwnerId(owner);
      }
      if (stage == Stage.PROPOSAL) {
        estimate = money(Distributions.logNormal(r, median, profile.dealSigma()));
        change.setAmount(estimate);
      } else if (stage == Stage.NEGOTIATION && estimate != null && r.nextDouble() < REVISION_RATE) {
        change.setAmount(money(estimate.doubleValue() * (0.85 + 0.3 * r.nextDouble()))); // revised in negotiation
      }
      Tally tally = null;
      if (entered == null && stage.ordinal() >= Stage.SQL.ordinal()) {
        entered = t;
        tally = new Tally(team, owner, segments, Tally.Kind.OPPORTUNITY, null, 0);
      }
      emit(t, change.build(), r, tally);
    }
    t = t.plusMillis((long) (Distributions.gamma(r, meanStage, profile.stageShape()) * DAY_MS));
    String closer = r.nextDouble() < REP_REASSIGN_RATE ? rep(r.nextInt(REPS)) : null; // another rep closes it
    if (closer != null) {
      owner = closer;
    }
    double winRate = Math.min(0.98, profile.winRate() * Segments.lift(fx.win(), fit));
    if (r.nextDouble() < winRate) {
      BigDecimal amount = money(Distributions.logNormal(r, median, profile.dealSigma()));
      if (scenario.invalidRate() > 0 && r.nextDouble() < scenario.invalidRate()) {
        emitInvalid(t, leadId, r);
        return;
      }
      emit(t, DealClosed.newBuilder().setEventId(nextEventId()).setLeadId(leadId).setClosedAt(t)
          .setOutcome(Outcome.WON).setAmount(amount).setCurrency("USD").setOwnerId(closer).build(), r,
          new Tally(team, owner, segments, Tally.Kind.WON, amount, t.toEpochMilli() - entered.toEpochMilli()));
    } else {
      closeLost(t, leadId, team, owner, closer, segments, r);
    }
  }

  /** A lost close; {@code closer} is a rep the close hands the lead to (null: its rep so far, {@code owner}). */
  private void closeLost(Instant t, String leadId, String team, String owner, String closer, Profile segments,
                         SplittableRandom r) {
    emit(t, DealClosed.newBuilder().setEventId(nextEventId()).setLeadId(leadId).setClosedAt(t)
        .setOutcome(Outcome.LOST).setCurrency("USD").setLostReason(r.nextBoolean() ? "price" : "no-decision")
        .setOwnerId(closer).build(), r, new Tally(team, owner, segments, Tally.Kind.LOST, null, 0));
  }

  private void emitInvalid(Instant t, String leadId, SplittableRandom r) {
    if (r.nextBoolean()) {
      // a WON deal without its amount: readable, but refused by the engine
      push(t, new Delivery(t, EventType.DEAL_CLOSED, leadId, DealClosed.newBuilder().setEventId(nextEventId())
          .setLeadId(leadId).setClosedAt(t).setOutcome(Outcome.WON).setCurrency("USD").build(), null), null);
    } else {
      push(t, new Delivery(t, EventType.DEAL_CLOSED, leadId, null,
          ("corrupt:" + leadId).getBytes(StandardCharsets.UTF_8)), null);
    }
  }

  private void emit(Instant eventTime, SpecificRecord record, SplittableRandom r, Tally tally) {
    Duration disorder = scenario.maxDisorder();
    long delay = disorder.isZero() ? 0 : (long) (r.nextDouble() * disorder.toMillis());
    Instant at = eventTime.plusMillis(delay);
    Delivery d = new Delivery(at, EventType.of(record), keyOf(record), record, null);
    push(at, d, tally);
    if (scenario.duplicateRate() > 0 && r.nextDouble() < scenario.duplicateRate()) {
      long again = disorder.isZero() ? 0 : (long) (r.nextDouble() * disorder.toMillis());
      push(eventTime.plusMillis(again), new Delivery(eventTime.plusMillis(again), d.kind(), d.key(), record, null),
          null);
    }
  }

  private void push(Instant at, Delivery d, Tally tally) {
    queue.add(new Pending(at, seq++, d, tally));
  }

  static String rep(int i) {
    return "rep-" + i;
  }

  private static String keyOf(SpecificRecord r) {
    return (String) r.get(r.getSchema().getField("leadId").pos());
  }

  private String nextEventId() {
    return "ev-" + Long.toString(scenario.seed(), 36) + "-" + Long.toString(++eventCounter, 36);
  }

  private static BigDecimal money(double v) {
    return BigDecimal.valueOf(Math.max(1.0, v)).setScale(2, RoundingMode.HALF_EVEN);
  }
}
