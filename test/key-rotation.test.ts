import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { collectionNames, scanDocuments, setIfUnchanged } from '../models/db/raw-documents.js';
import { createSealer, decodeKey, type Sealer } from '../services/crypto.js';
import { seedDemo } from '../services/demo/seed.js';
import { beneficiaryIdFor } from '../services/register/sealing.js';
import { storeZaloEvent } from '../services/zalo/webhook-events.js';
import { startTestRuntime } from './support/runtime.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
const NEW_KEY = crypto.randomBytes(32).toString('hex');
beforeAll(async () => {
  rt = await startTestRuntime();
  await seedDemo(rt.sealer);
});
afterAll(async () => {
  await rt.stop();
});

const oldKey = () => rt.config.DATA_ENCRYPTION_KEY!;

const cli = (env: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', ...args], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_NAME: rt.config.DATABASE_NAME,
      DATA_DIR: rt.tmp,
      LOG_LEVEL: 'warn',
      ...env,
    },
    encoding: 'utf8',
    timeout: 120000,
  });

const rotate = () =>
  cli(
    { DATA_ENCRYPTION_KEY: NEW_KEY, DATA_INDEX_KEY: oldKey(), TAS_OLD_KEY: oldKey() },
    'keys',
    'rotate',
    '--from-env',
    'TAS_OLD_KEY',
  );

/** Every sealed-looking value in the database, with where it is. */
async function allSealed(sealer: Sealer) {
  const found: { collection: string; value: string }[] = [];
  const walk = (collection: string, v: unknown) => {
    if (typeof v === 'string' && sealer.looksSealed(v)) found.push({ collection, value: v });
    else if (Array.isArray(v)) v.forEach((x) => walk(collection, x));
    else if (v && typeof v === 'object' && v.constructor === Object)
      Object.values(v).forEach((x) => walk(collection, x));
  };
  for (const c of await collectionNames()) for await (const d of scanDocuments(c)) walk(c, d);
  return found;
}

const opensWith = (sealer: Sealer, value: string) => {
  try {
    sealer.open(value);
    return true;
  } catch {
    return false;
  }
};

describe('DATA_ENCRYPTION_KEY rotation (keys rotate)', () => {
  test('when DATA_INDEX_KEY is not set, then it refuses and changes nothing', async () => {
    const before = await allSealed(rt.sealer);
    const r = cli(
      { DATA_ENCRYPTION_KEY: NEW_KEY, TAS_OLD_KEY: oldKey() },
      'keys',
      'rotate',
      '--from-env',
      'TAS_OLD_KEY',
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Chưa đặt DATA_INDEX_KEY');
    expect(await allSealed(rt.sealer)).toEqual(before);
  }, 120000);

  test('when data sealed under the old key is rotated (one value already done, as after a stop), then all of it reads back under the new key, indexes and ids included, and a second run changes nothing', async () => {
    await storeZaloEvent(
      rt.sealer,
      { key: 'evt-rotation-1', eventName: 'user_send_text', userId: '123', rawBody: '{"text":"0912345678"}' },
      new Date(),
    );
    const old = createSealer(decodeKey(oldKey()));
    const fresh = createSealer(decodeKey(NEW_KEY), decodeKey(oldKey()));
    const before = await allSealed(old);
    for (const c of ['beneficiaries', 'zalo_events']) expect(before.map((f) => f.collection)).toContain(c);
    expect(before.length).toBeGreaterThan(50);
    expect(before.every((f) => opensWith(old, f.value))).toBe(true);
    const plainBefore = before.map((f) => old.open(f.value)).sort();

    // A run stopped part-way: one beneficiary's national ID is already under the new key.
    let resumed = 0;
    for await (const d of scanDocuments('beneficiaries')) {
      const sealed = (d.nationalId as { sealed: string }).sealed;
      await setIfUnchanged('beneficiaries', d._id, [
        { path: 'nationalId.sealed', was: sealed, now: fresh.seal(old.open(sealed)) },
      ]);
      resumed++;
      break;
    }
    expect(resumed).toBe(1);

    const run = rotate();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, number>;
    expect(report.fieldsResealed).toBe(before.length - 1);
    expect(report.fieldsAlreadyNew).toBe(1);
    expect(report.fieldsUnreadable).toBe(0);

    const after = await allSealed(fresh);
    expect(after.length).toBe(before.length);
    expect(after.some((f) => opensWith(old, f.value))).toBe(false);
    expect(after.map((f) => fresh.open(f.value)).sort()).toEqual(plainBefore);

    // Lookups still work: blind indexes and derived ids come from DATA_INDEX_KEY.
    for await (const d of scanDocuments('beneficiaries')) {
      const nid = d.nationalId as { sealed: string; index: string };
      const plain = fresh.open(nid.sealed);
      expect(fresh.index('national_id', plain)).toBe(nid.index);
      expect(beneficiaryIdFor(fresh, plain)).toBe(String(d._id));
    }

    const snapshot = await allSealed(fresh);
    const again = rotate();
    expect(again.status).toBe(0);
    const second = JSON.parse(again.stdout.trim().split('\n').pop()!) as Record<string, number>;
    expect(second.fieldsResealed).toBe(0);
    expect(second.documentsResealed).toBe(0);
    expect(second.fieldsAlreadyNew).toBe(before.length);
    expect(await allSealed(fresh)).toEqual(snapshot);
  }, 240000);
});
