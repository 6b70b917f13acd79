import { Agenda, type Job } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import type { Db } from 'mongodb';
import { withCorrelation } from '../correlation.js';
import { handleError } from '../errors.js';
import type { Logger } from '../log.js';
import { noteJobRun } from '../metrics.js';

/** A background task: receives ids in `data`, never documents, and loads what it needs. */
export type JobHandler = (data: Record<string, unknown>, log: Logger) => Promise<void>;

/** Agenda on the service's own database, with the one error handler on every failure. */
export class Scheduler {
  private readonly agenda: Agenda;
  private running = false;

  constructor(
    db: Db,
    opts: { processEveryMs: number; lockLifetimeMs: number },
    private readonly log: Logger,
  ) {
    // processEvery must be a number of milliseconds: a string like '200 milliseconds' is misread.
    // Agenda re-checks a running job's lock every lockLifetime/2 with a timer that outlives the job.
    this.agenda = new Agenda({
      backend: new MongoBackend({ mongo: db }),
      processEvery: opts.processEveryMs,
      defaultLockLifetime: opts.lockLifetimeMs,
    });
    this.agenda.on('error', (err) => handleError(err, this.log, { component: 'scheduler' }));
  }

  /** Registers a job type; its failures go through handleError with the job's id. */
  define(name: string, handler: JobHandler, concurrency = 1): void {
    this.agenda.define(
      name,
      async (job: Job<Record<string, unknown>>) => {
        const log = this.log.child({ job: name, jobId: String(job.attrs._id) });
        const started = performance.now();
        try {
          // Each run is an entry: the notices it creates (reminders, a broadcast's copies) carry its id.
          await withCorrelation(null, () => handler(job.attrs.data ?? {}, log));
          noteJobRun(name, (performance.now() - started) / 1000, false);
        } catch (err) {
          noteJobRun(name, (performance.now() - started) / 1000, true);
          handleError(err, log);
          throw err;
        }
      },
      { concurrency },
    );
  }

  /** Runs a job now (or soon) in whichever worker locks it first. */
  async now(name: string, data: Record<string, unknown> = {}): Promise<void> {
    await this.agenda.now(name, data);
  }

  /** A recurring job; one schedule per name across all processes. */
  async every(intervalMs: number, name: string): Promise<void> {
    await this.agenda.every(intervalMs, name, undefined, { skipImmediate: false });
  }

  async start(): Promise<void> {
    await this.agenda.start();
    this.running = true;
  }

  /**
   * Takes no new jobs and lets running ones finish up to the timeout. A job still running then
   * keeps its lock until JOBS_LOCK_LIFETIME_MS passes; another worker takes it over after that.
   */
  async stop(timeoutMs: number): Promise<void> {
    if (!this.running) return;
    this.running = false;
    const res = await this.agenda.drain({ timeout: timeoutMs });
    if (res.running > 0)
      this.log.warn(
        { running: res.running },
        'jobs still running at shutdown: another worker takes them over when their locks expire',
      );
  }

  isRunning(): boolean {
    return this.running;
  }
}
