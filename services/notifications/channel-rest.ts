import type { Logger } from '../log.js';
import type { Channel } from './channel.js';

/**
 * This many network errors or 5xx in a row on one channel, with no other answer between, mean its
 * provider is down rather than these messages: a failed try then no longer uses up a notice's
 * tries, and the channel rests for NOTIFY_BACKOFF_MS before the next sends probe it. Without this a
 * one-minute outage turned most of the notices waiting into technical failures (bench/drills).
 */
export const DOWN_AFTER = 10;

/**
 * When each channel (by rate key) may send again in this process: after a provider's 429 until the
 * time it gave, and while its provider is down between probes. The shared rate gate carries the
 * 429 pause to the other processes; a provider outage each process finds for itself.
 */
export class ChannelRest {
  private readonly until = new Map<string, number>();
  /** Network errors and 5xx in a row per rate key since the provider last answered otherwise. */
  private readonly failingRun = new Map<string, number>();

  constructor(
    private readonly probeEveryMs: number,
    private readonly log: Logger,
  ) {}

  /** The time (ms) before which the channel sends nothing; 0 when it is not resting. */
  restingUntil(rateKey: string): number {
    return this.until.get(rateKey) ?? 0;
  }

  /** Rests the channel until `untilMs`, or longer if it rests longer already. */
  restUntil(rateKey: string, untilMs: number): void {
    this.until.set(rateKey, Math.max(untilMs, this.restingUntil(rateKey)));
  }

  /** Counts a network error or 5xx; true once the run says the provider is down (the channel then rests). */
  failed(channel: Channel, at: Date): boolean {
    const run = (this.failingRun.get(channel.rateKey) ?? 0) + 1;
    this.failingRun.set(channel.rateKey, run);
    if (run < DOWN_AFTER) return false;
    this.restUntil(channel.rateKey, at.getTime() + this.probeEveryMs);
    if (run === DOWN_AFTER)
      this.log.warn(
        { channel: channel.name, failuresInARow: run, probeEveryMs: this.probeEveryMs },
        'provider failing every message: this channel rests and probes; notices wait without using up their tries',
      );
    return true;
  }

  /** The provider gave another answer than a network error or 5xx: the run of failures ends. */
  answered(channel: Channel): void {
    if ((this.failingRun.get(channel.rateKey) ?? 0) >= DOWN_AFTER)
      this.log.info({ channel: channel.name }, 'provider answering again: sending resumes');
    this.failingRun.set(channel.rateKey, 0);
  }
}
