import fs from 'node:fs';
import yaml from 'js-yaml';
import { WEBHOOK_PATH } from '../bot/telegram/run.js';
import { ZALO_WEBHOOK_PATH } from '../bot/zalo/webhook.js';
import { ConfigError, loadConfig } from '../services/config.js';

/** The container files are checked here without Docker: they parse, and the image's env passes the config schema. */
const read = (file: string) => fs.readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');

interface Service {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  env_file?: { path: string; required?: boolean }[];
  restart?: string;
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
  init?: boolean;
  profiles?: string[];
}
const compose = yaml.safeLoad(read('compose.yaml')) as { services: Record<string, Service> };
const services = compose.services;

/** The Dockerfile's final stage: its ENV pairs (continuation lines joined), USER and CMD. */
function finalStage(text: string) {
  const lines = text.replace(/\\\n/g, ' ').split('\n');
  const from = lines.map((l, i) => (/^FROM /.test(l) ? i : -1)).filter((i) => i >= 0);
  const stage = lines.slice(from[from.length - 1]);
  const env: Record<string, string> = {};
  for (const line of stage.filter((l) => /^ENV /.test(l))) {
    for (const [, k, v] of line.slice(4).matchAll(/([A-Z_][A-Z0-9_]*)=(\S+)/g)) env[k!] = v!;
  }
  const user = stage
    .filter((l) => /^USER /.test(l))
    .pop()
    ?.slice(5)
    .trim();
  const cmd = stage
    .filter((l) => /^CMD /.test(l))
    .pop()
    ?.slice(4)
    .trim();
  return { env, user, cmd: cmd ? (JSON.parse(cmd) as string[]) : undefined, text: stage.join('\n') };
}

/** deploy.env.example's keys; the empty ones are secrets the operator fills in. */
function envExample(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of read('deploy.env.example').split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

const PLACEHOLDERS: Record<string, string> = {
  DATA_ENCRYPTION_KEY: 'ab'.repeat(32),
  ADMIN_TOKEN: 'placeholder-admin-token-0123456789',
  TELEGRAM_BOT_TOKEN: '123456:placeholder-token',
  TELEGRAM_WEBHOOK_SECRET: 'placeholder-webhook-secret',
  ZALO_APP_ID: '1234567890',
  ZALO_APP_SECRET: 'placeholder-app-secret',
  ZALO_OA_ID: '9876543210',
  ZALO_OA_SECRET_KEY: 'placeholder-oa-secret',
  METRICS_TOKEN: 'placeholder-metrics-token-0123456789',
};

/** What a container of this service sees: the image's ENV, then the env file, then the compose environment. */
function containerEnv(service: Service, envFile: Record<string, string>) {
  return { ...finalStage(read('Dockerfile')).env, ...envFile, ...(service.environment ?? {}) };
}

function filledEnvFile() {
  const example = envExample();
  return Object.fromEntries(Object.entries(example).map(([k, v]) => [k, v || PLACEHOLDERS[k] || '']));
}

describe('the container image', () => {
  const stage = finalStage(read('Dockerfile'));

  test('when the image runs, then it is production, not root, and `npm start` is its default command', () => {
    expect(stage.env.NODE_ENV).toBe('production');
    expect(stage.user).toBeDefined();
    expect(['root', '0']).not.toContain(stage.user);
    expect(stage.cmd).toEqual(['npm', 'start']);
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toBeDefined();
    expect(scripts.worker).toBeDefined();
  });

  test('when it is built, then only production dependencies and no FerretDB or Go go in', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(stage.text).not.toMatch(/COPY[^\n]*\b(tools|test|bench)\b/);
    expect(dockerfile.replace(/^#.*$/gm, '')).not.toMatch(/ferretdb|golang/i);
    const ignored = read('.dockerignore').split('\n');
    for (const p of ['node_modules', 'tools', '.git', '.data', '*.env']) expect(ignored).toContain(p);
  });
});

describe('the compose file', () => {
  test('when it is read, then it has three replica-set members, the web process and two workers', () => {
    expect(Object.keys(services).sort()).toEqual([
      'mongo1',
      'mongo2',
      'mongo3',
      'prometheus',
      'web',
      'worker-1',
      'worker-2',
    ]);
    // Monitoring is opt-in: a plain `docker compose up` starts the database and the app only.
    expect(
      Object.entries(services)
        .filter(([, s]) => s.profiles?.length)
        .map(([n, s]) => [n, s.profiles]),
    ).toEqual([['prometheus', ['monitoring']]]);
    for (const m of ['mongo1', 'mongo2', 'mongo3']) {
      expect(services[m]!.command).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
      expect(services[m]!.ports).toBeUndefined();
    }
    const init = services.mongo1!.healthcheck!.test!.join(' ');
    expect(init).toMatch(/rs\.initiate/);
    for (const host of ['mongo1:27017', 'mongo2:27017', 'mongo3:27017']) expect(init).toContain(host);
    const uri = services.web!.environment!.MONGODB_URI!;
    expect(uri).toMatch(/replicaSet=rs0/);
    for (const host of ['mongo1:27017', 'mongo2:27017', 'mongo3:27017']) expect(uri).toContain(host);
  });

  test('when the app services start, then the commands, health checks, restarts and database wait are set', () => {
    expect(services.web!.command).toEqual(['npm', 'start']);
    expect(services.web!.healthcheck!.test!.join(' ')).toMatch(/\/readyz/);
    expect(services['worker-1']!.command).toEqual(['npm', 'run', 'worker']);
    expect(services['worker-2']!.command).toEqual(['npm', 'run', 'worker']);
    for (const [name, s] of Object.entries(services)) {
      expect([name, s.restart]).toEqual([name, 'unless-stopped']);
      expect(s.healthcheck).toBeDefined();
    }
    for (const name of ['web', 'worker-1', 'worker-2']) {
      expect(services[name]!.depends_on?.mongo1?.condition).toBe('service_healthy');
      expect(services[name]!.env_file?.[0]?.path).toBe('deploy.env');
      expect(services[name]!.init).toBe(true);
    }
  });

  test('when the file is read, then no secret is written in it and deploy.env stays out of git', () => {
    for (const s of Object.values(services)) {
      for (const key of Object.keys(s.environment ?? {})) expect(key).not.toMatch(/KEY|TOKEN|SECRET/);
    }
    expect(read('.gitignore').split('\n')).toContain('deploy.env');
    for (const [k, v] of Object.entries(envExample())) {
      if (/KEY|TOKEN|SECRET/.test(k)) expect([k, v]).toEqual([k, '']);
    }
  });
});

describe('the environment the containers get', () => {
  test('when the env file is filled in, then the web and worker environments pass the config schema', () => {
    const envFile = filledEnvFile();
    expect(Object.entries(envFile).filter(([, v]) => !v)).toEqual([]);
    for (const name of ['web', 'worker-1', 'worker-2']) {
      const c = loadConfig(containerEnv(services[name]!, envFile), '/app');
      expect(c.isProduction).toBe(true);
      expect(c.MONGODB_URI).toMatch(/^mongodb:\/\/mongo1:27017,/);
      expect(c.DATA_DIR).toBe('/app/.data');
      expect(c.DEMO_DATA).toBe('off');
      expect(c.METRICS_TOKEN).toBeDefined();
    }
    expect(loadConfig(containerEnv(services['worker-1']!, envFile), '/app').WORKER_METRICS_PORT).toBe(9464);
    expect(loadConfig(containerEnv(services.web!, envFile), '/app').TELEGRAM_MODE).toBe('webhook');
  });

  test('when the env file is left empty, then the web process refuses to start and names the key', () => {
    const empty = Object.fromEntries(Object.keys(envExample()).map((k) => [k, '']));
    expect(() => loadConfig(containerEnv(services.web!, empty), '/app')).toThrow(ConfigError);
    expect(() => loadConfig(containerEnv(services.web!, empty), '/app')).toThrow(/DATA_ENCRYPTION_KEY/);
  });
});

describe('the deployment guide', () => {
  test('when it names webhook paths, commands and env files, then they are the ones the code and files use', () => {
    const guide = read('docs/deploy.md');
    expect(guide).toContain(`PUBLIC_URL${WEBHOOK_PATH}`);
    expect(guide).toContain(`PUBLIC_URL${ZALO_WEBHOOK_PATH}`);
    expect(guide).toContain('npm run cli -- keys rotate --from-env TAS_OLD_KEY');
    for (const s of Object.keys(services)) expect(guide).toContain(`\`${s}\``);
    for (const k of Object.keys(envExample())) expect(guide).toContain(k);
  });
});
