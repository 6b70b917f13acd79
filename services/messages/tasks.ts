import { formatDate, formatDateTime, formatPeriod } from '../format.js';
import type { TaskRow } from '../reminders/task-list.js';
import type { Lang } from './common.js';

/** What the bot answers when an officer presses Done on a task reminder. */
export type TaskTexts = {
  /** The short toast on the pressed button. */
  doneToast: string;
  /** The reply: which task of which commune, and who closed it when. */
  done: (t: TaskRow, justNow: boolean) => string;
};

export const taskTexts: Record<Lang, TaskTexts> = {
  vi: {
    doneToast: 'Đã ghi nhận hoàn thành.',
    done: (t, justNow) =>
      t.status === 'not_applicable'
        ? `ℹ️ ${t.label.vi} — ${t.communeName}, kỳ ${formatPeriod(t.period)}: tỉnh đã đánh dấu không áp dụng.`
        : justNow
          ? `✅ Đã ghi nhận hoàn thành: ${t.label.vi} — ${t.communeName}, kỳ ${formatPeriod(t.period)} (hạn ${formatDate(t.deadlineDay)}). Sẽ không còn nhắc việc này nữa.`
          : `✅ ${t.label.vi} — ${t.communeName}, kỳ ${formatPeriod(t.period)} đã được ghi nhận hoàn thành lúc ${formatDateTime(t.completedAt!)} (${t.closedByName}).`,
  },
  en: {
    doneToast: 'Marked as done.',
    done: (t, justNow) =>
      t.status === 'not_applicable'
        ? `ℹ️ ${t.label.en} — ${t.communeName}, period ${formatPeriod(t.period)}: the province marked it not applicable.`
        : justNow
          ? `✅ Marked as done: ${t.label.en} — ${t.communeName}, period ${formatPeriod(t.period)} (deadline ${formatDate(t.deadlineDay)}). No more reminders for it.`
          : `✅ ${t.label.en} — ${t.communeName}, period ${formatPeriod(t.period)} was already marked done at ${formatDateTime(t.completedAt!)} (${t.closedByName}).`,
  },
};
