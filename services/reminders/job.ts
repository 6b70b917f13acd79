import type { Scheduler } from '../jobs/scheduler.js';
import { runReminderPass } from './pass.js';
import type { ReminderPolicy } from './slots.js';

/** Runs the reminder pass every `everyMs`, once across processes (Agenda's lock on one recurring job). */
export async function scheduleReminderPass(
  scheduler: Scheduler,
  everyMs: number,
  policy: ReminderPolicy,
): Promise<void> {
  scheduler.define('reminder-pass', async (_data, log) => {
    const r = await runReminderPass(new Date(), policy);
    if (r.created) log.info(r, 'reminder pass created notices');
  });
  await scheduler.every(everyMs, 'reminder-pass');
}
