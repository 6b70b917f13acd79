import { Types } from 'mongoose';
import fc from 'fast-check';
import {
  FINAL_STATUSES,
  NOTIFICATION_STATUSES,
  notifications,
  type NotificationStatus,
  type StoredNotification,
} from '../models/notification.js';
import { emptyDatabase, startTestRuntime } from './support/runtime.js';

/*
 * The outbox's state machine (models/notification-types.ts, GOV.UK Notify's statuses) under random
 * sequences of the repository's real operations against the database: two workers claiming,
 * settling, releasing; the sweeper recovering; records ending; a broadcast held, let go and
 * cancelled. After every step each notice is in a legal state, reached by a transition the
 * machine allows, and a final status is never left.
 */

/** Every transition the outbox may take; staying put is always allowed. */
const ALLOWED: Record<NotificationStatus, readonly NotificationStatus[]> = {
  created: ['sending', 'cancelled'],
  sending: ['sent', 'created', 'failed', 'technical-failure', 'cancelled'],
  sent: [],
  failed: [],
  'technical-failure': [],
  cancelled: [],
};

const N = 3;
const BROADCAST = 'b0000000000000000000000b';
type Op =
  | { op: 'claim'; worker: 0 | 1; which: number[] }
  | { op: 'settleSent'; worker: 0 | 1; which: number[] }
  | { op: 'retry' | 'fail' | 'technical'; worker: 0 | 1; which: number }
  | { op: 'release'; worker: 0 | 1; which: number[] }
  | { op: 'recoverStale' | 'recordEnded' | 'hold' | 'unhold' | 'cancelBroadcast' };

const which = fc.subarray([0, 1, 2], { minLength: 1 });
const worker = fc.constantFrom<0 | 1>(0, 1);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('claim' as const), worker, which }),
  fc.record({ op: fc.constant('settleSent' as const), worker, which }),
  fc.record({
    op: fc.constantFrom('retry' as const, 'fail' as const, 'technical' as const),
    worker,
    which: fc.nat(N - 1),
  }),
  fc.record({ op: fc.constant('release' as const), worker, which }),
  fc.record({
    op: fc.constantFrom(
      'recoverStale' as const,
      'recordEnded' as const,
      'hold' as const,
      'unhold' as const,
      'cancelBroadcast' as const,
    ),
  }),
);

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => {
  await rt.stop();
});

const TOKENS = ['worker-a', 'worker-b'] as const;

async function apply(step: Op, ids: string[], now: Date): Promise<void> {
  const pick = (w: number[]) => w.map((i) => ids[i]!);
  const attempt = { at: now, outcome: 'transient' as const };
  switch (step.op) {
    case 'claim':
      // A worker claims what it read as due; another may have claimed some meanwhile.
      await notifications.claim(await notifications.byIds(pick(step.which)), TOKENS[step.worker], now);
      return;
    case 'settleSent':
      await notifications.settleSent(
        pick(step.which).map((id) => ({ id, providerMessageId: `m-${id}` })),
        TOKENS[step.worker],
        now,
      );
      return;
    case 'retry':
      await notifications.settle(ids[step.which]!, TOKENS[step.worker], {
        kind: 'retry',
        notBefore: now,
        attempt,
        counted: true,
      });
      return;
    case 'fail':
    case 'technical':
      await notifications.settle(ids[step.which]!, TOKENS[step.worker], {
        kind: 'final',
        status: step.op === 'fail' ? 'failed' : 'technical-failure',
        attempt,
        counted: true,
        failure: 'blocked',
      });
      return;
    case 'release':
      await notifications.release(pick(step.which), TOKENS[step.worker], now);
      return;
    case 'recoverStale':
      await notifications.recoverStale(new Date(now.getTime() + 1), now);
      return;
    case 'recordEnded':
      await notifications.cancelPendingFor(['r0000000000000000000000r'], []);
      return;
    case 'hold':
      await notifications.holdBroadcast(BROADCAST);
      return;
    case 'unhold':
      await notifications.unholdBroadcast(BROADCAST, now);
      return;
    case 'cancelBroadcast':
      await notifications.cancelBroadcast(BROADCAST, 'broadcast_cancelled');
  }
}

/** What every stored notice must satisfy whatever happened before. */
function expectLegal(n: StoredNotification): void {
  expect(NOTIFICATION_STATUSES).toContain(n.status);
  // Only a notice being sent holds a worker's claim.
  expect({ status: n.status, claimed: n.claimToken !== null }).toEqual({
    status: n.status,
    claimed: n.status === 'sending',
  });
  if (n.status === 'sent') expect(n.providerMessageId).toBe(`m-${n.id}`);
  if (n.status === 'sent') expect(n.sentAt).toBeInstanceOf(Date);
  else expect(n.sentAt).toBeNull();
}

describe('the outbox state machine', () => {
  it('when workers, the sweeper, record ends and broadcast controls act in any order, then every notice only takes allowed transitions and never leaves a final status', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (steps) => {
        await emptyDatabase();
        const ids = Array.from({ length: N }, () => new Types.ObjectId().toHexString());
        const now = new Date('2026-11-20T03:00:00Z');
        await notifications.createMany(
          ids.map((id, i) => ({
            id,
            channel: 'telegram',
            address: String(1000 + i),
            chatRef: `telegram:${1000 + i}`,
            beneficiaryId: i === 0 ? 'r0000000000000000000000r' : null,
            eventKey: `event-${i}`,
            period: '2026-11',
            lane: i === 2 ? 'bulk' : 'personal',
            template: 'payment_paid',
            lang: 'vi',
            vars: {},
            ...(i === 2 ? { broadcastId: BROADCAST } : {}),
          })),
          now,
        );
        let before = new Map((await notifications.byIds(ids)).map((n) => [n.id, n]));
        for (const step of steps) {
          await apply(step, ids, now);
          const after = await notifications.byIds(ids);
          expect(after).toHaveLength(N);
          for (const n of after) {
            expectLegal(n);
            const from = before.get(n.id)!.status;
            const taken = { step, from, to: n.status, allowed: n.status === from || ALLOWED[from].includes(n.status) };
            expect(taken).toEqual({ ...taken, allowed: true });
            if (FINAL_STATUSES.has(from)) expect(n).toEqual(before.get(n.id));
          }
          before = new Map(after.map((n) => [n.id, n]));
        }
      }),
      { numRuns: 30 },
    );
  });
});
