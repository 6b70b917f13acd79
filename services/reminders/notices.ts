import { chats } from '../../models/chat.js';
import { notifications } from '../../models/notification.js';
import type { Officer } from '../../models/officer.js';
import type { OfficerTask } from '../../models/officer-task.js';
import { chatIdFor } from '../linking/chats.js';
import type { Notice } from '../notifications/outbox.js';
import type { Lang, TemplateName, TemplateVars } from '../notifications/templates/index.js';

/** The templates of task reminders: what Done cancels while it still waits. */
export const TASK_REMINDER_TEMPLATES: readonly TemplateName[] = ['task_reminder', 'task_overdue'];

/** An officer chat that can receive work notices now (it exists and has not blocked the bot). */
export type Recipient = { channel: 'telegram' | 'zalo'; chatId: string; chatRef: string; lang: Lang };

/**
 * The chats of a province's active officers, by commune (commune officers) and for the province
 * (administrators): one read of the chats for all of them, for their language and blocked state.
 */
export async function recipientsOf(staff: readonly Officer[]): Promise<{
  byCommune: Map<string, Recipient[]>;
  admins: Recipient[];
}> {
  const refs = staff.flatMap((o) => o.chats.map((c) => chatIdFor(c)));
  const docs = new Map((await chats.byIds([...new Set(refs)])).map((d) => [d.id, d]));
  const byCommune = new Map<string, Recipient[]>();
  const admins: Recipient[] = [];
  for (const o of staff) {
    if (o.removedAt) continue;
    const mine: Recipient[] = [];
    for (const c of o.chats) {
      const doc = docs.get(chatIdFor(c));
      if (doc && !doc.blockedAt) mine.push({ ...c, chatRef: doc.id, lang: doc.lang });
    }
    if (o.role === 'province_admin') admins.push(...mine);
    else for (const code of o.communeCodes) byCommune.set(code, [...(byCommune.get(code) ?? []), ...mine]);
  }
  return { byCommune, admins };
}

/** The event key of a task's reminder slot: commune, task, period and slot, so no slot is sent twice. */
export const reminderKey = (t: Pick<OfficerTask, 'communeCode' | 'task' | 'period'>, slot: string): string =>
  `task-reminder:${t.communeCode}:${t.task}:${t.period}:${slot}`;

/** The event key of a province's digest of one day. */
export const digestKey = (provinceCode: string, day: string): string => `late-digest:${provinceCode}:${day}`;

/** One notice per recipient, in the bulk lane (quiet hours, rate limits and retries apply). */
export function noticesTo<N extends TemplateName>(
  recipients: readonly Recipient[],
  n: { eventKey: string; period: string; template: N; vars: TemplateVars[N] },
): Notice[] {
  return recipients.map((r) => ({
    channel: r.channel,
    address: r.chatId,
    chatRef: r.chatRef,
    beneficiaryId: null,
    eventKey: n.eventKey,
    period: n.period,
    lane: 'bulk',
    lang: r.lang,
    template: n.template,
    vars: n.vars,
  })) as Notice[];
}

/** Cancels the reminders of tasks still waiting to be sent: called when tasks are done or not applicable. */
export async function cancelTaskReminders(taskIds: readonly string[]): Promise<number> {
  return notifications.cancelWaitingOfTasks(taskIds, TASK_REMINDER_TEMPLATES, 'task closed');
}
