package io.salesvelocity.velocity.topology;

import io.salesvelocity.velocity.state.ParkedEvents;
import java.util.List;

/**
 * Every processor, store and internal topic name of the topology. Changelog and repartition topics are
 * named after these ({@code <application.id>-<store>-changelog}, {@code <application.id>-<name>-repartition}),
 * so renaming one orphans state: the topology description test pins them.
 */
public final class Names {
  public static final String SOURCE_LEAD_CREATED = "source-lead-created";
  public static final String SOURCE_STAGE_CHANGED = "source-stage-changed";
  public static final String SOURCE_DEAL_CLOSED = "source-deal-closed";
  public static final String MERGE_CRM_EVENTS = "merge-crm-events";
  public static final String MERGE_CRM_EVENTS_2 = "merge-crm-events-2";
  /** Record timestamps of the merged events at most the wall clock (see WallClockStamp). */
  public static final String WALL_CLOCK_STAMP = "crm-events-wall-clock-stamp";

  public static final String LEAD_PROCESSOR = "lead-events";
  public static final String LEAD_STATE_STORE = "lead-state";
  public static final String LEAD_CLOCK_STORE = "lead-clock";
  /** Records waiting for the schema registry (see ParkedEvents). */
  public static final String LEAD_PARKED_STORE = "lead-parked";
  /** What the lead task's events changed for each team, until its next batch is sent (see Outbox). */
  public static final String LEAD_OUTBOX_STORE = "lead-outbox";

  public static final String LEAD_OUTPUT_SPLIT = "lead-output-";
  public static final String LEAD_OUTPUT_DELTAS = "deltas";
  public static final String LEAD_OUTPUT_DEAD_LETTERS = "dead-letters";
  public static final String DELTA_UNWRAP = "delta-unwrap";
  public static final String DEAD_LETTER_UNWRAP = "dead-letter-unwrap";
  public static final String DEAD_LETTER_SINK = "dead-letter-sink";

  public static final String TEAM_DELTAS_REPARTITION = "team-deltas";

  public static final String TEAM_PROCESSOR = "team-velocity";
  public static final String TEAM_CURSOR_STORE = "team-cursors";
  /**
   * The teams' logs by day (see TeamLedger and StoreDayLog): the parts of each day not final yet, and the window rows of
   * the final days still in the window.
   */
  public static final String TEAM_DAYS_STORE = "team-days";
  public static final String TEAM_CLOCK_STORE = "team-clock";
  /** The segments' totals at each team's daily cursor, and their first days. */
  public static final String SEGMENT_CURSOR_STORE = "segment-cursors";
  /**
   * The open stage visits of each team at its daily cursor, by lead, and which were found stalled: a bucket per stage
   * and day begun (see LeadOpenVisits).
   */
  public static final String TEAM_OPEN_VISITS_STORE = "team-open-visits";
  /** The pipeline of each team (count and value) at the end of the last day its bridge was published for. */
  public static final String TEAM_FLOW_STORE = "team-flow-ends";
  /** Each team's forecast parts summed up to its last final day, and its final days of the last horizon + 90 days. */
  public static final String TEAM_FORECAST_STORE = "team-forecasts";
  /** The stores of the lead-events processor and of the team-velocity processor. */
  /** The strings the lead histories name by number (see StringIds). */
  public static final String LEAD_DICTIONARY_STORE = "lead-dictionary";
  /**
   * Each task's {@code CommitHook}: no state and no changelog; it tells the task's processors to write what they
   * changed, once per commit.
   */
  public static final String LEAD_COMMIT_HOOK = "lead-commit-hook";
  public static final String TEAM_COMMIT_HOOK = "team-commit-hook";
  public static final String ALL_TEAMS_COMMIT_HOOK = "all-teams-commit-hook";
  public static final List<String> COMMIT_HOOKS = List.of(LEAD_COMMIT_HOOK, TEAM_COMMIT_HOOK, ALL_TEAMS_COMMIT_HOOK);
  public static final List<String> LEAD_STORES = List.of(LEAD_STATE_STORE, LEAD_CLOCK_STORE, LEAD_PARKED_STORE,
      LEAD_OUTBOX_STORE, LEAD_DICTIONARY_STORE, LEAD_COMMIT_HOOK);
  public static final List<String> TEAM_STORES = List.of(TEAM_CURSOR_STORE, TEAM_DAYS_STORE, TEAM_CLOCK_STORE,
      SEGMENT_CURSOR_STORE, TEAM_OPEN_VISITS_STORE, TEAM_FLOW_STORE, TEAM_FORECAST_STORE, TEAM_COMMIT_HOOK);

  public static final String TEAM_OUTPUT_SPLIT = "team-output-";
  public static final String TEAM_OUTPUT_CURRENT = "current";
  public static final String TEAM_OUTPUT_DAILY = "daily";
  public static final String TEAM_OUTPUT_DEAD_LETTERS = "dead-letters";
  public static final String TEAM_OUTPUT_SEGMENT_CURRENT = "segment-current";
  public static final String TEAM_OUTPUT_SEGMENT_DAILY = "segment-daily";
  public static final String TEAM_DEAD_LETTER_UNWRAP = "team-dead-letter-unwrap";
  public static final String TEAM_DEAD_LETTER_SINK = "team-dead-letter-sink";
  public static final String CURRENT_UNWRAP = "current-unwrap";
  public static final String DAILY_UNWRAP = "daily-unwrap";
  public static final String VELOCITY_SINK = "velocity-sink";
  public static final String DAILY_SINK = "velocity-daily-sink";
  public static final String SEGMENT_CURRENT_UNWRAP = "segment-current-unwrap";
  public static final String SEGMENT_DAILY_UNWRAP = "segment-daily-unwrap";
  public static final String SEGMENT_SINK = "velocity-segments-sink";
  public static final String SEGMENT_DAILY_SINK = "velocity-segments-daily-sink";
  public static final String TEAM_OUTPUT_FUNNEL_CURRENT = "funnel-current";
  public static final String TEAM_OUTPUT_FUNNEL_DAILY = "funnel-daily";
  public static final String TEAM_OUTPUT_STALLED = "stalled";
  public static final String FUNNEL_CURRENT_UNWRAP = "funnel-current-unwrap";
  public static final String FUNNEL_DAILY_UNWRAP = "funnel-daily-unwrap";
  public static final String STALLED_UNWRAP = "stalled-unwrap";
  public static final String FUNNEL_SINK = "sales-funnel-sink";
  public static final String FUNNEL_DAILY_SINK = "sales-funnel-daily-sink";
  public static final String STALLED_SINK = "stalled-deals-sink";
  public static final String TEAM_OUTPUT_FLOW_DAILY = "flow-daily";
  public static final String FLOW_DAILY_UNWRAP = "flow-daily-unwrap";
  public static final String FLOW_DAILY_SINK = "pipeline-flow-daily-sink";
  public static final String TEAM_OUTPUT_FORECAST_DAILY = "forecast-daily";
  public static final String FORECAST_DAILY_UNWRAP = "forecast-daily-unwrap";
  public static final String FORECAST_DAILY_SINK = "sales-forecast-daily-sink";
  public static final String TEAM_OUTPUT_FORECAST_CURRENT = "forecast-current";
  public static final String FORECAST_CURRENT_UNWRAP = "forecast-current-unwrap";
  public static final String FORECAST_CURRENT_SINK = "sales-forecast-sink";

  /** The scope of all teams: each team partition's sums, summed by one task (see AllTeamsProcessor). */
  public static final String TEAM_OUTPUT_ALL_TEAMS = "all-teams";
  public static final String ALL_TEAMS_UNWRAP = "all-teams-partial-unwrap";
  public static final String ALL_TEAMS_REPARTITION = "all-teams-partials";
  public static final String ALL_TEAMS_PROCESSOR = "all-teams-velocity";
  public static final String ALL_TEAMS_STORE = "all-teams-partials";
  /** The stage funnel of all teams (see AllTeamsFunnel): its log by day, cursors and open visits by stage and day begun. */
  public static final String ALL_TEAMS_DAYS_STORE = "all-teams-days";
  public static final String ALL_TEAMS_FUNNEL_CURSOR_STORE = "all-teams-funnel-cursors";
  public static final String ALL_TEAMS_OPEN_VISITS_STORE = "all-teams-open-visits";
  public static final List<String> ALL_TEAMS_STORES = List.of(ALL_TEAMS_STORE, ALL_TEAMS_DAYS_STORE,
      ALL_TEAMS_FUNNEL_CURSOR_STORE, ALL_TEAMS_OPEN_VISITS_STORE, ALL_TEAMS_COMMIT_HOOK);
  public static final String ALL_TEAMS_OUTPUT_SPLIT = "all-teams-output-";
  public static final String ALL_TEAMS_SEGMENT_CURRENT_UNWRAP = "all-teams-segment-current-unwrap";
  public static final String ALL_TEAMS_SEGMENT_DAILY_UNWRAP = "all-teams-segment-daily-unwrap";
  public static final String ALL_TEAMS_DEAD_LETTER_UNWRAP = "all-teams-dead-letter-unwrap";
  public static final String ALL_TEAMS_SEGMENT_SINK = "velocity-segments-all-teams-sink";
  public static final String ALL_TEAMS_SEGMENT_DAILY_SINK = "velocity-segments-daily-all-teams-sink";
  public static final String ALL_TEAMS_DEAD_LETTER_SINK = "all-teams-dead-letter-sink";
  public static final String ALL_TEAMS_FUNNEL_DAILY_UNWRAP = "all-teams-funnel-daily-unwrap";
  public static final String ALL_TEAMS_FUNNEL_DAILY_SINK = "sales-funnel-daily-all-teams-sink";
  public static final String ALL_TEAMS_FUNNEL_CURRENT_UNWRAP = "all-teams-funnel-current-unwrap";
  public static final String ALL_TEAMS_FUNNEL_SINK = "sales-funnel-all-teams-sink";
  public static final String ALL_TEAMS_FLOW_DAILY_UNWRAP = "all-teams-flow-daily-unwrap";
  public static final String ALL_TEAMS_FLOW_DAILY_SINK = "pipeline-flow-daily-all-teams-sink";
  public static final String ALL_TEAMS_FORECAST_DAILY_UNWRAP = "all-teams-forecast-daily-unwrap";
  public static final String ALL_TEAMS_FORECAST_DAILY_SINK = "sales-forecast-daily-all-teams-sink";
  public static final String ALL_TEAMS_FORECAST_CURRENT_UNWRAP = "all-teams-forecast-current-unwrap";
  public static final String ALL_TEAMS_FORECAST_CURRENT_SINK = "sales-forecast-all-teams-sink";

  /**
   * What the query API serves (see ServingStores): each team's figures as last published to sales-velocity, and its
   * final daily points of the last velocity.http.history.days days, written by a processor before each sink.
   */
  public static final String SERVING_CURRENT_STORE = "serving-team-velocity";
  public static final String SERVING_DAILY_STORE = "serving-team-velocity-daily";
  public static final String SERVING_CURRENT_WRITER = "serving-team-velocity-writer";
  public static final String SERVING_DAILY_WRITER = "serving-team-velocity-daily-writer";
  public static final List<String> SERVING_STORES = List.of(SERVING_CURRENT_STORE, SERVING_DAILY_STORE);

  /**
   * Stores of earlier versions whose state this version does not read (it keeps its state by day, in other stores):
   * an application whose changelog topics include one of these was run by an earlier version, and must be reset and
   * replayed before this version runs it (see VelocityEngine).
   */
  public static final List<String> RETIRED_STORES = List.of("team-delta-log", "funnel-open-visits",
      "all-teams-funnel-log", "all-teams-funnel-open");

  /** Metrics of the engine's own: group {@code stream-salesvelocity-metrics}. */
  public static final String METRICS_SCOPE = "salesvelocity";

  private Names() {
  }

  /** The topic Kafka Streams creates for the team-deltas repartition of application {@code applicationId}. */
  public static String teamDeltasTopic(String applicationId) {
    return applicationId + "-" + TEAM_DELTAS_REPARTITION + "-repartition";
  }
}
