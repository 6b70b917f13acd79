import type { Config } from '../config.js';
import { isWorkingDay, vnDay, vnInstant, workingDaysAfter, type ProvinceCalendar } from './calendar.js';

/** When officers hear about their tasks: days before the deadline, the hour, and when the province is told. */
export type ReminderPolicy = {
  /** Days before the deadline a reminder goes (0: on the day), at `time`. */
  daysBefore: readonly number[];
  /** Vietnam wall-clock time of every reminder, overdue notice and digest (HH:MM). */
  time: string;
  /** A task this many working days overdue or more is in the province administrators' daily digest. */
  digestFromWorkingDay: number;
};

/** The defaults: 5 and 1 days before, on the day, at 08:00; the digest from the 3rd working day late. */
export const DEFAULT_REMINDER_POLICY: ReminderPolicy = {
  daysBefore: [5, 1, 0],
  time: '08:00',
  digestFromWorkingDay: 3,
};

/** The reminder policy configured for this service. */
export function reminderPolicy(config: Config): ReminderPolicy {
  return {
    daysBefore: [...new Set(config.REMINDER_DAYS_BEFORE.split(',').map(Number))],
    time: config.REMINDER_TIME,
    digestFromWorkingDay: config.REMINDER_DIGEST_FROM_WORKING_DAY,
  };
}

/** One notice a task is due at an instant: which slot (part of its event key) and which kind. */
export type DueSlot = { slot: string; kind: 'before' | 'overdue' };

const DAY_MS = 86_400_000;
const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
/** Calendar days from one day to another (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);
const shift = (day: string, n: number): string => new Date((dayNumber(day) + n) * DAY_MS).toISOString().slice(0, 10);

/**
 * A slot is due once its instant has come and for one day after: a pass that missed it by more
 * (an outage) skips it rather than sending yesterday's reminder late.
 */
const dueAt = (at: Date, day: string, time: string): boolean => {
  const start = vnInstant(day, time).getTime();
  return at.getTime() >= start && at.getTime() < start + DAY_MS;
};

/**
 * The notices an open task with this deadline is due at `at`: the pre-deadline reminders whose
 * instant came within the last day, and the overdue notice of a working day after the deadline
 * (today's, or yesterday's while today's has not come yet).
 */
export function dueSlots(cal: ProvinceCalendar, deadline: string, at: Date, policy: ReminderPolicy): DueSlot[] {
  const out: DueSlot[] = [];
  for (const before of policy.daysBefore) {
    const day = shift(deadline, -before);
    if (dueAt(at, day, policy.time)) out.push({ slot: `before:${before}`, kind: 'before' });
  }
  for (const back of [1, 0]) {
    const day = shift(vnDay(at), -back);
    if (day > deadline && isWorkingDay(cal, day) && dueAt(at, day, policy.time))
      out.push({ slot: `late:${day}`, kind: 'overdue' });
  }
  return out;
}

/** Whether today's province digest is due at `at` (a working day, from the reminder time on). */
export function digestDue(cal: ProvinceCalendar, today: string, at: Date, policy: ReminderPolicy): boolean {
  return isWorkingDay(cal, today) && at.getTime() >= vnInstant(today, policy.time).getTime();
}

/** Working days a task is overdue on `today` (0 while not overdue). */
export function workingDaysLate(cal: ProvinceCalendar, deadline: string, today: string): number {
  return today > deadline ? workingDaysAfter(cal, deadline, today) : 0;
}
