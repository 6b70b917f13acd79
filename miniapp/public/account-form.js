/* Mini-app: the change form, a draft in memory, replaced on the server only by «Save». */
(function (T) {
  'use strict';

  var S = T.S,
    t = T.t,
    h = T.h,
    add = T.add,
    byId = T.byId,
    api = T.api,
    find = T.find;

  var FIELD_ORDER = [
    'type',
    'providerCode',
    'accountNumber',
    'holderName',
    'owner',
    'newAuthorized.name',
    'newAuthorized.nationalId',
    'newAuthorized.phone',
    'newAuthorized.relation',
  ];
  var PROVIDERS_SHOWN = 12;

  T.openForm = function openForm(ref) {
    var r = find(ref);
    if (!r) return;
    var a = r.account;
    S.notice = null;
    S.form = {
      ref: ref,
      type: a ? a.type : 'bank',
      providerCode: a ? a.providerCode : '',
      search: '',
      accountNumber: '',
      holderName: a ? a.holderName : r.fullName,
      holderTouched: false,
      owner: a && a.owner === 'authorized' && r.guardian ? 'authorized' : 'self',
      na: { name: '', nationalId: '', phone: '', relation: '' },
      errors: {},
      summary: '',
      busy: false,
    };
    try {
      history.pushState({ tasForm: true }, '');
    } catch (e) {
      /* some webviews refuse; the back button then leaves */
    }
    T.backButton(true);
    showForm();
    if (!S.providers) loadProviders();
  };

  function leaveForm() {
    if (history.state && history.state.tasForm) history.back();
    else T.showList();
  }
  T.leaveForm = leaveForm;

  window.addEventListener('popstate', function () {
    if (S.form) T.showList();
  });

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

  // ---- fields: each shows its own error from S.form.errors ----
  function fieldId(key) {
    return 'f-' + key.replace(/\./g, '-');
  }

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
      id: id,
      name: key,
      type: 'text',
      value: value,
      autocomplete: 'off',
      spellcheck: 'false',
      'aria-invalid': S.form.errors[key] ? 'true' : null,
      'aria-describedby': describedBy(key, hintId),
      oninput: function (e) {
        onValue(e.target.value);
      },
    };
    for (var k in attrs) props[k] = attrs[k];
    return h('div', { class: 'field' + (S.form.errors[key] ? ' field-bad' : '') }, [
      h('label', { for: id, class: 'label', text: label }),
      hint ? h('p', { id: hintId, class: 'hint', text: hint }) : null,
      errorFor(key),
      h('input', props),
    ]);
  }

  function choice(name, value, checked, label, invalid, onPick) {
    var id = fieldId(name) + '-' + value;
    return h('label', { class: 'choice' + (checked ? ' is-checked' : ''), for: id }, [
      h('input', {
        type: 'radio',
        id: id,
        name: name,
        value: value,
        checked: checked,
        'aria-invalid': invalid ? 'true' : null,
        onchange: function () {
          onPick(value, id);
        },
      }),
      h('span', {}, label),
    ]);
  }

  function group(key, legend, kids, extraClass) {
    return h(
      'fieldset',
      {
        id: fieldId(key),
        class: 'group' + (extraClass ? ' ' + extraClass : '') + (S.form.errors[key] ? ' field-bad' : ''),
        'aria-describedby': describedBy(key, null),
      },
      [h('legend', { text: legend }), errorFor(key)].concat(kids),
    );
  }

  function showForm(focusId) {
    S.render = function () {
      showForm();
    };
    var f = S.form,
      x = t(),
      r = find(f.ref);
    var title = T.heading(x.formTitle);
    var types = ['bank', 'ewallet', 'mobile_money'].map(function (ty) {
      return choice('type', ty, f.type === ty, x.types[ty], !!f.errors.type, function (v, id) {
        if (f.type !== v) {
          f.type = v;
          f.search = '';
          if (!providerOfType(f.providerCode, v)) f.providerCode = '';
        }
        showForm(id);
      });
    });
    var owners = [
      choice(
        'owner',
        'self',
        f.owner === 'self',
        [x.ownSelf, h('strong', { text: r.fullName })],
        !!f.errors.owner,
        pickOwner,
      ),
    ];
    if (r.guardian) {
      owners.push(
        choice(
          'owner',
          'authorized',
          f.owner === 'authorized',
          [
            x.ownAuthorized,
            h('strong', { text: r.guardian.name }),
            r.guardian.relation ? ' (' + r.guardian.relation + ')' : '',
          ],
          !!f.errors.owner,
          pickOwner,
        ),
      );
    }
    owners.push(choice('owner', 'new_authorized', f.owner === 'new_authorized', x.ownNew, !!f.errors.owner, pickOwner));
    if (f.owner === 'new_authorized') {
      owners.push(
        h('div', { class: 'reveal' }, [
          h('p', { class: 'notice notice-warn', text: x.newNote }),
          textField('newAuthorized.name', x.naName, null, f.na.name, { autocomplete: 'off' }, function (v) {
            f.na.name = v;
          }),
          textField(
            'newAuthorized.nationalId',
            x.naId,
            x.naIdHint,
            f.na.nationalId,
            { inputmode: 'numeric', maxlength: '20' },
            function (v) {
              f.na.nationalId = v;
            },
          ),
          textField(
            'newAuthorized.phone',
            x.naPhone,
            x.naPhoneHint,
            f.na.phone,
            { type: 'tel', inputmode: 'tel', maxlength: '20' },
            function (v) {
              f.na.phone = v;
            },
          ),
          textField(
            'newAuthorized.relation',
            x.naRelation,
            x.naRelationHint,
            f.na.relation,
            { maxlength: '50' },
            function (v) {
              f.na.relation = v;
            },
          ),
        ]),
      );
    }
    var save = h('button', {
      type: 'submit',
      class: 'btn',
      id: 'save',
      text: f.busy ? x.saving : x.save,
      disabled: f.busy,
    });
    var form = h(
      'form',
      {
        novalidate: true,
        onsubmit: function (e) {
          e.preventDefault();
          saveForm();
        },
      },
      [
        group('type', x.typeLegend, types),
        group('providerCode', x.providerLegend[f.type], [
          h('label', { for: 'provider-search', class: 'label', text: x.search }),
          h('input', {
            id: 'provider-search',
            type: 'search',
            value: f.search,
            autocomplete: 'off',
            spellcheck: 'false',
            'aria-controls': 'provider-list',
            oninput: function (e) {
              f.search = e.target.value;
              renderProviders();
            },
          }),
          h('div', { id: 'provider-list', class: 'choices' }),
          h('p', { id: 'provider-count', class: 'hint', 'aria-live': 'polite' }),
        ]),
        textField(
          'accountNumber',
          x.numberLabel[f.type],
          x.numberHint[f.type],
          f.accountNumber,
          { inputmode: 'numeric', maxlength: '30' },
          function (v) {
            f.accountNumber = v;
          },
        ),
        textField('holderName', x.holderLabel, x.holderHint, f.holderName, { maxlength: '100' }, function (v) {
          f.holderName = v;
          f.holderTouched = true;
        }),
        group('owner', x.ownerLegend, owners),
        save,
        h('button', { type: 'button', class: 'btn btn-second', text: x.cancel, onclick: leaveForm }),
      ],
    );
    T.show(
      [
        title,
        h('p', {}, [x.formFor + ' ', h('strong', { text: r.fullName })]),
        h('p', { class: 'notice notice-info', text: x.keepNote }),
        f.summary
          ? h('div', { id: 'form-alert', class: 'notice notice-bad', role: 'alert', tabindex: '-1', text: f.summary })
          : null,
        form,
      ],
      focusId ? null : title,
    );
    renderProviders();
    if (focusId && byId(focusId)) byId(focusId).focus();
  }

  function pickOwner(v, id) {
    var f = S.form,
      r = find(f.ref);
    f.owner = v;
    // Suggest the matching holder name until the person types one of their own.
    if (!f.holderTouched)
      f.holderName = v === 'self' ? r.fullName : v === 'authorized' && r.guardian ? r.guardian.name : f.holderName;
    showForm(id);
  }

  function providerOfType(code, type) {
    if (!Array.isArray(S.providers)) return true;
    return S.providers.some(function (p) {
      return p.code === code && p.type === type;
    });
  }

  function fold(s) {
    return String(s || '')
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[đĐ]/g, 'd')
      .toLowerCase()
      .replace(/\s+/g, '');
  }

  function renderProviders(focusId) {
    var list = byId('provider-list'),
      count = byId('provider-count'),
      f = S.form,
      x = t();
    if (!list || !f) return;
    list.textContent = '';
    count.textContent = '';
    if (S.providers === 'loading' || !S.providers) {
      list.appendChild(h('p', { text: x.providersLoading }));
      return;
    }
    if (S.providers === 'failed') {
      add(list, [
        h('p', { text: x.providersFailed }),
        h('button', { type: 'button', class: 'btn btn-second', text: x.retry, onclick: loadProviders }),
      ]);
      return;
    }
    var q = fold(f.search);
    var ofType = S.providers.filter(function (p) {
      return p.type === f.type;
    });
    var hits = ofType.filter(function (p) {
      return !q || fold(p.shortName + ' ' + p.code + ' ' + p.name).indexOf(q) >= 0;
    });
    var shown = hits.slice(0, PROVIDERS_SHOWN);
    var chosen = ofType.filter(function (p) {
      return p.code === f.providerCode;
    })[0];
    if (chosen && shown.indexOf(chosen) < 0) shown.unshift(chosen);
    add(
      list,
      shown.map(function (p) {
        return choice(
          'providerCode',
          p.code,
          p.code === f.providerCode,
          [h('strong', { text: p.shortName }), ' ', h('span', { class: 'code', text: p.code })],
          !!f.errors.providerCode,
          function (v, id) {
            f.providerCode = v;
            renderProviders(id);
          },
        );
      }),
    );
    count.textContent = !hits.length
      ? x.noneFound
      : hits.length > PROVIDERS_SHOWN
        ? x.shown(PROVIDERS_SHOWN, hits.length)
        : q
          ? x.found(hits.length)
          : '';
    if (focusId && byId(focusId)) byId(focusId).focus();
  }

  function digitsOnly(s) {
    return String(s || '').replace(/\s+/g, '');
  }

  function collect() {
    var f = S.form;
    var body = {
      type: f.type,
      providerCode: f.providerCode,
      accountNumber: digitsOnly(f.accountNumber),
      holderName: f.holderName.replace(/\s+/g, ' ').trim(),
      owner: f.owner,
    };
    if (f.owner === 'new_authorized') {
      body.newAuthorized = {
        name: f.na.name.replace(/\s+/g, ' ').trim(),
        nationalId: digitsOnly(f.na.nationalId),
        phone: digitsOnly(f.na.phone),
        relation: f.na.relation.trim(),
      };
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
      if (el) {
        el.focus();
        return;
      }
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
        T.replaceRecord(r.data.record);
        S.notice = { kind: 'ok', text: t().savedNotice, warnings: r.data.warnings || [] };
        leaveForm();
      } else if (r.status === 422) {
        f.errors = r.data.fields || {};
        f.summary = r.data.message || t().fixBelow;
        showForm('save');
        focusFirstError();
      } else if (r.status === 401) {
        T.showUnauthorized();
      } else {
        if (r.status === 403) await T.refreshCsrf();
        formFailed(r.data.message || t().failed);
      }
    } catch (e) {
      f.busy = false;
      formFailed(t().network);
    }
  }
})(window.TAS);
