import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpApp } from '../miniapp/server.js';
import { seedDemo } from '../services/demo/seed.js';
import { createLogger } from '../services/log.js';
import { startTestRuntime } from './support/runtime.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let server: http.Server;
let base: string;
let shuttingDown = false;

beforeAll(async () => {
  rt = await startTestRuntime({}, { jobs: true });
  const app = createHttpApp({
    log: createLogger('silent'),
    databaseKind: rt.database.kind,
    schedulerRunning: () => rt.scheduler?.isRunning() ?? false,
    isShuttingDown: () => shuttingDown,
  });
  server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await rt.stop();
});

describe('health and landing page', () => {
  test('when the database answers, then /healthz says ok and names the database in use', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: process.env.MONGODB_KIND });
  });

  test('when the scheduler runs, then /readyz is ok; while shutting down, both endpoints answer 503', async () => {
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    shuttingDown = true;
    try {
      expect((await fetch(`${base}/readyz`)).status).toBe(503);
      expect(await (await fetch(`${base}/healthz`)).json()).toMatchObject({ status: 'unavailable' });
    } finally {
      shuttingDown = false;
    }
  });

  test('when the demo register is loaded twice, then the second load adds nothing and the page shows the counts at once', async () => {
    const first = await seedDemo(rt.sealer, new Date('2026-11-22T03:00:00Z'));
    const second = await seedDemo(rt.sealer, new Date('2026-11-22T03:00:00Z'));
    expect(first).toEqual({ communes: 3, beneficiaries: 36, payments: 107, officers: 4 });
    expect(second).toEqual({ communes: 0, beneficiaries: 0, payments: 0, officers: 0 });

    const html = await (await fetch(`${base}/`)).text();
    expect(html).toContain('Đối tượng / Beneficiaries: 36');
    expect(html).toContain('Kỳ chi trả tháng 11/2026');
    expect(html).toMatch(/Hồ sơ thiếu thông tin bắt buộc \/ Records missing required fields: \d+/);
    expect(html).toContain('href="/app"');
  });
});

describe('the service process', () => {
  test('when it receives SIGTERM, then it stops accepting work, closes the database and exits 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      env: {
        ...process.env,
        PORT: '0',
        LOG_LEVEL: 'info',
        NODE_ENV: 'test',
        DATABASE_NAME: `test_${crypto.randomBytes(4).toString('hex')}`,
        DATA_ENCRYPTION_KEY: 'cd'.repeat(32),
        JOBS_PROCESS_EVERY_MS: '200',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (out += b));
    const port = await new Promise<number>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no listening line:\n${out}`)), 20000);
      child.stdout.on('data', () => {
        const m = /"port":(\d+)/.exec(out);
        if (m) {
          clearTimeout(t);
          resolve(Number(m[1]));
        }
      });
    });
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.once('exit', r));

    expect(code).toBe(0);
    expect(out).toContain('shutting down');
    expect(out).toContain('stopped cleanly');
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  }, 40000);
});
