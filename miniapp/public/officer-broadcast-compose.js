/* Mini-app, officer section: composing a province broadcast (communes, who, filters, text, button, time); its preview and sending are in officer-broadcast-preview.js. */
(function (T) {
  'use strict';

  var S = T.S,
    h = T.h;

  var B = S.off.bc;
  var CATEGORIES = ['social_assistance', 'meritorious', 'poor_household', 'near_poor_household', 'child', 'other'];
  var VERIFICATION = ['none', 'submitted', 'verifying', 'verified', 'mismatch', 'rejected'];
  var PAYMENT = ['none', 'scheduled', 'paid', 'failed', 'returned', 'cash_ready', 'cash_collected'];

  function x() {
    return T.o().bc;
  }

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return String(Date.now()) + Math.random().toString(16).slice(2);
  }

  function initForm() {
    B.mode = 'compose';
    B.error = null;
    B.preview = null;
    B.form = {
      whole: true,
      communes: {},
      who: 'beneficiaries',
      categories: {},
      verification: {},
      paymentStatus: {},
      lang: '',
      viTitle: '',
      viBody: '',
      enTitle: '',
      enBody: '',
      button: 'none',
      url: '',
      label: '',
      when: 'now',
      at: '',
      urgent: false,
    };
    T.scopeCommunes().forEach(function (c) {
      B.form.communes[c.code] = !T.isAdmin();
    });
  }

  T.bcStartCompose = function bcStartCompose() {
    initForm();
    T.showOfficer('broadcasts');
  };

  function picked(map) {
    return Object.keys(map).filter(function (k) {
      return map[k];
    });
  }

  /** The request body the form stands for. */
  var bodyOf = (T.bcBody = function bodyOf() {
    var F = B.form;
    var filters = {};
    if (F.who !== 'officers') {
      if (picked(F.categories).length) filters.categories = picked(F.categories);
      if (picked(F.verification).length) filters.verification = picked(F.verification);
      if (picked(F.paymentStatus).length) filters.paymentStatus = picked(F.paymentStatus);
    }
    if (F.lang) filters.lang = F.lang;
    var en = F.enTitle.trim() || F.enBody.trim() ? { title: F.enTitle, body: F.enBody } : null;
    var button =
      F.button === 'link'
        ? { kind: 'link', url: F.url.trim(), label: F.label.trim() || null }
        : F.button === 'miniapp'
          ? { kind: 'miniapp' }
          : null;
    return {
      communeCodes: T.isAdmin() && F.whole ? [] : picked(F.communes),
      who: F.who,
      filters: filters,
      message: { vi: { title: F.viTitle, body: F.viBody }, en: en, button: button },
      urgent: F.urgent,
      scheduledAt: F.when === 'later' ? F.at + ':00+07:00' : null,
    };
  });

  var fail = (T.bcFail = function fail(text) {
    B.error = text;
    T.redrawOfficer('broadcasts');
    var box = T.byId('bc-error');
    if (box) box.focus();
  });

  async function askPreview() {
    if (B.form.when === 'later' && !B.form.at) return fail(x().atMissing);
    B.busy = true;
    B.error = null;
    T.redrawOfficer('broadcasts');
    var r = await T.officerCall('POST', '/broadcasts/preview', bodyOf());
    B.busy = false;
    if (!r) return;
    if (r.status !== 200) return fail(T.failText(r));
    B.preview = r.data.preview;
    // One key per preview: pressing Send twice (or a retried request) makes one broadcast.
    B.requestKey = newKey();
    B.mode = 'preview';
    T.showOfficer('broadcasts');
  }

  // ---- small form parts ----
  function redrawKeeping(id) {
    T.redrawOfficer('broadcasts');
    var el = T.byId(id);
    if (el) el.focus();
  }

  function radio(name, value, label) {
    var id = 'bc-' + name + '-' + value;
    var checked = String(B.form[name]) === String(value);
    return h('label', { class: 'choice' + (checked ? ' is-checked' : ''), for: id }, [
      h('input', {
        type: 'radio',
        name: 'bc-' + name,
        id: id,
        checked: checked,
        onchange: function () {
          B.form[name] = typeof value === 'boolean' ? value : String(value);
          redrawKeeping(id);
        },
      }),
      h('span', { text: label }),
    ]);
  }

  function tick(id, label, checked, set) {
    return h('label', { class: 'choice' + (checked ? ' is-checked' : ''), for: id }, [
      h('input', {
        type: 'checkbox',
        id: id,
        checked: checked,
        onchange: function (e) {
          set(e.target.checked);
          e.target.parentNode.classList.toggle('is-checked', e.target.checked);
        },
      }),
      h('span', { text: label }),
    ]);
  }

  function ticks(legend, key, values, words) {
    return h(
      'fieldset',
      { class: 'group' },
      [h('legend', { text: legend })].concat(
        values.map(function (v) {
          return tick('bc-' + key + '-' + v, words[v], !!B.form[key][v], function (on) {
            B.form[key][v] = on;
          });
        }),
      ),
    );
  }

  function input(id, label, key, type, hint) {
    return h('div', { class: 'field' }, [
      h('label', { for: id, class: 'label', text: label }),
      hint ? h('p', { class: 'hint', text: hint }) : null,
      h('input', {
        id: id,
        type: type || 'text',
        value: B.form[key],
        autocomplete: 'off',
        oninput: function (e) {
          B.form[key] = e.target.value;
        },
      }),
    ]);
  }

  function area(id, label, key) {
    var count = h('p', { class: 'hint', 'aria-live': 'off', text: x().chars(B.form[key].length) });
    return h('div', { class: 'field' }, [
      h('label', { for: id, class: 'label', text: label }),
      h('textarea', {
        id: id,
        rows: '6',
        text: B.form[key],
        oninput: function (e) {
          B.form[key] = e.target.value;
          count.textContent = x().chars(e.target.value.length);
        },
      }),
      count,
    ]);
  }

  function whereGroup() {
    var w = x(),
      F = B.form,
      list = T.scopeCommunes();
    var kids = [h('legend', { text: w.whereLegend })];
    if (T.isAdmin()) {
      kids.push(radio('whole', true, w.wholeProvince(S.officer.provinceName)), radio('whole', false, w.someCommunes));
      if (F.whole) return h('fieldset', { class: 'group' }, kids);
    }
    list.forEach(function (c) {
      kids.push(
        tick('bc-c-' + c.code, c.name + ' (' + c.code + ')', !!F.communes[c.code], function (on) {
          F.communes[c.code] = on;
        }),
      );
    });
    return h('fieldset', { class: 'group bc-communes' }, kids);
  }

  function filtersGroup() {
    var w = x();
    if (B.form.who === 'officers') return null;
    return h('details', { class: 'bc-filters' }, [
      h('summary', { text: w.filtersLegend }),
      ticks(w.categoriesLabel, 'categories', CATEGORIES, w.categories),
      ticks(w.verificationLabel, 'verification', VERIFICATION, w.verification),
      ticks(w.paymentLabel, 'paymentStatus', PAYMENT, w.payment),
    ]);
  }

  function composeView() {
    var w = x(),
      F = B.form;
    var kids = [
      h('button', { type: 'button', class: 'btn btn-second', text: w.back, onclick: T.bcBackToList }),
      h('h2', { text: w.composeTitle }),
      B.error ? h('p', { id: 'bc-error', class: 'error', role: 'alert', tabindex: '-1', text: B.error }) : null,
      whereGroup(),
      h('fieldset', { class: 'group' }, [
        h('legend', { text: w.whoLegend }),
        radio('who', 'beneficiaries', w.who.beneficiaries),
        radio('who', 'officers', w.who.officers),
        radio('who', 'both', w.who.both),
      ]),
      filtersGroup(),
      T.selectField(
        'bc-lang',
        w.langLabel,
        [
          ['', w.langAny],
          ['vi', w.langs.vi],
          ['en', w.langs.en],
        ],
        F.lang,
        function (v) {
          F.lang = v;
        },
      ),
      input('bc-vi-title', w.titleVi, 'viTitle'),
      area('bc-vi-body', w.bodyVi, 'viBody'),
      input('bc-en-title', w.titleEn, 'enTitle', 'text', w.enHint),
      area('bc-en-body', w.bodyEn, 'enBody'),
      h('fieldset', { class: 'group' }, [
        h('legend', { text: w.buttonLegend }),
        radio('button', 'none', w.buttons.none),
        radio('button', 'link', w.buttons.link),
        radio('button', 'miniapp', w.buttons.miniapp),
      ]),
    ];
    if (F.button === 'link')
      kids.push(input('bc-url', w.urlLabel, 'url', 'url'), input('bc-label', w.labelLabel, 'label'));
    kids.push(
      h('fieldset', { class: 'group' }, [
        h('legend', { text: w.whenLegend }),
        radio('when', 'now', w.now),
        radio('when', 'later', w.later),
      ]),
    );
    if (F.when === 'later') kids.push(input('bc-at', w.atLabel, 'at', 'datetime-local'));
    kids.push(
      tick('bc-urgent-ask', w.urgentAsk, F.urgent, function (on) {
        F.urgent = on;
      }),
      h('button', {
        type: 'button',
        class: 'btn',
        text: B.busy ? T.t().loading : w.previewButton,
        disabled: B.busy,
        onclick: askPreview,
      }),
    );
    return h('section', { class: 'card bc-compose' }, kids);
  }

  T.bcComposeView = function bcComposeView() {
    if (!B.form) initForm();
    return B.mode === 'preview' && B.preview ? T.bcPreviewView() : composeView();
  };
})(window.TAS);
