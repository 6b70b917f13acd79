/* Mini-app, officer section: the verification queue, «show full number» and the export for the commune police. */
(function (T) {
  'use strict';

  var S = T.S,
    h = T.h,
    o = T.o;

  var Q = (S.off.queue = {
    commune: '',
    state: '',
    page: 1,
    data: null,
    selected: {},
    format: 'csv',
    revealed: {},
    busy: false,
  });

  async function load() {
    await T.ensureDash();
    var q = [];
    if (Q.commune) q.push('commune=' + encodeURIComponent(Q.commune));
    if (Q.state) q.push('state=' + encodeURIComponent(Q.state));
    q.push('page=' + Q.page);
    var r = await T.officerCall('GET', '/queue?' + q.join('&'));
    if (!r) return;
    Q.data = r.status === 200 ? r.data : { failed: T.failText(r) };
    T.redrawOfficer('queue');
  }

  function selectedRefs() {
    return Object.keys(Q.selected).filter(function (k) {
      return Q.selected[k];
    });
  }

  async function reveal(ref) {
    var r = await T.officerCall('POST', '/queue/' + encodeURIComponent(ref) + '/reveal');
    if (!r) return;
    if (r.status === 200) Q.revealed[ref] = r.data.number;
    else S.off.notice = { kind: 'bad', text: T.failText(r) };
    T.redrawOfficer('queue');
  }

  async function exportFile(refs) {
    if (Q.busy) return;
    Q.busy = true;
    T.redrawOfficer('queue');
    var body = { format: Q.format };
    if (refs) body.accountRefs = refs;
    if (Q.commune) body.communes = [Q.commune];
    var got = await T.download('POST', '/export', body);
    Q.busy = false;
    if (got.ok) {
      S.off.notice = { kind: 'ok', text: o().exported(got.name) };
      Q.selected = {};
      S.off.dash = null;
    } else if (got.message) S.off.notice = { kind: 'bad', text: got.message };
    T.showOfficer('queue', true);
  }

  function filters() {
    var x = o();
    return h('div', { class: 'card filters' }, [
      T.selectField('q-commune', x.communeLabel, T.communeOptions(), Q.commune, function (v) {
        Q.commune = v;
      }),
      T.selectField(
        'q-state',
        x.stateLabel,
        [
          ['', x.allStates],
          ['submitted', x.states.submitted],
          ['verifying', x.states.verifying],
        ],
        Q.state,
        function (v) {
          Q.state = v;
        },
      ),
      h('button', {
        type: 'button',
        class: 'btn',
        text: x.show,
        onclick: function () {
          Q.page = 1;
          Q.data = null;
          T.showOfficer('queue', true);
        },
      }),
    ]);
  }

  /* The police's answer on the details these replaced: for a mismatch, each field with the population database's value when given. */
  function lastResultView(r, x, t) {
    var head = (t.states[r.state] || r.state) + (r.reason ? ' – ' + r.reason : '');
    if (r.state !== 'mismatch') return head;
    return [
      head,
      h(
        'ul',
        {},
        r.mismatchFields.map(function (f) {
          var v = (r.populationValues || {})[f];
          if (v && f === 'date_of_birth') v = T.fmtDate(v);
          return h('li', { text: (t.mismatchFields[f] || f) + (v ? ' ' + x.inPopulationDb + ': ' + v : '') });
        }),
      ),
    ];
  }

  function item(it) {
    var x = o(),
      t = T.t();
    var id = 'q-' + it.ref;
    var shown = Q.revealed[it.ref];
    var changed = (it.changedFields || [])
      .map(function (f) {
        return x.fieldNames[f] || f;
      })
      .join(', ');
    return h('section', { class: 'card', 'aria-labelledby': id + '-name', 'data-ref': it.ref }, [
      h('h3', { id: id + '-name', text: it.fullName }),
      h('label', { class: 'choice' + (Q.selected[it.ref] ? ' is-checked' : ''), for: id }, [
        h('input', {
          type: 'checkbox',
          id: id,
          checked: !!Q.selected[it.ref],
          onchange: function (e) {
            Q.selected[it.ref] = e.target.checked;
            T.redrawOfficer('queue');
            var again = T.byId(id);
            if (again) again.focus();
          },
        }),
        h('span', { text: x.select }),
      ]),
      h('dl', { class: 'facts' }, [
        h('dt', { text: x.communeLabel }),
        h('dd', { text: it.communeName || it.communeCode }),
        h('dt', { text: x.stateLabel }),
        h('dd', {}, h('span', { class: 'state state-wait', text: x.states[it.state] || it.state })),
        h('dt', { text: x.submittedOn }),
        h('dd', { text: T.fmtDate(it.submittedAt) }),
        h('dt', { text: x.changedBy }),
        h('dd', { text: x.changedByWho[it.changedBy] || it.changedBy || '–' }),
        changed ? h('dt', { text: x.changedFields }) : null,
        changed ? h('dd', { text: changed }) : null,
        it.lastResult ? h('dt', { text: x.lastResult }) : null,
        it.lastResult ? h('dd', {}, lastResultView(it.lastResult, x, t)) : null,
        h('dt', { text: t.providerLabel.bank }),
        h('dd', { text: it.providerName }),
        h('dt', { text: t.numberLabel.bank }),
        h('dd', { class: 'number', 'data-number': shown ? 'full' : 'masked', text: shown || it.numberMasked }),
        h('dt', { text: t.holderLabel }),
        h('dd', { text: it.holderName }),
        h('dt', { text: t.ownerLabel }),
        h('dd', { text: it.owner === 'authorized' ? t.ownerAuthorized : t.ownerSelf }),
      ]),
      shown
        ? null
        : h('button', {
            type: 'button',
            class: 'btn btn-second',
            text: x.reveal,
            'aria-describedby': 'reveal-note',
            onclick: function () {
              reveal(it.ref);
            },
          }),
      h('button', {
        type: 'button',
        class: 'btn btn-second',
        text: x.lifeButton,
        onclick: function () {
          T.openLifeEvent({ ref: it.beneficiaryRef, fullName: it.fullName }, 'queue');
        },
      }),
    ]);
  }

  function exportPanel() {
    var x = o();
    var n = selectedRefs().length;
    function fmt(v, label) {
      return h('label', { class: 'choice' + (Q.format === v ? ' is-checked' : ''), for: 'fmt-' + v }, [
        h('input', {
          type: 'radio',
          name: 'fmt',
          id: 'fmt-' + v,
          value: v,
          checked: Q.format === v,
          onchange: function () {
            Q.format = v;
            T.redrawOfficer('queue');
            T.byId('fmt-' + v).focus();
          },
        }),
        h('span', { text: label }),
      ]);
    }
    return h('section', { class: 'card', 'aria-labelledby': 'export-title' }, [
      h('h2', { id: 'export-title', text: x.exportTitle }),
      h('p', { text: x.exportNote }),
      h('fieldset', { class: 'group' }, [
        h('legend', { text: x.formatLegend }),
        fmt('csv', 'CSV'),
        fmt('xlsx', 'XLSX (Excel)'),
      ]),
      h('button', {
        type: 'button',
        class: 'btn',
        text: x.exportSelected(n),
        disabled: !n || Q.busy,
        onclick: function () {
          exportFile(selectedRefs());
        },
      }),
      h('button', {
        type: 'button',
        class: 'btn btn-second',
        text: x.exportAll,
        disabled: Q.busy,
        onclick: function () {
          exportFile(null);
        },
      }),
    ]);
  }

  T.officerTab('queue', {
    needsLoad: function () {
      return !Q.data;
    },
    load: load,
    view: function () {
      var x = o(),
        d = Q.data;
      var kids = [filters()];
      if (!d) return kids.concat(h('p', { class: 'loading', text: T.t().loading }));
      if (d.failed) return kids.concat(h('p', { class: 'notice notice-bad', text: d.failed }));
      if (!d.items.length) return kids.concat(h('p', { text: x.queueEmpty }), exportPanel());
      kids.push(h('p', { text: x.total(d.total) }), h('p', { id: 'reveal-note', class: 'hint', text: x.revealNote }));
      kids.push(d.items.map(item));
      kids.push(
        T.pager(d, function (p) {
          Q.page = p;
          T.showOfficer('queue', true);
        }),
      );
      kids.push(exportPanel());
      return kids;
    },
  });
})(window.TAS);
