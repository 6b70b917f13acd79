import fc from 'fast-check';
import mongoose from 'mongoose';
import { BROADCAST_STATES, broadcasts, type BroadcastState } from '../models/broadcast.js';
import { notifications } from '../models/notification.js';
import { createBroadcast, submitBroadcast } from '../services/broadcasts/compose.js';
import { approveBroadcast, cancelBroadcast, pauseBroadcast, resumeBroadcast } from '../services/broadcasts/control.js';
import { runBroadcastPass } from '../services/broadcasts/job.js';
import type { Scope } from '../services/officers/scope.js';
import {
  acting,
  anOfficerWithChat,
  broadcastCommunes,
  linkChat,
  MESSAGE,
  noticesOf,
  testBroadcastPolicy,
} from './support/broadcasts.js';
import { onlyAppErrors } from './support/properties.js';
import { aBeneficiary, register } from './support/register.js';
import { emptyDatabase, startTestRuntime } from './support/runtime.js';

/*
 * The broadcast state machine (models/broadcast.ts) under random sequences of the real operations:
 * the author submits, a second administrator (or the author, refused) approves, pause, resume,
 * cancel, the expansion job's pass, and a dispatcher claiming and sending what is due. After every
 * step the broadcast is in a legal state reached by an allowed transition, and once cancelled no
 * copy is created or sent beyond those a dispatcher had already claimed.
 */

/** Transitions a broadcast may take in one step; one pass of the job may expand and finish it (scheduled → done). */
const ALLOWED: Record<BroadcastState, readonly BroadcastState[]> = {
  draft: ['awaiting_approval', 'scheduled', 'cancelled'],
  awaiting_approval: ['scheduled', 'cancelled'],
  scheduled: ['sending', 'done', 'paused', 'cancelled'],
  sending: ['done', 'paused', 'cancelled'],
  paused: ['scheduled', 'sending', 'cancelled'],
  done: [],
  cancelled: [],
};

const OPS = ['submit', 'approve', 'approveOwn', 'pause', 'resume', 'cancel', 'pass', 'dispatch', 'claim'] as const;
type Op = (typeof OPS)[number];

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
const now = new Date('2026-11-20T03:00:00Z');
const clock = () => now;
beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => rt.stop());

/** A dispatcher's two halves: claiming what is due, and recording the claimed ones as sent. */
async function claimDue(): Promise<void> {
  await notifications.claim(await notifications.due('bulk', now, 100, ['telegram'], false), 'dispatcher', now);
}
async function sendClaimed(broadcastId: string): Promise<void> {
  const claimed = await mongoose.connection
    .collection('notifications')
    .find({ broadcastId, status: 'sending' }, { projection: { _id: 1 } })
    .toArray();
  await notifications.settleSent(
    claimed.map((n) => ({ id: String(n._id), providerMessageId: `m-${String(n._id)}` })),
    'dispatcher',
    now,
  );
}

describe('the broadcast state machine', () => {
  let author: Scope;
  let approver: Scope;
  const setUp = async () => {
    await emptyDatabase();
    await broadcastCommunes(rt.sealer);
    author = (await anOfficerWithChat('admin-a', 'province_admin', '01', [], '9001')).scope;
    approver = (await anOfficerWithChat('admin-b', 'province_admin', '01', [], '9002')).scope;
    const ids = await register(
      rt.sealer,
      Array.from({ length: 5 }, () => aBeneficiary()),
    );
    for (const [i, id] of ids.entries()) await linkChat(id, { channel: 'telegram', chatId: String(3000 + i) }, 'self');
  };

  it('when officers, the job and a dispatcher act in any order, then the broadcast only takes allowed transitions, and nothing is created or sent after a cancel', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.constantFrom(1, 100),
        fc.array(fc.constantFrom<Op>(...OPS), { minLength: 1, maxLength: 14 }),
        async (draft, approvalThreshold, steps) => {
          await setUp();
          const policy = testBroadcastPolicy({ approvalThreshold, pageSize: 2 });
          const { broadcast } = await createBroadcast(
            acting(author, clock),
            { who: 'beneficiaries', message: MESSAGE, draft },
            policy,
          );
          const id = broadcast.id;
          let state = (await broadcasts.byId(id))!.state;
          /** Copies and sent copies when it was cancelled (null: not cancelled). */
          let atCancel: { copies: number; sentOrClaimed: number } | null = null;
          for (const step of steps) {
            await onlyAppErrors(async () => {
              if (step === 'submit') await submitBroadcast(acting(author, clock), id, policy);
              if (step === 'approve') await approveBroadcast(acting(approver, clock), id);
              if (step === 'approveOwn') await approveBroadcast(acting(author, clock), id);
              if (step === 'pause') await pauseBroadcast(acting(author, clock), id);
              if (step === 'resume') await resumeBroadcast(acting(author, clock), id);
              if (step === 'cancel') await cancelBroadcast(acting(approver, clock), id);
              if (step === 'pass') await runBroadcastPass(now, policy);
              if (step === 'claim') await claimDue();
              if (step === 'dispatch') await sendClaimed(id);
            });
            const b = (await broadcasts.byId(id))!;
            expect(BROADCAST_STATES).toContain(b.state);
            const taken = {
              step,
              from: state,
              to: b.state,
              allowed: b.state === state || ALLOWED[state].includes(b.state),
            };
            expect(taken).toEqual({ ...taken, allowed: true });
            if (step === 'approveOwn') expect(b.state).toBe(state);
            const copies = await noticesOf(id);
            if (b.state === 'cancelled') {
              const sentOrClaimed = copies.filter((c) => c.status === 'sent' || c.status === 'sending').length;
              atCancel ??= { copies: copies.length, sentOrClaimed };
              expect(copies.length).toBe(atCancel.copies);
              expect(copies.filter((c) => c.status === 'created')).toEqual([]);
              expect(sentOrClaimed).toBeLessThanOrEqual(atCancel.sentOrClaimed);
            }
            if (b.state === 'draft' || b.state === 'awaiting_approval') expect(copies).toEqual([]);
            state = b.state;
          }
        },
      ),
      { numRuns: 20 },
    );
  }, 120_000);
});
