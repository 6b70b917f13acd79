import { notifications } from '../../models/notification.js';
import { provinceDays, type DayCount } from '../../models/province-days.js';
import { withoutCorrelation } from '../correlation.js';
import { todayInVietnam } from '../format.js';
import type { Logger } from '../log.js';

/**
 * A send waits at most this long for others to share its write, unless this many are already
 * waiting: at 30 messages a second a few share each write; at 1000 a write goes every 16 sends.
 */
const SENT_FLUSH_MS = 100;
const SENT_BATCH = 16;
/** A write the database refused (it is down or unreachable) is tried again after this, doubling up to the maximum. */
const RETRY_MS = 250;
const RETRY_MAX_MS = 5000;

/** Where a delivered notice counts on the dashboard: its channel and the beneficiary's place, when the notice carries it. */
export type DeliveredTo = { channel: string; provinceCode?: string | null; communeCode?: string | null };

/** `retried`: an earlier write of it failed, perhaps after the database had applied it. */
type Pending = {
  id: string;
  providerMessageId: string;
  to: DeliveredTo | undefined;
  done: () => void;
  retried?: boolean;
};

/**
 * Stores successful sends together (one bulkWrite per batch) instead of one update each, with one
 * write out at a time: sends that finish while a write is out go in the next one, so a slow
 * database gets fewer, larger writes rather than more of them. A send counts as unsettled until
 * its batch is stored, so the crash window stays bounded. A failed write is tried again until the
 * database takes it: the messages went out, and recording them as failed (or leaving them to the
 * sweeper) would send them twice.
 */
export class SentRecorder {
  private buffer: Pending[] = [];
  private oldestAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private writing = false;
  private retryMs = 0;

  constructor(
    private readonly token: string,
    private readonly log: Logger,
    private readonly onStored: (id: string) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Resolves once the send is stored as `sent`. */
  record(id: string, providerMessageId: string, to?: DeliveredTo): Promise<void> {
    return new Promise((resolve) => {
      if (!this.buffer.length) this.oldestAt = Date.now();
      this.buffer.push({ id, providerMessageId, to, done: resolve });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.writing || !this.buffer.length) return;
    const wait = this.retryMs || this.oldestAt + SENT_FLUSH_MS - Date.now();
    // A write records many notices' sends: its log lines carry none of their correlation ids.
    withoutCorrelation(() => {
      if (!this.retryMs && (this.buffer.length >= SENT_BATCH || wait <= 0)) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), wait);
    });
  }

  private async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.writing) return;
    const batch = this.buffer.splice(0);
    if (!batch.length) return;
    this.writing = true;
    try {
      const at = this.now();
      const changed = await notifications.settleSent(batch, this.token, at);
      await this.count(batch, at);
      // A write retried after a dropped connection may have been applied the first time.
      if (changed < batch.length && !batch.some((b) => b.retried))
        this.log.warn(
          { lost: batch.length - changed },
          'claims lost before their sends were recorded (recovered by the sweeper meanwhile)',
        );
      this.retryMs = 0;
      for (const b of batch) {
        this.onStored(b.id);
        b.done();
      }
    } catch (err) {
      for (const b of batch) b.retried = true;
      this.buffer.unshift(...batch);
      this.retryMs = Math.min(RETRY_MAX_MS, (this.retryMs || RETRY_MS / 2) * 2);
      this.log.warn(
        { err, waiting: this.buffer.length, retryInMs: this.retryMs },
        'could not record sent messages; trying again (they are not sent again)',
      );
    } finally {
      this.writing = false;
      this.schedule();
    }
  }

  /**
   * Adds the batch to the provinces' delivery counters (one more write per batch). Every send the
   * provider accepted counts, a claim lost meanwhile too: the person got the message. A failed count
   * loses figures, never a send, so it is logged and not thrown.
   */
  private async count(batch: Pending[], at: Date): Promise<void> {
    const day = todayInVietnam(at);
    const counts: DayCount[] = batch.flatMap(({ to }) =>
      to?.provinceCode
        ? [{ provinceCode: to.provinceCode, communeCode: to.communeCode ?? null, day, key: to.channel, count: 1 }]
        : [],
    );
    if (!counts.length) return;
    try {
      await provinceDays.add('delivered', counts);
    } catch (err) {
      this.log.warn({ err: (err as Error).message, sends: counts.length }, 'delivery counters not updated');
    }
  }
}
