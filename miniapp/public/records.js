/* Mini-app: the record cards and «Confirm». */
(function (T) {
  'use strict';

  var S = T.S,
    t = T.t,
    h = T.h,
    api = T.api,
    fmtDate = T.fmtDate,
    fmtPeriod = T.fmtPeriod;

  function pairs(rows) {
    return h(
      'dl',
      { class: 'facts' },
      rows.filter(Boolean).map(function (r) {
        return [h('dt', { text: r[0] }), h('dd', { class: r[2] || null, text: r[1] })];
      }),
    );
  }

  function ownerWords(r) {
    var a = r.account;
    if (a.owner !== 'authorized') return t().ownerSelf;
    var g = r.guardian;
    return t().ownerAuthorized + (g ? ': ' + g.name + (g.relation ? ' (' + g.relation + ')' : '') : '');
  }

  function verificationBlock(v) {
    var x = t();
    if (!v)
      return h('p', {}, [x.verificationLabel + ': ', h('span', { class: 'state state-wait', text: x.notVerified })]);
    var tone =
      v.state === 'verified'
        ? 'state-ok'
        : v.state === 'mismatch' || v.state === 'rejected'
          ? 'state-bad'
          : 'state-wait';
    var date = fmtDate(v.at);
    var kids = [
      h('p', {}, [
        x.verificationLabel + ': ',
        h('span', { class: 'state ' + tone, 'data-state': v.state, text: x.states[v.state] || v.state }),
        date ? ' (' + x.onDate + ' ' + date + ')' : '',
      ]),
    ];
    if (v.state === 'mismatch') {
      var names = (v.mismatchFields || []).map(function (f) {
        return x.mismatchFields[f] || f;
      });
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
    kids.push(
      pairs([
        [x.idLabel, r.idMasked],
        [x.placeLabel, [r.communeName, r.provinceName].filter(Boolean).join(', ')],
      ]),
    );
    if (r.status === 'suspended') kids.push(h('p', { class: 'notice notice-warn', text: x.status.suspended }));
    kids.push(h('h3', { text: x.accountHeading }));
    var a = r.account;
    if (!a) kids.push(h('p', { text: x.noAccount }));
    else {
      kids.push(
        pairs([
          [x.typeLabel, x.types[a.type] || a.type],
          [x.providerLabel[a.type] || x.providerLabel.bank, a.providerName],
          [x.numberLabel[a.type] || x.numberLabel.bank, a.numberMasked, 'number'],
          [x.holderLabel, a.holderName],
          [x.ownerLabel, ownerWords(r)],
        ]),
      );
      kids.push(verificationBlock(r.verification));
      if (r.needsOfficerReview) kids.push(h('p', { class: 'notice notice-warn', text: x.review }));
      var p = fmtPeriod(S.period);
      kids.push(
        r.confirmedAt
          ? h('p', { class: 'notice notice-ok', text: '✓ ' + x.confirmed(p, fmtDate(r.confirmedAt)) })
          : h('p', { text: x.notConfirmed(p) }),
      );
      if (!r.confirmedAt)
        kids.push(
          h('button', {
            type: 'button',
            class: 'btn',
            text: x.confirmButton,
            onclick: function (e) {
              confirmRecord(r.ref, e.currentTarget);
            },
          }),
        );
    }
    kids.push(
      h('button', {
        type: 'button',
        class: 'btn btn-second',
        text: a ? x.changeButton : x.addButton,
        onclick: function () {
          T.openForm(r.ref);
        },
      }),
    );
    return h('section', { class: 'card', 'aria-labelledby': titleId }, kids);
  }

  function noticeBox() {
    var n = S.notice;
    if (!n) return null;
    var x = t();
    var kids = [h('p', { text: n.text })];
    if (n.warnings && n.warnings.length) {
      kids.push(h('p', { class: 'strong', text: x.warningsHeading }));
      kids.push(
        h(
          'ul',
          {},
          n.warnings.map(function (w) {
            return h('li', { text: w.message || String(w) });
          }),
        ),
      );
    }
    return h(
      'div',
      {
        id: 'notice',
        class:
          'notice ' + (n.warnings && n.warnings.length ? 'notice-warn' : n.kind === 'bad' ? 'notice-bad' : 'notice-ok'),
        tabindex: '-1',
        role: 'status',
      },
      kids,
    );
  }

  function showList() {
    S.render = showList;
    S.form = null;
    T.backButton(false);
    var title = T.heading(t().title);
    var notice = noticeBox();
    T.show(
      [T.modeSwitch('records'), title, notice, h('p', { text: t().intro }), S.records.map(recordCard)],
      notice || title,
    );
  }
  T.showList = showList;

  T.replaceRecord = function replaceRecord(rec) {
    S.records = S.records.map(function (r) {
      return r.ref === rec.ref ? rec : r;
    });
  };

  T.find = function find(ref) {
    for (var i = 0; i < S.records.length; i++) if (S.records[i].ref === ref) return S.records[i];
    return null;
  };

  async function confirmRecord(ref, button) {
    button.disabled = true;
    button.textContent = t().sending;
    try {
      var r = await api('POST', '/records/' + encodeURIComponent(ref) + '/confirm');
      if (r.status === 401) return T.showUnauthorized();
      if (r.status === 200 && r.data.record) {
        T.replaceRecord(r.data.record);
        S.notice = { kind: 'ok', text: t().confirmedNotice(fmtPeriod(S.period)) };
      } else {
        if (r.status === 403) await T.refreshCsrf();
        S.notice = { kind: 'bad', text: r.data.message || t().failed };
      }
    } catch (e) {
      S.notice = { kind: 'bad', text: t().network };
    }
    showList();
  }
})(window.TAS);
