package io.salesvelocity.velocity.domain.forecast;

import io.salesvelocity.velocity.domain.lead.LeadForecast;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The pipeline method's forecast of won revenue in (T, T + N] from a scope's forecast parts summed up to the day of T
 * (issue 28): the pipeline at T by stage, each lead at its latest estimate or, without one, at the scope's average won
 * deal at T, times q(S), the share of the cohort of T - N at that stage that won in (T - N, T] (the share over all
 * stages when none of the cohort was at S), plus what new deals won over the last N days. Null when the pipeline at
 * T - N was empty.
 */
public final class PipelineForecast {
  /** Stages of the contract: NEW ... NEGOTIATION. */
  public static final int STAGES = 7;

  private PipelineForecast() {
  }

  public static BigDecimal of(ForecastParts sums, int n, BigDecimal avgDeal) {
    long[] cohort = new long[STAGES];
    long[] won = new long[STAGES];
    long cohortAll = 0;
    long wonAll = 0;
    for (int s = 0; s < STAGES; s++) {
      cohort[s] = sums.get(LeadForecast.Kind.COHORT, s, n).count();
      won[s] = sums.get(LeadForecast.Kind.COHORT_WON, s, n).count();
      cohortAll += cohort[s];
      wonAll += won[s];
    }
    if (cohortAll <= 0) {
      return null;
    }
    BigDecimal sum = sums.get(LeadForecast.Kind.NEW_WON, -1, n).amount();
    for (int s = 0; s < STAGES; s++) {
      LeadForecast.Part open = sums.get(LeadForecast.Kind.OPEN, s, 0);
      BigDecimal value = open.amount();
      if (avgDeal != null) {
        value = value.add(avgDeal.multiply(BigDecimal.valueOf(open.unestimated())));
      }
      long wins = cohort[s] > 0 ? won[s] : wonAll;
      long of = cohort[s] > 0 ? cohort[s] : cohortAll;
      sum = sum.add(value.multiply(BigDecimal.valueOf(wins)).divide(BigDecimal.valueOf(of), MathContext.DECIMAL128));
    }
    return sum;
  }
}
