// The farm-db dashboard page: one EventSource, three uPlot charts, tables. No build step, no CDN.
(function () {
  'use strict';
  var KINDS = ['select', 'insert', 'update', 'delete', 'ddl', 'other'];
  var COLORS = ['#58a6ff', '#3fb950', '#d29922', '#f85149', '#bc8cff', '#8a96a3'];
  var KEEP = 120; // points on screen: two minutes at one update a second
  var times = [];
  var series = { rates: KINDS.map(function () { return []; }), latency: [[], [], []], pool: [[], [], [], []] };
  var updates = 0;

  var MIN_SPAN_S = 60; // the x-axis shows at least a minute, so one point does not stretch it over years

  // The time axis from the points themselves: with a single point uPlot widens it to
  // `86400 / ms` (1000 days for timestamps in seconds), hence an axis from one year to another.
  function timeRange(u) {
    var xs = u.data[0];
    if (!xs || xs.length === 0) { var now = Date.now() / 1000; return [now - MIN_SPAN_S, now]; }
    var last = xs[xs.length - 1];
    return [Math.min(xs[0], last - MIN_SPAN_S), last];
  }

  // One row of hh:mm:ss ticks (uPlot's default adds a date row whose labels overlap at this width).
  function clockTicks(u, ticks) {
    var format = { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false };
    return ticks.map(function (t) { return new Date(t * 1000).toLocaleTimeString([], format); });
  }

  function chart(id, labels, colors, data, unit) {
    var el = document.getElementById(id);
    var axis = { stroke: '#8a96a3', grid: { stroke: '#222a33' }, labelSize: 18, labelFont: '12px system-ui, sans-serif' };
    var opts = {
      width: Math.max(280, el.clientWidth - 8), height: 180,
      scales: { x: { time: true, range: timeRange } },
      series: [{ label: 'time' }].concat(labels.map(function (label, i) { return { label: label, stroke: colors[i], width: 1.5 }; })),
      axes: [Object.assign({ label: 'time (local)', space: 70, values: clockTicks }, axis), Object.assign({ label: unit }, axis)],
      legend: { live: false },
    };
    return new uPlot(opts, [times].concat(data), el);
  }
  var charts = {
    rates: chart('chart-rates', KINDS, COLORS, series.rates, 'queries/s'),
    latency: chart('chart-latency', ['p50', 'p95', 'p99'], ['#3fb950', '#d29922', '#f85149'], series.latency, 'ms'),
    pool: chart('chart-pool', ['busy', 'idle', 'waiting', 'max'], ['#f85149', '#3fb950', '#d29922', '#8a96a3'], series.pool, 'connections'),
  };

  function push(list, value) { list.push(value); if (list.length > KEEP) list.shift(); }
  function text(id, value) { document.getElementById(id).textContent = value; }
  function row(cells) {
    var tr = document.createElement('tr');
    cells.forEach(function (cell) {
      var td = document.createElement('td');
      if (cell && cell.code) { var code = document.createElement('code'); code.textContent = cell.code; td.appendChild(code); } else td.textContent = cell;
      tr.appendChild(td);
    });
    return tr;
  }
  function fill(id, rows) {
    var body = document.querySelector('#' + id + ' tbody');
    body.replaceChildren.apply(body, rows.length ? rows : [row(['—'])]);
  }
  function clock(iso) { return new Date(iso).toLocaleTimeString(); }
  // Whole milliseconds (MikroORM's resolution): 0 is a query under 1 ms; null, no query timed since the last update.
  function milliseconds(ms) { return ms === null ? '–' : ms === 0 ? '< 1 ms' : ms + ' ms'; }

  var SOURCE_TEXT = {
    standalone: 'Standalone: this page shows server-side figures (health, server connections, migrations) and this process only — ' +
      'its queries, pool and alerts are not your app\'s. To see the app\'s: farm db dashboard --app http://<app>/<mount path>',
  };
  function showSource(source) {
    var el = document.getElementById('source');
    el.dataset.mode = source.mode;
    el.dataset.connected = String(source.mode !== 'attached' || source.connected);
    el.hidden = source.mode === 'process';
    if (source.mode === 'attached') {
      el.textContent = source.connected
        ? 'Attached to ' + source.app + ': queries/s, latency, pool, slow queries, errors and alerts are the app\'s; ' +
          'health, server connections and migrations are read by this process from the database server.'
        : 'Not receiving the figures of ' + source.app + ' (' + source.error + '), retrying; ' +
          'the app\'s figures below are the last it sent.';
    } else if (SOURCE_TEXT[source.mode]) el.textContent = SOURCE_TEXT[source.mode];
  }

  function renderServer(state) {
    var badge = document.getElementById('health');
    badge.dataset.status = state.health.status;
    badge.textContent = state.health.status + (state.health.responseTimeMs !== undefined ? ' · ' + state.health.responseTimeMs + ' ms' : '') + (state.health.output ? ' · ' + state.health.output : '');
    text('connections', state.connections ? state.connections.current + (state.connections.max ? ' / ' + state.connections.max : '') : 'n/a');
    var replicas = state.replicas || [];
    document.getElementById('replicas-tile').hidden = replicas.length === 0;
    var lags = replicas.filter(function (r) { return r.inRotation && r.lagSeconds !== null; }).map(function (r) { return r.lagSeconds; });
    text('replicas', replicas.filter(function (r) { return r.inRotation; }).length + ' / ' + replicas.length + ' · ' + (lags.length ? Math.max.apply(null, lags) + ' s' : 'n/a'));
    fill('migrations', state.migrations === null ? [row(['migrations unavailable'])] : state.migrations.map(function (m) {
      return row([new Date(m.appliedAt).toLocaleString(), m.name + (m.error ? ' (failed)' : ''), m.direction, String(m.durationMs), m.host]);
    }));
  }

  // Tests (and curious people) read the figures shown last in window.farmDashboard, counted once drawn.
  function render(state) {
    draw(state);
    window.farmDashboard.state = state;
    window.farmDashboard.updates = ++updates;
  }

  function draw(state) {
    text('provider', state.provider);
    showSource(state.source);
    renderServer(state);
    // An attached app's stream is down: its last figures stay as they were, no new points.
    if (state.source.mode === 'attached' && !state.source.connected) return;
    text('updated', 'updated ' + clock(state.at));

    var total = KINDS.reduce(function (sum, kind) { return sum + state.rates[kind]; }, 0);
    text('qps', total.toFixed(1));
    text('eps', state.errorsPerSecond.toFixed(1));
    text('p95', milliseconds(state.latencyMs && state.latencyMs.p95));
    text('pool', state.pool ? state.pool.busy + ' / ' + state.pool.max : 'n/a');
    text('waiting', state.pool ? String(state.pool.waiting) : 'n/a');

    var at = Date.parse(state.at) / 1000;
    if (times[times.length - 1] === at) return; // the same update again (a reconnect): no second point
    push(times, at);
    KINDS.forEach(function (kind, i) { push(series.rates[i], state.rates[kind]); });
    var latency = state.latencyMs || { p50: null, p95: null, p99: null };
    push(series.latency[0], latency.p50); push(series.latency[1], latency.p95); push(series.latency[2], latency.p99);
    var pool = state.pool || { busy: null, idle: null, waiting: null, max: null };
    push(series.pool[0], pool.busy); push(series.pool[1], pool.idle); push(series.pool[2], pool.waiting); push(series.pool[3], pool.max);
    Object.keys(charts).forEach(function (name) {
      charts[name].setData([times].concat(series[name]));
      var el = charts[name].root.parentElement;
      el.dataset.points = String(times.length);
      el.dataset.last = JSON.stringify(series[name].map(function (s) { return s[s.length - 1]; }));
    });

    var banner = document.getElementById('alerts');
    banner.hidden = state.alerts.length === 0;
    banner.replaceChildren.apply(banner, state.alerts.map(function (alert) {
      var div = document.createElement('div'); div.dataset.alert = alert.name; div.textContent = '⚠ ' + alert.message; return div;
    }));

    fill('slow', state.slowQueries.map(function (q) { return row([clock(q.at), q.kind, String(q.durationMs), { code: q.sql }]); }));
    fill('errors', state.errors.map(function (q) { return row([clock(q.at), q.kind, { code: q.sql }]); }));
  }

  window.farmDashboard = { updates: 0, charts: charts };
  var source = new EventSource('events');
  source.onmessage = function (event) { render(JSON.parse(event.data)); };
  source.onerror = function () {
    var badge = document.getElementById('health');
    badge.dataset.status = 'unknown';
    badge.textContent = 'reconnecting…';
  };
})();
