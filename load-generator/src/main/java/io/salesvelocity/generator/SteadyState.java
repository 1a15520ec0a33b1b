package io.salesvelocity.generator;

import io.salesvelocity.schemas.LeadSource;
import io.salesvelocity.schemas.Stage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The long-run figures a scenario's parameters imply per team and per segment, computed exactly from the model
 * (no simulation): an independent answer to compare the engine's with. Leads arrive at each team's rate; every
 * segment combination (industry x size x source, equally likely) walks the funnel with its own conversion,
 * speed, win probability and deal size; a reassignment at a stage change moves the lead to a uniformly drawn
 * team. Pipeline size follows from Little's law (arrival rate x expected days in the pipeline). Entry stage is
 * SQL; deliberately invalid events are not modelled.
 *
 * <p>Per segment, the flows of each combination go to its industry, size and source. Region and rep have no
 * effect on outcomes and are drawn uniformly (a rep again at every reassignment), so each region carries
 * 1/regions and each rep 1/{@link CrmSimulator#REPS} of its scope's flows: the same averages and win rate, that
 * share of the pipeline and of the velocity.
 */
public final class SteadyState {
  /** The scope of all teams. */
  public static final String ALL = "ALL";

  /** The implied long-run figures of one team or segment; rates are per day. */
  public record Figures(double pipeline, double wonPerDay, double lostPerDay, double avgDealSize, double winRate,
                        double avgCycleDays, double velocityPerDay) { }

  /** A segment: scope (a team or {@link #ALL}), dimension label (as the engine's) and value. */
  public record Segment(String scope, String dimension, String value) { }

  /** Per team, and per segment of every team and of {@link #ALL}. */
  public record Model(Map<String, Figures> teams, Figures all, Map<Segment, Figures> segments) { }

  private SteadyState() {
  }

  public static Map<String, Figures> of(Scenario scenario) {
    return model(scenario).teams();
  }

  public static Model model(Scenario scenario) {
    List<TeamProfile> teams = scenario.teams();
    int k = teams.size();
    Segments seg = scenario.segments();
    Segments.Effects fx = seg.effects();
    double combos = (double) seg.industries().size() * seg.companySizes().size() * seg.sources().size();
    Map<String, Flows> byTeam = new LinkedHashMap<>();
    Map<Segment, Flows> bySegment = new LinkedHashMap<>();
    Flows all = new Flows();
    List<String> scopes = new java.util.ArrayList<>();
    teams.forEach(t -> scopes.add(t.teamId()));
    scopes.add(ALL);
    for (int o = 0; o < k; o++) {
      TeamProfile p = teams.get(o);
      double reassign = k > 1 ? p.reassignRate() : 0;
      for (Map.Entry<String, Double> i : seg.industries().entrySet()) {
        for (Map.Entry<String, Double> z : seg.companySizes().entrySet()) {
          for (Map.Entry<LeadSource, Double> q : seg.sources().entrySet()) {
            double fit = Segments.fit(i.getValue(), z.getValue(), q.getValue());
            double share = p.leadsPerDay() / combos;
            double mql = q.getKey() == LeadSource.INBOUND_CALL ? CrmSimulator.INBOUND_CALL_MQL : 0;
            Flows[] flows = Flows.perTeam(k);
            Walk walk = new Walk(p, fit, fx, o, reassign, flows);
            walk.from(Stage.NEW, share * (1 - mql));
            if (mql > 0) {
              walk.from(Stage.MQL, share * mql);
            }
            for (int j = 0; j < k; j++) {
              String team = teams.get(j).teamId();
              for (String scope : List.of(team, ALL)) {
                bySegment.computeIfAbsent(new Segment(scope, "industry", i.getKey()), s -> new Flows()).add(flows[j], 1);
                bySegment.computeIfAbsent(new Segment(scope, "companySize", z.getKey()), s -> new Flows())
                    .add(flows[j], 1);
                bySegment.computeIfAbsent(new Segment(scope, "source", q.getKey().name()), s -> new Flows())
                    .add(flows[j], 1);
              }
              byTeam.computeIfAbsent(team, t -> new Flows()).add(flows[j], 1);
              all.add(flows[j], 1);
            }
          }
        }
      }
    }
    for (String scope : scopes) {
      Flows total = scope.equals(ALL) ? all : byTeam.computeIfAbsent(scope, t -> new Flows());
      for (String region : seg.regions()) {
        bySegment.computeIfAbsent(new Segment(scope, "region", region), s -> new Flows())
            .add(total, 1.0 / seg.regions().size());
      }
      for (int rep = 0; rep < CrmSimulator.REPS; rep++) {
        bySegment.put(new Segment(scope, "owner", CrmSimulator.rep(rep)), new Flows().add(total, 1.0 / CrmSimulator.REPS));
      }
    }
    Map<String, Figures> teamFigures = new LinkedHashMap<>();
    teams.forEach(t -> teamFigures.put(t.teamId(), byTeam.get(t.teamId()).figures()));
    Map<Segment, Figures> segmentFigures = new LinkedHashMap<>();
    bySegment.forEach((s, f) -> segmentFigures.put(s, f.figures()));
    return new Model(teamFigures, all.figures(), segmentFigures);
  }

  /** Expected flows per day (pipeline: leads in it at any time) of some leads, and the figures they imply. */
  private static final class Flows {
    double pipeline;
    double won;
    double lost;
    double amount;
    double cycle;

    static Flows[] perTeam(int k) {
      Flows[] f = new Flows[k];
      for (int j = 0; j < k; j++) {
        f[j] = new Flows();
      }
      return f;
    }

    Flows add(Flows o, double share) {
      pipeline += share * o.pipeline;
      won += share * o.won;
      lost += share * o.lost;
      amount += share * o.amount;
      cycle += share * o.cycle;
      return this;
    }

    Figures figures() {
      double avgDeal = won > 0 ? amount / won : Double.NaN;
      double winRate = won + lost > 0 ? won / (won + lost) : Double.NaN;
      double avgCycle = won > 0 ? cycle / won : Double.NaN;
      return new Figures(pipeline, won, lost, avgDeal, winRate, avgCycle, pipeline * avgDeal * winRate / avgCycle);
    }
  }

  /** Expected flows of leads of one origin team and one segment combination, by the team holding them. */
  private record Walk(TeamProfile p, double fit, Segments.Effects fx, int origin, double reassign, Flows[] flows) {
    void from(Stage initial, double leadsPerDay) {
      int teams = flows.length;
      double stageDays = p.meanStageDays() * Segments.slowdown(fx.speed(), fit);
      double[] at = new double[teams]; // leads per day reaching the current stage, by current team
      at[origin] = leadsPerDay;
      int sql = Stage.SQL.ordinal();
      for (int s = initial.ordinal(); s < Stage.NEGOTIATION.ordinal(); s++) {
        double pass = Math.min(0.98, p.conversion().get(s) * Segments.lift(fx.conversion(), fit));
        double dropLost = s >= sql ? 1.0 : CrmSimulator.ABANDONED_CLOSED_LOST;
        for (int j = 0; j < teams; j++) {
          if (s >= sql) {
            flows[j].pipeline += at[j] * stageDays;
          }
          flows[j].lost += at[j] * (1 - pass) * dropLost;
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
        flows[j].pipeline += at[j] * stageDays;
        flows[j].won += at[j] * win;
        flows[j].lost += at[j] * (1 - win);
        flows[j].amount += at[j] * win * meanDeal;
        flows[j].cycle += at[j] * win * stagesInPipeline * stageDays;
      }
    }
  }
}
