/* Mini-app, officer section: composing a province broadcast (communes, who, filters, text, button, time) and its preview (people, chats per channel, estimated time, the message as it will look) before sending. */
(function (T) {
  'use strict';

  var S = T.S,
    h = T.h;

  var B = S.off.bc;
  var CATEGORIES = ['social_assistance', 'meritorious', 'poor_household', 'near_poor_household', 'child', 'other'];
  var VERIFICATION = ['none', 'submitted', 'verifying', 'verified', 'mismatch', 'rejected'];
  var PAYMENT = ['none', 'scheduled', 'paid', 'failed', 'returned', 'cash_ready', 'cash_collected'];
  var AT_MISSING = { vi: 'Xin chọn ngày giờ gửi.', en: 'Please choose the date and time to send.' };

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
  function bodyOf() {
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
  }

  function fail(text) {
    B.error = text;
    T.redrawOfficer('broadcasts');
    var box = T.byId('bc-error');
    if (box) box.focus();
  }

  async function askPreview() {
    if (B.form.when === 'later' && !B.form.at) return fail(AT_MISSING[S.lang === 'en' ? 'en' : 'vi']);
    B.busy = true;
    B.error = null;
    T.redrawOfficer('broadcasts');
    var r = await T.officerCall('POST', '/broadcasts/preview', bodyOf());
    B.busy = false;
    if (!r) return;
    if (r.status !== 200) return fail(T.failText(r));
    B.preview = r.data.preview;
    B.requestKey = newKey();
    B.mode = 'preview';
    T.showOfficer('broadcasts');
  }

  async function send() {
    B.busy = true;
    B.error = null;
    T.redrawOfficer('broadcasts');
    var body = bodyOf();
    body.requestKey = B.requestKey;
    var r = await T.officerCall('POST', '/broadcasts', body);
    B.busy = false;
    if (!r) return;
    if (r.status !== 201 && r.status !== 200) return fail(T.failText(r));
    var st = r.data.broadcast.state;
    T.bcSay(
      'ok',
      x().done[st === 'awaiting_approval' ? 'awaiting' : st === 'scheduled' && body.scheduledAt ? 'scheduled' : 'sent'],
    );
    B.form = null;
    B.preview = null;
    B.list = null;
    T.bcOpen(r.data);
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

  function rendered(label, r, lang) {
    if (!r) return null;
    return h('div', { class: 'bc-rendered' }, [
      h('h3', { text: label }),
      h('div', { class: 'bc-bubble', lang: lang, 'data-rendered': lang }, [
        h('p', { class: 'bc-text', text: r.text }),
        (r.buttons || []).map(function (b) {
          return h('p', { class: 'bc-fake-button', text: (b && (b.label || b.text || b.url)) || '' });
        }),
      ]),
    ]);
  }

  /** The preview as the author and the approver see it: figures, estimate, the message rendered. */
  T.bcPreviewParts = function bcPreviewParts(p) {
    var w = x();
    var fig = function (key, label, value) {
      return h('div', { class: 'figure' }, [
        h('dt', { text: label }),
        h('dd', { 'data-preview': key, text: String(value) }),
      ]);
    };
    var mins = Math.ceil((p.estimate.seconds || 0) / 60);
    return [
      h('h2', { text: w.previewTitle }),
      h('dl', { class: 'figures bc-figures' }, [
        fig('people', w.people, p.people),
        fig('telegram', w.chatsTelegram, (p.chats && p.chats.telegram) || 0),
        fig('zalo', w.chatsZalo, (p.chats && p.chats.zalo) || 0),
        fig('blocked', w.blockedPeople, p.blocked || 0),
      ]),
      h('p', { 'data-preview': 'estimate', text: w.estimate(w.minutes(mins), T.fmtDateTime(p.estimate.finishesAt)) }),
      p.estimate.pausesForQuietHours ? h('p', { class: 'notice notice-info', text: w.quietPause }) : null,
      p.approvalRequired ? h('p', { class: 'notice notice-warn', text: w.needsApproval(p.threshold) }) : null,
      rendered(w.renderedVi, p.rendered && p.rendered.vi, 'vi'),
      rendered(w.renderedEn, p.rendered && p.rendered.en, 'en'),
    ];
  };

  function previewView() {
    var w = x(),
      p = B.preview;
    return [
      B.error ? h('p', { id: 'bc-error', class: 'error', role: 'alert', tabindex: '-1', text: B.error }) : null,
    ].concat(T.bcPreviewParts(p), [
      h('button', {
        type: 'button',
        class: 'btn',
        text: B.busy ? T.t().sending : p.approvalRequired ? w.sendForApproval : w.send,
        disabled: B.busy,
        onclick: send,
      }),
      h('button', {
        type: 'button',
        class: 'btn btn-second',
        text: w.edit,
        disabled: B.busy,
        onclick: function () {
          B.mode = 'compose';
          B.error = null;
          T.showOfficer('broadcasts');
        },
      }),
    ]);
  }

  T.bcComposeView = function bcComposeView() {
    if (!B.form) initForm();
    return B.mode === 'preview' && B.preview ? previewView() : composeView();
  };
})(window.TAS);
