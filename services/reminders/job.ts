import type { Scheduler } from '../jobs/scheduler.js';
import { RemindersFailed, runReminders, type ReminderPolicies } from './run-reminders.js';

/**
 * Runs the reminders every `everyMs`, once across processes (Agenda's lock on one recurring job). A
 * job queued with `{ at: ISO instant }` runs them as if at that instant (a catch-up handed to the
 * workers). A part that fails is logged with its error and the run throws, naming the failed parts,
 * so the scheduler records the run as failed; the other part's notices are stored all the same.
 */
export async function scheduleReminderPass(
  scheduler: Scheduler,
  everyMs: number,
  policies: ReminderPolicies,
): Promise<void> {
  scheduler.define('reminder-pass', async (data, log) => {
    const at = typeof data.at === 'string' ? new Date(data.at) : new Date();
    if (Number.isNaN(at.getTime())) throw new Error(`reminder-pass: 'at' is not an instant: ${String(data.at)}`);
    const r = await runReminders(at, policies);
    if (r.officers.created || r.accounts.created)
      log.info({ officers: r.officers, accounts: r.accounts }, 'reminders created notices');
    if (r.failed.length) {
      for (const f of r.failed) log.error({ part: f.part, err: f.error }, 'reminder part failed');
      throw new RemindersFailed(r);
    }
  });
  await scheduler.every(everyMs, 'reminder-pass');
}
