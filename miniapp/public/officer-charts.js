/* Mini-app, officer section: the dashboard's four charts (uPlot, fetched when first shown, so beneficiaries never load it), each with its latest figure in words for screen readers and for when a chart cannot be drawn. */
(function (T) {
  'use strict';

  var S = T.S,
    h = T.h,
    o = T.o;

  var C = (S.off.charts = { data: null });
  var lib = null;
  var drawn = [];
  var pending = [];
  // Colour and dash both tell the lines apart, for those who cannot tell the colours apart; each colour has AA contrast on white.
  var STYLES = [
    { stroke: '#0b57d0', dash: [] },
    { stroke: '#00695c', dash: [10, 5] },
    { stroke: '#a14400', dash: [3, 4] },
  ];
  var HEIGHT = 200;

  function x() {
    return o().charts;
  }

  /** uPlot and its stylesheet, added to the page once (our own origin: the CSP allows nothing else). */
  function library() {
    if (window.uPlot) return Promise.resolve(window.uPlot);
    if (lib) return lib;
    lib = new Promise(function (resolve, reject) {
      var css = document.createElement('link');
      css.rel = 'stylesheet';
      css.href = T.BASE + '/assets/uplot/uPlot.min.css';
      document.head.appendChild(css);
      var js = document.createElement('script');
      js.src = T.BASE + '/assets/uplot/uPlot.iife.min.js';
      js.onload = function () {
        resolve(window.uPlot);
      };
      js.onerror = function () {
        lib = null;
        reject(new Error('uPlot did not load'));
      };
      document.head.appendChild(js);
    });
    return lib;
  }

  T.loadSeries = async function loadSeries() {
    var r = await T.officerCall('GET', '/dashboard/series');
    if (r) C.data = r.status === 200 ? r.data : { failed: T.failText(r) };
  };

  function dayLabel(day) {
    return day.slice(8, 10) + '/' + day.slice(5, 7);
  }

  /** The options of one small chart: x is the position (0…n-1) labelled by day or month, whole numbers on y. */
  function options(width, labels, lines, xName) {
    return {
      width: width,
      height: HEIGHT,
      legend: { show: true, live: false },
      cursor: { show: false },
      scales: {
        x: { time: false },
        // From zero, and at least to 4: an empty chart keeps a few whole-number lines rather than 0–100.
        y: {
          range: function (u, min, max) {
            return [0, Math.max(4, Math.ceil((max || 0) * 1.1))];
          },
        },
      },
      axes: [
        {
          incrs: [1, 2, 3, 5, 7, 10, 15],
          values: function (u, splits) {
            return splits.map(function (i) {
              return labels[i] === undefined ? '' : labels[i];
            });
          },
          space: 44,
          font: '13px system-ui, sans-serif',
        },
        {
          incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000],
          size: 48,
          font: '13px system-ui, sans-serif',
        },
      ],
      series: [{ label: xName }].concat(
        lines.map(function (l, i) {
          var s = STYLES[i % STYLES.length];
          return {
            label: l.label,
            stroke: s.stroke,
            dash: s.dash,
            width: 2,
            points: { show: true, size: 6, fill: s.stroke },
            spanGaps: false,
          };
        }),
      ),
    };
  }

  /** One chart: its title, the drawing (hidden from screen readers) and the latest figure in words. */
  function chart(key, title, latest, labels, lines, xName) {
    var holder = h('div', { class: 'chart-canvas', 'aria-hidden': 'true' });
    pending.push({ holder: holder, labels: labels, lines: lines, xName: xName });
    return h('figure', { class: 'chart', 'data-chart': key }, [
      h('figcaption', {}, [h('h3', { text: title })]),
      holder,
      h('p', { class: 'chart-latest', text: latest || x().noData }),
    ]);
  }

  function drawPending() {
    var todo = pending.splice(0);
    drawn = drawn.filter(function (u) {
      if (u.root.isConnected) return true;
      u.destroy();
      return false;
    });
    if (!todo.length) return;
    library().then(
      function (uPlot) {
        todo.forEach(function (c) {
          if (!c.holder.isConnected) return;
          var data = [
            c.labels.map(function (_, i) {
              return i;
            }),
          ].concat(
            c.lines.map(function (l) {
              return l.values;
            }),
          );
          var width = Math.max(240, c.holder.clientWidth || 300);
          drawn.push(new uPlot(options(width, c.labels, c.lines, c.xName), data, c.holder));
        });
      },
      function () {
        // The words under each title stay: the figures are all there without the drawing.
      },
    );
  }

  function join(parts) {
    return parts.join(', ');
  }

  /** The four charts, or why they are not there. */
  T.chartsView = function chartsView() {
    var w = x(),
      d = C.data;
    var kids = [h('h2', { text: w.title })];
    if (!d) return h('section', { class: 'charts' }, kids.concat(h('p', { class: 'loading', text: T.t().loading })));
    if (d.failed)
      return h('section', { class: 'charts' }, kids.concat(h('p', { class: 'notice notice-bad', text: d.failed })));
    var days = d.delivered.map(function (r) {
      return dayLabel(r.day);
    });
    // 07/26: six months' labels side by side in 360 px.
    var months = d.months.map(function (p) {
      return p.slice(5, 7) + '/' + p.slice(2, 4);
    });
    kids.push(
      h('p', {
        class: 'hint',
        text: w.range(
          T.fmtDate(d.from),
          T.fmtDate(d.to),
          T.fmtPeriod(d.months[0]),
          T.fmtPeriod(d.months[d.months.length - 1]),
        ),
      }),
    );

    var lastDay = d.delivered[d.delivered.length - 1];
    var anyDelivered = d.delivered.some(function (r) {
      return r.total > 0;
    });
    kids.push(
      chart(
        'delivered',
        w.delivered.title,
        anyDelivered &&
          w.delivered.latest(
            T.fmtDate(lastDay.day),
            lastDay.total,
            join(
              d.channels.map(function (c) {
                return w.channels[c] + ' ' + lastDay.byChannel[c];
              }),
            ),
          ),
        days,
        d.channels.map(function (c) {
          return {
            label: w.channels[c],
            values: d.delivered.map(function (r) {
              return r.byChannel[c];
            }),
          };
        }),
        w.day,
      ),
    );

    var lastLate = d.late[d.late.length - 1];
    var anyLate = d.late.some(function (r) {
      return r.communes > 0;
    });
    kids.push(
      chart(
        'late',
        w.late.title,
        anyLate && w.late.latest(T.fmtPeriod(lastLate.period), lastLate.late, lastLate.communes),
        months,
        [
          {
            label: w.late.series,
            values: d.late.map(function (r) {
              return r.communes ? r.late : null;
            }),
          },
        ],
        w.month,
      ),
    );

    var snapshots = d.missing.filter(function (r) {
      return r.missingAny !== null;
    });
    var lastSnap = snapshots[snapshots.length - 1];
    kids.push(
      chart(
        'missing',
        w.missing.title,
        lastSnap && w.missing.latest(T.fmtDate(lastSnap.day), lastSnap.missingAny, lastSnap.active),
        days,
        [
          {
            label: w.missing.series,
            values: d.missing.map(function (r) {
              return r.missingAny;
            }),
          },
        ],
        w.day,
      ),
    );

    var states = ['verified', 'mismatch', 'rejected'];
    var lastResults = d.verification[d.verification.length - 1];
    var anyResults = d.verification.some(function (r) {
      return r.verified + r.mismatch + r.rejected > 0;
    });
    kids.push(
      chart(
        'verification',
        w.verification.title,
        anyResults &&
          w.verification.latest(
            T.fmtPeriod(lastResults.period),
            join(
              states.map(function (s) {
                return w.states[s] + ' ' + lastResults[s];
              }),
            ),
          ),
        months,
        states.map(function (s) {
          return {
            label: w.states[s],
            values: d.verification.map(function (r) {
              return r[s];
            }),
          };
        }),
        w.month,
      ),
    );
    setTimeout(drawPending, 0);
    return h('section', { class: 'charts' }, kids);
  };
})(window.TAS);
