/* Tin An Sinh mini-app: hand-written, no framework or build, so it loads fast on cheap phones. Loaded first: sets up window.TAS for the rest. */
(function () {
  'use strict';

  var T = (window.TAS = {});

  // Every word the page shows, Vietnamese first (texts.js, loaded just before this script).
  var TEXT = (T.TEXT = window.TAS_TEXT);

  var LANG_KEY = (T.LANG_KEY = 'tas_lang');

  T.app = document.getElementById('app');
  var script = document.currentScript;
  // Inside Zalo the page's origin is Zalo's: its loader names our origin in TAS_API_BASE; elsewhere the API sits next to this script.
  var BASE =
    typeof window.TAS_API_BASE === 'string' && window.TAS_API_BASE
      ? window.TAS_API_BASE.replace(/\/+$/, '') + '/app'
      : script && script.src
        ? script.src.replace(/\/assets\/core\.js(\?.*)?$/, '')
        : location.origin + '/app';
  // Where our assets are served from (the charts' library is loaded from there when first needed).
  T.BASE = BASE;
  var hash = (T.hash = new URLSearchParams(location.hash.replace(/^#/, '')));

  var S = (T.S = {
    lang: readLang(),
    entry: 'web',
    initData: hash.get('tgWebAppData') || '',
    token: null,
    csrf: null,
    period: '',
    records: [],
    providers: null,
    notice: null,
    form: null,
    render: null,
  });

  T.t = function t() {
    return TEXT[S.lang];
  };

  function readLang() {
    try {
      return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'vi';
    } catch (e) {
      return 'vi';
    }
  }

  T.tg = function tg() {
    return window.Telegram && window.Telegram.WebApp ? window.Telegram.WebApp : null;
  };

  // ---- small DOM helper: text always goes in as text, never as HTML ----
  T.h = function h(tag, props, kids) {
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
  };
  function add(el, kids) {
    if (kids === null || kids === undefined || kids === false) return;
    if (Array.isArray(kids)) {
      kids.forEach(function (c) {
        add(el, c);
      });
      return;
    }
    el.appendChild(typeof kids === 'string' ? document.createTextNode(kids) : kids);
  }
  T.add = add;
  T.byId = function byId(id) {
    return document.getElementById(id);
  };

  // ---- server calls ----
  // The session travels as a bearer token when we have one (Telegram Web frames the page: its cookies are third-party).
  function request(method, path, body, type) {
    var headers = { Accept: 'application/json', 'Accept-Language': S.lang };
    if (S.token) headers.Authorization = 'Bearer ' + S.token;
    if (method !== 'GET' && S.csrf) headers['X-CSRF-Token'] = S.csrf;
    if (body !== undefined) headers['Content-Type'] = type || 'application/json';
    return fetch(BASE + '/api' + path, {
      method: method,
      headers: headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: body === undefined ? undefined : type ? body : JSON.stringify(body),
    });
  }
  T.request = request;

  function api(method, path, body) {
    return request(method, path, body).then(function (res) {
      return res
        .json()
        .catch(function () {
          return {};
        })
        .then(function (data) {
          return { status: res.status, data: data || {} };
        });
    });
  }
  T.api = api;

  T.refreshCsrf = async function refreshCsrf() {
    try {
      var r = await api('GET', '/me');
      if (r.status === 200) S.csrf = r.data.csrfToken || S.csrf;
    } catch (e) {
      /* the next press retries */
    }
  };

  // ---- dates: Vietnam is UTC+7 all year, so no time-zone database is needed ----
  function pad(n) {
    return (n < 10 ? '0' : '') + n;
  }
  T.fmtDate = function fmtDate(iso) {
    var ms = Date.parse(iso);
    if (isNaN(ms)) return '';
    var d = new Date(ms + 7 * 3600 * 1000);
    return pad(d.getUTCDate()) + '/' + pad(d.getUTCMonth() + 1) + '/' + d.getUTCFullYear();
  };
  T.fmtPeriod = function fmtPeriod(p) {
    var m = /^(\d{4})-(\d{2})$/.exec(p || '');
    return m ? m[2] + '/' + m[1] : p;
  };
})();
