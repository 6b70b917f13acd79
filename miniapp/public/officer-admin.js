/* Mini-app, officer section (province administrators): inviting an officer and the province's officers. */
(function (T) {
  'use strict';

  var S = T.S,
    h = T.h,
    o = T.o;

  var A = (S.off.admin = {
    list: null,
    role: 'commune_officer',
    communes: {},
    name: '',
    phone: '',
    invite: null,
    error: null,
    busy: false,
  });

  async function load() {
    await T.ensureDash();
    var r = await T.officerCall('GET', '/officers');
    if (!r) return;
    A.list = r.status === 200 ? r.data.officers : { failed: T.failText(r) };
    T.redrawOfficer('officers');
  }

  async function invite() {
    A.busy = true;
    A.error = null;
    A.invite = null;
    T.redrawOfficer('officers');
    var r = await T.officerCall('POST', '/invites', {
      role: A.role,
      communeCodes:
        A.role === 'commune_officer'
          ? Object.keys(A.communes).filter(function (k) {
              return A.communes[k];
            })
          : [],
      name: A.name,
      phone: A.phone,
    });
    A.busy = false;
    if (!r) return;
    if (r.status === 200) {
      A.invite = r.data;
      A.name = '';
      A.phone = '';
      A.communes = {};
      A.list = null;
      load();
    } else A.error = T.failText(r);
    T.redrawOfficer('officers');
    var box = T.byId('invite-code') || T.byId('invite-error');
    if (box) box.focus();
  }

  function radio(name, value, checked, label, onPick) {
    var id = name + '-' + value;
    return h('label', { class: 'choice' + (checked ? ' is-checked' : ''), for: id }, [
      h('input', {
        type: 'radio',
        name: name,
        id: id,
        checked: checked,
        onchange: function () {
          onPick();
          T.redrawOfficer('officers');
          T.byId(id).focus();
        },
      }),
      h('span', { text: label }),
    ]);
  }

  function text(id, label, hint, value, type, set) {
    return h('div', { class: 'field' }, [
      h('label', { for: id, class: 'label', text: label }),
      hint ? h('p', { class: 'hint', text: hint }) : null,
      h('input', {
        id: id,
        type: type,
        value: value,
        autocomplete: 'off',
        oninput: function (e) {
          set(e.target.value);
        },
      }),
    ]);
  }

  function form() {
    var x = o();
    var kids = [
      h('h2', { id: 'invite-title', text: x.inviteTitle }),
      A.error ? h('p', { id: 'invite-error', class: 'error', tabindex: '-1', text: A.error }) : null,
      h('fieldset', { class: 'group' }, [
        h('legend', { text: x.roleLegend }),
        radio('role', 'commune_officer', A.role === 'commune_officer', x.roles.commune_officer, function () {
          A.role = 'commune_officer';
        }),
        radio('role', 'province_admin', A.role === 'province_admin', x.roles.province_admin, function () {
          A.role = 'province_admin';
        }),
      ]),
    ];
    if (A.role === 'commune_officer')
      kids.push(
        h(
          'fieldset',
          { class: 'group' },
          [h('legend', { text: x.communesLegend })].concat(
            T.scopeCommunes().map(function (c) {
              var id = 'inv-c-' + c.code;
              return h('label', { class: 'choice' + (A.communes[c.code] ? ' is-checked' : ''), for: id }, [
                h('input', {
                  type: 'checkbox',
                  id: id,
                  checked: !!A.communes[c.code],
                  onchange: function (e) {
                    A.communes[c.code] = e.target.checked;
                  },
                }),
                h('span', { text: c.name + ' (' + c.code + ')' }),
              ]);
            }),
          ),
        ),
      );
    kids.push(
      text('inv-name', x.nameLabel, null, A.name, 'text', function (v) {
        A.name = v;
      }),
      text('inv-phone', x.phoneLabel, x.phoneHint, A.phone, 'tel', function (v) {
        A.phone = v;
      }),
      h('button', {
        type: 'button',
        class: 'btn',
        text: A.busy ? T.t().sending : x.invite,
        disabled: A.busy,
        onclick: invite,
      }),
    );
    if (A.invite)
      kids.push(
        h('div', { id: 'invite-code', class: 'notice notice-ok', tabindex: '-1', role: 'status' }, [
          h('p', { text: x.inviteCode }),
          h('p', { class: 'invite-code', text: A.invite.code }),
          h('p', { text: x.inviteUntil(T.fmtDate(A.invite.expiresAt)) }),
        ]),
      );
    return h('section', { class: 'card', 'aria-labelledby': 'invite-title' }, kids);
  }

  function listView() {
    var x = o();
    var kids = [h('h2', { text: x.officersTitle })];
    if (!A.list) kids.push(h('p', { class: 'loading', text: T.t().loading }));
    else if (A.list.failed) kids.push(h('p', { class: 'notice notice-bad', text: A.list.failed }));
    else if (!A.list.length) kids.push(h('p', { text: x.officersEmpty }));
    else
      kids.push(
        h(
          'ul',
          { class: 'officers' },
          A.list.map(function (p) {
            var where = (p.communeCodes || []).join(', ');
            return h('li', {
              text:
                p.name +
                ' – ' +
                (x.roles[p.role] || p.role) +
                (where ? ' (' + where + ')' : '') +
                (p.phone ? ', ' + p.phone : ''),
            });
          }),
        ),
      );
    return kids;
  }

  T.officerTab('officers', {
    needsLoad: function () {
      return !A.list;
    },
    load: load,
    view: function () {
      return [form(), listView(), T.apiKeysCard()];
    },
  });
})(window.TAS);
