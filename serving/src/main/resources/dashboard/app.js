// The dashboard: every team's figures from GET /api/teams, kept live by the Server-Sent Events of /api/stream,
// a team's daily history from /api/teams/{team}/daily, and a what-if computed here with the engine's definition:
// velocity = open opportunities x average won deal x win rate / average cycle (days).
(function () {
  'use strict';
  const params = new URLSearchParams(location.search);
  const token = params.get('access_token');
  const ARTICLE = { pipelineCount: 250, avgDealSize: 80000, winRate: 0.18, avgCycleDays: 120, label: "the article's example" };
  const teams = new Map();   // teamId -> latest figures (with change7d, change30d, trend from the last listing)
  let selected = null;
  let updates = 0;
  let baseline = ARTICLE;

  const money = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  const int = new Intl.NumberFormat('en-US');
  const $ = (id) => document.getElementById(id);

  function api(path) {
    const headers = token ? { Authorization: 'Bearer ' + token } : {};
    return fetch(path, { headers }).then((r) => {
      if (!r.ok) { throw new Error(path + ': ' + r.status); }
      return r.json();
    });
  }

  function velocity(f) {
    if (!f.pipelineCount || !f.avgDealSize || !f.winRate || !f.avgCycleDays) { return null; }
    return f.pipelineCount * f.avgDealSize * f.winRate / f.avgCycleDays;
  }

  function fmtVelocity(v) { return v == null ? '–' : money.format(v); }
  function pct(x, digits) { return (x * 100).toFixed(digits == null ? 1 : digits) + '%'; }
  function signed(x, text) { return (x > 0 ? '+' : x < 0 ? '−' : '±') + text; }

  function factorText(driver, value) {
    switch (driver) {
      case 'pipeline': return int.format(Math.round(value));
      case 'deal-size': return money.format(value);
      case 'win-rate': return pct(value);
      case 'cycle': return value.toFixed(1) + ' d';
      default: return String(value);
    }
  }

  function changeCell(change) {
    if (!change) { return '<span class="flat">–</span>'; }
    const r = change.relativeChange;
    const cls = r > 0.0005 ? 'up' : r < -0.0005 ? 'down' : 'flat';
    return '<span class="' + cls + '" title="' + change.since + ' → ' + change.until + ', final daily points">'
      + signed(r, pct(Math.abs(r))) + '</span><span class="driver">'
      + change.driverLabel + ' ' + factorText(change.driver, change.driverBefore) + ' → '
      + factorText(change.driver, change.driverAfter) + '</span>';
  }

  function sparkline(trend) {
    const pts = (trend || []).map((p) => p.velocityPerDay).filter((v) => v != null);
    if (pts.length < 2) { return '<span class="flat">–</span>'; }
    const w = 120, h = 28, min = Math.min(...pts), max = Math.max(...pts), span = max - min || 1;
    const coords = pts.map((v, i) => (i * w / (pts.length - 1)).toFixed(1) + ',' + (h - 2 - (v - min) * (h - 4) / span).toFixed(1));
    const up = pts[pts.length - 1] >= pts[0];
    return '<svg class="spark" width="' + w + '" height="' + h + '" viewBox="0 0 ' + w + ' ' + h + '">'
      + '<polyline fill="none" stroke="' + (up ? '#0f8a5f' : '#c2412d') + '" stroke-width="1.6" points="'
      + coords.join(' ') + '"/></svg>';
  }

  function render() {
    const rows = [...teams.values()].sort((a, b) => (b.velocityPerDay || 0) - (a.velocityPerDay || 0));
    const body = document.querySelector('#teams tbody');
    body.innerHTML = rows.map((t) => '<tr data-team="' + escape(t.teamId) + '"'
      + (t.teamId === selected ? ' class="selected"' : '') + '>'
      + '<td class="team">' + escape(t.teamId) + '</td>'
      + '<td class="num velocity">' + fmtVelocity(t.velocityPerDay) + '</td>'
      + '<td>' + sparkline(t.trend) + '</td>'
      + '<td class="num">' + changeCell(t.change7d) + '</td>'
      + '<td class="num">' + changeCell(t.change30d) + '</td>'
      + '<td class="num pipeline">' + int.format(t.pipelineCount) + '</td>'
      + '<td class="num">' + (t.avgDealSize == null ? '–' : money.format(t.avgDealSize)) + '</td>'
      + '<td class="num">' + (t.winRate == null ? '–' : pct(t.winRate)) + '</td>'
      + '<td class="num">' + (t.avgCycleDays == null ? '–' : t.avgCycleDays.toFixed(1) + ' d') + '</td>'
      + '<td class="num">' + int.format(t.wonCount) + ' / ' + int.format(t.lostCount) + '</td></tr>').join('');
    $('teams-empty').style.display = rows.length ? 'none' : 'block';
    const total = rows.reduce((s, t) => s + (t.velocityPerDay || 0), 0);
    $('kpi-velocity').textContent = rows.length ? money.format(total) : '–';
    $('kpi-pipeline').textContent = rows.length ? int.format(rows.reduce((s, t) => s + t.pipelineCount, 0)) : '–';
    $('kpi-won').textContent = rows.length ? int.format(rows.reduce((s, t) => s + t.wonCount, 0)) : '–';
    $('kpi-window').textContent = rows.length ? 'deals, trailing ' + rows[0].windowDays + ' days' : '–';
    $('kpi-teams').textContent = int.format(rows.length);
    $('kpi-updates').textContent = int.format(updates) + ' live updates';
    const latest = rows.map((t) => t.asOf).sort().pop();
    $('asof').textContent = latest ? latest.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : '–';
  }

  function escape(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }

  function merge(t, fromListing) {
    const old = teams.get(t.teamId);
    if (old && !fromListing && old.asOf > t.asOf) { return; } // an update older than what the page shows
    const keep = old && !fromListing ? { change7d: old.change7d, change30d: old.change30d, trend: old.trend } : {};
    teams.set(t.teamId, Object.assign({}, t, keep));
    if (selected === t.teamId && baseline.teamId === t.teamId) { useBaseline(t); }
  }

  function refresh() {
    return api('/api/teams?trend=30').then((body) => {
      body.teams.forEach((t) => merge(t, true));
      render();
    }).catch(() => { /* the stream's status says it; the next refresh tries again */ });
  }

  function connect() {
    // only what the page keeps live: the teams' figures (the panels reload on their own)
    const source = new EventSource('/api/stream?events=team'
      + (token ? '&access_token=' + encodeURIComponent(token) : ''));
    source.onopen = () => { $('live-dot').className = 'dot on'; $('live-text').textContent = 'live'; };
    source.onerror = () => { $('live-dot').className = 'dot off'; $('live-text').textContent = 'reconnecting'; };
    source.addEventListener('team', (e) => {
      updates++;
      merge(JSON.parse(e.data), false);
      render();
    });
  }

  function select(teamId) {
    selected = teamId;
    render();
    const t = teams.get(teamId);
    if (t) { useBaseline(t); }
    funnelPanel();
    stalledPanel();
    bridgePanel();
    $('detail-title').textContent = teamId + ': history';
    $('detail-note').textContent = 'Final daily points; hover a chart for its values.';
    api('/api/teams/' + encodeURIComponent(teamId) + '/daily').then((body) => charts(body.days));
  }

  function charts(days) {
    const el = $('charts');
    el.innerHTML = '';
    if (!days.length) { el.textContent = 'No final day yet.'; return; }
    const x = days.map((d) => Date.parse(d.date + 'T00:00:00Z') / 1000);
    const series = [
      ['Velocity per day', days.map((d) => d.velocityPerDay), (v) => fmtVelocity(v), '#2f5bea'],
      ['Open opportunities', days.map((d) => d.pipelineCount), (v) => int.format(v), '#7a4cc2'],
      ['Average won deal', days.map((d) => d.avgDealSize), (v) => money.format(v), '#0f8a5f'],
      ['Win rate', days.map((d) => d.winRate == null ? null : d.winRate * 100), (v) => v.toFixed(1) + '%', '#d48806'],
      ['Average cycle (days)', days.map((d) => d.avgCycleDays), (v) => v.toFixed(1), '#c2412d']];
    const width = Math.max(320, el.clientWidth - 10);
    series.forEach(([label, ys, fmt, colour], i) => {
      const box = document.createElement('div');
      box.className = 'chart';
      el.appendChild(box);
      new uPlot({
        width, height: i === 0 ? 190 : 110, cursor: { sync: { key: 'velocity' } }, legend: { show: true },
        scales: { x: { time: true } },
        axes: [{ show: i === series.length - 1 }, { values: (u, vals) => vals.map((v) => v == null ? '' : fmt(v)), size: 70 }],
        series: [{}, { label, stroke: colour, width: 1.8, points: { show: false }, value: (u, v) => v == null ? '–' : fmt(v) }],
      }, [x, ys], box);
    });
  }

  function useBaseline(t) {
    baseline = { pipelineCount: t.pipelineCount, avgDealSize: t.avgDealSize, winRate: t.winRate,
      avgCycleDays: t.avgCycleDays, label: t.teamId + "'s current figures", teamId: t.teamId };
    whatIf();
  }

  function whatIf() {
    const p = +$('wi-pipeline').value, d = +$('wi-deal').value, w = +$('wi-winrate').value, c = +$('wi-cycle').value;
    $('wi-pipeline-v').textContent = signed(p, Math.abs(p) + '%');
    $('wi-deal-v').textContent = signed(d, Math.abs(d) + '%');
    $('wi-winrate-v').textContent = signed(w, Math.abs(w) + ' pts');
    $('wi-cycle-v').textContent = signed(c, Math.abs(c) + '%');
    const b = baseline;
    const changed = { pipelineCount: b.pipelineCount * (1 + p / 100), avgDealSize: b.avgDealSize * (1 + d / 100),
      winRate: Math.min(1, Math.max(0, (b.winRate || 0) + w / 100)), avgCycleDays: b.avgCycleDays * (1 + c / 100) };
    const v0 = velocity(b), v1 = velocity(changed);
    $('wi-source').textContent = b.label;
    $('wi-baseline').textContent = fmtVelocity(v0);
    $('wi-baseline').title = v0 == null ? '' : v0.toFixed(2);
    $('wi-baseline-factors').textContent = b.pipelineCount == null ? '–' : int.format(Math.round(b.pipelineCount))
      + ' open × ' + money.format(b.avgDealSize || 0) + ' × ' + pct(b.winRate || 0) + ' ÷ '
      + (b.avgCycleDays || 0).toFixed(1) + ' days';
    $('wi-new').textContent = fmtVelocity(v1);
    $('wi-new').title = v1 == null ? '' : v1.toFixed(2);
    $('wi-delta').textContent = v0 && v1 != null ? signed(v1 - v0, pct(Math.abs(v1 / v0 - 1))) + ' per day' : '–';
    $('wi-delta').className = 'hint ' + (v1 > v0 ? 'up' : v1 < v0 ? 'down' : '');
  }

  let dimension = 'industry';

  function segmentsPanel() {
    return api('/api/segments?dimension=' + dimension).then((body) => {
      const rows = body.segments.slice(0, 12);
      const best = Math.max(1, ...rows.map((s) => s.velocityPerDay || 0));
      document.querySelector('#segments tbody').innerHTML = rows.map((s) => '<tr><td>' + escape(s.segment) + '</td>'
        + '<td class="num"><span class="bar" style="width:' + Math.round(40 * (s.velocityPerDay || 0) / best) + 'px"></span>'
        + fmtVelocity(s.velocityPerDay) + '</td><td class="num">' + int.format(s.pipelineCount) + '</td>'
        + '<td class="num">' + (s.avgDealSize == null ? '–' : money.format(s.avgDealSize)) + '</td>'
        + '<td class="num">' + (s.winRate == null ? '–' : pct(s.winRate)) + '</td>'
        + '<td class="num">' + (s.avgCycleDays == null ? '–' : s.avgCycleDays.toFixed(1) + ' d') + '</td></tr>').join('');
    }).catch(() => {});
  }

  function days(d) { return d == null ? '–' : d.toFixed(1) + ' d'; }

  function funnelPanel() {
    const scope = selected || 'ALL';
    $('funnel-scope').textContent = selected ? selected : 'all teams';
    return api('/api/funnel?scope=' + encodeURIComponent(scope)).then((body) => {
      document.querySelector('#stages tbody').innerHTML = body.stages.map((f) => '<tr><td>' + f.stage + '</td>'
        + '<td class="num">' + int.format(f.exits) + '</td>'
        + '<td class="num">' + (f.conversion == null ? '–' : pct(f.conversion)) + '</td>'
        + '<td class="num">' + days(f.medianDays) + '</td><td class="num">' + days(f.p90Days) + '</td>'
        + '<td class="num">' + int.format(f.openNow) + '</td>'
        + '<td class="num' + (f.stalledNow > 0 ? ' stalled-now' : '') + '">' + int.format(f.stalledNow) + '</td></tr>')
        .join('');
    }).catch(() => {});
  }

  function stalledPanel() {
    $('stalled-scope').textContent = (selected ? selected : 'all teams') + ', longest in stage first';
    return api('/api/stalled?limit=15' + (selected ? '&team=' + encodeURIComponent(selected) : '')).then((body) => {
      const rows = body.stalled;
      $('stalled-scope').textContent = (selected ? selected : 'all teams') + ': ' + int.format(body.total)
        + ' stalled, longest in stage first';
      document.querySelector('#stalls tbody').innerHTML = rows.map((d) => '<tr><td>' + escape(d.leadId) + '</td>'
        + '<td>' + escape(d.teamId) + '</td><td>' + d.stage + '</td>'
        + '<td class="num">' + days(d.daysInStage) + '</td><td class="num">' + days(d.thresholdDays) + '</td>'
        + '<td class="num">' + (d.amount == null ? '–' : money.format(+d.amount)) + '</td></tr>').join('');
      $('stalled-empty').style.display = rows.length ? 'none' : 'block';
    }).catch(() => {});
  }

  // how far a method has been off: its rolling bias over the last 90 scored days
  function offText(bias, wape) {
    if (bias == null) { return '–'; }
    const dir = bias > 0 ? 'over' : 'under';
    return dir + '-forecast by ' + pct(Math.abs(bias), 0) + ' (WAPE ' + pct(wape, 0) + ')';
  }

  function forecastPanel() {
    const scopes = ['ALL'].concat(Array.from(teams.keys()).sort());
    Promise.all(scopes.map((scope) => api('/api/forecast?scope=' + encodeURIComponent(scope) + '&days=false')
      .then((body) => body, () => null))).then((bodies) => {
      const rows = [];
      bodies.forEach((body) => {
        if (!body) { return; }
        body.horizons.forEach((h) => {
          const f = h.latest;
          const s = h.lastScored;
          if (!f) { return; } // a current forecast only, before the scope's first final day
          rows.push('<tr data-scope="' + escape(body.scope) + '"><td>' + (body.scope === 'ALL' ? 'all teams' : escape(body.scope))
            + '</td><td class="num">' + h.horizonDays + '</td>'
            + '<td class="num">' + (f.velocityForecast == null ? '–' : money.format(f.velocityForecast)) + '</td>'
            + '<td class="num">' + (f.pipelineForecast == null ? '–' : money.format(+f.pipelineForecast)) + '</td>'
            + '<td class="asof">' + f.day + '</td>'
            + '<td class="off">' + (s ? 'velocity has ' + offText(s.velocityBias, s.velocityWape) + '; pipeline has '
              + offText(s.pipelineBias, s.pipelineWape) : 'not scored yet') + '</td></tr>');
        });
      });
      document.querySelector('#forecasts tbody').innerHTML = rows.join('');
      $('forecast-empty').style.display = rows.length ? 'none' : 'block';
    });
  }

  let bridgeDays = 30;
  function bridgePanel() {
    const scope = selected || 'ALL';
    $('bridge-scope').textContent = (selected ? selected : 'all teams') + ', last ' + bridgeDays + ' final days';
    api('/api/flow?scope=' + encodeURIComponent(scope)).then((first) => {
      const to = first.to;
      const from = new Date(Date.parse(to + 'T00:00:00Z') - (bridgeDays - 1) * 86400000).toISOString().slice(0, 10);
      return api('/api/flow?scope=' + encodeURIComponent(scope) + '&from=' + from + '&to=' + to);
    }).then((body) => waterfall(body.bridge), () => waterfall(null));
  }

  // start, what came in and went out, end: each step a bar from the running total, in the estimates' value
  function waterfall(b) {
    const el = $('waterfall');
    $('bridge-empty').style.display = b ? 'none' : 'block';
    if (!b) { el.innerHTML = ''; return; }
    const steps = [
      ['Start', +b.startValue, b.startCount, 'total'], ['Entered', +b.enteredValue, b.enteredCount, 'in'],
      ['Moved in', +b.movedInValue, b.movedInCount, 'in'], ['Moved out', -b.movedOutValue, b.movedOutCount, 'out'],
      ['Won', -b.wonValue, b.wonCount, 'won'], ['Lost', -b.lostValue, b.lostCount, 'out'],
      ['Re-valued', +b.revalued, null, +b.revalued >= 0 ? 'in' : 'out'], ['End', +b.endValue, b.endCount, 'total']];
    let run = 0;
    const bars = steps.map(([label, v, n, kind]) => {
      const from = kind === 'total' ? 0 : run;
      const to = kind === 'total' ? v : run + v;
      run = kind === 'total' ? v : to;
      return { label, v, n, kind, lo: Math.min(from, to), hi: Math.max(from, to) };
    });
    // the running total may go below zero on the way (more lost in the range than was in the pipeline at its start)
    const max = Math.max(0, ...bars.map((x) => x.hi));
    const min = Math.min(0, ...bars.map((x) => x.lo));
    const span = max - min || 1;
    const w = 560, h = 200, bw = w / bars.length;
    const y = (v) => (h - 20 - (v - min) * (h - 40) / span).toFixed(1);
    const svg = bars.map((x, i) => '<g class="step ' + x.kind + '"><rect x="' + (i * bw + 6).toFixed(1) + '" y="' + y(x.hi)
      + '" width="' + (bw - 12).toFixed(1) + '" height="' + Math.max(1, y(x.lo) - y(x.hi)).toFixed(1) + '"><title>'
      + x.label + ': ' + money.format(x.v) + (x.n == null ? '' : ' (' + int.format(x.n) + ' deals)') + '</title></rect>'
      + '<text x="' + (i * bw + bw / 2).toFixed(1) + '" y="' + (h - 4) + '" text-anchor="middle">' + x.label + '</text></g>');
    el.innerHTML = '<svg viewBox="0 0 ' + w + ' ' + h + '" class="waterfall">' + svg.join('') + '</svg>'
      + '<p class="note">' + b.from + ' → ' + b.to + ': ' + int.format(b.startCount) + ' → ' + int.format(b.endCount)
      + ' open, ' + money.format(+b.startValue) + ' → ' + money.format(+b.endValue) + ' in estimates; '
      + int.format(b.wonCount) + ' won, ' + int.format(b.lostCount) + ' lost</p>';
  }

  $('bridge-tabs').addEventListener('click', (e) => {
    const b = e.target.closest('button[data-days]');
    if (!b) { return; }
    bridgeDays = +b.getAttribute('data-days');
    document.querySelectorAll('#bridge-tabs button').forEach((x) => x.classList.toggle('on', x === b));
    bridgePanel();
  });

  function panels() { segmentsPanel(); funnelPanel(); stalledPanel(); }
  function slowPanels() { forecastPanel(); bridgePanel(); }

  $('icp-tabs').addEventListener('click', (e) => {
    const b = e.target.closest('button[data-dimension]');
    if (!b) { return; }
    dimension = b.getAttribute('data-dimension');
    document.querySelectorAll('#icp-tabs button').forEach((x) => x.classList.toggle('on', x === b));
    segmentsPanel();
  });

  document.querySelector('#teams tbody').addEventListener('click', (e) => {
    const row = e.target.closest('tr[data-team]');
    if (row) { select(row.getAttribute('data-team')); }
  });
  ['wi-pipeline', 'wi-deal', 'wi-winrate', 'wi-cycle'].forEach((id) => $(id).addEventListener('input', whatIf));
  $('wi-article').addEventListener('click', () => { baseline = ARTICLE; whatIf(); });
  $('wi-reset').addEventListener('click', () => {
    ['wi-pipeline', 'wi-deal', 'wi-winrate', 'wi-cycle'].forEach((id) => { $(id).value = 0; });
    whatIf();
  });

  whatIf();
  refresh().then(connect).then(slowPanels);
  panels();
  setInterval(refresh, 60000);
  setInterval(panels, 5000);
  setInterval(slowPanels, 30000); // a day's forecasts and bridge change once the day is final
})();
