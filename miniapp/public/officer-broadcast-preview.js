/* Mini-app, officer section: a broadcast's preview (people, chats per channel, estimated time, the message as it will look), shown before sending and to the approver, and the Send step. */
(function (T) {
  'use strict';

  var S = T.S,
    h = T.h;

  var B = S.off.bc;

  function x() {
    return T.o().bc;
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

  T.bcPreviewView = function bcPreviewView() {
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
  };

  async function send() {
    B.busy = true;
    B.error = null;
    T.redrawOfficer('broadcasts');
    var body = T.bcBody();
    body.requestKey = B.requestKey;
    var r = await T.officerCall('POST', '/broadcasts', body);
    B.busy = false;
    if (!r) return;
    if (r.status !== 201 && r.status !== 200) return T.bcFail(T.failText(r));
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
})(window.TAS);
