import type { Scheduler } from '../jobs/scheduler.js';
import type { BroadcastPolicy } from './types.js';

/** What one pass did. */
export type BroadcastPassResult = { expanded: number; notices: number; finished: number };

/** Test hooks: `afterPage` runs after each stored page (a test throws from it to kill the worker mid-expansion). */
export type ExpansionHooks = { afterPage?: (page: number) => void | Promise<void> };

/**
 * One pass: claims due broadcasts with a lease and expands each into notices page by page (the
 * cursor stored after each page), then marks `done` those whose notices are all final and sends each
 * author's summary once.
 */
export async function runBroadcastPass(
  now: Date,
  policy?: BroadcastPolicy,
  hooks: ExpansionHooks = {},
): Promise<BroadcastPassResult> {
  void now;
  void policy;
  void hooks;
  throw new Error('not yet');
}

/** Runs the pass every `everyMs` (an Agenda job, one process at a time). */
export async function scheduleBroadcasts(
  scheduler: Scheduler,
  everyMs: number,
  policy: BroadcastPolicy,
): Promise<void> {
  scheduler.define('broadcast-pass', async (_data, log) => {
    const r = await runBroadcastPass(new Date(), policy);
    if (r.expanded || r.finished) log.info(r, 'broadcast pass');
  });
  await scheduler.every(everyMs, 'broadcast-pass');
}
