/* Mini-app, officer section: uploading the police's verification results and reading the report row by row. */
(function (T) {
  'use strict';

  var S = T.S,
    h = T.h,
    o = T.o;

  var R = (S.off.results = { report: null, busy: false, error: null });

  function typeOf(file) {
    if (/\.xlsx$/i.test(file.name)) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    if (/\.csv$/i.test(file.name)) return 'text/csv';
    return file.type || 'application/octet-stream';
  }

  async function upload() {
    var input = T.byId('results-file');
    var file = input && input.files && input.files[0];
    if (!file) {
      R.error = o().noFile;
      return T.redrawOfficer('results');
    }
    R.busy = true;
    R.error = null;
    R.report = null;
    T.redrawOfficer('results');
    var r;
    try {
      var res = await T.request('POST', '/officer/results?name=' + encodeURIComponent(file.name), file, typeOf(file));
      var data = await res.json().catch(function () {
        return {};
      });
      r = { status: res.status, data: data };
    } catch (e) {
      r = { status: 0, data: { message: T.t().network } };
    }
    R.busy = false;
    if (r.status === 401) return T.showUnauthorized();
    if (r.status === 403) await T.refreshCsrf();
    if (r.status === 200) {
      R.report = r.data;
      S.off.dash = null;
      S.off.queue.data = null;
    } else R.error = T.failText(r);
    T.redrawOfficer('results');
    var box = T.byId('report') || T.byId('upload-error');
    if (box) box.focus();
  }

  function reportView(rep) {
    var x = o();
    var kids = [h('h2', { text: x.reportTitle }), h('p', { class: 'strong', text: x.reportSummary(rep) })];
    if (!rep.rejects.length) kids.push(h('p', { class: 'notice notice-ok', text: x.allGood }));
    else {
      kids.push(h('p', { text: x.rejectsTitle }));
      kids.push(
        h(
          'ul',
          { class: 'rejects' },
          rep.rejects.map(function (j) {
            return h('li', {}, [
              h('strong', { text: x.line(j.line) }),
              ' – ' + (j.columnLabel ? j.columnLabel + ': ' : '') + j.reason,
            ]);
          }),
        ),
      );
    }
    return h('section', { id: 'report', class: 'card', tabindex: '-1', role: 'status' }, kids);
  }

  T.officerTab('results', {
    needsLoad: function () {
      return false;
    },
    load: function () {},
    view: function () {
      var x = o();
      return [
        h('p', { text: x.resultsIntro }),
        h('div', { class: 'field' }, [
          h('label', { for: 'results-file', class: 'label', text: x.fileLabel }),
          R.error ? h('p', { id: 'upload-error', class: 'error', tabindex: '-1', text: R.error }) : null,
          h('input', {
            type: 'file',
            id: 'results-file',
            accept: '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          }),
        ]),
        h('button', {
          type: 'button',
          class: 'btn',
          text: R.busy ? T.t().sending : x.upload,
          disabled: R.busy,
          onclick: upload,
        }),
        R.report ? reportView(R.report) : null,
      ];
    },
  });
})(window.TAS);
