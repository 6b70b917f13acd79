/* Tin An Sinh mini-app: one small hand-written script (no framework, no build) so it loads fast on cheap phones and old webviews. */
(function () {
  'use strict';

  // Every word the page shows, Vietnamese first (texts.js, loaded just before this script).
  var TEXT = window.TAS_TEXT;

  var LANG_KEY = 'tas_lang';
  var FIELD_ORDER = ['type', 'providerCode', 'accountNumber', 'holderName', 'owner',
    'newAuthorized.name', 'newAuthorized.nationalId', 'newAuthorized.phone', 'newAuthorized.relation'];
  var PROVIDERS_SHOWN = 12;

  var app = document.getElementById('app');
  var script = document.currentScript;
  // Inside Zalo the page's origin is Zalo's: its loader names our origin in TAS_API_BASE; elsewhere the API sits next to this script.
  var BASE = typeof window.TAS_API_BASE === 'string' && window.TAS_API_BASE ? window.TAS_API_BASE.replace(/\/+$/, '') + '/app'
    : script && script.src ? script.src.replace(/\/assets\/app\.js(\?.*)?$/, '') : location.origin + '/app';
  var hash = new URLSearchParams(location.hash.replace(/^#/, ''));

  var S = {
    lang: readLang(), entry: 'web', initData: hash.get('tgWebAppData') || '', token: null, csrf: null,
    period: '', records: [], providers: null, notice: null, form: null, render: null
  };

  function t() { return TEXT[S.lang]; }

  function readLang() {
    try { return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'vi'; } catch (e) { return 'vi'; }
  }

  function tg() { return window.Telegram && window.Telegram.WebApp ? window.Telegram.WebApp : null; }

  // ---- small DOM helper: text always goes in as text, never as HTML ----
  function h(tag, props, kids) {
    var el = document.createElement(tag);
    var k;
    for (k in props || {}) {
      var v = props[k];
      if (v === null || v === undefined || v === false) continue;
      if (k === 'text') el.textContent = v;
      else if (k === 'class') el.className = v;
      else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : v);
    }
    add(el, kids);
    return el;
  }
  function add(el, kids) {
    if (kids === null || kids === undefined || kids === false) return;
    if (Array.isArray(kids)) { kids.forEach(function (c) { add(el, c); }); return; }
    el.appendChild(typeof kids === 'string' ? document.createTextNode(kids) : kids);
  }
  function byId(id) { return document.getElementById(id); }

  // ---- theme: Telegram's colours, made readable when a pair falls short of WCAG AA ----
  function rgb(hex) {
    if (typeof hex !== 'string' || !/^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(hex)) return null;
    var s = hex.length === 4 ? hex.replace(/[0-9a-f]/gi, '$&$&') : hex;
    var n = parseInt(s.slice(1), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  function lum(c) {
    var a = c.map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * a[0] + 0.7152 * a[1] + 0.0722 * a[2];
  }
  function ratio(a, b) { var x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); }
  function readable(c, against) {
    var target = lum(against) > 0.179 ? 0 : 255;
    for (var i = 0; i < 40 && ratio(c, against) < 4.5; i++) c = c.map(function (v) { return Math.round(v + (target - v) * 0.15); });
    return c;
  }
  function css(c) { return 'rgb(' + c.join(',') + ')'; }

  function applyTheme(p) {
    if (!p || typeof p !== 'object') return;
    var bg = rgb(p.bg_color), text = rgb(p.text_color);
    if (!bg || !text) return;
    var root = document.documentElement.style;
    root.setProperty('--c-bg', css(bg));
    root.setProperty('--c-text', css(readable(text, bg)));
    var hint = rgb(p.hint_color);
    if (hint) root.setProperty('--c-hint', css(readable(hint, bg)));
    var btn = rgb(p.button_color), btnText = rgb(p.button_text_color);
    if (btn && btnText) {
      root.setProperty('--c-btn', css(readable(btn, btnText)));
      root.setProperty('--c-btn-text', css(btnText));
    }
    root.colorScheme = lum(bg) < 0.179 ? 'dark' : 'light';
  }

  function readHashTheme() {
    try { return JSON.parse(hash.get('tgWebAppThemeParams') || 'null'); } catch (e) { return null; }
  }

  function telegramReady() {
    var wa = tg();
    if (!wa || S.entry !== 'telegram' || wa.tasReady) return;
    wa.tasReady = true;
    try {
      wa.ready();
      wa.expand();
      if (!hash.get('tgWebAppThemeParams')) applyTheme(wa.themeParams);
      if (wa.onEvent) wa.onEvent('themeChanged', function () { applyTheme(wa.themeParams); });
    } catch (e) { /* an old client without these calls still shows the page */ }
  }

  function backButton(on) {
    var wa = tg();
    if (!wa || S.entry !== 'telegram' || !wa.BackButton) return;
    if (wa.isVersionAtLeast && !wa.isVersionAtLeast('6.1')) return;
    wa.BackButton.offClick(leaveForm);
    if (on) { wa.BackButton.onClick(leaveForm); wa.BackButton.show(); } else wa.BackButton.hide();
  }

  // ---- server calls ----
  function api(method, path, body) {
    var headers = { Accept: 'application/json', 'Accept-Language': S.lang };
    if (S.token) headers.Authorization = 'Bearer ' + S.token;
    if (method === 'POST' && S.csrf) headers['X-CSRF-Token'] = S.csrf;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(BASE + '/api' + path, {
      method: method, headers: headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) { return { status: res.status, data: data || {} }; });
    });
  }

  async function start() {
    show([h('p', { class: 'loading', text: t().loading })]);
    try {
      var wa = tg();
      if (!S.initData && wa && wa.initData) S.initData = wa.initData;
      var session = null;
      if (S.initData) {
        S.entry = 'telegram';
        telegramReady();
        session = await api('POST', '/session/telegram', { initData: S.initData });
      } else if (typeof window.TAS_ZALO_ACCESS_TOKEN === 'function') {
        S.entry = 'zalo';
        var accessToken = await window.TAS_ZALO_ACCESS_TOKEN();
        session = await api('POST', '/session/zalo', { accessToken: accessToken });
      }
      if (session) {
        if (session.status !== 200) return session.status === 401 ? showUnauthorized() : showProblem(session.data.message, start);
        S.token = session.data.sessionToken || null;
        S.csrf = session.data.csrfToken || null;
      }
      await loadMe();
    } catch (e) {
      showProblem(t().network, start);
    }
  }

  async function loadMe() {
    var r = await api('GET', '/me');
    if (r.status === 401) return showUnauthorized();
    if (r.status !== 200) return showProblem(r.data.message, start);
    S.csrf = r.data.csrfToken || S.csrf;
    if (TEXT.vi.empty[r.data.entry]) S.entry = r.data.entry;
    S.period = r.data.currentPeriod || '';
    S.records = Array.isArray(r.data.records) ? r.data.records : [];
    if (!S.records.length) return showEmpty();
    showList();
  }

  // ---- page frame ----
  function langSwitch() {
    function btn(code, label) {
      return h('button', {
        type: 'button', class: 'lang-btn', lang: code, 'aria-pressed': String(S.lang === code), text: label,
        onclick: function () {
          if (S.lang === code) return;
          S.lang = code;
          try { localStorage.setItem(LANG_KEY, code); } catch (e) { /* private mode: the choice lasts this visit */ }
          if (S.render) S.render();
        }
      });
    }
    return h('div', { class: 'topbar' }, [
      h('p', { class: 'brand', text: 'Tin An Sinh' }),
      h('div', { class: 'lang', role: 'group', 'aria-label': t().langGroup + ' / ' + (S.lang === 'vi' ? 'Language' : 'Ngôn ngữ') }, [btn('vi', 'Tiếng Việt'), btn('en', 'English')])
    ]);
  }

  function show(nodes, focusEl) {
    document.documentElement.lang = S.lang;
    app.textContent = '';
    add(app, [langSwitch()].concat(nodes));
    if (focusEl) focusEl.focus();
  }

  function heading(text, level) { return h(level || 'h1', { tabindex: '-1', text: text }); }

  function showProblem(message, retry) {
    S.render = function () { showProblem(message, retry); };
    var title = heading(t().failed);
    show([title, message ? h('p', { text: message }) : null,
      h('button', { type: 'button', class: 'btn', text: t().retry, onclick: retry })], title);
  }

  function showUnauthorized() {
    S.render = showUnauthorized;
    var title = heading(t().unauthorizedTitle);
    show([title, h('p', { text: t().unauthorized }), closeButton()], title);
  }

  function closeButton() {
    var wa = tg();
    if (S.entry === 'telegram' && wa && wa.close) return h('button', { type: 'button', class: 'btn', text: t().close, onclick: function () { wa.close(); } });
    if (S.entry === 'zalo' && typeof window.TAS_ZALO_CLOSE === 'function') return h('button', { type: 'button', class: 'btn', text: t().close, onclick: function () { window.TAS_ZALO_CLOSE(); } });
    return null;
  }

  function showEmpty() {
    S.render = showEmpty;
    var title = heading(t().emptyTitle);
    show([title, h('p', { text: t().empty[S.entry] || t().empty.web }), closeButton()], title);
  }

  // ---- dates: Vietnam is UTC+7 all year, so no time-zone database is needed ----
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function fmtDate(iso) {
    var ms = Date.parse(iso);
    if (isNaN(ms)) return '';
    var d = new Date(ms + 7 * 3600 * 1000);
    return pad(d.getUTCDate()) + '/' + pad(d.getUTCMonth() + 1) + '/' + d.getUTCFullYear();
  }
  function fmtPeriod(p) { var m = /^(\d{4})-(\d{2})$/.exec(p || ''); return m ? m[2] + '/' + m[1] : p; }

  // ---- the list of records ----
  function pairs(rows) {
    return h('dl', { class: 'facts' }, rows.filter(Boolean).map(function (r) {
      return [h('dt', { text: r[0] }), h('dd', { class: r[2] || null, text: r[1] })];
    }));
  }

  function ownerWords(r) {
    var a = r.account;
    if (a.owner !== 'authorized') return t().ownerSelf;
    var g = r.guardian;
    return t().ownerAuthorized + (g ? ': ' + g.name + (g.relation ? ' (' + g.relation + ')' : '') : '');
  }

  function verificationBlock(v) {
    var x = t();
    if (!v) return h('p', {}, [x.verificationLabel + ': ', h('span', { class: 'state state-wait', text: x.notVerified })]);
    var tone = v.state === 'verified' ? 'state-ok' : v.state === 'mismatch' || v.state === 'rejected' ? 'state-bad' : 'state-wait';
    var date = fmtDate(v.at);
    var kids = [h('p', {}, [x.verificationLabel + ': ', h('span', { class: 'state ' + tone, 'data-state': v.state, text: x.states[v.state] || v.state }),
      date ? ' (' + x.onDate + ' ' + date + ')' : ''])];
    if (v.state === 'mismatch') {
      var names = (v.mismatchFields || []).map(function (f) { return x.mismatchFields[f] || f; });
      if (names.length) kids.push(h('p', { text: x.states.mismatch + ': ' + names.join('; ') + '.' }));
      kids.push(h('p', { text: x.mismatchAdvice }));
    }
    if (v.state === 'rejected') {
      if (v.reason) kids.push(h('p', { text: x.reasonLabel + ': ' + v.reason }));
      kids.push(h('p', { text: x.rejectedAdvice }));
    }
    return h('div', { class: 'verification' }, kids);
  }

  function recordCard(r, i) {
    var x = t();
    var titleId = 'rec-' + i;
    var kids = [h('h2', { id: titleId, text: r.fullName })];
    if (r.status === 'deceased' || r.status === 'moved_out') {
      kids.push(h('p', {}, h('span', { class: 'state state-grey', text: x.status[r.status] })));
      kids.push(h('p', { text: r.status === 'deceased' ? x.deceasedNote : x.goneNote }));
      return h('section', { class: 'card', 'aria-labelledby': titleId }, kids);
    }
    kids.push(pairs([[x.idLabel, r.idMasked], [x.placeLabel, [r.communeName, r.provinceName].filter(Boolean).join(', ')]]));
    if (r.status === 'suspended') kids.push(h('p', { class: 'notice notice-warn', text: x.status.suspended }));
    kids.push(h('h3', { text: x.accountHeading }));
    var a = r.account;
    if (!a) kids.push(h('p', { text: x.noAccount }));
    else {
      kids.push(pairs([
        [x.typeLabel, x.types[a.type] || a.type],
        [x.providerLabel[a.type] || x.providerLabel.bank, a.providerName],
        [x.numberLabel[a.type] || x.numberLabel.bank, a.numberMasked, 'number'],
        [x.holderLabel, a.holderName],
        [x.ownerLabel, ownerWords(r)]
      ]));
      kids.push(verificationBlock(r.verification));
      if (r.needsOfficerReview) kids.push(h('p', { class: 'notice notice-warn', text: x.review }));
      var p = fmtPeriod(S.period);
      kids.push(r.confirmedAt
        ? h('p', { class: 'notice notice-ok', text: '✓ ' + x.confirmed(p, fmtDate(r.confirmedAt)) })
        : h('p', { text: x.notConfirmed(p) }));
      if (!r.confirmedAt) kids.push(h('button', { type: 'button', class: 'btn', text: x.confirmButton, onclick: function (e) { confirmRecord(r.ref, e.currentTarget); } }));
    }
    kids.push(h('button', { type: 'button', class: 'btn btn-second', text: a ? x.changeButton : x.addButton, onclick: function () { openForm(r.ref); } }));
    return h('section', { class: 'card', 'aria-labelledby': titleId }, kids);
  }

  function noticeBox() {
    var n = S.notice;
    if (!n) return null;
    var x = t();
    var kids = [h('p', { text: n.text })];
    if (n.warnings && n.warnings.length) {
      kids.push(h('p', { class: 'strong', text: x.warningsHeading }));
      kids.push(h('ul', {}, n.warnings.map(function (w) { return h('li', { text: w.message || String(w) }); })));
    }
    return h('div', { id: 'notice', class: 'notice ' + (n.warnings && n.warnings.length ? 'notice-warn' : n.kind === 'bad' ? 'notice-bad' : 'notice-ok'), tabindex: '-1', role: 'status' }, kids);
  }

  function showList() {
    S.render = showList;
    S.form = null;
    backButton(false);
    var title = heading(t().title);
    var notice = noticeBox();
    show([title, notice, h('p', { text: t().intro }), S.records.map(recordCard)], notice || title);
  }

  function replaceRecord(rec) {
    S.records = S.records.map(function (r) { return r.ref === rec.ref ? rec : r; });
  }

  async function confirmRecord(ref, button) {
    button.disabled = true;
    button.textContent = t().sending;
    try {
      var r = await api('POST', '/records/' + encodeURIComponent(ref) + '/confirm');
      if (r.status === 401) return showUnauthorized();
      if (r.status === 200 && r.data.record) {
        replaceRecord(r.data.record);
        S.notice = { kind: 'ok', text: t().confirmedNotice(fmtPeriod(S.period)) };
      } else {
        if (r.status === 403) await refreshCsrf();
        S.notice = { kind: 'bad', text: r.data.message || t().failed };
      }
    } catch (e) {
      S.notice = { kind: 'bad', text: t().network };
    }
    showList();
  }

  async function refreshCsrf() {
    try { var r = await api('GET', '/me'); if (r.status === 200) S.csrf = r.data.csrfToken || S.csrf; } catch (e) { /* the next press retries */ }
  }

  // ---- the change form: a draft in memory, replaced on the server only by «Save» ----
  function openForm(ref) {
    var r = find(ref);
    if (!r) return;
    var a = r.account;
    S.notice = null;
    S.form = {
      ref: ref, type: a ? a.type : 'bank', providerCode: a ? a.providerCode : '', search: '',
      accountNumber: '', holderName: a ? a.holderName : r.fullName, holderTouched: false,
      owner: a && a.owner === 'authorized' && r.guardian ? 'authorized' : 'self',
      na: { name: '', nationalId: '', phone: '', relation: '' }, errors: {}, summary: '', busy: false
    };
    try { history.pushState({ tasForm: true }, ''); } catch (e) { /* some webviews refuse; the back button then leaves */ }
    backButton(true);
    showForm();
    if (!S.providers) loadProviders();
  }

  function leaveForm() {
    if (history.state && history.state.tasForm) history.back(); else showList();
  }

  window.addEventListener('popstate', function () { if (S.form) showList(); });

  function find(ref) { for (var i = 0; i < S.records.length; i++) if (S.records[i].ref === ref) return S.records[i]; return null; }

  async function loadProviders() {
    S.providers = 'loading';
    try {
      var r = await api('GET', '/providers');
      S.providers = r.status === 200 && Array.isArray(r.data) ? r.data : 'failed';
    } catch (e) {
      S.providers = 'failed';
    }
    if (S.form) renderProviders();
  }

  function fieldId(key) { return 'f-' + key.replace(/\./g, '-'); }

  function errorFor(key) {
    var msg = S.form.errors[key];
    return msg ? h('p', { id: fieldId(key) + '-err', class: 'error', text: msg }) : null;
  }

  function describedBy(key, hintId) {
    var ids = [];
    if (hintId) ids.push(hintId);
    if (S.form.errors[key]) ids.push(fieldId(key) + '-err');
    return ids.length ? ids.join(' ') : null;
  }

  function textField(key, label, hint, value, attrs, onValue) {
    var id = fieldId(key);
    var hintId = hint ? id + '-hint' : null;
    var props = {
      id: id, name: key, type: 'text', value: value, autocomplete: 'off', spellcheck: 'false',
      'aria-invalid': S.form.errors[key] ? 'true' : null, 'aria-describedby': describedBy(key, hintId),
      oninput: function (e) { onValue(e.target.value); }
    };
    for (var k in attrs) props[k] = attrs[k];
    return h('div', { class: 'field' + (S.form.errors[key] ? ' field-bad' : '') }, [
      h('label', { for: id, class: 'label', text: label }),
      hint ? h('p', { id: hintId, class: 'hint', text: hint }) : null,
      errorFor(key),
      h('input', props)
    ]);
  }

  function choice(name, value, checked, label, invalid, onPick) {
    var id = fieldId(name) + '-' + value;
    return h('label', { class: 'choice' + (checked ? ' is-checked' : ''), for: id }, [
      h('input', { type: 'radio', id: id, name: name, value: value, checked: checked, 'aria-invalid': invalid ? 'true' : null,
        onchange: function () { onPick(value, id); } }),
      h('span', {}, label)
    ]);
  }

  function group(key, legend, kids, extraClass) {
    return h('fieldset', { id: fieldId(key), class: 'group' + (extraClass ? ' ' + extraClass : '') + (S.form.errors[key] ? ' field-bad' : ''), 'aria-describedby': describedBy(key, null) },
      [h('legend', { text: legend }), errorFor(key)].concat(kids));
  }

  function showForm(focusId) {
    S.render = function () { showForm(); };
    var f = S.form, x = t(), r = find(f.ref);
    var title = heading(x.formTitle);
    var types = ['bank', 'ewallet', 'mobile_money'].map(function (ty) {
      return choice('type', ty, f.type === ty, x.types[ty], !!f.errors.type, function (v, id) {
        if (f.type !== v) { f.type = v; f.search = ''; if (!providerOfType(f.providerCode, v)) f.providerCode = ''; }
        showForm(id);
      });
    });
    var owners = [choice('owner', 'self', f.owner === 'self', [x.ownSelf, h('strong', { text: r.fullName })], !!f.errors.owner, pickOwner)];
    if (r.guardian) {
      owners.push(choice('owner', 'authorized', f.owner === 'authorized',
        [x.ownAuthorized, h('strong', { text: r.guardian.name }), r.guardian.relation ? ' (' + r.guardian.relation + ')' : ''], !!f.errors.owner, pickOwner));
    }
    owners.push(choice('owner', 'new_authorized', f.owner === 'new_authorized', x.ownNew, !!f.errors.owner, pickOwner));
    if (f.owner === 'new_authorized') {
      owners.push(h('div', { class: 'reveal' }, [
        h('p', { class: 'notice notice-warn', text: x.newNote }),
        textField('newAuthorized.name', x.naName, null, f.na.name, { autocomplete: 'off' }, function (v) { f.na.name = v; }),
        textField('newAuthorized.nationalId', x.naId, x.naIdHint, f.na.nationalId, { inputmode: 'numeric', maxlength: '20' }, function (v) { f.na.nationalId = v; }),
        textField('newAuthorized.phone', x.naPhone, x.naPhoneHint, f.na.phone, { type: 'tel', inputmode: 'tel', maxlength: '20' }, function (v) { f.na.phone = v; }),
        textField('newAuthorized.relation', x.naRelation, x.naRelationHint, f.na.relation, { maxlength: '50' }, function (v) { f.na.relation = v; })
      ]));
    }
    var save = h('button', { type: 'submit', class: 'btn', id: 'save', text: f.busy ? x.saving : x.save, disabled: f.busy });
    var form = h('form', { novalidate: true, onsubmit: function (e) { e.preventDefault(); saveForm(); } }, [
      group('type', x.typeLegend, types),
      group('providerCode', x.providerLegend[f.type], [
        h('label', { for: 'provider-search', class: 'label', text: x.search }),
        h('input', { id: 'provider-search', type: 'search', value: f.search, autocomplete: 'off', spellcheck: 'false', 'aria-controls': 'provider-list',
          oninput: function (e) { f.search = e.target.value; renderProviders(); } }),
        h('div', { id: 'provider-list', class: 'choices' }),
        h('p', { id: 'provider-count', class: 'hint', 'aria-live': 'polite' })
      ]),
      textField('accountNumber', x.numberLabel[f.type], x.numberHint[f.type], f.accountNumber, { inputmode: 'numeric', maxlength: '30' }, function (v) { f.accountNumber = v; }),
      textField('holderName', x.holderLabel, x.holderHint, f.holderName, { maxlength: '100' }, function (v) { f.holderName = v; f.holderTouched = true; }),
      group('owner', x.ownerLegend, owners),
      save,
      h('button', { type: 'button', class: 'btn btn-second', text: x.cancel, onclick: leaveForm })
    ]);
    show([title, h('p', {}, [x.formFor + ' ', h('strong', { text: r.fullName })]), h('p', { class: 'notice notice-info', text: x.keepNote }),
      f.summary ? h('div', { id: 'form-alert', class: 'notice notice-bad', role: 'alert', tabindex: '-1', text: f.summary }) : null, form],
    focusId ? null : title);
    renderProviders();
    if (focusId && byId(focusId)) byId(focusId).focus();
  }

  function pickOwner(v, id) {
    var f = S.form, r = find(f.ref);
    f.owner = v;
    // Suggest the matching holder name until the person types one of their own.
    if (!f.holderTouched) f.holderName = v === 'self' ? r.fullName : v === 'authorized' && r.guardian ? r.guardian.name : f.holderName;
    showForm(id);
  }

  function providerOfType(code, type) {
    if (!Array.isArray(S.providers)) return true;
    return S.providers.some(function (p) { return p.code === code && p.type === type; });
  }

  function fold(s) {
    return String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, '');
  }

  function renderProviders(focusId) {
    var list = byId('provider-list'), count = byId('provider-count'), f = S.form, x = t();
    if (!list || !f) return;
    list.textContent = '';
    count.textContent = '';
    if (S.providers === 'loading' || !S.providers) { list.appendChild(h('p', { text: x.providersLoading })); return; }
    if (S.providers === 'failed') {
      add(list, [h('p', { text: x.providersFailed }), h('button', { type: 'button', class: 'btn btn-second', text: x.retry, onclick: loadProviders })]);
      return;
    }
    var q = fold(f.search);
    var ofType = S.providers.filter(function (p) { return p.type === f.type; });
    var hits = ofType.filter(function (p) { return !q || fold(p.shortName + ' ' + p.code + ' ' + p.name).indexOf(q) >= 0; });
    var shown = hits.slice(0, PROVIDERS_SHOWN);
    var chosen = ofType.filter(function (p) { return p.code === f.providerCode; })[0];
    if (chosen && shown.indexOf(chosen) < 0) shown.unshift(chosen);
    add(list, shown.map(function (p) {
      return choice('providerCode', p.code, p.code === f.providerCode, [h('strong', { text: p.shortName }), ' ', h('span', { class: 'code', text: p.code })],
        !!f.errors.providerCode, function (v, id) { f.providerCode = v; renderProviders(id); });
    }));
    count.textContent = !hits.length ? x.noneFound : hits.length > PROVIDERS_SHOWN ? x.shown(PROVIDERS_SHOWN, hits.length) : q ? x.found(hits.length) : '';
    if (focusId && byId(focusId)) byId(focusId).focus();
  }

  function digitsOnly(s) { return String(s || '').replace(/\s+/g, ''); }

  function collect() {
    var f = S.form;
    var body = { type: f.type, providerCode: f.providerCode, accountNumber: digitsOnly(f.accountNumber), holderName: f.holderName.replace(/\s+/g, ' ').trim(), owner: f.owner };
    if (f.owner === 'new_authorized') {
      body.newAuthorized = { name: f.na.name.replace(/\s+/g, ' ').trim(), nationalId: digitsOnly(f.na.nationalId), phone: digitsOnly(f.na.phone), relation: f.na.relation.trim() };
    }
    return body;
  }

  function focusFirstError() {
    var errs = S.form.errors;
    for (var i = 0; i < FIELD_ORDER.length; i++) {
      var key = FIELD_ORDER[i];
      if (!errs[key]) continue;
      var el = byId(fieldId(key));
      if (el && el.tagName === 'FIELDSET') el = el.querySelector('input:checked') || el.querySelector('input');
      if (el) { el.focus(); return; }
    }
    var alert = byId('form-alert');
    if (alert) alert.focus();
  }

  function formFailed(message) {
    S.form.errors = {};
    S.form.summary = message;
    showForm('form-alert');
  }

  async function saveForm() {
    var f = S.form;
    if (!f || f.busy) return;
    var body = collect();
    f.busy = true;
    f.summary = '';
    var btn = byId('save');
    btn.disabled = true;
    btn.textContent = t().saving;
    try {
      var r = await api('POST', '/records/' + encodeURIComponent(f.ref) + '/account', body);
      f.busy = false;
      if (r.status === 200 && r.data.record) {
        replaceRecord(r.data.record);
        S.notice = { kind: 'ok', text: t().savedNotice, warnings: r.data.warnings || [] };
        leaveForm();
      } else if (r.status === 422) {
        f.errors = r.data.fields || {};
        f.summary = r.data.message || t().fixBelow;
        showForm('save');
        focusFirstError();
      } else if (r.status === 401) {
        showUnauthorized();
      } else {
        if (r.status === 403) await refreshCsrf();
        formFailed(r.data.message || t().failed);
      }
    } catch (e) {
      f.busy = false;
      formFailed(t().network);
    }
  }

  applyTheme(readHashTheme());
  // telegram.org's script loads async and may arrive after us; it is optional, the hash already has what we need.
  window.addEventListener('load', telegramReady);
  start();
})();
