/* Mini-app, officer section (province administrators): API keys for other systems, inside the "Cán bộ" tab. */
(function (T) {
  'use strict';

  var S = T.S,
    h = T.h;

  var OPS = ['payments', 'beneficiaries', 'verifications', 'broadcasts'];
  var K = (S.off.apiKeys = {
    list: null,
    name: '',
    ops: {},
    made: null,
    error: null,
    note: null,
    busy: false,
    confirm: null,
    loading: false,
  });

  function x() {
    return T.o().apiKeys;
  }
  function redraw() {
    T.redrawOfficer('officers');
  }

  T.loadApiKeys = async function loadApiKeys() {
    var r = await T.officerCall('GET', '/api-keys');
    if (!r) return;
    K.list = r.status === 200 ? r.data.keys : { failed: T.failText(r) };
    redraw();
  };

  async function create() {
    K.busy = true;
    K.error = null;
    K.made = null;
    K.note = null;
    redraw();
    var r = await T.officerCall('POST', '/api-keys', {
      name: K.name,
      operations: OPS.filter(function (op) {
        return K.ops[op];
      }),
    });
    K.busy = false;
    if (!r) return;
    if (r.status === 201) {
      K.made = r.data;
      K.name = '';
      K.ops = {};
      T.loadApiKeys();
    } else K.error = T.failText(r);
    redraw();
    var box = T.byId('apikey-secret') || T.byId('apikey-error');
    if (box) box.focus();
  }

  async function revoke(id) {
    // Two taps: a revoked key cannot be brought back, and the system using it stops at once.
    if (K.confirm !== id) {
      K.confirm = id;
      redraw();
      return;
    }
    K.confirm = null;
    K.busy = true;
    var r = await T.officerCall('POST', '/api-keys/' + encodeURIComponent(id) + '/revoke');
    K.busy = false;
    if (!r) return;
    if (r.status === 200) {
      K.note = x().revokedNote;
      K.made = null;
      T.loadApiKeys();
    } else K.error = T.failText(r);
    redraw();
  }

  function form() {
    var w = x();
    return [
      K.error ? h('p', { id: 'apikey-error', class: 'error', tabindex: '-1', text: K.error }) : null,
      h('div', { class: 'field' }, [
        h('label', { for: 'apikey-name', class: 'label', text: w.nameLabel }),
        h('p', { class: 'hint', text: w.nameHint }),
        h('input', {
          id: 'apikey-name',
          type: 'text',
          value: K.name,
          maxlength: '100',
          autocomplete: 'off',
          oninput: function (e) {
            K.name = e.target.value;
          },
        }),
      ]),
      h(
        'fieldset',
        { class: 'group' },
        [h('legend', { text: w.opsLegend })].concat(
          OPS.map(function (op) {
            var id = 'apikey-op-' + op;
            return h('label', { class: 'choice' + (K.ops[op] ? ' is-checked' : ''), for: id }, [
              h('input', {
                type: 'checkbox',
                id: id,
                checked: !!K.ops[op],
                onchange: function (e) {
                  K.ops[op] = e.target.checked;
                },
              }),
              h('span', { text: w.ops[op] }),
            ]);
          }),
        ),
      ),
      h('button', {
        type: 'button',
        class: 'btn',
        id: 'apikey-create',
        text: K.busy ? T.t().sending : w.create,
        disabled: K.busy,
        onclick: create,
      }),
    ];
  }

  function made() {
    var w = x();
    if (!K.made) return null;
    return h('div', { class: 'notice notice-ok', role: 'status' }, [
      h('p', { text: w.secretTitle }),
      h('textarea', {
        id: 'apikey-secret',
        readonly: true,
        rows: '3',
        text: K.made.secret,
        onfocus: function (e) {
          e.target.select();
        },
      }),
      h('p', { class: 'hint', text: w.secretHint }),
    ]);
  }

  function keyItem(k) {
    var w = x();
    var ops = k.operations
      .map(function (op) {
        return w.ops[op] || op;
      })
      .join('; ');
    var lines = [
      h('p', { class: 'label', text: k.name + ' – ' + (k.state === 'revoked' ? w.revoked : w.active) }),
      h('p', { text: ops }),
      h('p', {
        class: 'hint',
        text:
          k.prefix +
          ' · ' +
          w.made(T.fmtDate(k.createdAt)) +
          (k.lastUsedAt ? ' · ' + w.lastUsed(T.fmtDate(k.lastUsedAt)) : ''),
      }),
    ];
    if (k.state !== 'revoked')
      lines.push(
        h('button', {
          type: 'button',
          class: 'btn btn-second',
          'data-revoke': k.id,
          text: K.confirm === k.id ? w.revokeConfirm : w.revoke,
          disabled: K.busy,
          onclick: function () {
            revoke(k.id);
          },
        }),
      );
    return h('li', {}, lines);
  }

  function list() {
    var w = x();
    var kids = [h('h3', { text: w.listTitle })];
    if (!K.list) kids.push(h('p', { class: 'loading', text: T.t().loading }));
    else if (K.list.failed) kids.push(h('p', { class: 'notice notice-bad', text: K.list.failed }));
    else if (!K.list.length) kids.push(h('p', { text: w.empty }));
    else kids.push(h('ul', { class: 'officers', id: 'apikey-list' }, K.list.map(keyItem)));
    return kids;
  }

  /** The card the "Cán bộ" tab shows under the officers: intro, the form, a new key once, the keys. */
  T.apiKeysCard = function apiKeysCard() {
    var w = x();
    if (!K.list && !K.loading) {
      K.loading = true;
      T.loadApiKeys().then(function () {
        K.loading = false;
      });
    }
    return h(
      'section',
      { class: 'card', 'aria-labelledby': 'apikeys-title' },
      [
        h('h2', { id: 'apikeys-title', text: w.title }),
        h('p', { text: w.intro }),
        h('p', {}, [h('a', { href: '/api/v1/docs', target: '_blank', rel: 'noopener', text: w.docs })]),
        K.note ? h('p', { class: 'notice notice-ok', role: 'status', text: K.note }) : null,
      ]
        .concat(form())
        .concat([made()])
        .concat(list()),
    );
  };
})(window.TAS);
