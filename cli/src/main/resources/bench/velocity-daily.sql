-- The definition of README "What velocity means" in SQL, for DuckDB: one row per team per UTC day, the team's
-- figures at the end of the day (T = 23:59:59.999), as `velocity backtest --out` writes them. It covers well-formed
-- input (what `velocity generate` writes): duplicates are exact re-deliveries, every lead is created. Times are
-- epoch milliseconds, days epoch days. ${input}, ${windowDays} and ${entryRank} are filled in by DuckDbVelocity.
CREATE TEMP TABLE ev AS
SELECT DISTINCT type, eventId, leadId, teamId, coalesce(stage, toStage) AS stage, outcome, amount,
       epoch_ms(CAST(coalesce(createdAt, changedAt, closedAt) AS TIMESTAMPTZ)) AS t
FROM read_json('${input}', format = 'newline_delimited', columns = {
  type: 'VARCHAR', eventId: 'VARCHAR', leadId: 'VARCHAR', teamId: 'VARCHAR', createdAt: 'VARCHAR',
  changedAt: 'VARCHAR', closedAt: 'VARCHAR', stage: 'VARCHAR', toStage: 'VARCHAR', outcome: 'VARCHAR',
  amount: 'DECIMAL(24,2)'});

CREATE TEMP TABLE created AS
SELECT leadId, eventId, teamId, t AS created,
       list_position(['NEW', 'MQL', 'SRL', 'SAL', 'SQL', 'PROPOSAL', 'NEGOTIATION'], stage) - 1 AS stage_rank
FROM ev WHERE type = 'lead-created';

-- nothing of a lead counts before its createdAt; the earliest close wins
CREATE TEMP TABLE closes AS
SELECT leadId, eventId, teamId, t AS closed, outcome, amount FROM (
  SELECT e.*, row_number() OVER (PARTITION BY e.leadId ORDER BY e.t, e.eventId) AS n
  FROM ev e JOIN created c USING (leadId)
  WHERE e.type = 'deal-closed' AND e.t >= c.created)
WHERE n = 1;

-- a stage change after the close is refused (one at the same instant comes before it)
CREATE TEMP TABLE changes AS
SELECT e.leadId, e.eventId, e.teamId, e.t,
       list_position(['NEW', 'MQL', 'SRL', 'SAL', 'SQL', 'PROPOSAL', 'NEGOTIATION'], e.stage) - 1 AS stage_rank
FROM ev e JOIN created c USING (leadId) LEFT JOIN closes k USING (leadId)
WHERE e.type = 'stage-changed' AND e.t >= c.created AND (k.closed IS NULL OR e.t <= k.closed);

-- entry: the first stage at or above the entry stage; a lead closed without entering entered at createdAt
CREATE TEMP TABLE entries AS
SELECT leadId, min(t) AS entered FROM (
  SELECT leadId, created AS t FROM created WHERE stage_rank >= ${entryRank}
  UNION ALL SELECT leadId, t FROM changes WHERE stage_rank >= ${entryRank})
GROUP BY leadId;

-- the lead's team over time: ties at one instant go LeadCreated, StageChanged, DealClosed, then by eventId
CREATE TEMP TABLE spans AS
SELECT leadId, teamId, t AS span_from,
       lead(t) OVER (PARTITION BY leadId ORDER BY t, kind, eventId) AS span_to
FROM (
  SELECT leadId, teamId, created AS t, 0 AS kind, eventId FROM created
  UNION ALL SELECT leadId, teamId, t, 1, eventId FROM changes WHERE teamId IS NOT NULL
  UNION ALL SELECT leadId, teamId, closed, 2, eventId FROM closes WHERE teamId IS NOT NULL);

-- in a team's pipeline over [max(entry, span start), min(close, span end)): counted at the end of day D when the
-- interval starts on or before D and ends after D
CREATE TEMP TABLE pipeline_spans AS
SELECT teamId, a // 86400000 AS d_in, b // 86400000 AS d_out FROM (
  SELECT s.teamId, greatest(s.span_from, e.entered) AS a,
         least(coalesce(s.span_to, 9223372036854775807), coalesce(k.closed, 9223372036854775807)) AS b
  FROM spans s JOIN entries e USING (leadId) LEFT JOIN closes k USING (leadId))
WHERE a // 86400000 < b // 86400000;

CREATE TEMP TABLE pipeline_moves AS
SELECT teamId, d, sum(delta) AS delta FROM (
  SELECT teamId, d_in AS d, 1 AS delta FROM pipeline_spans
  UNION ALL SELECT teamId, d_out, -1 FROM pipeline_spans)
GROUP BY teamId, d;

-- each close, attributed to the lead's team at closedAt
CREATE TEMP TABLE close_days AS
SELECT s.teamId, k.closed // 86400000 AS d,
       count(*) FILTER (WHERE k.outcome = 'WON') AS won,
       count(*) FILTER (WHERE k.outcome = 'LOST') AS lost,
       coalesce(sum(k.amount) FILTER (WHERE k.outcome = 'WON'), 0) AS won_amount,
       coalesce(sum(k.closed - coalesce(e.entered, c.created)) FILTER (WHERE k.outcome = 'WON'), 0) AS cycle_ms
FROM closes k JOIN created c USING (leadId) LEFT JOIN entries e USING (leadId)
JOIN spans s ON s.leadId = k.leadId AND s.span_from <= k.closed AND (s.span_to IS NULL OR s.span_to > k.closed)
GROUP BY s.teamId, d;

-- rows from the day of the team's first event to the day of the last event of the input
CREATE TEMP TABLE grid AS
SELECT teamId, unnest(range(first_day, (SELECT max(t) // 86400000 FROM (
    SELECT created AS t FROM created UNION ALL SELECT t FROM changes UNION ALL SELECT closed FROM closes)) + 1)) AS d
FROM (SELECT teamId, min(t) // 86400000 AS first_day FROM (
    SELECT teamId, created AS t FROM created UNION ALL SELECT teamId, t FROM changes WHERE teamId IS NOT NULL
    UNION ALL SELECT teamId, closed FROM closes WHERE teamId IS NOT NULL) GROUP BY teamId);

CREATE TEMP TABLE daily AS
SELECT teamId, d,
       sum(coalesce(p.delta, 0)) OVER (PARTITION BY teamId ORDER BY d ROWS UNBOUNDED PRECEDING) AS pipeline,
       sum(coalesce(k.won, 0)) OVER w AS won,
       sum(coalesce(k.lost, 0)) OVER w AS lost,
       sum(coalesce(k.won_amount, 0)) OVER w AS won_amount,
       sum(coalesce(k.cycle_ms, 0)) OVER w AS cycle_ms
FROM grid g LEFT JOIN pipeline_moves p USING (teamId, d) LEFT JOIN close_days k USING (teamId, d)
WINDOW w AS (PARTITION BY teamId ORDER BY d RANGE BETWEEN ${windowDays} - 1 PRECEDING AND CURRENT ROW);

COPY (
  SELECT teamId AS team, CAST(DATE '1970-01-01' + CAST(d AS INTEGER) AS VARCHAR) AS date, pipeline AS pipeline_count,
         CASE WHEN won > 0 THEN CAST(won_amount AS DOUBLE) / won END AS avg_deal_size,
         CASE WHEN won + lost > 0 THEN CAST(won AS DOUBLE) / (won + lost) END AS win_rate,
         CASE WHEN won > 0 THEN CAST(cycle_ms AS DOUBLE) / won / 86400000 END AS avg_cycle_days,
         CASE WHEN won > 0 AND cycle_ms > 0 THEN pipeline * (CAST(won_amount AS DOUBLE) / won)
             * (CAST(won AS DOUBLE) / (won + lost)) / (CAST(cycle_ms AS DOUBLE) / won / 86400000) END
           AS velocity_per_day,
         won AS won_count, lost AS lost_count
  FROM daily ORDER BY team, d
) TO '${output}' (HEADER, DELIMITER ',');
