import { AppError } from '../../services/errors.js';
import { formatDate, formatDateTime, formatPeriod } from '../../services/format.js';
import { calendarOf, vnDay, workingDaysAfter } from '../../services/reminders/calendar.js';
import { taskList, type TaskRow } from '../../services/reminders/task-list.js';
import { actingAt } from './acting.js';
import { flags, out, type CliCommand } from './command.js';

const STATES = {
  open: 'đang mở / open',
  done: 'đã xong / done',
  not_applicable: 'không áp dụng / not applicable',
} as const;

/** `reminders status`: each commune's monthly tasks of a period, with deadline and state. */
export const reminderStatusCommand: CliCommand = {
  usage: `  reminders status --province MÃ --period YYYY-MM [--officer SĐT]
                                  công việc hằng tháng của từng xã: hạn, trạng thái, ai hoàn thành khi nào / each commune's tasks and state`,
  async run(args, rt) {
    if (args[0] !== 'reminders' || args[1] !== 'status') return null;
    const f = flags(args.slice(2));
    const acting = await actingAt(rt, f.get('officer')[0]);
    const province = acting.scope.provinceCode ?? f.get('province')[0];
    const period = f.get('period')[0];
    if (!province || !/^\d{2}$/.test(province) || !period)
      throw new AppError('invalid_input', 'Cần --province MÃ (2 chữ số) và --period YYYY-MM.');
    const { tasks } = await taskList(acting, { period, provinceCode: province });
    const cal = await calendarOf(province);
    const today = vnDay(acting.now());
    const state = (t: TaskRow): string => {
      if (t.status !== 'open')
        return `${STATES[t.status]} ${t.completedAt ? formatDateTime(t.completedAt) : ''} — ${t.closedByName ?? ''}`;
      const late = workingDaysAfter(cal, t.deadlineDay, today);
      return late > 0 ? `quá hạn ${late} ngày làm việc / ${late} working days late` : STATES.open;
    };
    out(`Tỉnh / province ${province} · kỳ / period ${formatPeriod(period)} · ${tasks.length} công việc / tasks`);
    let commune = '';
    for (const t of tasks) {
      if (t.communeCode !== commune) out(`${(commune = t.communeCode)} ${t.communeName}`);
      out(`  ${t.label.vi.padEnd(24)} hạn / due ${formatDate(t.deadlineDay)}  ${state(t)}`);
    }
    return 0;
  },
};
