package io.salesvelocity.velocity.inline;

import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.Outcome;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.StageChanged;
import io.salesvelocity.velocity.domain.math.VelocityFigures;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * The definitions of issue 28 (forecasts scored against what happened, and the daily pipeline bridge), computed the
 * slow and obvious way: lead by lead, instant by instant, from the events alone, with nothing of the engine but
 * the velocity formula. The oracle the engine's and the backtest's outputs are held to.
 *
 * <p>Scopes: every team, and {@code ALL} (every lead as one scope). T is a day's last millisecond. Ties at one
 * instant go LeadCreated, StageChanged, DealClosed, then eventId; every event at t counts at t. Re-deliveries (the
 * same eventId on a lead) count once, a stage change after the close and a second close do not count.
 */
public final class ForecastFlowReference {
  public static final String ALL = "ALL";
  static final long DAY = VelocityFigures.MILLIS_PER_DAY;

  /** The bridge of a scope for a day. Values are the leads' latest estimates (0 without one). */
  public record BridgeRow(String scope, long day, long startCount, BigDecimal startValue, long enteredCount,
                   BigDecimal enteredValue, long movedInCount, BigDecimal movedInValue, long movedOutCount,
                   BigDecimal movedOutValue, long wonCount, BigDecimal wonValue, long lostCount, BigDecimal lostValue,
                   BigDecimal revalued, long endCount, BigDecimal endValue, long enteredAndClosed) {
    /** Whether the bridge's two invariants hold, to the cent. */
    public boolean balances() {
      boolean counts = endCount == startCount + enteredCount + movedInCount - movedOutCount - wonCount - lostCount;
      BigDecimal value = startValue.add(enteredValue).add(movedInValue).subtract(movedOutValue).subtract(wonValue)
          .subtract(lostValue).add(revalued);
      return counts && value.compareTo(endValue) == 0;
    }
  }

  /** The forecasts of a scope at the end of a day for one horizon; actual null while day + N is not final. */
  public record ForecastRow(String scope, long day, int horizon, Double velocityForecast, BigDecimal pipelineForecast,
                     BigDecimal actual) {
    public Double velocityError() {
      return error(velocityForecast == null ? null : BigDecimal.valueOf(velocityForecast));
    }

    public Double pipelineError() {
      return error(pipelineForecast);
    }

    private Double error(BigDecimal forecast) {
      if (forecast == null || actual == null || actual.signum() == 0) {
        return null;
      }
      return forecast.doubleValue() / actual.doubleValue() - 1;
    }
  }

  /** One lead's events, in the definition's order. */
  private static final class Lead {
    final String id;
    LeadCreated created;
    final List<StageChanged> changes = new ArrayList<>();
    DealClosed close;

    Lead(String id) {
      this.id = id;
    }

    long createdAt() {
      return created.getCreatedAt().toEpochMilli();
    }

    Long closedAt() {
      return close == null ? null : close.getClosedAt().toEpochMilli();
    }

    private List<StageChanged> counted;

    /** Stage changes that count: at or after the creation, not after the close (known once all events are in). */
    List<StageChanged> counted() {
      if (counted != null) {
        return counted;
      }
      List<StageChanged> out = new ArrayList<>();
      for (StageChanged s : changes) {
        long t = s.getChangedAt().toEpochMilli();
        if (t >= createdAt() && (close == null || t <= closedAt())) {
          out.add(s);
        }
      }
      out.sort(Comparator.comparing((StageChanged s) -> s.getChangedAt()).thenComparing(StageChanged::getEventId));
      counted = out;
      return out;
    }

    boolean known(long t) {
      return created != null && createdAt() <= t;
    }

    String teamAt(long t) {
      String team = created.getTeamId();
      for (StageChanged s : counted()) {
        if (s.getChangedAt().toEpochMilli() > t) {
          break;
        }
        team = blank(s.getTeamId()) ? team : s.getTeamId();
      }
      if (close != null && closedAt() <= t && !blank(close.getTeamId())) {
        team = close.getTeamId();
      }
      return team;
    }

    int stageAt(long t) {
      int stage = created.getStage().ordinal();
      for (StageChanged s : counted()) {
        if (s.getChangedAt().toEpochMilli() > t) {
          break;
        }
        stage = s.getToStage().ordinal();
      }
      return stage;
    }

    BigDecimal estimateAt(long t) {
      BigDecimal estimate = created.getAmount();
      for (StageChanged s : counted()) {
        if (s.getChangedAt().toEpochMilli() > t) {
          break;
        }
        estimate = s.getAmount() != null ? s.getAmount() : estimate;
      }
      return estimate;
    }

    /** The entry instant (first at or above the entry stage, not after the close); null when it never entered. */
    Long entry(int entryStage) {
      if (created.getStage().ordinal() >= entryStage) {
        return createdAt();
      }
      for (StageChanged s : counted()) {
        if (s.getToStage().ordinal() >= entryStage) {
          return s.getChangedAt().toEpochMilli();
        }
      }
      return null;
    }

    boolean inPipeline(long t, int entryStage) {
      Long entry = entry(entryStage);
      return entry != null && entry <= t && (close == null || closedAt() > t);
    }

    boolean in(String scope, long t, int entryStage) {
      return inPipeline(t, entryStage) && (ALL.equals(scope) || scope.equals(teamAt(t)));
    }

    boolean closedFor(String scope, long from, long to) {
      return close != null && closedAt() > from && closedAt() <= to
          && (ALL.equals(scope) || scope.equals(teamAt(closedAt())));
    }

    boolean won() {
      return close != null && close.getOutcome() == Outcome.WON;
    }

    BigDecimal valueAt(long t) {
      BigDecimal e = estimateAt(t);
      return e == null ? BigDecimal.ZERO : e;
    }
  }

  private final Map<String, Lead> leads = new LinkedHashMap<>();
  private final int windowDays;
  private final int entryStage;
  private final Map<String, Long> firstDay = new TreeMap<>();

  /**
   * @param events     the events, in any order, re-deliveries among them
   * @param windowDays the velocity window W
   * @param entryStage the pipeline's entry stage
   */
  public ForecastFlowReference(List<SpecificRecord> events, int windowDays, Stage entryStage) {
    this.windowDays = windowDays;
    this.entryStage = entryStage.ordinal();
    Set<String> seen = new HashSet<>();
    for (SpecificRecord r : events) {
      String leadId = (String) r.get(r.getSchema().getField("leadId").pos());
      String eventId = (String) r.get(r.getSchema().getField("eventId").pos());
      if (!seen.add(leadId + "/" + eventId)) {
        continue;
      }
      Lead lead = leads.computeIfAbsent(leadId, Lead::new);
      if (r instanceof LeadCreated c) {
        lead.created = c;
      } else if (r instanceof StageChanged s) {
        lead.changes.add(s);
      } else if (r instanceof DealClosed d && (lead.close == null
          || d.getClosedAt().isBefore(lead.close.getClosedAt()))) {
        lead.close = d; // the earliest close wins
      }
    }
    leads.values().removeIf(l -> l.created == null);
    // a scope is known from the first instant it holds a lead
    for (Lead l : leads.values()) {
      firstDay.merge(ALL, dayOf(l.createdAt()), Math::min);
      firstDay.merge(l.created.getTeamId(), dayOf(l.createdAt()), Math::min);
      for (StageChanged s : l.counted()) {
        if (!blank(s.getTeamId())) {
          firstDay.merge(s.getTeamId(), dayOf(s.getChangedAt().toEpochMilli()), Math::min);
        }
      }
      if (l.close != null && !blank(l.close.getTeamId())) {
        firstDay.merge(l.close.getTeamId(), dayOf(l.closedAt()), Math::min);
      }
    }
  }

  /** The scopes and their first days. */
  public Map<String, Long> scopes() {
    return firstDay;
  }

  public static long dayOf(long millis) {
    return Math.floorDiv(millis, DAY);
  }

  public static long endOf(long day) {
    return (day + 1) * DAY - 1;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** The bridge of {@code scope} for {@code day}. */
  public BridgeRow bridge(String scope, long day) {
    long t0 = endOf(day - 1);
    long t1 = endOf(day);
    long startCount = 0, endCount = 0, entered = 0, movedIn = 0, movedOut = 0, won = 0, lost = 0, both = 0;
    long enteredAndClosed = 0;
    BigDecimal startValue = BigDecimal.ZERO, endValue = BigDecimal.ZERO, enteredValue = BigDecimal.ZERO;
    BigDecimal movedInValue = BigDecimal.ZERO, movedOutValue = BigDecimal.ZERO, wonValue = BigDecimal.ZERO;
    BigDecimal lostValue = BigDecimal.ZERO, revalued = BigDecimal.ZERO;
    for (Lead l : leads.values()) {
      if (!l.known(t1)) {
        continue;
      }
      boolean in0 = l.in(scope, t0, entryStage);
      boolean in1 = l.in(scope, t1, entryStage);
      BigDecimal v0 = l.valueAt(t0);
      BigDecimal v1 = l.valueAt(t1);
      Long entry = l.entry(entryStage);
      boolean enteredToday = entry != null && entry > t0 && entry <= t1;
      if (in0) {
        startCount++;
        startValue = startValue.add(v0);
      }
      if (in1) {
        endCount++;
        endValue = endValue.add(v1);
      }
      if (in0 && in1) {
        both++;
        revalued = revalued.add(v1.subtract(v0));
      } else if (in0) {
        if (l.closedFor(scope, t0, t1)) {
          if (l.won()) {
            won++;
            wonValue = wonValue.add(v0);
          } else {
            lost++;
            lostValue = lostValue.add(v0);
          }
        } else {
          movedOut++;
          movedOutValue = movedOutValue.add(v0);
        }
      } else if (in1) {
        if (enteredToday) {
          entered++;
          enteredValue = enteredValue.add(v1);
        } else {
          movedIn++;
          movedInValue = movedInValue.add(v1);
        }
      }
      if (enteredToday && l.closedFor(scope, t0, t1)) {
        enteredAndClosed++;
      }
    }
    return new BridgeRow(scope, day, startCount, startValue, entered, enteredValue, movedIn, movedInValue, movedOut,
        movedOutValue, won, wonValue, lost, lostValue, revalued, endCount, endValue, enteredAndClosed);
  }

  /** The velocity figures of {@code scope} at {@code t}, with the engine's formula. */
  VelocityFigures velocity(String scope, long t) {
    long pipeline = 0, won = 0, lost = 0, cycle = 0;
    BigDecimal amount = BigDecimal.ZERO;
    for (Lead l : leads.values()) {
      if (!l.known(t)) {
        continue;
      }
      if (l.in(scope, t, entryStage)) {
        pipeline++;
      }
      if (l.closedFor(scope, t - windowDays * DAY, t)) {
        if (l.won()) {
          won++;
          amount = amount.add(l.close.getAmount());
          Long entry = l.entry(entryStage);
          cycle += l.closedAt() - (entry != null ? entry : l.createdAt());
        } else {
          lost++;
        }
      }
    }
    return VelocityFigures.of(pipeline, won, lost, amount, cycle);
  }

  /**
   * The forecasts of {@code scope} at the end of {@code day} for a horizon of {@code n} days; {@code lastDay} the
   * last final day of the input (the actual is known when day + n is not after it).
   */
  public ForecastRow forecast(String scope, long day, int n, long lastDay) {
    ForecastRow r = forecastAt(scope, endOf(day), n);
    BigDecimal actual = null;
    if (day + n <= lastDay) {
      actual = BigDecimal.ZERO;
      for (Lead l : leads.values()) {
        if (l.won() && l.closedFor(scope, endOf(day), endOf(day + n))) {
          actual = actual.add(l.close.getAmount());
        }
      }
    }
    return new ForecastRow(scope, day, n, r.velocityForecast(), r.pipelineForecast(), actual);
  }

  /**
   * The forecasts of {@code scope} at any instant {@code t} (the current figures' T: the latest event time) for a
   * horizon of {@code n} days, without actual; its day is t's.
   */
  public ForecastRow forecastAt(String scope, long t, int n) {
    long day = dayOf(t);
    long before = t - n * DAY; // T - N
    VelocityFigures v = velocity(scope, t);
    Double velocityForecast = v.velocityPerDay() == null ? null : v.velocityPerDay() * n;

    // q(S): of the leads in the pipeline of the scope at T - N at stage S, the share won in (T - N, T]
    long[] cohort = new long[Stage.values().length];
    long[] cohortWon = new long[Stage.values().length];
    long cohortAll = 0, cohortAllWon = 0;
    for (Lead l : leads.values()) {
      if (l.known(before) && l.in(scope, before, entryStage)) {
        int s = l.stageAt(before);
        cohort[s]++;
        cohortAll++;
        boolean wonSince = l.won() && l.closedAt() > before && l.closedAt() <= t;
        if (wonSince) {
          cohortWon[s]++;
          cohortAllWon++;
        }
      }
    }
    BigDecimal pipelineForecast = null;
    if (cohortAll > 0) {
      BigDecimal[] byStage = new BigDecimal[Stage.values().length];
      java.util.Arrays.fill(byStage, BigDecimal.ZERO);
      BigDecimal averageDeal = v.avgDealSize();
      BigDecimal newWon = BigDecimal.ZERO;
      for (Lead l : leads.values()) {
        if (!l.known(t)) {
          continue;
        }
        if (l.in(scope, t, entryStage)) {
          BigDecimal a = l.estimateAt(t) != null ? l.estimateAt(t) : averageDeal;
          if (a != null) {
            byStage[l.stageAt(t)] = byStage[l.stageAt(t)].add(a);
          }
        }
        if (l.won() && l.closedFor(scope, before, t)) {
          Long entry = l.entry(entryStage);
          if ((entry != null ? entry : l.createdAt()) > before) {
            newWon = newWon.add(l.close.getAmount());
          }
        }
      }
      BigDecimal sum = newWon;
      for (int s = 0; s < byStage.length; s++) {
        long wins = cohort[s] > 0 ? cohortWon[s] : cohortAllWon;
        long of = cohort[s] > 0 ? cohort[s] : cohortAll;
        sum = sum.add(byStage[s].multiply(BigDecimal.valueOf(wins)).divide(BigDecimal.valueOf(of),
            MathContext.DECIMAL128));
      }
      pipelineForecast = sum;
    }
    return new ForecastRow(scope, day, n, velocityForecast, pipelineForecast, null);
  }

  /** Every bridge row of every scope from its first day to {@code lastDay}. */
  public List<BridgeRow> bridges(long lastDay) {
    List<BridgeRow> out = new ArrayList<>();
    firstDay.forEach((scope, first) -> {
      for (long d = first; d <= lastDay; d++) {
        out.add(bridge(scope, d));
      }
    });
    return out;
  }

  /** Rolling accuracy of a method over forecast rows whose actual is known: WAPE and bias, null without actuals. */
  public static Map<String, Double> accuracy(List<ForecastRow> rows, boolean pipelineMethod) {
    BigDecimal absolute = BigDecimal.ZERO, signed = BigDecimal.ZERO, actuals = BigDecimal.ZERO;
    for (ForecastRow r : rows) {
      BigDecimal f = pipelineMethod ? r.pipelineForecast()
          : r.velocityForecast() == null ? null : BigDecimal.valueOf(r.velocityForecast());
      if (f == null || r.actual() == null) {
        continue;
      }
      absolute = absolute.add(f.subtract(r.actual()).abs());
      signed = signed.add(f.subtract(r.actual()));
      actuals = actuals.add(r.actual());
    }
    Map<String, Double> out = new HashMap<>();
    if (actuals.signum() != 0) {
      out.put("wape", absolute.divide(actuals, MathContext.DECIMAL128).doubleValue());
      out.put("bias", signed.divide(actuals, MathContext.DECIMAL128).doubleValue());
    }
    return out;
  }
}
