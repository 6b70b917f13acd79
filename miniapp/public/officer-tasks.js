/* Mini-app, officer section: this month's tasks of each commune with a Done button, and the province calendar (deadline days, days off) its administrator edits. */
(function (T) {
  'use strict';

  var S = T.S,
    h = T.h;

  var W = {
    vi: {
      tab: 'Công việc tháng',
      period: 'Kỳ (tháng)',
      empty: 'Chưa có công việc nào trong kỳ này.',
      due: function (d) {
        return 'Hạn: ' + d;
      },
      states: { open: 'Chưa xong', done: 'Đã xong', not_applicable: 'Không áp dụng' },
      closed: function (when, who) {
        return 'Ghi nhận lúc ' + when + (who ? ' — ' + who : '');
      },
      done: 'Đã xong',
      notApplicable: 'Không áp dụng',
      calendarTitle: 'Lịch hạn của tỉnh',
      dayLabel: function (label) {
        return label + ': ngày (1–28) hằng tháng';
      },
      holidaysLabel: 'Ngày nghỉ (mỗi dòng một ngày, dd/mm/yyyy)',
      holidaysHint: 'Hạn rơi vào thứ Bảy, Chủ nhật hoặc ngày nghỉ được dời sang ngày làm việc kế tiếp.',
      save: 'Lưu lịch',
      saved: 'Đã lưu lịch. Hạn của các công việc chưa xong đã được cập nhật.',
      badDay: function (line) {
        return 'Ngày không hợp lệ: ' + line;
      },
    },
    en: {
      tab: 'Monthly tasks',
      period: 'Period (month)',
      empty: 'No tasks in this period yet.',
      due: function (d) {
        return 'Deadline: ' + d;
      },
      states: { open: 'Not done', done: 'Done', not_applicable: 'Not applicable' },
      closed: function (when, who) {
        return 'Recorded ' + when + (who ? ' — ' + who : '');
      },
      done: 'Done',
      notApplicable: 'Not applicable',
      calendarTitle: "The province's deadlines",
      dayLabel: function (label) {
        return label + ': day of the month (1–28)';
      },
      holidaysLabel: 'Days off (one per line, dd/mm/yyyy)',
      holidaysHint: 'A deadline on a Saturday, Sunday or day off moves to the next working day.',
      save: 'Save',
      saved: 'Saved. The deadlines of tasks not done yet were updated.',
      badDay: function (line) {
        return 'Not a valid date: ' + line;
      },
    },
  };
  T.TEXT.vi.officer.tabs.tasks = W.vi.tab;
  T.TEXT.en.officer.tabs.tasks = W.en.tab;

  var K = (S.off.tasks = { period: '', list: null, cal: null, days: {}, holidays: '', busy: false });

  function w() {
    return W[S.lang === 'en' ? 'en' : 'vi'];
  }
  function say(kind, text) {
    S.off.notice = { kind: kind, text: text };
  }

  async function load() {
    var q = K.period ? '?period=' + encodeURIComponent(K.period) : '';
    var r = await T.officerCall('GET', '/tasks' + q);
    if (!r) return;
    K.list = r.status === 200 ? r.data.tasks : { failed: T.failText(r) };
    if (r.status === 200) K.period = r.data.period;
    var c = await T.officerCall('GET', '/calendar');
    if (c && c.status === 200) setCalendar(c.data);
    T.redrawOfficer('tasks');
  }

  function setCalendar(cal) {
    K.cal = cal;
    K.days = {};
    cal.tasks.forEach(function (t) {
      K.days[t.key] = String(t.day);
    });
    K.holidays = cal.holidays
      .map(function (x) {
        return T.fmtDate(x.day);
      })
      .join('\n');
  }

  async function act(task, what) {
    K.busy = true;
    var r = await T.officerCall('POST', '/tasks/' + task.id + '/' + what);
    K.busy = false;
    if (!r) return;
    if (r.status !== 200) say('bad', T.failText(r));
    await load();
  }

  function isoOf(line) {
    var m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(line);
    if (!m) return null;
    return m[3] + '-' + (m[2].length < 2 ? '0' : '') + m[2] + '-' + (m[1].length < 2 ? '0' : '') + m[1];
  }

  async function saveCalendar() {
    var lines = K.holidays
      .split(/\s*\n\s*/)
      .map(function (s) {
        return s.trim();
      })
      .filter(Boolean);
    var days = [];
    for (var i = 0; i < lines.length; i++) {
      var iso = isoOf(lines[i]);
      if (!iso) {
        say('bad', w().badDay(lines[i]));
        T.redrawOfficer('tasks');
        return;
      }
      days.push(iso);
    }
    var r = await T.officerCall('PUT', '/calendar', {
      tasks: Object.keys(K.days).map(function (k) {
        return { key: k, day: Number(K.days[k]) };
      }),
      holidays: days,
    });
    if (!r) return;
    if (r.status === 200) {
      setCalendar(r.data);
      say('ok', w().saved);
      K.list = null;
      await load();
    } else say('bad', T.failText(r));
    T.redrawOfficer('tasks');
  }

  function taskCard(t) {
    var x = w();
    var kids = [
      h('h3', { text: t.communeName + ' (' + t.communeCode + ')' }),
      h('p', { text: (t.label[S.lang] || t.label.vi) + ' · ' + x.due(T.fmtDate(t.deadlineDay)) }),
      h('p', { 'data-state': t.status, text: x.states[t.status] || t.status }),
    ];
    if (t.status !== 'open')
      kids.push(h('p', { class: 'hint', text: x.closed(T.fmtDate(t.completedAt), t.closedByName) }));
    else {
      kids.push(
        h('button', {
          type: 'button',
          class: 'btn',
          text: x.done,
          disabled: K.busy,
          onclick: function () {
            act(t, 'done');
          },
        }),
      );
      if (T.isAdmin())
        kids.push(
          h('button', {
            type: 'button',
            class: 'btn btn-second',
            text: x.notApplicable,
            disabled: K.busy,
            onclick: function () {
              act(t, 'not-applicable');
            },
          }),
        );
    }
    return h('section', { class: 'card', 'data-task': t.id }, kids);
  }

  function calendarForm() {
    var x = w(),
      cal = K.cal;
    if (!cal || !cal.editable) return null;
    var kids = [h('h2', { text: x.calendarTitle })];
    cal.tasks.forEach(function (t) {
      var id = 'cal-day-' + t.key;
      kids.push(
        h('div', { class: 'field' }, [
          h('label', { for: id, class: 'label', text: x.dayLabel(t.label[S.lang] || t.label.vi) }),
          h('input', {
            id: id,
            type: 'number',
            min: '1',
            max: '28',
            value: K.days[t.key],
            oninput: function (e) {
              K.days[t.key] = e.target.value;
            },
          }),
        ]),
      );
    });
    kids.push(
      h('div', { class: 'field' }, [
        h('label', { for: 'cal-holidays', class: 'label', text: x.holidaysLabel }),
        h('p', { class: 'hint', text: x.holidaysHint }),
        h('textarea', {
          id: 'cal-holidays',
          rows: '8',
          text: K.holidays,
          oninput: function (e) {
            K.holidays = e.target.value;
          },
        }),
      ]),
      h('button', { type: 'button', class: 'btn', text: x.save, onclick: saveCalendar }),
    );
    return h('section', { class: 'card' }, kids);
  }

  T.officerTab('tasks', {
    needsLoad: function () {
      return !K.list;
    },
    load: load,
    view: function () {
      var x = w();
      var kids = [
        h('div', { class: 'field' }, [
          h('label', { for: 'task-period', class: 'label', text: x.period }),
          h('input', {
            id: 'task-period',
            type: 'month',
            value: K.period,
            onchange: function (e) {
              K.period = e.target.value;
              K.list = null;
              load();
            },
          }),
        ]),
      ];
      if (!K.list) kids.push(h('p', { class: 'loading', text: T.t().loading }));
      else if (K.list.failed) kids.push(h('p', { class: 'notice notice-bad', text: K.list.failed }));
      else if (!K.list.length) kids.push(h('p', { text: x.empty }));
      else kids = kids.concat(K.list.map(taskCard));
      return kids.concat(calendarForm());
    },
  });
})(window.TAS);
