import { accounts } from '../../models/account.js';
import { beneficiaries } from '../../models/beneficiary.js';
import { chatLinks } from '../../models/chat-link.js';
import { chats } from '../../models/chat.js';
import { jobMarks } from '../../models/job-mark.js';
import { accountIdFor } from '../../models/ids.js';
import type { Config } from '../config.js';
import { chatIdFor, type ChatRef } from '../linking/chats.js';
import { enqueue, type Notice } from '../notifications/outbox.js';
import type { AccountReminderReason } from '../notifications/templates/types.js';
import { vnDay, vnInstant } from './calendar.js';

/** When and whom the pre-period reminder concerns (ACCOUNT_REMINDER_* in the configuration). */
export type AccountReminderPolicy = { day: number; time: string; unconfirmedMonths: number };
export const DEFAULT_ACCOUNT_REMINDER: AccountReminderPolicy = { day: 10, time: '09:00', unconfirmedMonths: 3 };
export const accountReminderPolicy = (c: Config): AccountReminderPolicy => ({
  day: c.ACCOUNT_REMINDER_DAY,
  time: c.ACCOUNT_REMINDER_TIME,
  unconfirmedMonths: c.ACCOUNT_REMINDER_UNCONFIRMED_MONTHS,
});

/** Links read per page: each page costs one read of links, records, accounts and chats, one insert and one mark. */
const PAGE = 500;

/** How a pass reads: the page size, and what to call after each page is stored (progress; tests stop a pass there). */
export type PassOptions = { pageSize?: number; afterPage?: (cursor: string) => void | Promise<void> };

/** The mark of one period's pass (`models/job-mark.ts`). */
export const accountReminderMark = (period: string): string => `account-reminder:${period}`;

const monthIndex = (period: string) => Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1;
const periodAt = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;

/**
 * The payment period this instant reminds about: the next month, when the instant is on the
 * reminder day at or after its time (Vietnam); null on any other day.
 */
export function reminderPeriod(at: Date, policy: AccountReminderPolicy): string | null {
  const day = vnDay(at);
  if (Number(day.slice(8, 10)) !== policy.day || at < vnInstant(day, policy.time)) return null;
  return periodAt(monthIndex(day) + 1);
}

type Standing = NonNullable<Awaited<ReturnType<typeof accounts.byIds>>[number]>;

/** Why this record's details need the person, or null when they do not. */
export function reasonOf(
  account: Standing | undefined,
  period: string,
  policy: AccountReminderPolicy,
): AccountReminderReason | null {
  if (!account) return 'missing';
  if (account.verification.state === 'mismatch' || account.verification.state === 'rejected')
    return account.verification.state;
  // Details the person gave in the mini-app count as confirmed for the period after they gave them.
  const given = account.current.source.startsWith('miniapp') ? monthIndex(vnDay(account.current.submittedAt)) + 1 : -1;
  const confirmed = Math.max(account.confirmation ? monthIndex(account.confirmation.period) : -1, given);
  return confirmed < 0 || monthIndex(period) - confirmed >= policy.unconfirmedMonths ? 'unconfirmed' : null;
}

/**
 * Before each payment period, one polite reminder to every chat linked to an active record paid to an
 * account whose details are missing, `mismatch`, `rejected` or not confirmed for months; nobody else,
 * never an ended record. Through the bulk lane (quiet hours, pacing), the event key per record and
 * period, so a second run (or a second worker) creates nothing. Reads chat links page by page in
 * `_id` order, the records, accounts and chats of a page by id, and marks the page done: six commands
 * per 500 links. The job runs every few minutes all day: a period whose pass finished costs one read
 * of its mark, and a pass that crashed resumes after the last page it finished.
 */
export async function remindBeneficiaries(
  at: Date,
  policy: AccountReminderPolicy = DEFAULT_ACCOUNT_REMINDER,
  opts: PassOptions = {},
): Promise<{ created: number }> {
  const period = reminderPeriod(at, policy);
  if (!period) return { created: 0 };
  const key = accountReminderMark(period);
  const mark = await jobMarks.byKey(key);
  if (mark?.doneAt) return { created: 0 };
  let created = 0;
  const size = opts.pageSize ?? PAGE;
  for (let after: string | null = mark?.cursor ?? null; ;) {
    const links = await chatLinks.page(after, size);
    if (!links.length) break;
    after = links[links.length - 1]!.id;
    created += await remindPage(links, period, at, policy);
    await jobMarks.advance(key, after, at);
    await opts.afterPage?.(after);
    if (links.length < size) break;
  }
  await jobMarks.finish(key, at);
  return { created };
}

type Link = Awaited<ReturnType<typeof chatLinks.page>>[number];

/** The reminders one page of chat links is due, stored; returns how many were new. */
async function remindPage(links: Link[], period: string, at: Date, policy: AccountReminderPolicy): Promise<number> {
  const ids = [...new Set(links.map((l) => l.beneficiaryId))];
  const records = await beneficiaries.existing(ids);
  const due = ids.filter((id) => {
    const r = records.get(id);
    return r && r.status === 'active' && r.paymentMethod !== 'cash_post';
  });
  if (!due.length) return 0;
  const refOf = (l: { channel: string; chatId: string }) =>
    chatIdFor({ channel: l.channel as ChatRef['channel'], chatId: l.chatId });
  const [standings, chatDocs] = await Promise.all([
    accounts.byIds(due.map(accountIdFor)),
    chats.byIds([...new Set(links.map(refOf))]),
  ]);
  const accountOf = new Map(standings.map((a) => [a.beneficiaryId, a]));
  const chatOf = new Map(chatDocs.map((c) => [c.id, c]));
  const notices: Notice[] = [];
  for (const id of due) {
    const reason = reasonOf(accountOf.get(id), period, policy);
    if (!reason) continue;
    for (const link of links.filter((l) => l.beneficiaryId === id)) {
      const chat = chatOf.get(refOf(link));
      if (!chat || chat.blockedAt) continue;
      notices.push({
        channel: link.channel as Notice['channel'],
        address: link.chatId,
        chatRef: chat.id,
        beneficiaryId: id,
        period,
        lane: 'bulk',
        lang: chat.lang,
        template: 'account_reminder',
        eventKey: `account-reminder:${id}:${period}`,
        vars: { beneficiaryName: records.get(id)!.fullName, period, reason },
        provinceCode: records.get(id)!.provinceCode,
        communeCode: records.get(id)!.communeCode,
      });
    }
  }
  return enqueue(notices, at);
}
