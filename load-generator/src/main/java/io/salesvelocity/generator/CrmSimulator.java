package io.salesvelocity.generator;

import io.salesvelocity.schemas.DealClosed;
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
  private static final String[] INDUSTRIES = {"SOFTWARE", "FINANCE", "HEALTHCARE", "RETAIL", "MANUFACTURING"};
  private static final String[] SIZES = {"1-50", "51-200", "201-1000", "1000+"};
  private static final String[] REGIONS = {"EMEA", "NA", "APAC", "LATAM"};
  private static final double DAY_MS = 86_400_000.0;

  private final Scenario scenario;
  private final SplittableRandom random;
  private final PriorityQueue<Pending> queue = new PriorityQueue<>(
      Comparator.comparing(Pending::deliverAt).thenComparingLong(Pending::seq));
  private final Instant[] nextArrival;
  private final GroundTruth truth = new GroundTruth();
  private long seq;
  private long leadCounter;
  private long eventCounter;

  private record Pending(Instant deliverAt, long seq, Delivery delivery) { }

  public CrmSimulator(Scenario scenario) {
    this.scenario = scenario;
    this.random = new SplittableRandom(scenario.seed());
    this.nextArrival = new Instant[scenario.teams().size()];
    for (int i = 0; i < nextArrival.length; i++) {
      nextArrival[i] = scenario.start().plusMillis(arrivalGap(scenario.teams().get(i)));
    }
  }

  public GroundTruth groundTruth() {
    return truth;
  }

  @Override
  public boolean hasNext() {
    return true; // an endless CRM; callers bound it by count or by simulated time
  }

  @Override
  public Delivery next() {
    while (true) {
      int team = earliestArrival();
      Pending head = queue.peek();
      if (head != null && !head.deliverAt().isAfter(nextArrival[team])) {
        return queue.poll().delivery();
      }
      Instant at = nextArrival[team];
      nextArrival[team] = at.plusMillis(arrivalGap(scenario.teams().get(team)));
      simulateLead(team, at);
      if (queue.isEmpty()) {
        throw new NoSuchElementException("the simulator produced no events");
      }
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
    SplittableRandom r = random.split();
    String leadId = "L" + Long.toString(++leadCounter, 36) + "-" + profile.teamId();
    String industry = INDUSTRIES[r.nextInt(INDUSTRIES.length)];
    String size = SIZES[r.nextInt(SIZES.length)];
    LeadSource source = LeadSource.values()[r.nextInt(LeadSource.values().length - 1)];
    double fit = ((industry.equals("SOFTWARE") || industry.equals("FINANCE")) ? 0.4 : 0)
        + ((size.equals("201-1000") || size.equals("1000+")) ? 0.35 : 0)
        + ((source == LeadSource.EVENT || source == LeadSource.INBOUND_CALL || source == LeadSource.ORGANIC_WEB)
        ? 0.25 : 0);
    Stage initial = source == LeadSource.INBOUND_CALL && r.nextDouble() < 0.3 ? Stage.MQL : Stage.NEW;
    String team = profile.teamId();
    emit(createdAt, LeadCreated.newBuilder().setEventId(nextEventId()).setLeadId(leadId).setTeamId(team)
        .setCreatedAt(createdAt).setStage(initial).setCurrency("USD").setSource(source).setIndustry(industry)
        .setCompanySize(size).setRegion(REGIONS[r.nextInt(REGIONS.length)]).setOwnerId("rep-" + r.nextInt(40))
        .build(), r);
    truth.team(team).leads++;

    double speed = 1.2 - 0.4 * fit;
    double median = profile.medianDeal() * (0.7 + 0.6 * fit);
    Instant t = createdAt;
    Stage stage = initial;
    boolean opportunity = stage.ordinal() >= Stage.SQL.ordinal();
    while (stage != Stage.NEGOTIATION) {
      double p = Math.min(0.98, profile.conversion().get(stage.ordinal()) * (0.8 + 0.4 * fit));
      t = t.plusMillis((long) (Distributions.gamma(r, profile.meanStageDays() * speed, profile.stageShape()) * DAY_MS));
      if (r.nextDouble() >= p) {
        // dropped: opportunities always close lost; earlier leads are often just abandoned
        if (opportunity || r.nextDouble() < 0.4) {
          closeLost(t, leadId, team, r);
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
        }
      }
      if (stage == Stage.PROPOSAL) {
        change.setAmount(money(Distributions.logNormal(r, median, profile.dealSigma())));
      }
      emit(t, change.build(), r);
      if (!opportunity && stage.ordinal() >= Stage.SQL.ordinal()) {
        opportunity = true;
        truth.team(team).opportunities++;
      }
    }
    t = t.plusMillis((long) (Distributions.gamma(r, profile.meanStageDays() * speed, profile.stageShape()) * DAY_MS));
    double winRate = Math.min(0.98, profile.winRate() * (0.75 + 0.5 * fit));
    if (r.nextDouble() < winRate) {
      BigDecimal amount = money(Distributions.logNormal(r, median, profile.dealSigma()));
      if (scenario.invalidRate() > 0 && r.nextDouble() < scenario.invalidRate()) {
        emitInvalid(t, leadId, r);
        return;
      }
      emit(t, DealClosed.newBuilder().setEventId(nextEventId()).setLeadId(leadId).setClosedAt(t)
          .setOutcome(Outcome.WON).setAmount(amount).setCurrency("USD").build(), r);
      truth.team(team).won++;
      truth.team(team).wonAmount = truth.team(team).wonAmount.add(amount);
    } else {
      closeLost(t, leadId, team, r);
    }
  }

  private void closeLost(Instant t, String leadId, String team, SplittableRandom r) {
    emit(t, DealClosed.newBuilder().setEventId(nextEventId()).setLeadId(leadId).setClosedAt(t)
        .setOutcome(Outcome.LOST).setCurrency("USD").setLostReason(r.nextBoolean() ? "price" : "no-decision")
        .build(), r);
    truth.team(team).lost++;
  }

  private void emitInvalid(Instant t, String leadId, SplittableRandom r) {
    if (r.nextBoolean()) {
      // a WON deal without its amount: readable, but refused by the engine
      push(t, new Delivery(t, Delivery.Kind.DEAL_CLOSED, leadId, DealClosed.newBuilder().setEventId(nextEventId())
          .setLeadId(leadId).setClosedAt(t).setOutcome(Outcome.WON).setCurrency("USD").build(), null));
    } else {
      push(t, new Delivery(t, Delivery.Kind.DEAL_CLOSED, leadId, null,
          ("corrupt:" + leadId).getBytes(StandardCharsets.UTF_8)));
    }
  }

  private void emit(Instant eventTime, SpecificRecord record, SplittableRandom r) {
    Duration disorder = scenario.maxDisorder();
    long delay = disorder.isZero() ? 0 : (long) (r.nextDouble() * disorder.toMillis());
    Instant at = eventTime.plusMillis(delay);
    Delivery d = new Delivery(at, Delivery.kindOf(record), keyOf(record), record, null);
    push(at, d);
    if (scenario.duplicateRate() > 0 && r.nextDouble() < scenario.duplicateRate()) {
      long again = disorder.isZero() ? 0 : (long) (r.nextDouble() * disorder.toMillis());
      push(eventTime.plusMillis(again), new Delivery(eventTime.plusMillis(again), d.kind(), d.key(), record, null));
    }
  }

  private void push(Instant at, Delivery d) {
    queue.add(new Pending(at, seq++, d));
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
