/* Mini-app, officer section: missing data (counts ranked, list, XLSX) and the life-event form (died / moved away). */
(function (T) {
  'use strict';

  var S = T.S,
    h = T.h,
    o = T.o;

  var M = (S.off.missing = { report: null, list: null, commune: '', field: '', page: 1, busy: false });

  function fieldName(f) {
    return o().missingFields[f] || f;
  }

  async function load() {
    await T.ensureDash();
    var q = M.commune ? '?commune=' + encodeURIComponent(M.commune) : '';
    var lq = ['page=' + M.page];
    if (M.commune) lq.push('commune=' + encodeURIComponent(M.commune));
    if (M.field) lq.push('field=' + encodeURIComponent(M.field));
    var both = await Promise.all([
      T.officerCall('GET', '/missing' + q),
      T.officerCall('GET', '/missing/list?' + lq.join('&')),
    ]);
    if (!both[0] || !both[1]) return;
    M.report = both[0].status === 200 ? both[0].data : { failed: T.failText(both[0]) };
    M.list = both[1].status === 200 ? both[1].data : { failed: T.failText(both[1]) };
    T.redrawOfficer('missing');
  }

  function counts(c) {
    var x = o();
    var fields = Object.keys(c.missing || {}).filter(function (k) {
      return c.missing[k] > 0;
    });
    return h('section', { class: 'card' }, [
      h('h3', { text: c.name ? c.name + ' (' + c.code + ')' : x.allCommunes }),
      h('p', { class: 'strong', text: x.missingOf(c.missingAny, c.active) }),
      fields.length
        ? h(
            'ul',
            {},
            fields.map(function (k) {
              return h('li', { text: fieldName(k) + ': ' + c.missing[k] });
            }),
          )
        : null,
    ]);
  }

  function row(it) {
    var x = o();
    return h('section', { class: 'card', 'data-ref': it.ref }, [
      h('h3', { text: it.fullName }),
      h('dl', { class: 'facts' }, [
        h('dt', { text: x.communeLabel }),
        h('dd', { text: it.communeName || it.communeCode }),
        h('dt', { text: T.t().idLabel }),
        h('dd', { text: it.idMasked || '–' }),
        h('dt', { text: x.lacks }),
        h('dd', { text: (it.missing || []).map(fieldName).join(', ') }),
      ]),
      h('button', {
        type: 'button',
        class: 'btn btn-second',
        text: x.lifeButton,
        onclick: function () {
          T.openLifeEvent(it, 'missing');
        },
      }),
    ]);
  }

  async function xlsx() {
    M.busy = true;
    T.redrawOfficer('missing');
    var got = await T.download('GET', '/missing.xlsx' + (M.commune ? '?commune=' + encodeURIComponent(M.commune) : ''));
    M.busy = false;
    S.off.notice = got.ok
      ? { kind: 'ok', text: o().exported(got.name) }
      : got.message
        ? { kind: 'bad', text: got.message }
        : null;
    T.showOfficer('missing');
  }

  T.officerTab('missing', {
    needsLoad: function () {
      return !M.report;
    },
    load: load,
    view: function () {
      var x = o();
      var fieldOptions = [['', x.anyField]].concat(
        Object.keys(x.missingFields)
          .filter(function (k) {
            return k !== 'id' && k !== 'decision_number' && k !== 'decision_date';
          })
          .map(function (k) {
            return [k, x.missingFields[k]];
          }),
      );
      var kids = [
        h('div', { class: 'card filters' }, [
          T.selectField('m-commune', x.communeLabel, T.communeOptions(), M.commune, function (v) {
            M.commune = v;
          }),
          T.selectField('m-field', x.fieldLabel, fieldOptions, M.field, function (v) {
            M.field = v;
          }),
          h('button', {
            type: 'button',
            class: 'btn',
            text: x.show,
            onclick: function () {
              M.page = 1;
              T.showOfficer('missing', true);
            },
          }),
        ]),
        h('button', { type: 'button', class: 'btn btn-second', text: x.missingXlsx, disabled: M.busy, onclick: xlsx }),
      ];
      var rep = M.report,
        list = M.list;
      if (!rep || !list) return kids.concat(h('p', { class: 'loading', text: T.t().loading }));
      if (rep.failed || list.failed)
        return kids.concat(h('p', { class: 'notice notice-bad', text: rep.failed || list.failed }));
      kids.push(counts(rep.totals));
      if (rep.communes.length > 1)
        kids.push(h('h2', { text: x.perCommune }), h('p', { text: x.missingRank }), rep.communes.map(counts));
      kids.push(h('h2', { text: x.missingList }));
      if (!list.items.length) kids.push(h('p', { text: x.missingEmpty }));
      else kids.push(h('p', { text: x.total(list.total) }), list.items.map(row));
      kids.push(
        T.pager(list, function (p) {
          M.page = p;
          T.showOfficer('missing', true);
        }),
      );
      return kids;
    },
  });

  // ---- the life-event form: a page of its own, reached from the queue or the missing-data list ----
  T.openLifeEvent = function openLifeEvent(rec, from) {
    S.off.life = {
      rec: rec,
      from: from,
      kind: 'deceased',
      date: '',
      toCommune: '',
      toProvince: '',
      error: null,
      busy: false,
    };
    showLife();
  };

  function showLife(focusId) {
    var L = S.off.life,
      x = o();
    S.render = function () {
      showLife();
    };
    function pick(kind, label) {
      return h('label', { class: 'choice' + (L.kind === kind ? ' is-checked' : ''), for: 'life-' + kind }, [
        h('input', {
          type: 'radio',
          name: 'life',
          id: 'life-' + kind,
          checked: L.kind === kind,
          onchange: function () {
            L.kind = kind;
            showLife('life-' + kind);
          },
        }),
        h('span', { text: label }),
      ]);
    }
    function input(id, label, hint, value, type, set) {
      return h('div', { class: 'field' }, [
        h('label', { for: id, class: 'label', text: label }),
        hint ? h('p', { class: 'hint', text: hint }) : null,
        h('input', {
          id: id,
          type: type,
          value: value,
          inputmode: type === 'text' ? 'numeric' : null,
          oninput: function (e) {
            set(e.target.value);
          },
        }),
      ]);
    }
    var title = T.heading(x.lifeTitle);
    T.show(
      [
        title,
        h('p', { text: x.lifeFor + ': ' + L.rec.fullName }),
        L.error ? h('p', { id: 'life-error', class: 'error', tabindex: '-1', text: L.error }) : null,
        h('fieldset', { class: 'group' }, [
          h('legend', { text: x.lifeLegend }),
          pick('deceased', x.deceased),
          pick('moved_out', x.movedOut),
        ]),
        L.kind === 'deceased'
          ? input('life-date', x.dateOfDeath, x.dateHint, L.date, 'date', function (v) {
              L.date = v;
            })
          : [
              input('life-commune', x.toCommune, x.codeHint, L.toCommune, 'text', function (v) {
                L.toCommune = v;
              }),
              input('life-province', x.toProvince, x.codeHint, L.toProvince, 'text', function (v) {
                L.toProvince = v;
              }),
            ],
        h('button', {
          type: 'button',
          class: 'btn',
          text: L.busy ? T.t().sending : x.lifeConfirm,
          disabled: L.busy,
          onclick: submitLife,
        }),
        h('button', {
          type: 'button',
          class: 'btn btn-second',
          text: x.back,
          onclick: function () {
            T.showOfficer(L.from);
          },
        }),
      ],
      focusId ? T.byId(focusId) : L.error ? T.byId('life-error') : title,
    );
  }

  async function submitLife() {
    var L = S.off.life;
    var path = '/records/' + encodeURIComponent(L.rec.ref) + (L.kind === 'deceased' ? '/deceased' : '/moved-out');
    var body = L.kind === 'deceased' ? { dateOfDeath: L.date } : {};
    if (L.kind === 'moved_out' && L.toCommune.trim()) body.toCommuneCode = L.toCommune.trim();
    if (L.kind === 'moved_out' && L.toProvince.trim()) body.toProvinceCode = L.toProvince.trim();
    L.busy = true;
    showLife();
    var r = await T.officerCall('POST', path, body);
    L.busy = false;
    if (!r) return;
    if (r.status !== 200) {
      L.error = T.failText(r);
      return showLife();
    }
    S.off.notice = { kind: 'ok', text: o().lifeDone };
    S.off.dash = null;
    M.report = null;
    S.off.queue.data = null;
    T.showOfficer(L.from, true);
  }
})(window.TAS);
