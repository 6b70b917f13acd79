import { notifications } from '../../models/notification.js';
import type { Logger } from '../log.js';

/** Successful sends are stored in batches of up to this many, at most this long after the reply. */
const SENT_BATCH = 32;
const SENT_FLUSH_MS = 10;

type Pending = { id: string; providerMessageId: string; done: { resolve: () => void; reject: (err: unknown) => void } };

/**
 * Stores successful sends together every few milliseconds (one receipts insert and one
 * updateMany) instead of one update each; a send counts as unsettled until its batch is stored,
 * so the crash window stays bounded.
 */
export class SentRecorder {
  private buffer: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly token: string,
    private readonly log: Logger,
    private readonly onStored: (id: string) => void,
  ) {}

  /** Resolves once the send is stored as `sent`. */
  record(id: string, providerMessageId: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.buffer.push({ id, providerMessageId, done: { resolve, reject } });
      if (this.buffer.length >= SENT_BATCH) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), SENT_FLUSH_MS);
    });
  }

  private async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.buffer.splice(0);
    if (!batch.length) return;
    try {
      const changed = await notifications.settleSent(batch, this.token, new Date());
      if (changed < batch.length)
        this.log.warn(
          { lost: batch.length - changed },
          'claims lost before their sends were recorded (recovered by the sweeper meanwhile)',
        );
      for (const b of batch) {
        this.onStored(b.id);
        b.done.resolve();
      }
    } catch (err) {
      for (const b of batch) b.done.reject(err);
    }
  }
}
