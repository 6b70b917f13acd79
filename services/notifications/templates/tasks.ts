import { formatDate, formatPeriod } from '../../format.js';
import { TASK_LABELS } from '../../reminders/calendar.js';
import type { MessageButton } from '../channel.js';
import type { Lang, Renderers, TemplateName, TemplateVars } from './types.js';
import { lines } from './words.js';

type TaskTemplate = 'task_reminder' | 'task_overdue' | 'province_late_digest';

const days = (lang: Lang, n: number): string => (lang === 'vi' ? `${n} ngày` : n === 1 ? '1 day' : `${n} days`);

const BUTTONS: Record<Lang, { done: string; app: string }> = {
  vi: { done: '✅ Đã xong', app: '📋 Mở mục Cán bộ' },
  en: { done: '✅ Done', app: '📋 Open the officer section' },
};

// Officers read these between other work: which task, which commune, how long is left, the one button to press.
const vi: Renderers<TaskTemplate> = {
  task_reminder: (v) =>
    lines(
      `⏰ Nhắc việc: ${TASK_LABELS[v.task].vi}`,
      `Xã, phường: ${v.communeName}`,
      v.daysLeft > 0
        ? `Kỳ ${formatPeriod(v.period)}: hạn chót ngày ${formatDate(v.deadlineDay)}, còn ${days('vi', v.daysLeft)}.`
        : `Kỳ ${formatPeriod(v.period)}: hôm nay, ngày ${formatDate(v.deadlineDay)}, là hạn chót.`,
      'Khi làm xong, xin bấm «Đã xong» để dừng nhắc việc.',
    ),
  task_overdue: (v) =>
    lines(
      `⚠️ Quá hạn: ${TASK_LABELS[v.task].vi}`,
      `Xã, phường: ${v.communeName}`,
      `Kỳ ${formatPeriod(v.period)}: hạn chót ngày ${formatDate(v.deadlineDay)}, đã quá hạn ${days('vi', v.daysLate)}.`,
      'Xin hoàn thành sớm rồi bấm «Đã xong». Nhắc việc được gửi mỗi ngày làm việc cho đến khi xong.',
    ),
  province_late_digest: (v) =>
    lines(
      `📋 Xã, phường chậm hạn của ${v.provinceName}, ngày ${formatDate(v.day)}`,
      ...v.late.map(
        (l) =>
          `• ${l.communeName}: ${TASK_LABELS[l.task].vi} kỳ ${formatPeriod(l.period)}, chậm ${days('vi', l.daysLate)}.`,
      ),
      v.more > 0 ? `Và ${v.more} việc chậm hạn khác.` : null,
      'Xem đầy đủ trong mục Cán bộ của ứng dụng Tin An Sinh.',
    ),
};

const en: Renderers<TaskTemplate> = {
  task_reminder: (v) =>
    lines(
      `⏰ Reminder: ${TASK_LABELS[v.task].en}`,
      `Commune: ${v.communeName}`,
      v.daysLeft > 0
        ? `Period ${formatPeriod(v.period)}: deadline ${formatDate(v.deadlineDay)}, ${days('en', v.daysLeft)} left.`
        : `Period ${formatPeriod(v.period)}: today, ${formatDate(v.deadlineDay)}, is the deadline.`,
      'When it is done, please press «Done» to stop the reminders.',
    ),
  task_overdue: (v) =>
    lines(
      `⚠️ Overdue: ${TASK_LABELS[v.task].en}`,
      `Commune: ${v.communeName}`,
      `Period ${formatPeriod(v.period)}: the deadline was ${formatDate(v.deadlineDay)}, ${days('en', v.daysLate)} ago.`,
      'Please finish it soon, then press «Done». A reminder comes every working day until it is done.',
    ),
  province_late_digest: (v) =>
    lines(
      `📋 Late communes of ${v.provinceName}, ${formatDate(v.day)}`,
      ...v.late.map(
        (l) =>
          `• ${l.communeName}: ${TASK_LABELS[l.task].en}, period ${formatPeriod(l.period)}, ${days('en', l.daysLate)} late.`,
      ),
      v.more > 0 ? `And ${v.more} more late tasks.` : null,
      'See them all in the officer section of the Tin An Sinh app.',
    ),
};

/** Notices about officers' monthly tasks, by language. */
export const TASK_TEXTS: Record<Lang, Renderers<TaskTemplate>> = { vi, en };

/** The buttons a notice carries: Done on a task notice, and the officer section on every task template. */
export function taskButtons(name: TemplateName, lang: Lang, vars: unknown): MessageButton[] | undefined {
  const t = BUTTONS[lang];
  const app: MessageButton = { kind: 'open_app', section: 'officer', label: t.app };
  if (name === 'task_reminder' || name === 'task_overdue') {
    const { taskId } = vars as TemplateVars['task_reminder'];
    return [{ kind: 'callback', data: `task:done:${taskId}`, label: t.done }, app];
  }
  return name === 'province_late_digest' ? [app] : undefined;
}
