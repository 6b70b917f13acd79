import { officers } from '../../models/officer.js';
import type { OfficerTask } from '../../models/officer-task.js';
import { allProvinces } from '../../models/provinces.js';
import { noticeId, enqueueNew, type Notice } from '../notifications/outbox.js';
import { DIGEST_MAX_ENTRIES } from '../notifications/templates/schemas.js';
import type { LateEntry } from '../notifications/templates/types.js';
import { communesByCode } from '../register/commune-names.js';
import { previousPeriods } from '../format.js';
import { calendarOf, vnDay, type ProvinceCalendar, type TaskKey } from './calendar.js';
import { digestKey, noticesTo, recipientsOf, reminderKey, type Recipient } from './notices.js';
import {
  daysBetween,
  digestDue,
  dueSlots,
  workingDaysLate,
  DEFAULT_REMINDER_POLICY,
  type ReminderPolicy,
} from './slots.js';
import { ensureTasks, tasksOf } from './tasks.js';

/** What one pass created: notices, the communes they were about, and province digests among them. */
export type PassResult = { created: number; communes: number; digests: number };

// Provinces are independent; a few at a time keep the database busy without crowding other work.
const PROVINCES_AT_ONCE = 4;

/**
 * The reminder pass as if at `at`: for every province, this period's tasks are made sure of, then
 * each open task (this period's and last period's) gets the reminders due at `at`, and the province
 * administrators the day's digest of late communes. Every notice's id comes from commune, task,
 * period and slot (the digest's from province and day), so a second pass, or two at once, creates
 * nothing twice. A province that fails does not stop the others; the first failure is thrown after.
 */
export async function runReminderPass(at: Date, policy: ReminderPolicy = DEFAULT_REMINDER_POLICY): Promise<PassResult> {
  const total: PassResult = { created: 0, communes: 0, digests: 0 };
  const queue = allProvinces().map((p) => p.code);
  const failures: unknown[] = [];
  const worker = async () => {
    for (let code = queue.shift(); code; code = queue.shift()) {
      try {
        const r = await passProvince(code, at, policy);
        total.created += r.created;
        total.communes += r.communes;
        total.digests += r.digests;
      } catch (err) {
        failures.push(err);
      }
    }
  };
  await Promise.all(Array.from({ length: PROVINCES_AT_ONCE }, worker));
  if (failures.length) throw failures[0];
  return total;
}

/** One province: its open tasks, its officers' chats, and one insert of every notice due. */
async function passProvince(provinceCode: string, at: Date, policy: ReminderPolicy): Promise<PassResult> {
  const today = vnDay(at);
  const [period, previous] = previousPeriods(today.slice(0, 7), 2) as [string, string];
  const cal = await calendarOf(provinceCode);
  const [current, earlier] = await Promise.all([
    ensureTasks(provinceCode, period, cal),
    tasksOf({ provinceCode }, previous),
  ]);
  const open = [...earlier, ...current].filter((t) => t.status === 'open');
  if (!open.length) return { created: 0, communes: 0, digests: 0 };
  const [staff, names] = await Promise.all([
    officers.list({ provinceCode }),
    communesByCode(open.map((t) => t.communeCode)),
  ]);
  const to = await recipientsOf(staff);
  const nameOf = (code: string) => names.get(code)?.name ?? code;

  const notices: Notice[] = [];
  const communeOf = new Map<string, string>();
  for (const t of open) {
    const recipients = to.byCommune.get(t.communeCode) ?? [];
    if (!recipients.length) continue;
    for (const made of taskNotices(t, cal, at, today, policy, recipients, nameOf(t.communeCode))) {
      notices.push(made);
      communeOf.set(noticeId(made), t.communeCode);
    }
  }
  const digest = digestDue(cal, today, at, policy) ? lateEntries(open, cal, today, policy, nameOf) : null;
  const digestIds = new Set<string>();
  if (digest) {
    const province = allProvinces().find((p) => p.code === provinceCode)?.name ?? provinceCode;
    for (const n of noticesTo(to.admins, {
      eventKey: digestKey(provinceCode, today),
      period: today.slice(0, 7),
      template: 'province_late_digest',
      vars: { provinceName: province, day: today, ...digest },
    })) {
      notices.push(n);
      digestIds.add(noticeId(n));
    }
  }
  const created = await enqueueNew(notices, at);
  return {
    created: created.length,
    communes: new Set(created.map((id) => communeOf.get(id)).filter(Boolean)).size,
    digests: created.filter((id) => digestIds.has(id)).length,
  };
}

/** The notices one open task is due at `at`, to each of its commune's officers' chats. */
function taskNotices(
  t: OfficerTask,
  cal: ProvinceCalendar,
  at: Date,
  today: string,
  policy: ReminderPolicy,
  recipients: readonly Recipient[],
  communeName: string,
): Notice[] {
  const base = {
    taskId: t.id,
    task: t.task as TaskKey,
    communeName,
    period: t.period,
    deadlineDay: t.deadlineDay,
  };
  return dueSlots(cal, t.deadlineDay, at, policy).flatMap((s) =>
    s.kind === 'before'
      ? noticesTo(recipients, {
          eventKey: reminderKey(t, s.slot),
          period: t.period,
          template: 'task_reminder',
          vars: { ...base, daysLeft: Math.max(0, daysBetween(today, t.deadlineDay)) },
        })
      : noticesTo(recipients, {
          eventKey: reminderKey(t, s.slot),
          period: t.period,
          template: 'task_overdue',
          vars: { ...base, daysLate: Math.max(1, daysBetween(t.deadlineDay, today)) },
        }),
  );
}

/** The province's tasks late by the digest's threshold or more, latest first; null when none are. */
function lateEntries(
  open: readonly OfficerTask[],
  cal: ProvinceCalendar,
  today: string,
  policy: ReminderPolicy,
  nameOf: (code: string) => string,
): { late: LateEntry[]; more: number } | null {
  const late = open
    .filter((t) => workingDaysLate(cal, t.deadlineDay, today) >= policy.digestFromWorkingDay)
    .map((t) => ({
      communeName: nameOf(t.communeCode),
      task: t.task as TaskKey,
      period: t.period,
      daysLate: daysBetween(t.deadlineDay, today),
    }))
    .sort((a, b) => b.daysLate - a.daysLate || a.communeName.localeCompare(b.communeName, 'vi'));
  if (!late.length) return null;
  return { late: late.slice(0, DIGEST_MAX_ENTRIES), more: Math.max(0, late.length - DIGEST_MAX_ENTRIES) };
}
