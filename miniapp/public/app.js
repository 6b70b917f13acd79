/* Mini-app, loaded last: entry point, sign-in, /me, page frame. */
(function (T) {
  'use strict';

  var S = T.S,
    t = T.t,
    h = T.h,
    add = T.add,
    tg = T.tg,
    api = T.api,
    TEXT = T.TEXT,
    LANG_KEY = T.LANG_KEY;

  async function start() {
    show([h('p', { class: 'loading', text: t().loading })]);
    try {
      var wa = tg();
      if (!S.initData && wa && wa.initData) S.initData = wa.initData;
      var session = null;
      if (S.initData) {
        S.entry = 'telegram';
        T.telegramReady();
        session = await api('POST', '/session/telegram', { initData: S.initData });
      } else if (typeof window.TAS_ZALO_ACCESS_TOKEN === 'function') {
        S.entry = 'zalo';
        var accessToken = await window.TAS_ZALO_ACCESS_TOKEN();
        session = await api('POST', '/session/zalo', { accessToken: accessToken });
      }
      if (session) {
        if (session.status !== 200)
          return session.status === 401 ? showUnauthorized() : showProblem(session.data.message, start);
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
    S.officer = r.data.officer || null;
    if (S.officer) return T.showOfficer('dashboard', true);
    if (!S.records.length) return showEmpty();
    T.showList();
  }

  // ---- page frame ----
  function langSwitch() {
    function btn(code, label) {
      return h('button', {
        type: 'button',
        class: 'lang-btn',
        lang: code,
        'aria-pressed': String(S.lang === code),
        text: label,
        onclick: function () {
          if (S.lang === code) return;
          S.lang = code;
          try {
            localStorage.setItem(LANG_KEY, code);
          } catch (e) {
            /* private mode: the choice lasts this visit */
          }
          if (S.render) S.render();
        },
      });
    }
    return h('div', { class: 'topbar' }, [
      h('p', { class: 'brand', text: 'Tin An Sinh' }),
      h(
        'div',
        {
          class: 'lang',
          role: 'group',
          'aria-label': t().langGroup + ' / ' + (S.lang === 'vi' ? 'Language' : 'Ngôn ngữ'),
        },
        [btn('vi', 'Tiếng Việt'), btn('en', 'English')],
      ),
    ]);
  }

  function show(nodes, focusEl) {
    document.documentElement.lang = S.lang;
    T.app.textContent = '';
    add(T.app, [langSwitch()].concat(nodes));
    if (focusEl) focusEl.focus();
  }
  T.show = show;

  function heading(text, level) {
    return h(level || 'h1', { tabindex: '-1', text: text });
  }
  T.heading = heading;

  function showProblem(message, retry) {
    S.render = function () {
      showProblem(message, retry);
    };
    var title = heading(t().failed);
    show(
      [
        title,
        message ? h('p', { text: message }) : null,
        h('button', { type: 'button', class: 'btn', text: t().retry, onclick: retry }),
      ],
      title,
    );
  }

  function showUnauthorized() {
    S.render = showUnauthorized;
    var title = heading(t().unauthorizedTitle);
    show([title, h('p', { text: t().unauthorized }), closeButton()], title);
  }
  T.showUnauthorized = showUnauthorized;

  function closeButton() {
    var wa = tg();
    if (S.entry === 'telegram' && wa && wa.close)
      return h('button', {
        type: 'button',
        class: 'btn',
        text: t().close,
        onclick: function () {
          wa.close();
        },
      });
    if (S.entry === 'zalo' && typeof window.TAS_ZALO_CLOSE === 'function')
      return h('button', {
        type: 'button',
        class: 'btn',
        text: t().close,
        onclick: function () {
          window.TAS_ZALO_CLOSE();
        },
      });
    return null;
  }

  function showEmpty() {
    S.render = showEmpty;
    var title = heading(t().emptyTitle);
    show([title, h('p', { text: t().empty[S.entry] || t().empty.web }), closeButton()], title);
  }

  T.applyTheme(T.readHashTheme());
  // telegram.org's script loads async and may arrive after us; it is optional, the hash already has what we need.
  window.addEventListener('load', T.telegramReady);
  start();
})(window.TAS);
