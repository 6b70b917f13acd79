import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { LANES, notifications } from '../models/notification.js';

/**
 * The one Prometheus registry of the process, and every metric in it. Label values come only from
 * fixed vocabularies (channel names, statuses, lanes, job names, route patterns): never a chat, an
 * address, a record, a token or a raw URL, so a scrape can be shared without leaking anyone. No label
 * is called `job` or `instance`: Prometheus gives those to the scrape target and would rename ours.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

/** Open notice counts come from one aggregate over the queue, reused this long so scrapes stay cheap. */
export const NOTICE_COUNTS_TTL_MS = 5000;

let clock: () => number = () => Date.now();
/** The clock the notice-count cache is judged by (tests move it forward instead of waiting). */
export function useMetricsClock(now: () => number): void {
  clock = now;
  cached = null;
}

type CountRow = { channel: string; status: string; lane: string; count: number };
/** null: the aggregate failed (database down); the other metrics are still exposed. */
let cached: { at: number; rows: Promise<CountRow[] | null> } | null = null;

function noticeCounts(): Promise<CountRow[] | null> {
  const now = clock();
  if (!cached || now - cached.at >= NOTICE_COUNTS_TTL_MS) {
    const entry = {
      at: now,
      rows: notifications.countOpenByChannelStatusLane().catch(() => {
        // Not kept: the next scrape tries again.
        if (cached === entry) cached = null;
        return null;
      }),
    };
    cached = entry;
  }
  return cached.rows;
}

new Gauge({
  name: 'tas_notice_counts_up',
  help: 'Whether the outbox could be counted at this scrape (0: the database did not answer, tas_notices is empty)',
  registers: [registry],
  async collect() {
    this.set((await noticeCounts()) === null ? 0 : 1);
  },
});

new Gauge({
  name: 'tas_notices',
  help: 'Notices waiting (created) or being sent (sending) by channel and lane, across all processes; refreshed at most every 5 s. Final ones: tas_notices_settled_total',
  labelNames: ['channel', 'status', 'lane'] as const,
  registers: [registry],
  async collect() {
    const rows = await noticeCounts();
    this.reset();
    for (const r of rows ?? []) this.set({ channel: r.channel, status: r.status, lane: r.lane }, r.count);
  },
});

new Gauge({
  name: 'tas_queue_depth',
  help: 'Notices waiting to be sent or being sent (created + sending), per lane',
  labelNames: ['lane'] as const,
  registers: [registry],
  async collect() {
    const rows = await noticeCounts();
    this.reset();
    if (!rows) return;
    for (const lane of LANES) this.set({ lane }, 0);
    for (const r of rows) if (r.status === 'created' || r.status === 'sending') this.inc({ lane: r.lane }, r.count);
  },
});

const sends = new Counter({
  name: 'tas_notice_sends_total',
  help: 'Sends tried by this process, by channel and outcome (sent, rate_limited, transient, blocked, ...)',
  labelNames: ['channel', 'outcome'] as const,
  registers: [registry],
});
const settled = new Counter({
  name: 'tas_notices_settled_total',
  help: 'Notices this process brought to a final status (sent, failed, technical-failure, cancelled), by channel and lane',
  labelNames: ['channel', 'status', 'lane'] as const,
  registers: [registry],
});
const rateLimited = new Counter({
  name: 'tas_rate_limited_total',
  help: 'Provider answers "too many requests" (429) by channel',
  labelNames: ['channel'] as const,
  registers: [registry],
});
const rateLimitWait = new Counter({
  name: 'tas_rate_limit_wait_seconds_total',
  help: 'Seconds a channel was told to wait by its provider (retry_after), summed',
  labelNames: ['channel'] as const,
  registers: [registry],
});
const slotWait = new Counter({
  name: 'tas_rate_slot_wait_seconds_total',
  help: "Seconds sends waited for their slot in the channel's shared rate gate (our own pacing), summed",
  labelNames: ['channel'] as const,
  registers: [registry],
});
const retries = new Counter({
  name: 'tas_notice_retries_total',
  help: 'Notices put back for another try, by channel and reason (rate_limited, transient)',
  labelNames: ['channel', 'reason'] as const,
  registers: [registry],
});
const jobRuns = new Counter({
  name: 'tas_job_runs_total',
  help: 'Background job runs by job name',
  labelNames: ['job_name'] as const,
  registers: [registry],
});
const jobFailures = new Counter({
  name: 'tas_job_failures_total',
  help: 'Background job runs that failed, by job name',
  labelNames: ['job_name'] as const,
  registers: [registry],
});
const jobDuration = new Histogram({
  name: 'tas_job_duration_seconds',
  help: 'Background job run time by job name',
  labelNames: ['job_name'] as const,
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
  registers: [registry],
});
const httpDuration = new Histogram({
  name: 'tas_http_request_duration_seconds',
  help: 'HTTP request time by method, route pattern and status class',
  labelNames: ['method', 'route', 'status_class'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});
const databaseInfo = new Gauge({
  name: 'tas_database_info',
  help: 'The database in use (1 for the kind this process runs on)',
  labelNames: ['kind'] as const,
  registers: [registry],
});

/** One send's result at the provider. */
export function noteSend(channel: string, outcome: string): void {
  sends.inc({ channel, outcome });
}

/** A notice reached a final status in this process (a send the provider accepted counts as sent). */
export function noteSettled(channel: string, status: string, lane: string): void {
  settled.inc({ channel, status, lane });
}

/** The provider answered 429 and asked the channel to wait this long. */
export function noteRateLimited(channel: string, waitMs: number): void {
  rateLimited.inc({ channel });
  rateLimitWait.inc({ channel }, Math.max(0, waitMs) / 1000);
}

/** A send waited this long for its rate slot. */
export function noteSlotWait(channel: string, waitMs: number): void {
  slotWait.inc({ channel }, Math.max(0, waitMs) / 1000);
}

/** A notice goes back to the outbox for another try. */
export function noteRetry(channel: string, reason: string): void {
  retries.inc({ channel, reason });
}

/** One job run, counted when it ends. */
export function noteJobRun(job: string, seconds: number, failed: boolean): void {
  jobRuns.inc({ job_name: job });
  if (failed) jobFailures.inc({ job_name: job });
  jobDuration.observe({ job_name: job }, seconds);
}

/** One HTTP request; `route` is the matched pattern (e.g. /app/w/:token), never the raw path. */
export function noteHttpRequest(method: string, route: string, status: number, seconds: number): void {
  httpDuration.observe({ method, route, status_class: `${Math.floor(status / 100)}xx` }, seconds);
}

/** The database kind this process runs on (memory, ferretdb, mongodb, ...). */
export function noteDatabaseKind(kind: string): void {
  databaseInfo.reset();
  databaseInfo.set({ kind }, 1);
}

/** The exposition text and its content type, for GET /metrics. */
export async function exposition(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
