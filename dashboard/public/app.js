// The farm-db dashboard page: one EventSource, three uPlot charts, tables. No build step, no CDN.
(function () {
  'use strict';
  var KINDS = ['select', 'insert', 'update', 'delete', 'ddl', 'other'];
  var COLORS = ['#58a6ff', '#3fb950', '#d29922', '#f85149', '#bc8cff', '#8a96a3'];
  var KEEP = 120; // points on screen: two minutes at one update a second
  var times = [];
  var series = { rates: KINDS.map(function () { return []; }), latency: [[], [], []], pool: [[], [], [], []] };
  var updates = 0;

  function chart(id, labels, colors, data) {
    var el = document.getElementById(id);
    var opts = {
      width: Math.max(280, el.clientWidth - 8), height: 180,
      series: [{}].concat(labels.map(function (label, i) { return { label: label, stroke: colors[i], width: 1.5 }; })),
      axes: [{ stroke: '#8a96a3', grid: { stroke: '#222a33' } }, { stroke: '#8a96a3', grid: { stroke: '#222a33' } }],
      legend: { live: false },
    };
    return new uPlot(opts, [times].concat(data), el);
  }
  var charts = {
    rates: chart('chart-rates', KINDS, COLORS, series.rates),
    latency: chart('chart-latency', ['p50', 'p95', 'p99'], ['#3fb950', '#d29922', '#f85149'], series.latency),
    pool: chart('chart-pool', ['busy', 'idle', 'waiting', 'max'], ['#f85149', '#3fb950', '#d29922', '#8a96a3'], series.pool),
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

  function render(state) {
    updates++;
    text('provider', state.provider);
    var badge = document.getElementById('health');
    badge.dataset.status = state.health.status;
    badge.textContent = state.health.status + (state.health.responseTimeMs !== undefined ? ' · ' + state.health.responseTimeMs + ' ms' : '') + (state.health.output ? ' · ' + state.health.output : '');
    text('updated', 'updated ' + clock(state.at));

    var total = KINDS.reduce(function (sum, kind) { return sum + state.rates[kind]; }, 0);
    text('qps', total.toFixed(1));
    text('eps', state.errorsPerSecond.toFixed(1));
    text('p95', state.latencyMs.p95 + ' ms');
    text('pool', state.pool ? state.pool.busy + ' / ' + state.pool.max : 'n/a');
    text('waiting', state.pool ? String(state.pool.waiting) : 'n/a');
    text('connections', state.connections ? state.connections.current + (state.connections.max ? ' / ' + state.connections.max : '') : 'n/a');
    var replicas = state.replicas || [];
    document.getElementById('replicas-tile').hidden = replicas.length === 0;
    var lags = replicas.filter(function (r) { return r.inRotation && r.lagSeconds !== null; }).map(function (r) { return r.lagSeconds; });
    text('replicas', replicas.filter(function (r) { return r.inRotation; }).length + ' / ' + replicas.length + ' · ' + (lags.length ? Math.max.apply(null, lags) + ' s' : 'n/a'));

    push(times, Date.parse(state.at) / 1000);
    KINDS.forEach(function (kind, i) { push(series.rates[i], state.rates[kind]); });
    push(series.latency[0], state.latencyMs.p50); push(series.latency[1], state.latencyMs.p95); push(series.latency[2], state.latencyMs.p99);
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
    fill('migrations', state.migrations === null ? [row(['migrations unavailable'])] : state.migrations.map(function (m) {
      return row([new Date(m.appliedAt).toLocaleString(), m.name + (m.error ? ' (failed)' : ''), m.direction, String(m.durationMs), m.host]);
    }));
    window.farmDashboard.updates = updates;
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
