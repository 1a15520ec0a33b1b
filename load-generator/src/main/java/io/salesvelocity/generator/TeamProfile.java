package io.salesvelocity.generator;

import java.util.List;

/**
 * How one simulated team's funnel behaves.
 *
 * @param teamId            the team
 * @param leadsPerDay       mean lead arrivals per simulated day (Poisson)
 * @param conversion        probability to move on from each stage NEW..PROPOSAL to the next (6 values)
 * @param winRate           probability that a lead reaching NEGOTIATION closes WON
 * @param medianDeal        median won deal size (log-normal)
 * @param dealSigma         log-normal sigma of deal sizes
 * @param meanStageDays     mean days spent in each stage before moving on (gamma)
 * @param stageShape        gamma shape of stage durations (higher: more regular)
 * @param reassignRate      probability that a lead is reassigned to another team at some stage change
 */
public record TeamProfile(String teamId, double leadsPerDay, List<Double> conversion, double winRate,
                          double medianDeal, double dealSigma, double meanStageDays, double stageShape,
                          double reassignRate) {
  public TeamProfile {
    if (conversion.size() != 6) {
      throw new IllegalArgumentException("conversion needs 6 probabilities (NEW..PROPOSAL), got " + conversion.size());
    }
    for (double p : conversion) {
      if (p < 0 || p > 1) {
        throw new IllegalArgumentException("conversion probabilities must be in [0, 1]: " + conversion);
      }
    }
    if (winRate < 0 || winRate > 1 || leadsPerDay <= 0 || medianDeal <= 0 || meanStageDays <= 0 || stageShape <= 0) {
      throw new IllegalArgumentException("invalid profile for team " + teamId);
    }
  }

  public TeamProfile withReassignRate(double rate) {
    return new TeamProfile(teamId, leadsPerDay, conversion, winRate, medianDeal, dealSigma, meanStageDays, stageShape,
        rate);
  }
}
