import type { StoredNotification } from '../../models/notification.js';
import type { Channel, MessageButton } from './channel.js';

/**
 * Each channel keeps about this much sending claimed ahead: enough that slots run back to back,
 * little enough that a personal notice (which jumps the queue) never waits behind bulk work and a
 * crash hands back little.
 */
export const QUEUE_SECONDS = 0.5;
/**
 * Slots are reserved this much sending at a time, one command per reservation; at fast rates the
 * unsettled window (the dispatcher's MAX_UNSETTLED) caps a reservation first.
 */
const CHUNK_SECONDS = 0.2;
/**
 * Slots are spaced a little wider than 1/rate: a provider counts arrivals in a sliding second, and
 * network jitter can bring our evenly spaced sends closer together. At 30/s this leaves 35 ms of
 * slack per second, of which a send may use LATE_TOLERANCE_MS by starting late.
 */
const SPACING_MARGIN = 1.035;
/**
 * A send that cannot start within this long after its slot (a busy event loop) takes a later slot
 * instead: sent late, it would bunch up with the next ones and break the rate at the provider.
 */
export const LATE_TOLERANCE_MS = 10;
/** A claimed notification with its rendered text (and buttons), waiting for a rate slot. */
export type Ready = { n: StoredNotification; text: string; buttons?: readonly MessageButton[] };

/** One channel's claimed work, its pacing, and the send rate it actually achieves. */
export class ChannelQueue {
  items: Ready[] = [];
  readonly interval: number;
  private readonly nominalTarget: number;
  /** Sends started per 100 ms over the last second (a ring), to size the queue by what we achieve. */
  private readonly buckets = new Array<number>(10).fill(0);
  private bucketAt = 0;
  constructor(
    readonly channel: Channel,
    ratePerSecond: number,
  ) {
    this.interval = (1000 / ratePerSecond) * SPACING_MARGIN;
    this.nominalTarget = Math.max(1, Math.ceil(ratePerSecond * QUEUE_SECONDS));
  }
  get chunk(): number {
    return Math.max(1, Math.round((CHUNK_SECONDS * 1000) / this.interval));
  }
  noteSent(): void {
    this.roll();
    this.buckets[this.bucketAt % 10]! += 1;
  }
  /**
   * How much to keep claimed: QUEUE_SECONDS at the rate actually achieved (never more than at the
   * nominal rate), so a slow database or provider does not leave claims waiting for long.
   */
  get target(): number {
    this.roll();
    const achieved = this.buckets.reduce((a, b) => a + b, 0);
    return Math.min(this.nominalTarget, Math.max(this.chunk * 4, Math.ceil(achieved * QUEUE_SECONDS * 1.5)));
  }
  private roll(): void {
    const now = Math.floor(Date.now() / 100);
    if (now - this.bucketAt >= 10) this.buckets.fill(0);
    else for (let b = this.bucketAt + 1; b <= now; b++) this.buckets[b % 10] = 0;
    this.bucketAt = now;
  }
}
