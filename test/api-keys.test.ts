import { execFile } from 'node:child_process';
import mongoose from 'mongoose';
import { auditLog } from '../models/audit.js';
import type { OpenedSession } from '../services/miniapp/sessions.js';
import { startMiniappServer, type MiniappServer } from './support/miniapp.js';
import { aKey, machineCall } from './support/machine-api.js';
import { anOfficer, officerSession } from './support/officer-sessions.js';

let srv: MiniappServer;
let admin: OpenedSession;
let adminId: string;
let communeOfficer: OpenedSession;
let hcmAdmin: OpenedSession;

beforeAll(async () => {
  srv = await startMiniappServer();
  adminId = (await anOfficer(srv.rt, { role: 'province_admin', provinceCode: '01' })).officerId;
  admin = await officerSession(srv.rt, adminId);
  communeOfficer = await officerSession(srv.rt, (await anOfficer(srv.rt)).officerId);
  hcmAdmin = await officerSession(
    srv.rt,
    (await anOfficer(srv.rt, { role: 'province_admin', provinceCode: '79' })).officerId,
  );
}, 60_000);
afterAll(async () => {
  await srv.stop();
});

type Reply = { status: number; json: Record<string, unknown> & { message?: string } };

/** The officer section's key routes, with the session's bearer token and CSRF token. */
async function officerCall(
  path: string,
  session: OpenedSession,
  init: { method?: string; json?: unknown; csrf?: boolean } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { authorization: `Bearer ${session.sessionToken}`, 'accept-language': 'vi' };
  if (init.method === 'POST' && init.csrf !== false) headers['x-csrf-token'] = session.csrfToken;
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${srv.url}/app/api/officer/api-keys${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  return { status: res.status, json: (await res.json()) as Reply['json'] };
}

const create = (session: OpenedSession, json: unknown, csrf = true) =>
  officerCall('', session, { method: 'POST', json, csrf });

describe('API keys', () => {
  test('when a province admin creates a key, then its secret is in that answer only: the list and the database hold no trace of it', async () => {
    const r = await create(admin, { name: 'Cổng thông tin tỉnh', operations: ['payments', 'broadcasts'] });
    expect(r.status).toBe(201);
    const secret = r.json.secret as string;
    const key = r.json.key as { id: string; provinceCode: string; operations: string[]; state: string };
    expect(secret).toMatch(new RegExp(`^tas_${key.id}_[0-9a-f]{64}$`));
    expect(key).toMatchObject({ provinceCode: '01', operations: ['payments', 'broadcasts'], state: 'active' });
    expect(JSON.stringify(r.json.key)).not.toContain(secret.slice(-64));

    const list = await officerCall('', admin);
    expect(list.status).toBe(200);
    expect((list.json.keys as { id: string }[]).map((k) => k.id)).toContain(key.id);
    expect(JSON.stringify(list.json)).not.toContain(secret.slice(-64));
    expect(JSON.stringify(list.json)).not.toContain('secretHash');

    const stored = await mongoose.connection
      .db!.collection('api_keys')
      .findOne({ _id: new mongoose.Types.ObjectId(key.id) });
    expect(stored).not.toBeNull();
    expect(JSON.stringify(stored)).not.toContain(secret.slice(-64));
    expect(stored!.secretHash).toMatch(/^[0-9a-f]{64}$/);

    const entries = await auditLog.recent(20);
    expect(entries).toContainEqual(
      expect.objectContaining({ action: 'api_key_create', entityIds: [key.id], actor: `officer:${adminId}` }),
    );
    expect(JSON.stringify(entries)).not.toContain(secret.slice(-64));
    // The key works at once.
    const ok = await machineCall(srv, '/payments', { key: secret, json: { rows: [{}] } });
    expect(ok.status).not.toBe(401);
  });

  test('when the CSRF token is missing, a commune officer asks, or another province is named, then no key is made', async () => {
    expect((await create(admin, { name: 'x', operations: ['payments'] }, false)).status).toBe(403);
    const commune = await create(communeOfficer, { name: 'Hệ thống xã', operations: ['payments'] });
    expect([commune.status, commune.json.message]).toEqual([403, expect.stringContaining('quản trị viên cấp tỉnh')]);
    const other = await create(admin, { name: 'Hệ thống', operations: ['payments'], provinceCode: '79' });
    expect(other.status).toBe(403);
    const noOps = await create(admin, { name: 'Hệ thống', operations: ['everything'] });
    expect([noOps.status, noOps.json.message]).toEqual([400, expect.stringContaining('payments')]);
    expect((await officerCall('', communeOfficer)).status).toBe(403);
  });

  test('when a key is revoked, then the very next request with it is refused 401 with a clear message, and the revocation is audited once', async () => {
    const r = await create(admin, { name: 'Hệ thống chi trả', operations: ['payments'] });
    const { id } = r.json.key as { id: string };
    const secret = r.json.secret as string;
    const before = await machineCall(srv, '/payments', { key: secret, json: { rows: [{}] } });
    expect(before.status).toBe(400);

    expect((await officerCall(`/${id}/revoke`, hcmAdmin, { method: 'POST' })).status).toBe(403);
    const revoked = await officerCall(`/${id}/revoke`, admin, { method: 'POST' });
    expect([revoked.status, (revoked.json.key as { state: string }).state]).toEqual([200, 'revoked']);
    expect((await officerCall(`/${id}/revoke`, admin, { method: 'POST' })).status).toBe(200);

    const after = await machineCall(srv, '/payments', { key: secret, json: { rows: [{}] } });
    expect(after.status).toBe(401);
    expect(after.json).toEqual({ error: 'unauthorized', message: expect.stringContaining('đã bị thu hồi') });
    const revocations = (await auditLog.recent(50)).filter(
      (e) => e.action === 'api_key_revoke' && e.entityIds[0] === id,
    );
    expect(revocations).toHaveLength(1);
  });

  test('when a key lacks the operation, then 403 names it; a missing, malformed or forged key is 401', async () => {
    const { secret } = await aKey(srv, { operations: ['broadcasts'] });
    const wrongOp = await machineCall(srv, '/payments', { key: secret, json: { rows: [{}] } });
    expect(wrongOp.status).toBe(403);
    expect(wrongOp.json).toEqual({ error: 'forbidden', message: expect.stringContaining('«payments»') });

    expect((await machineCall(srv, '/payments', { json: { rows: [{}] } })).json).toMatchObject({
      error: 'unauthorized',
      message: expect.stringContaining('Authorization: Bearer'),
    });
    expect((await machineCall(srv, '/payments', { key: 'tas_nope', json: { rows: [{}] } })).status).toBe(401);
    const forged = `${secret.slice(0, -64)}${'0'.repeat(64)}`;
    expect((await machineCall(srv, '/broadcasts/preview', { key: forged, json: {} })).status).toBe(401);
  });

  test('when the IT department uses the CLI, then create prints the key alone on the last line, list never shows it, and revoke stops it', async () => {
    // Not spawnSync: a blocked event loop would leave this process's HTTP server to drop kept-alive sockets under fetch.
    const cli = (...args: string[]) =>
      new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', 'scripts/cli.ts', 'apikeys', ...args],
          {
            encoding: 'utf8',
            env: {
              ...process.env,
              NODE_ENV: 'test',
              DATABASE_NAME: srv.rt.config.DATABASE_NAME,
              DATA_ENCRYPTION_KEY: srv.rt.config.DATA_ENCRYPTION_KEY,
              DATA_DIR: srv.rt.config.DATA_DIR,
              LOG_LEVEL: 'silent',
            },
          },
          (err, stdout, stderr) => resolve({ status: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
        );
      });
    const made = await cli(
      'create',
      '--province',
      '01',
      '--name',
      'Hệ thống chi trả của Bộ',
      '--operations',
      'payments',
    );
    expect([made.stderr, made.status]).toEqual(['', 0]);
    const secret = made.stdout.trimEnd().split('\n').at(-1)!;
    expect(secret).toMatch(/^tas_[0-9a-f]{24}_[0-9a-f]{64}$/);
    const keyId = secret.slice(4, 28);
    expect((await machineCall(srv, '/payments', { key: secret, json: { rows: [{}] } })).status).toBe(400);

    const list = await cli('list', '--province', '01');
    expect(list.status).toBe(0);
    expect(list.stdout).toContain(keyId);
    expect(list.stdout).not.toContain(secret.slice(-64));

    expect((await cli('create', '--name', 'Không tỉnh', '--operations', 'payments')).status).toBe(1);
    expect((await cli('revoke', '--id', keyId)).status).toBe(0);
    expect((await machineCall(srv, '/payments', { key: secret, json: { rows: [{}] } })).status).toBe(401);
    expect(await auditLog.recent(20)).toContainEqual(
      expect.objectContaining({ action: 'api_key_revoke', entityIds: [keyId], entryPoint: 'cli', actor: 'cli' }),
    );
  }, 120_000);
});
