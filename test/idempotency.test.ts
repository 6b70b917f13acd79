import mongoose from 'mongoose';
import { auditLog } from '../models/audit.js';
import {
  claimIdempotency,
  IDEMPOTENCY_TTL_MS,
  IN_FLIGHT_TIMEOUT_MS,
  removeExpiredIdempotency,
  requestHashOf,
} from '../services/machine-api/idempotency.js';
import { startMiniappServer, seedLinkedBeneficiary, type MiniappServer } from './support/miniapp.js';
import { aKey, machineCall } from './support/machine-api.js';
import { aPaymentRow } from './support/files.js';

let srv: MiniappServer;
let key: { id: string; secret: string };
const clock = { now: new Date('2026-11-10T03:00:00Z') };
let nationalId: string;

beforeAll(async () => {
  srv = await startMiniappServer({}, { now: () => clock.now });
  key = await aKey(srv, { operations: ['payments'] });
  nationalId = (await seedLinkedBeneficiary(srv.rt, { telegramUserId: 9201 })).nationalId;
}, 60_000);
afterAll(async () => {
  await srv.stop();
});

const count = (collection: string) => mongoose.connection.db!.collection(collection).countDocuments({});
const paidRow = (period: string) => aPaymentRow(nationalId, { period, status: 'paid', paid_at: '10/11/2026' });
const pushWith = (idempotencyKey: string, rows: unknown[]) =>
  machineCall(srv, '/payments', { key: key.secret, idempotencyKey, json: { rows } });
let serial = 0;
const freshKey = () => `idem-${++serial}-${clock.now.getTime()}`;

/** What a write leaves behind: notices, payment changes, audit entries. */
async function effects() {
  return {
    notices: await count('notifications'),
    changes: await count('payment_changes'),
    audit: (await auditLog.recent(500)).length,
  };
}

describe('Idempotency-Key on machine writes', () => {
  test('when the same key and body come again, then the stored answer is replayed and nothing is done twice', async () => {
    const k = freshKey();
    const first = await pushWith(k, [paidRow('2026-09')]);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ created: 1, changes: 1 });
    const after = await effects();
    expect(after.notices).toBeGreaterThan(0);

    // The first answer said "created"; a second run would have said "unchanged". The replay says "created".
    const again = await pushWith(k, [paidRow('2026-09')]);
    expect(again.status).toBe(200);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await effects()).toEqual(after);
  });

  test('when the same key comes with another body, then 409 and nothing is written', async () => {
    const k = freshKey();
    expect((await pushWith(k, [paidRow('2026-08')])).status).toBe(200);
    const before = await effects();
    const other = await pushWith(k, [paidRow('2026-07')]);
    expect(other.status).toBe(409);
    expect(other.json).toEqual({ error: 'conflict', message: expect.stringContaining('nội dung khác') });
    expect(await effects()).toEqual(before);
  });

  test('when the first request with a key is still in flight, then a second gets 409; once the claim is abandoned long enough, it is retaken', async () => {
    const k = freshKey();
    const body = { rows: [paidRow('2026-06')] };
    const claim = await claimIdempotency(key.id, k, requestHashOf('POST /api/v1/payments', body), clock.now);
    expect(claim.kind).toBe('claimed');
    const before = await effects();
    const busy = await pushWith(k, body.rows);
    expect(busy.status).toBe(409);
    expect(busy.json.message).toContain('đang được xử lý');
    expect(await effects()).toEqual(before);

    // The first request's process died: after the in-flight timeout the key is not stuck.
    clock.now = new Date(clock.now.getTime() + IN_FLIGHT_TIMEOUT_MS + 1000);
    const retaken = await pushWith(k, body.rows);
    expect(retaken.status).toBe(200);
    expect(retaken.json).toMatchObject({ created: 1 });
  });

  test('when a request is refused for its content, then the refusal is what the key replays; a write without a key runs each time', async () => {
    const k = freshKey();
    const bad = await pushWith(k, [{ ...paidRow('2026-05'), period: 'never' }]);
    expect([bad.status, bad.json.rejected]).toEqual([200, 1]);
    const replayed = await pushWith(k, [{ ...paidRow('2026-05'), period: 'never' }]);
    expect([replayed.text, replayed.headers.get('idempotent-replayed')]).toEqual([bad.text, 'true']);

    const plain = () => machineCall(srv, '/payments', { key: key.secret, json: { rows: [paidRow('2026-04')] } });
    expect((await plain()).json).toMatchObject({ created: 1 });
    expect((await plain()).json).toMatchObject({ created: 0, unchanged: 1 });
    const tooLong = await pushWith('x'.repeat(201), [paidRow('2026-04')]);
    expect(tooLong.status).toBe(400);
  });

  test('when records are past their expiry, then the cleanup removes them and the key may be used afresh', async () => {
    const k = freshKey();
    expect((await pushWith(k, [paidRow('2026-03')])).status).toBe(200);
    const held = await count('idempotency_keys');
    expect(await removeExpiredIdempotency(clock.now)).toBe(0);
    clock.now = new Date(clock.now.getTime() + IDEMPOTENCY_TTL_MS + 1000);
    expect(await removeExpiredIdempotency(clock.now)).toBe(held);
    expect(await count('idempotency_keys')).toBe(0);
    const again = await pushWith(k, [paidRow('2026-03')]);
    expect(again.json).toMatchObject({ created: 0, unchanged: 1 });
    expect(again.headers.get('idempotent-replayed')).toBeNull();
  });
});
