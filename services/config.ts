import path from 'node:path';
import { z } from 'zod';
import { ZNS_NOTICE_TYPES, znsTemplatesSchema } from './notifications/zns/fields.js';
import { parsePhone } from './validation/values.js';

const onOff = z.enum(['on', 'off']);
const DATABASE_KINDS = ['mongodb', 'mongodb-memory-server', 'ferretdb', 'embedded'] as const;

/** Every environment variable the service reads; the README's configuration table mirrors it. */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).default('.data'),
  DATA_ENCRYPTION_KEY: z
    .string()
    .regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, 'must be 32 bytes: 64 hex characters or 44 base64 characters')
    .optional(),
  /** Set to the previous DATA_ENCRYPTION_KEY after a rotation: blind indexes and derived ids stay on it. */
  DATA_INDEX_KEY: z
    .string()
    .regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, 'must be 32 bytes: 64 hex characters or 44 base64 characters')
    .optional(),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  MONGODB_KIND: z.enum(DATABASE_KINDS).default('mongodb'),
  DATABASE_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,60}$/)
    .default('tin_an_sinh'),
  DATABASE_ENGINE: z.enum(['auto', 'mongodb-memory-server', 'ferretdb', 'embedded']).default('auto'),
  MONGOMS_SYSTEM_BINARY: z.string().min(1).optional(),
  FERRETDB_BIN: z.string().min(1).optional(),
  TIME_ZONE: z.literal('Asia/Ho_Chi_Minh').default('Asia/Ho_Chi_Minh'),
  DEMO_DATA: onOff.default('on'),
  JOBS_PROCESS_EVERY_MS: z.coerce.number().int().min(50).max(600000).default(1000),
  JOBS_LOCK_LIFETIME_MS: z.coerce.number().int().min(1000).max(3600000).default(600000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(10000),
  STATS_REFRESH_MS: z.coerce.number().int().min(1000).default(3_600_000),
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[\w-]+$/, 'must look like 123456:ABC-DEF (from @BotFather)')
    .optional(),
  TELEGRAM_MODE: z.enum(['polling', 'webhook']).default('polling'),
  TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16–256 characters: letters, digits, _ or -')
    .optional(),
  TELEGRAM_MESSAGES_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(30),
  TELEGRAM_PAID_BROADCAST: onOff.default('off'),
  NOTIFY_PER_CHAT_INTERVAL_MS: z.coerce.number().int().min(0).max(60000).default(1000),
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  NOTIFY_BACKOFF_MS: z.coerce.number().int().min(10).max(3600000).default(5000),
  NOTIFY_BACKOFF_MAX_MS: z.coerce.number().int().min(10).max(86400000).default(900000),
  NOTIFY_CLAIM_TIMEOUT_MS: z.coerce.number().int().min(500).max(3600000).default(60000),
  NOTIFY_SWEEP_EVERY_MS: z.coerce.number().int().min(200).max(3600000).default(15000),
  NOTIFY_POLL_MS: z.coerce.number().int().min(20).max(60000).default(500),
  NOTIFY_QUIET_HOURS: z
    .string()
    .regex(/^(off|([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d)$/, 'must be HH:MM-HH:MM (Asia/Ho_Chi_Minh) or off')
    .default('21:00-07:00'),
  NOTIFY_WORKER: onOff.default('on'),
  /** Days a final notice keeps its values (names, amounts, reasons); its status, ids and times stay. */
  NOTICE_BODY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Years the audit log is kept (the issue asks for 5). */
  AUDIT_RETENTION_YEARS: z.coerce.number().int().min(1).max(50).default(5),
  REMINDER_PASS_EVERY_MS: z.coerce.number().int().min(1000).max(86_400_000).default(900_000),
  REMINDER_DAYS_BEFORE: z
    .string()
    .regex(/^([12]?\d|3[01])(,([12]?\d|3[01]))*$/, 'must be days before the deadline, e.g. 5,1,0 (0: on the day)')
    .default('5,1,0'),
  REMINDER_TIME: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (Asia/Ho_Chi_Minh)')
    .default('08:00'),
  REMINDER_DIGEST_FROM_WORKING_DAY: z.coerce.number().int().min(1).max(60).default(3),
  BROADCAST_APPROVAL_THRESHOLD: z.coerce.number().int().min(0).max(100_000_000).default(1000),
  BROADCAST_PASS_EVERY_MS: z.coerce.number().int().min(200).max(3_600_000).default(5000),
  ADMIN_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]{24,256}$/, 'must be 24–256 printable characters without spaces')
    .optional(),
  /** Bearer token of GET /metrics; unset, the endpoint is off. Not ADMIN_TOKEN: a scraper should not hold admin rights. */
  METRICS_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]{24,256}$/, 'must be 24–256 printable characters without spaces')
    .optional(),
  /** A worker (npm run worker) serves GET /metrics on this port when set with METRICS_TOKEN; unset, it serves no HTTP. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** Machine API (/api/v1): requests per minute per API key, and rows per push. */
  API_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100000).default(120),
  API_MAX_ROWS: z.coerce.number().int().min(1).max(20000).default(5000),
  LINK_CODE_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  LINK_MAX_FAILURES: z.coerce.number().int().min(1).max(50).default(5),
  /** The OA webhook: how old (or how far ahead) a signed event's timestamp may be before it is refused. */
  ZALO_WEBHOOK_MAX_AGE_S: z.coerce.number().int().min(10).max(86400).default(900),
  /** How often stored webhook events nobody finished are taken up again (an Agenda job). */
  ZALO_EVENT_SWEEP_EVERY_MS: z.coerce.number().int().min(200).max(3600000).default(30000),
  /** The picture on Zalo's "share your phone number" card (Zalo shows one; unset: none is sent). */
  ZALO_SHARE_PHONE_IMAGE_URL: z.url().optional(),
  ZALO_GRAPH_API_ROOT: z.url().default('https://graph.zalo.me'),
  MINIAPP_INIT_DATA_MAX_AGE_S: z.coerce.number().int().min(60).max(86400).default(3600),
  MINIAPP_SESSION_TTL_MINUTES: z.coerce.number().int().min(5).max(1440).default(120),
  MINIAPP_WEB_LINK_TTL_MINUTES: z.coerce.number().int().min(1).max(60).default(15),
  MINIAPP_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100000).default(60),
  MINIAPP_IP_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(1000000).default(300),
  MINIAPP_CORS_ORIGINS: z
    .string()
    .regex(
      /^((https|zbrowser):\/\/[a-z0-9.-]+(:\d+)?)(,(https|zbrowser):\/\/[a-z0-9.-]+(:\d+)?)*$/,
      'must be a comma-separated list of origins such as https://h5.zdn.vn',
    )
    .optional(),
  ZALO_APP_SECRET: z.string().min(8).optional(),
  /** Zalo OA/ZNS: all optional; the OA channel is on when ZALO_APP_ID, ZALO_APP_SECRET and ZALO_OA_ID are set. */
  ZALO_APP_ID: z
    .string()
    .regex(/^\d{1,32}$/, 'must be the Zalo app id (digits)')
    .optional(),
  ZALO_OA_ID: z
    .string()
    .regex(/^\d{1,32}$/, 'must be the Official Account id (digits)')
    .optional(),
  ZALO_OA_SECRET_KEY: z.string().min(8).optional(),
  ZALO_OA_API_ROOT: z.url().default('https://openapi.zalo.me'),
  ZALO_OAUTH_ROOT: z.url().default('https://oauth.zaloapp.com'),
  ZALO_ZNS_API_ROOT: z.url().default('https://business.openapi.zalo.me'),
  ZALO_MINIAPP_ID: z
    .string()
    .regex(/^\d{1,32}$/, 'must be the Zalo Mini App id (digits)')
    .optional(),
  ZALO_TOKEN_REFRESH_MARGIN_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
  /** Zalo publishes no exact figure; integrators report about 20 requests per second per app, so we stay well under. */
  ZALO_MESSAGES_PER_SECOND: z.coerce.number().int().min(1).max(100).default(10),
  ACCOUNT_REMINDER_DAY: z.coerce.number().int().min(1).max(28).default(10),
  ACCOUNT_REMINDER_TIME: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (Asia/Ho_Chi_Minh)')
    .default('09:00'),
  ACCOUNT_REMINDER_UNCONFIRMED_MONTHS: z.coerce.number().int().min(1).max(24).default(3),
  ZNS_TEMPLATES: znsTemplatesSchema.optional(),
  ZNS_FALLBACK_TYPES: z
    .string()
    .regex(
      new RegExp(`^(all|(${ZNS_NOTICE_TYPES.join('|')})(,(${ZNS_NOTICE_TYPES.join('|')}))*)$`),
      `must be all, or a comma-separated list of ${ZNS_NOTICE_TYPES.join(', ')}`,
    )
    .default('all'),
  ZNS_PROVINCE_DEFAULT: onOff.default('off'),
  ZNS_MODE: z.enum(['development', 'production']).default('development'),
  ZNS_MESSAGES_PER_SECOND: z.coerce.number().int().min(1).max(500).default(30),
  ZNS_TEST_PHONES: z
    .string()
    .transform((text, ctx) => {
      const phones: string[] = [];
      for (const raw of text.split(',')) {
        const p = parsePhone(raw.trim());
        if (p.ok) phones.push(`84${p.value.slice(3)}`);
        else ctx.addIssue({ code: 'custom', message: 'must be mobile numbers separated by commas (0912345678,…)' });
      }
      return phones;
    })
    .default([]),
  TRUST_PROXY: z
    .string()
    .regex(/^(off|loopback|\d{1,2})$/, 'must be off, loopback, or the number of proxies in front (0–99)')
    .default('off'),
});

type Env = z.infer<typeof schema>;

/** Validated, typed configuration: the only view of process.env the product has. */
export type Config = Omit<Env, 'DATA_DIR' | 'FERRETDB_BIN'> & {
  DATA_DIR: string;
  FERRETDB_BIN: string;
  PUBLIC_URL: string;
  isProduction: boolean;
};

/** A configuration problem, reported at boot with the variable it concerns. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses and validates an environment; throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env, root = process.cwd()): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.NODE_ENV === 'production' && !e.DATA_ENCRYPTION_KEY) {
    problems.push('DATA_ENCRYPTION_KEY: required in production (32 bytes, hex or base64)');
  }
  if (e.NODE_ENV === 'production' && !e.MONGODB_URI) {
    problems.push('MONGODB_URI: required in production (a MongoDB replica set)');
  }
  if (e.TELEGRAM_BOT_TOKEN && e.TELEGRAM_MODE === 'webhook' && !e.TELEGRAM_WEBHOOK_SECRET) {
    problems.push('TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_MODE=webhook');
  }
  if (e.TELEGRAM_MESSAGES_PER_SECOND > 30 && e.TELEGRAM_PAID_BROADCAST !== 'on') {
    problems.push('TELEGRAM_MESSAGES_PER_SECOND: above 30 needs TELEGRAM_PAID_BROADCAST=on (Telegram paid broadcasts)');
  }
  const zaloSet = [e.ZALO_APP_ID, e.ZALO_OA_ID].filter(Boolean).length;
  if (zaloSet === 1 || (zaloSet === 2 && !e.ZALO_APP_SECRET)) {
    problems.push('ZALO_APP_ID, ZALO_APP_SECRET, ZALO_OA_ID: the Zalo OA needs all three (or none)');
  }
  for (const type of e.ZNS_FALLBACK_TYPES === 'all' ? [] : e.ZNS_FALLBACK_TYPES.split(',')) {
    if (!e.ZNS_TEMPLATES?.[type as keyof typeof e.ZNS_TEMPLATES])
      problems.push(`ZNS_FALLBACK_TYPES: ${type} has no template in ZNS_TEMPLATES`);
  }
  if (problems.length) throw new ConfigError(problems);
  const dataDir = path.resolve(root, e.DATA_DIR);
  return {
    ...e,
    DATA_DIR: dataDir,
    FERRETDB_BIN: path.resolve(root, e.FERRETDB_BIN ?? 'tools/bin/ferretdb'),
    PUBLIC_URL: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    TELEGRAM_API_ROOT: e.TELEGRAM_API_ROOT.replace(/\/$/, ''),
    ZALO_GRAPH_API_ROOT: e.ZALO_GRAPH_API_ROOT.replace(/\/$/, ''),
    ZALO_OA_API_ROOT: e.ZALO_OA_API_ROOT.replace(/\/$/, ''),
    ZALO_OAUTH_ROOT: e.ZALO_OAUTH_ROOT.replace(/\/$/, ''),
    ZALO_ZNS_API_ROOT: e.ZALO_ZNS_API_ROOT.replace(/\/$/, ''),
    isProduction: e.NODE_ENV === 'production',
  };
}

let cached: Config | undefined;

/** The process-wide configuration, parsed once on first use. */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
