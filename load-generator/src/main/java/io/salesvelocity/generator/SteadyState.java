package io.salesvelocity.generator;

import io.salesvelocity.schemas.LeadSource;
import io.salesvelocity.schemas.Stage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The long-run figures a scenario's parameters imply per team, computed exactly from the model (no
 * simulation): an independent answer to compare the engine's with. Leads arrive at each team's rate; every
 * segment combination (industry x size x source, equally likely) walks the funnel with its own conversion,
 * speed, win probability and deal size; a reassignment at a stage change moves the lead to a uniformly drawn
 * team. Pipeline size follows from Little's law (arrival rate x expected days in the pipeline). Entry stage is
 * SQL; deliberately invalid events are not modelled.
 */
public final class SteadyState {
  /** The implied long-run figures of one team; rates are per day. */
  public record Figures(double pipeline, double wonPerDay, double lostPerDay, double avgDealSize, double winRate,
                        double avgCycleDays, double velocityPerDay) { }

  private SteadyState() {
  }

  public static Map<String, Figures> of(Scenario scenario) {
    List<TeamProfile> teams = scenario.teams();
    int k = teams.size();
    double[] pipeline = new double[k];
    double[] won = new double[k];
    double[] lost = new double[k];
    double[] amount = new double[k];
    double[] cycle = new double[k];
    Segments seg = scenario.segments();
    Segments.Effects fx = seg.effects();
    double combos = (double) seg.industries().size() * seg.companySizes().size() * seg.sources().size();
    for (int o = 0; o < k; o++) {
      TeamProfile p = teams.get(o);
      double reassign = k > 1 ? p.reassignRate() : 0;
      for (double wi : seg.industries().values()) {
        for (double wz : seg.companySizes().values()) {
          for (Map.Entry<LeadSource, Double> q : seg.sources().entrySet()) {
            double fit = Segments.fit(wi, wz, q.getValue());
            double share = p.leadsPerDay() / combos;
            double mql = q.getKey() == LeadSource.INBOUND_CALL ? CrmSimulator.INBOUND_CALL_MQL : 0;
            Walk walk = new Walk(p, fit, fx, o, k, reassign, pipeline, won, lost, amount, cycle);
            walk.from(Stage.NEW, share * (1 - mql));
            if (mql > 0) {
              walk.from(Stage.MQL, share * mql);
            }
          }
        }
      }
    }
    Map<String, Figures> out = new LinkedHashMap<>();
    for (int j = 0; j < k; j++) {
      double avgDeal = won[j] > 0 ? amount[j] / won[j] : Double.NaN;
      double winRate = won[j] + lost[j] > 0 ? won[j] / (won[j] + lost[j]) : Double.NaN;
      double avgCycle = won[j] > 0 ? cycle[j] / won[j] : Double.NaN;
      double velocity = pipeline[j] * avgDeal * winRate / avgCycle;
      out.put(teams.get(j).teamId(), new Figures(pipeline[j], won[j], lost[j], avgDeal, winRate, avgCycle, velocity));
    }
    return out;
  }

  /** Expected flows of leads of one origin team and one segment combination, added into the team arrays. */
  private record Walk(TeamProfile p, double fit, Segments.Effects fx, int origin, int teams, double reassign,
                      double[] pipeline, double[] won, double[] lost, double[] amount, double[] cycle) {
    void from(Stage initial, double leadsPerDay) {
      double stageDays = p.meanStageDays() * Segments.slowdown(fx.speed(), fit);
      double[] at = new double[teams]; // leads per day reaching the current stage, by current team
      at[origin] = leadsPerDay;
      int sql = Stage.SQL.ordinal();
      for (int s = initial.ordinal(); s < Stage.NEGOTIATION.ordinal(); s++) {
        double pass = Math.min(0.98, p.conversion().get(s) * Segments.lift(fx.conversion(), fit));
        double dropLost = s >= sql ? 1.0 : CrmSimulator.ABANDONED_CLOSED_LOST;
        for (int j = 0; j < teams; j++) {
          if (s >= sql) {
            pipeline[j] += at[j] * stageDays;
          }
          lost[j] += at[j] * (1 - pass) * dropLost;
        }
        double total = 0;
        for (int j = 0; j < teams; j++) {
          at[j] *= pass;
          total += at[j];
        }
        for (int j = 0; j < teams; j++) {
          at[j] = (1 - reassign) * at[j] + reassign * total / teams;
        }
      }
      double win = Math.min(0.98, p.winRate() * Segments.lift(fx.win(), fit));
      double meanDeal = p.medianDeal() * Segments.lift(fx.dealSize(), fit) * Math.exp(p.dealSigma() * p.dealSigma() / 2);
      double stagesInPipeline = Stage.NEGOTIATION.ordinal() - sql + 1;
      for (int j = 0; j < teams; j++) {
        pipeline[j] += at[j] * stageDays;
        won[j] += at[j] * win;
        lost[j] += at[j] * (1 - win);
        amount[j] += at[j] * win * meanDeal;
        cycle[j] += at[j] * win * stagesInPipeline * stageDays;
      }
    }
  }
}
