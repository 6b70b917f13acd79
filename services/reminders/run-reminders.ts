import type { Config } from '../config.js';
import {
  accountReminderPolicy,
  DEFAULT_ACCOUNT_REMINDER,
  remindBeneficiaries,
  type AccountReminderPolicy,
} from './beneficiaries.js';
import { runReminderPass, type PassResult } from './pass.js';
import { DEFAULT_REMINDER_POLICY, reminderPolicy, type ReminderPolicy } from './slots.js';

/** Both reminder policies: the officers' deadlines and the beneficiaries' pre-period reminder. */
export type ReminderPolicies = { officers: ReminderPolicy; accounts: AccountReminderPolicy };
export const DEFAULT_REMINDER_POLICIES: ReminderPolicies = {
  officers: DEFAULT_REMINDER_POLICY,
  accounts: DEFAULT_ACCOUNT_REMINDER,
};
/** The policies configured for this service (REMINDER_* and ACCOUNT_REMINDER_*). */
export const reminderPolicies = (c: Config): ReminderPolicies => ({
  officers: reminderPolicy(c),
  accounts: accountReminderPolicy(c),
});

/** The parts of a reminder run, by name (logs and the CLI use these names). */
export type ReminderPart = 'officers' | 'accounts';

/** What one run created, and which parts failed (their errors, to log or throw). */
export type RemindersResult = {
  officers: PassResult;
  accounts: { created: number };
  failed: { part: ReminderPart; error: unknown }[];
};

/**
 * Everything due at `at`: the officers' reminder pass, then the beneficiaries' account reminder.
 * Each part's failure is caught and returned, so one part that fails (a province's bad data, a
 * database hiccup half-way through the links) does not keep the other from being sent.
 */
export async function runReminders(
  at: Date,
  policies: ReminderPolicies = DEFAULT_REMINDER_POLICIES,
): Promise<RemindersResult> {
  const result: RemindersResult = {
    officers: { created: 0, communes: 0, digests: 0 },
    accounts: { created: 0 },
    failed: [],
  };
  try {
    result.officers = await runReminderPass(at, policies.officers);
  } catch (error) {
    result.failed.push({ part: 'officers', error });
  }
  try {
    result.accounts = await remindBeneficiaries(at, policies.accounts);
  } catch (error) {
    result.failed.push({ part: 'accounts', error });
  }
  return result;
}

const PART_NAMES: Record<ReminderPart, { vi: string; en: string }> = {
  officers: { vi: 'nhắc việc cán bộ', en: 'officer reminders' },
  accounts: { vi: 'nhắc tài khoản người hưởng', en: "beneficiaries' account reminder" },
};

/** The parts that failed, in words, for a log line or the terminal. */
export function failedParts(r: RemindersResult): { vi: string; en: string } {
  return {
    vi: r.failed.map((f) => PART_NAMES[f.part].vi).join(', '),
    en: r.failed.map((f) => PART_NAMES[f.part].en).join(', '),
  };
}

/** A run with failed parts, as the scheduler records it: the message names the parts, `causes` holds their errors. */
export class RemindersFailed extends Error {
  readonly causes: { part: ReminderPart; error: unknown }[];
  constructor(r: RemindersResult) {
    super(`reminder parts failed: ${failedParts(r).en}`);
    this.name = 'RemindersFailed';
    this.causes = r.failed;
  }
}
