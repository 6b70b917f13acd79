/* Mini-app, officer section: province broadcasts — the recent list, one broadcast's live progress with cancel / pause / resume, and a second administrator's approval. Composing and the preview are in officer-broadcast-compose.js. */
(function (T) {
  'use strict';

  var S = T.S,
    h = T.h;

  // Progress is polled this often while a broadcast is scheduled or sending.
  var POLL_MS = 2500;
  var LIVE = { scheduled: true, sending: true };

  var B = (S.off.bc = {
    mode: 'list',
    list: null,
    current: null,
    draft: null,
    urgent: false,
    busy: false,
    timer: null,
  });

  function x() {
    return T.o().bc;
  }
  function say(kind, text) {
    S.off.notice = { kind: kind, text: text };
  }
  T.bcSay = say;

  function pad(n) {
    return (n < 10 ? '0' : '') + n;
  }
  /** dd/mm/yyyy HH:MM in Vietnam time (UTC+7 all year). */
  T.fmtDateTime = function fmtDateTime(iso) {
    var ms = Date.parse(iso);
    if (isNaN(ms)) return '';
    var d = new Date(ms + 7 * 3600 * 1000);
    return T.fmtDate(iso) + ' ' + pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes());
  };

  function stopPolling() {
    if (B.timer) clearTimeout(B.timer);
    B.timer = null;
  }

  function showing(id) {
    return S.off.tab === 'broadcasts' && B.mode === 'detail' && B.current && B.current.id === id;
  }

  async function loadList() {
    var r = await T.officerCall('GET', '/broadcasts');
    if (!r) return;
    B.list = r.status === 200 ? r.data.broadcasts : { failed: T.failText(r) };
    T.redrawOfficer('broadcasts');
  }

  function updateFigures(p) {
    var cells = document.querySelectorAll('[data-progress]');
    if (!cells.length) return false;
    cells.forEach(function (cell) {
      var key = cell.getAttribute('data-progress');
      cell.textContent = String(key === 'total' ? p.people : p[key]);
    });
    return true;
  }

  /** Loads one broadcast with its progress; keeps polling while it is live and on screen. */
  async function loadOne(id) {
    stopPolling();
    var r = await T.officerCall('GET', '/broadcasts/' + id);
    if (!r) return;
    if (r.status !== 200) {
      say('bad', T.failText(r));
      T.redrawOfficer('broadcasts');
      return;
    }
    if (B.mode !== 'detail' || !B.current || B.current.id !== id) return;
    var before = B.current.progress && B.current.progress.state;
    B.current = r.data;
    // Same state: only the figures change, so they are updated in place and focus stays where it is.
    if (before !== r.data.progress.state || !updateFigures(r.data.progress)) T.redrawOfficer('broadcasts');
    if (LIVE[r.data.progress.state])
      B.timer = setTimeout(function () {
        if (showing(id)) loadOne(id);
      }, POLL_MS);
  }

  /** Opens one broadcast's page (from the list, or after sending it). */
  T.bcOpen = function bcOpen(item) {
    B.mode = 'detail';
    B.current = item;
    B.urgent = !!(item.broadcast && item.broadcast.urgentRequested);
    T.showOfficer('broadcasts');
    loadOne(item.id);
  };

  T.bcBackToList = function bcBackToList() {
    stopPolling();
    S.off.notice = null;
    B.mode = 'list';
    B.current = null;
    B.draft = null;
    B.list = null;
    T.showOfficer('broadcasts', true);
  };

  async function act(what, body) {
    var id = B.current.id;
    B.busy = true;
    T.redrawOfficer('broadcasts');
    var r = await T.officerCall('POST', '/broadcasts/' + id + '/' + what, body);
    B.busy = false;
    if (!r) return;
    if (r.status === 200) {
      var done = { approve: 'approved', cancel: 'cancelled', pause: 'paused', resume: 'resumed', submit: 'sent' }[what];
      if (what === 'submit' && r.data.broadcast.state === 'awaiting_approval') done = 'awaiting';
      say('ok', x().done[done]);
      B.list = null;
    } else say('bad', T.failText(r));
    await loadOne(id);
    T.redrawOfficer('broadcasts');
  }

  function figure(key, value) {
    return h('div', { class: 'figure' }, [
      h('dt', { text: x().progress[key] }),
      h('dd', { 'data-progress': key, text: String(value === undefined || value === null ? '–' : value) }),
    ]);
  }

  function stateBadge(state) {
    return h('p', { class: 'bc-state', 'data-state': state, text: x().states[state] || state });
  }

  function progressView(p) {
    return h('dl', { class: 'figures bc-figures', 'aria-live': 'polite' }, [
      figure('sent', p.sent),
      figure('failed', p.failed),
      figure('pending', p.pending),
      figure('blocked', p.blocked),
      p.cancelled ? figure('cancelled', p.cancelled) : null,
      figure('total', p.people),
    ]);
  }

  function button(label, onclick, second) {
    return h('button', {
      type: 'button',
      class: 'btn' + (second ? ' btn-second' : ''),
      text: label,
      disabled: B.busy,
      onclick: onclick,
    });
  }

  function controls(item) {
    var st = item.progress.state,
      kids = [];
    if (item.canApprove) {
      kids.push(
        h('label', { class: 'choice' + (B.urgent ? ' is-checked' : ''), for: 'bc-urgent' }, [
          h('input', {
            type: 'checkbox',
            id: 'bc-urgent',
            checked: B.urgent,
            onchange: function (e) {
              B.urgent = e.target.checked;
            },
          }),
          h('span', { text: x().urgentTick }),
        ]),
        button(x().approve, function () {
          act('approve', { urgent: B.urgent });
        }),
      );
    } else if (st === 'awaiting_approval' && item.mine) kids.push(h('p', { class: 'hint', text: x().approveNote }));
    // A draft stored through the machine interface: its author sends it on from here.
    if (st === 'draft' && item.mine)
      kids.push(
        button(x().send, function () {
          act('submit');
        }),
      );
    if (st === 'sending' || st === 'scheduled')
      kids.push(
        button(
          x().pause,
          function () {
            act('pause');
          },
          true,
        ),
      );
    if (st === 'paused')
      kids.push(
        button(x().resume, function () {
          act('resume');
        }),
      );
    if (st !== 'done' && st !== 'cancelled') {
      kids.push(
        button(
          x().cancel,
          function () {
            act('cancel');
          },
          true,
        ),
        h('p', { class: 'hint', text: x().cancelNote }),
      );
    }
    return kids;
  }

  function detailView() {
    var item = B.current;
    var kids = [button(x().back, T.bcBackToList, true)];
    if (!item.progress) return kids.concat(h('p', { class: 'loading', text: T.t().loading }));
    var b = item.broadcast;
    kids.push(
      h('section', { class: 'card', 'data-broadcast': item.id }, [
        h('h2', { text: b.message.vi.title }),
        stateBadge(item.progress.state),
        h('p', { class: 'hint', text: x().scheduledFor(T.fmtDateTime(b.scheduledAt)) }),
        b.urgent ? h('p', { class: 'bc-urgent', text: x().urgentMark }) : null,
        h('h3', { text: x().progressTitle }),
        progressView(item.progress),
      ]),
    );
    kids = kids.concat(controls(item));
    if (b.preview) kids = kids.concat(T.bcPreviewParts(b.preview));
    return kids;
  }

  function card(item) {
    var b = item.broadcast;
    return h('section', { class: 'card', 'data-broadcast': item.id }, [
      h('h3', { text: b.message.vi.title }),
      stateBadge(b.state),
      h('p', {
        class: 'hint',
        text: T.fmtDateTime(b.scheduledAt) + ' · ' + x().people + ': ' + b.preview.people,
      }),
      h('button', {
        type: 'button',
        class: 'btn btn-second',
        text: x().show,
        onclick: function () {
          T.bcOpen(item);
        },
      }),
    ]);
  }

  function listView() {
    var kids = [
      h('button', {
        type: 'button',
        class: 'btn',
        text: x().newButton,
        onclick: function () {
          S.off.notice = null;
          T.bcStartCompose();
        },
      }),
    ];
    if (!B.list) return kids.concat(h('p', { class: 'loading', text: T.t().loading }));
    if (B.list.failed) return kids.concat(h('p', { class: 'notice notice-bad', text: B.list.failed }));
    var waiting = B.list.filter(function (i) {
      return i.canApprove;
    });
    if (waiting.length) kids.push(h('h2', { text: x().awaitingTitle }), waiting.map(card));
    kids.push(h('h2', { text: x().recentTitle }));
    if (!B.list.length) kids.push(h('p', { text: x().recentEmpty }));
    else kids.push(B.list.map(card));
    return kids;
  }

  T.officerTab('broadcasts', {
    needsLoad: function () {
      return B.mode === 'list' && !B.list;
    },
    load: async function () {
      if (B.mode === 'detail' && B.current) return loadOne(B.current.id);
      if (B.mode === 'list') {
        stopPolling();
        await T.ensureDash();
        await loadList();
      }
    },
    view: function () {
      if (B.mode === 'detail' && B.current) return detailView();
      if (B.mode === 'compose' || B.mode === 'preview') return T.bcComposeView();
      return listView();
    },
  });
})(window.TAS);
