/* Mini-app: the officer section's frame (tabs, dashboard) and helpers its tabs share; the tabs live in officer-*.js, file downloads in officer-download.js. */
(function (T) {
  'use strict';

  var S = T.S,
    h = T.h,
    api = T.api;

  function o() {
    return T.t().officer;
  }
  T.o = o;

  S.off = { tab: 'dashboard', notice: null, dash: null, life: null };
  var TABS = ['dashboard', 'tasks', 'late', 'queue', 'results', 'missing', 'broadcasts', 'officers'];
  var views = {};
  /** Each tab file registers `{ view(), load() }` here. */
  T.officerTab = function (name, tab) {
    views[name] = tab;
  };

  function isAdmin() {
    return S.officer && S.officer.role === 'province_admin';
  }
  T.isAdmin = isAdmin;

  /** The switch between the officer's work and the records the same chat follows (only when it has both). */
  T.modeSwitch = function modeSwitch(current) {
    if (!S.officer || !S.records.length) return null;
    function btn(mode, label, go) {
      return h('button', {
        type: 'button',
        class: 'tab',
        'aria-pressed': String(current === mode),
        text: label,
        onclick: go,
      });
    }
    return h('div', { class: 'tabs', role: 'group', 'aria-label': o().modeGroup }, [
      btn('officer', o().sectionButton, function () {
        showOfficer(S.off.tab);
      }),
      btn('records', o().recordsButton, function () {
        S.notice = null;
        T.showList();
      }),
    ]);
  };

  function tabBar() {
    return h(
      'nav',
      { class: 'tabs', 'aria-label': o().tabsLabel },
      TABS.filter(function (k) {
        return k !== 'officers' || isAdmin();
      }).map(function (k) {
        return h('button', {
          type: 'button',
          class: 'tab',
          'aria-current': S.off.tab === k ? 'page' : null,
          text: o().tabs[k],
          onclick: function () {
            S.off.notice = null;
            showOfficer(k, true);
          },
        });
      }),
    );
  }

  function noticeBox() {
    var n = S.off.notice;
    if (!n) return null;
    return h('div', {
      id: 'notice',
      class: 'notice ' + (n.kind === 'bad' ? 'notice-bad' : 'notice-ok'),
      tabindex: '-1',
      role: 'status',
      text: n.text,
    });
  }

  /** Draws the officer section on the current tab; `reload` fetches the tab's data again. */
  function showOfficer(tab, reload) {
    S.off.tab = tab || 'dashboard';
    S.off.life = null;
    S.render = function () {
      showOfficer(S.off.tab);
    };
    var v = views[S.off.tab];
    var title = T.heading(o().tabs[S.off.tab]);
    var notice = noticeBox();
    T.show([T.modeSwitch('officer'), tabBar(), title, notice, v.view()], notice || title);
    if (reload || v.needsLoad()) v.load();
  }
  T.showOfficer = showOfficer;

  /** Redraws the officer section if it is still showing this tab (a load finished). */
  T.redrawOfficer = function (tab) {
    if (S.off.tab === tab && !S.off.life && S.render && !S.form) S.render();
  };

  /** An officer call: 401 ends the page, 403 refreshes the CSRF token (it may be a stale one); returns the reply or null. */
  T.officerCall = async function officerCall(method, path, body) {
    try {
      var r = await api(method, '/officer' + path, body);
      if (r.status === 401) {
        T.showUnauthorized();
        return null;
      }
      if (r.status === 403 && method !== 'GET') await T.refreshCsrf();
      return r;
    } catch (e) {
      return { status: 0, data: { message: T.t().network } };
    }
  };

  T.failText = function (r) {
    return (r && r.data && r.data.message) || T.t().failed;
  };

  /** A labelled <select> with big tap targets. */
  T.selectField = function selectField(id, label, options, value, onChange) {
    return h('div', { class: 'field' }, [
      h('label', { for: id, class: 'label', text: label }),
      h(
        'select',
        {
          id: id,
          onchange: function (e) {
            onChange(e.target.value);
          },
        },
        options.map(function (opt) {
          return h('option', { value: opt[0], selected: opt[0] === value, text: opt[1] });
        }),
      ),
    ]);
  };

  /** The communes in the officer's scope: a commune officer's from /me, a province's from the dashboard's lines. */
  T.scopeCommunes = function scopeCommunes() {
    if (S.officer && S.officer.communes && S.officer.communes.length) return S.officer.communes;
    return (S.off.dash && S.off.dash.communes) || [];
  };

  T.communeOptions = function communeOptions() {
    var list = T.scopeCommunes();
    return [['', o().allCommunes]].concat(
      list.map(function (c) {
        return [c.code, c.name + ' (' + c.code + ')'];
      }),
    );
  };

  /** «‹ Previous · Page p of n · Next ›» under a list. */
  T.pager = function pager(data, go) {
    var pages = Math.max(1, Math.ceil((data.total || 0) / (data.pageSize || 20)));
    if (pages <= 1) return null;
    return h('div', { class: 'pager' }, [
      h('button', {
        type: 'button',
        class: 'btn btn-second',
        text: o().prev,
        disabled: data.page <= 1,
        onclick: function () {
          go(data.page - 1);
        },
      }),
      h('p', { text: o().pageOf(data.page, pages) }),
      h('button', {
        type: 'button',
        class: 'btn btn-second',
        text: o().next,
        disabled: data.page >= pages,
        onclick: function () {
          go(data.page + 1);
        },
      }),
    ]);
  };

  T.figureList = function figureList(f) {
    var keys = ['queue', 'awaitingPolice', 'resultsThisMonth', 'missingAny', 'active'];
    return h(
      'dl',
      { class: 'figures' },
      keys.map(function (k) {
        return h('div', { class: 'figure' }, [
          h('dt', { text: o().figures[k] }),
          h('dd', { 'data-figure': k, text: String(f[k] === undefined ? '–' : f[k]) }),
        ]);
      }),
    );
  };

  // ---- the dashboard ----
  async function loadDash() {
    var r = await T.officerCall('GET', '/dashboard');
    if (r) S.off.dash = r.status === 200 ? r.data : { failed: T.failText(r) };
  }
  /** The other tabs need the scope's communes, which a province administrator's /me does not list. */
  T.ensureDash = async function ensureDash() {
    if (!S.off.dash || S.off.dash.failed) await loadDash();
  };

  T.officerTab('dashboard', {
    needsLoad: function () {
      return !S.off.dash || !S.off.charts.data;
    },
    load: async function () {
      await Promise.all([loadDash(), T.loadSeries()]);
      T.redrawOfficer('dashboard');
    },
    view: function () {
      var x = o(),
        me = S.officer,
        d = S.off.dash;
      var scope =
        me.role === 'province_admin'
          ? x.scopeProvince(me.provinceName)
          : x.scopeCommunes(
              (me.communes || [])
                .map(function (c) {
                  return c.name;
                })
                .join(', '),
            );
      var kids = [h('p', { text: x.hello(me.name) + ' ' + x.roles[me.role] + '. ' + scope })];
      if (!d) return kids.concat(h('p', { class: 'loading', text: T.t().loading }));
      if (d.failed) return kids.concat(h('p', { class: 'notice notice-bad', text: d.failed }));
      kids.push(h('h2', { text: x.dashTitle(T.fmtPeriod(d.period)) }), T.figureList(d.totals), T.chartsView());
      if (isAdmin() && d.communes && d.communes.length) {
        kids.push(h('h2', { text: x.perCommune }));
        d.communes.forEach(function (c) {
          kids.push(
            h('section', { class: 'card' }, [h('h3', { text: c.name + ' (' + c.code + ')' }), T.figureList(c)]),
          );
        });
      }
      return kids;
    },
  });
})(window.TAS);
