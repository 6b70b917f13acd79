/* Mini-app, officer section: the late-communes report (each commune, month and task: on time, late by N working days, not done, not applicable) and its XLSX. */
(function (T) {
  'use strict';

  var S = T.S,
    h = T.h,
    o = T.o;

  // from/to empty until the first answer: the server picks the default months by its clock in Vietnam.
  var L = (S.off.late = { from: '', to: '', report: null, busy: false, seq: 0 });
  var STATES = ['on_time', 'late', 'not_done', 'not_applicable'];

  function x() {
    return o().late;
  }

  function query(from, to) {
    return '?from=' + encodeURIComponent(from) + '&to=' + encodeURIComponent(to);
  }

  async function load() {
    var asked = L.report !== null || L.from || L.to;
    var seq = ++L.seq;
    var r = await T.officerCall('GET', '/late-communes' + (asked ? query(L.from, L.to) : ''));
    // An older answer (the opening one, while the officer already chose months and pressed «Xem») is dropped.
    if (!r || seq !== L.seq) return;
    if (r.status === 200) {
      L.report = r.data;
      // Months the officer typed while the first answer was on its way are kept.
      L.from = L.from || r.data.from;
      L.to = L.to || r.data.to;
    } else L.report = { failed: T.failText(r) };
    T.redrawOfficer('late');
  }

  async function xlsx() {
    var rep = L.report;
    L.busy = true;
    T.redrawOfficer('late');
    var got = await T.download('GET', '/late-communes.xlsx' + query(rep.from, rep.to));
    L.busy = false;
    S.off.notice = got.ok
      ? { kind: 'ok', text: o().exported(got.name) }
      : got.message
        ? { kind: 'bad', text: got.message }
        : null;
    T.showOfficer('late');
  }

  function cellText(c) {
    var w = x();
    if (c.state === 'late') return w.lateBy(c.daysLate);
    if (c.state === 'not_done' && c.daysLate > 0) return w.overdue(c.daysLate);
    return w.states[c.state];
  }

  function monthField(id, label, value, set) {
    return h('div', { class: 'field' }, [
      h('label', { for: id, class: 'label', text: label }),
      h('input', {
        id: id,
        type: 'month',
        value: value,
        placeholder: 'YYYY-MM',
        onchange: function (e) {
          set(e.target.value);
        },
      }),
    ]);
  }

  function totals(rep) {
    var w = x();
    return h(
      'dl',
      { class: 'figures' },
      STATES.map(function (s) {
        return h('div', { class: 'figure' }, [
          h('dt', { text: w.states[s] }),
          h('dd', { 'data-total': s, text: String(rep.totals[s] || 0) }),
        ]);
      }),
    );
  }

  /** One <tbody> per commune: its name across the table, then a row per month with a cell per task. */
  function table(rep) {
    var w = x();
    var lang = S.lang === 'en' ? 'en' : 'vi';
    var head = h(
      'tr',
      {},
      [h('th', { scope: 'col', text: w.month })].concat(
        rep.tasks.map(function (t) {
          return h('th', { scope: 'col', text: t.label[lang] || t.label.vi });
        }),
      ),
    );
    var bodies = rep.communes.map(function (c) {
      var rows = [
        h('tr', {}, [
          h('th', {
            scope: 'rowgroup',
            colspan: String(rep.tasks.length + 1),
            class: 'late-commune',
            text: c.name + ' (' + c.code + ')',
          }),
        ]),
      ];
      c.periods.forEach(function (p) {
        rows.push(
          h(
            'tr',
            {},
            [h('th', { scope: 'row', text: T.fmtPeriod(p.period) })].concat(
              rep.tasks.map(function (t) {
                var cell = p.tasks.filter(function (k) {
                  return k.task === t.key;
                })[0];
                if (!cell) return h('td', { text: '–' });
                return h('td', {
                  'data-cell': c.code + ' ' + p.period + ' ' + t.key,
                  'data-state': cell.state,
                  class: 'late-' + cell.state + (cell.daysLate > 0 ? ' is-late' : ''),
                  text: cellText(cell),
                });
              }),
            ),
          ),
        );
      });
      return h('tbody', { 'data-commune': c.code }, rows);
    });
    // The table scrolls sideways inside its own box if it must, never the page; the box can take focus to scroll by keyboard.
    return h('div', { class: 'table-box', role: 'region', tabindex: '0', 'aria-label': w.tableLabel }, [
      h('table', { class: 'late-table' }, [h('thead', {}, head)].concat(bodies)),
    ]);
  }

  T.officerTab('late', {
    needsLoad: function () {
      return !L.report;
    },
    load: load,
    view: function () {
      var w = x(),
        rep = L.report;
      var kids = [
        h('div', { class: 'card filters' }, [
          monthField('late-from', w.from, L.from, function (v) {
            L.from = v;
          }),
          monthField('late-to', w.to, L.to, function (v) {
            L.to = v;
          }),
          h('p', { class: 'hint', text: w.rangeHint }),
          h('button', {
            type: 'button',
            class: 'btn',
            text: o().show,
            onclick: function () {
              S.off.notice = null;
              T.showOfficer('late', true);
            },
          }),
        ]),
      ];
      if (!rep) return kids.concat(h('p', { class: 'loading', text: T.t().loading }));
      if (rep.failed)
        return kids.concat(h('p', { id: 'late-error', class: 'notice notice-bad', role: 'alert', text: rep.failed }));
      kids.push(
        h('button', {
          type: 'button',
          class: 'btn btn-second',
          text: L.busy ? T.t().loading : w.xlsx,
          disabled: L.busy,
          onclick: xlsx,
        }),
        h('p', { text: w.range(T.fmtPeriod(rep.from), T.fmtPeriod(rep.to), T.fmtDate(rep.asOf)) }),
        totals(rep),
      );
      if (!rep.communes.length) return kids.concat(h('p', { text: w.empty }));
      return kids.concat(h('p', { class: 'hint', text: w.workingDays }), table(rep));
    },
  });
})(window.TAS);
