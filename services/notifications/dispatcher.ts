import crypto from 'node:crypto';
import { chats } from '../../models/chat.js';
import { notifications, type Lane, type Outcome, type StoredNotification } from '../../models/notification.js';
import { rateGates } from '../../models/rate-gate.js';
import { withCorrelation } from '../correlation.js';
import { handleError } from '../errors.js';
import { noteRateLimited, noteRetry, noteSend, noteSettled, noteSlotWait } from '../metrics.js';
import type { Logger } from '../log.js';
import type { Channel, ChannelFailure, ChannelName } from './channel.js';
import { ChannelRest } from './channel-rest.js';
import { CHAT_BLOCKED, onSendFailure, templateFailed, type RetryPolicy } from './failures.js';
import { onEnqueued } from './outbox.js';
import { bulkAllowedFrom, type QuietHours } from './quiet-hours.js';
import { ChannelQueue, LATE_TOLERANCE_MS, QUEUE_SECONDS, type Ready } from './pacing.js';
import { SentRecorder } from './sent-recorder.js';
import { Wake } from './wake.js';
import { renderTemplate, type RenderedMessage } from './templates/index.js';

/** How the dispatcher paces, retries and schedules; all from configuration. */
export type DispatchPolicy = RetryPolicy & {
  /** Messages per second for each channel, shared by every worker process. */
  ratePerSecond: Partial<Record<ChannelName, number>>;
  perChatIntervalMs: number;
  quietHours: QuietHours;
  pollMs: number;
};

/**
 * At most this many sends may be out without their outcome stored (in flight, or waiting for the
 * next batched write): a crash can repeat only these, so when the database falls behind the
 * provider, sending waits for it.
 */
const MAX_UNSETTLED = 64;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

/**
 * Sends notifications from the outbox. A filler claims work with one atomic update per batch
 * (personal lane first, to the front of the queue); a pacer per channel reserves slots in the
 * shared rate gate and sends each message in its slot; outcomes are stored within a fraction of a
 * second, and never more than MAX_UNSETTLED sends wait for theirs (the crash window for a duplicate).
 */
export class Dispatcher {
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly wake = new Wake();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly token = crypto.randomUUID();
  private readonly queues: ChannelQueue[];
  private unsubscribe: (() => void) | null = null;
  private unsettled = 0;
  /** Ids this dispatcher holds (queued or being sent): a claim that returns one again is not a second copy. */
  private readonly held = new Set<string>();
  private readonly sent: SentRecorder;
  private readonly rest: ChannelRest;

  constructor(
    channels: Channel[],
    private readonly policy: DispatchPolicy,
    private readonly log: Logger,
    /** The clock quiet hours are judged by (tests set the evening); rate slots always use real time. */
    private readonly wallClock: () => Date = () => new Date(),
  ) {
    this.queues = channels.map((c) => new ChannelQueue(c, policy.ratePerSecond[c.name] ?? 30));
    this.sent = new SentRecorder(this.token, log, (id) => this.held.delete(id));
    this.rest = new ChannelRest(policy.backoffMs, log);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = onEnqueued(() => this.wake.all());
    this.loops = [this.fill(), ...this.queues.map((q) => this.pace(q))];
  }

  /** Stops claiming and sending, waits for sends already out, and hands back what it had claimed. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.unsubscribe?.();
    this.wake.all();
    await Promise.allSettled(this.loops);
    await Promise.allSettled([...this.inFlight]);
    for (const q of this.queues) {
      await this.release(
        q.items.splice(0).map((r) => r.n),
        new Date(),
      ).catch((err: unknown) => handleError(err, this.log));
    }
  }

  // ---- claiming -------------------------------------------------------------------------------

  private async fill(): Promise<void> {
    while (this.running) {
      let claimed = 0;
      try {
        claimed = await this.fillOnce();
      } catch (err) {
        handleError(err, this.log, { component: 'dispatcher' });
      }
      if (!this.running) break;
      const full = this.queues.every((q) => q.items.length >= q.target / 2);
      // Nothing claimed, or queues full: look again at the next poll (sooner if woken).
      if (!claimed || full) await this.wake.idle(this.policy.pollMs);
    }
  }

  /** Claims personal notices for every channel, then bulk work up to each queue's target. */
  private async fillOnce(): Promise<number> {
    const now = new Date();
    // A resting channel (429, provider down) claims nothing: its work would only be handed back.
    const open = this.queues.filter((q) => this.rest.restingUntil(q.channel.rateKey) <= now.getTime());
    if (!open.length) return 0;
    const all = open.map((q) => q.channel.name);
    let claimed = await this.claimInto('personal', all, Math.max(...open.map((q) => q.target), 20), now);
    const local = this.wallClock();
    // In quiet hours only urgent bulk work (a broadcast its approver marked urgent) is claimed.
    const quiet = bulkAllowedFrom(this.policy.quietHours, local) > local;
    // Refill at half empty, to the full target: fewer, larger claims.
    const hungry = open.filter((q) => q.items.length <= q.target / 2);
    if (hungry.length) {
      const room = Math.max(...hungry.map((q) => q.target - q.items.length));
      const channels = hungry.map((q) => q.channel.name);
      claimed += await this.claimInto('bulk', channels, room, now, quiet);
    }
    return claimed;
  }

  private async claimInto(
    lane: Lane,
    channels: ChannelName[],
    limit: number,
    now: Date,
    urgentOnly = false,
  ): Promise<number> {
    const due = (await notifications.due(lane, now, limit, channels, urgentOnly)).filter((n) => !this.held.has(n.id));
    if (!due.length) return 0;
    const claimed = (await notifications.claim(due, this.token, now)).sort(
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime(),
    );
    if (!claimed.length) return 0;
    for (const n of claimed) this.held.add(n.id);
    let ready: Ready[];
    try {
      ready = await this.admit(claimed, now);
    } catch (err) {
      // Not queued, so not held: the sweeper hands them back if this release fails too.
      await this.release(claimed, now).catch(() => {});
      throw err;
    }
    for (const q of this.queues) {
      const mine = ready.filter((r) => r.n.channel === q.channel.name);
      // Personal notices go before any bulk work already waiting.
      if (lane === 'personal') q.items.unshift(...mine);
      else q.items.push(...mine);
    }
    this.wake.all();
    return claimed.length;
  }

  /**
   * Applies the per-chat gate (one message per chat per interval, across all workers), cancels
   * notices to chats that blocked the bot, and renders the rest.
   */
  private async admit(batch: StoredNotification[], now: Date): Promise<Ready[]> {
    // The gate covers the time a notice may wait in the queue before its slot, too.
    const gates = await chats.openGates(
      batch.map((n) => n.chatRef),
      crypto.randomUUID(),
      now,
      this.policy.perChatIntervalMs + QUEUE_SECONDS * 1000,
    );
    const ready: Ready[] = [];
    const later: StoredNotification[] = [];
    const used = new Set<string>();
    for (const n of batch) {
      if (gates.blocked.has(n.chatRef)) {
        await this.settle(n, CHAT_BLOCKED);
      } else if ((!gates.opened.has(n.chatRef) && !gates.missing.has(n.chatRef)) || used.has(n.chatRef)) {
        later.push(n);
      } else {
        const message = this.render(n);
        if (message === null) continue;
        used.add(n.chatRef);
        ready.push({ n, ...message });
      }
    }
    // The chat had a message within the interval: these wait their turn, not counted as a try.
    if (later.length) await this.release(later, new Date(now.getTime() + this.policy.perChatIntervalMs));
    return ready;
  }

  /** Renders the message; a template error is our defect, so the notice fails for good and is logged. */
  private render(n: StoredNotification): RenderedMessage | null {
    try {
      return renderTemplate(n.template, n.lang === 'en' ? 'en' : 'vi', n.vars);
    } catch (err) {
      handleError(err, this.log, { notification: n.id, template: n.template });
      void this.settle(n, templateFailed(err));
      return null;
    }
  }

  // ---- pacing ---------------------------------------------------------------------------------

  /**
   * Reserves a chunk of slots in the shared gate and sends each message in its slot; a slot that
   * passed by more than LATE_TOLERANCE_MS while this process was busy is skipped, never used late.
   */
  private async pace(q: ChannelQueue): Promise<void> {
    const key = q.channel.rateKey;
    while (this.running) {
      try {
        if (!q.items.length) {
          await this.wake.idle(this.policy.pollMs);
          continue;
        }
        const paused = this.rest.restingUntil(key);
        if (paused > Date.now()) {
          await this.handBack(q, paused);
          continue;
        }
        while (this.unsettled >= MAX_UNSETTLED && this.running) await this.wake.room();
        // No more slots than sends the crash window still allows, so the slots are not wasted.
        const count = Math.min(q.chunk, q.items.length, MAX_UNSETTLED - this.unsettled);
        if (!this.running || count < 1) continue;
        const start = await rateGates.reserve(key, count, q.interval, Date.now());
        if (q.items.length < q.target / 2) this.wake.all();
        for (let i = 0; i < count && this.running; i++) {
          const slot = start + i * q.interval;
          if (slot > Date.now()) {
            noteSlotWait(q.channel.name, slot - Date.now());
            await sleep(slot - Date.now());
          }
          if (Date.now() - slot > LATE_TOLERANCE_MS || this.rest.restingUntil(key) > Date.now()) continue;
          // Checked at every send, not once per chunk: another channel's pacer shares the window.
          if (this.unsettled >= MAX_UNSETTLED) break;
          const item = q.items.shift();
          if (!item) break;
          q.noteSent();
          // Its log lines, the channel's and the provider call's carry the id of the work that created it.
          const send = () => this.send(q.channel, item);
          this.track(item.n.correlationId ? withCorrelation(item.n.correlationId, send) : send());
        }
      } catch (err) {
        handleError(err, this.log, { component: 'dispatcher', channel: q.channel.name });
        await sleep(this.policy.pollMs);
      }
    }
  }

  /** The provider asked everyone to wait: queued work goes back to the outbox until then. */
  private async handBack(q: ChannelQueue, until: number): Promise<void> {
    await this.release(
      q.items.splice(0).map((r) => r.n),
      new Date(until),
    );
    await this.wake.idle(Math.min(until - Date.now(), this.policy.pollMs));
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async send(channel: Channel, { n, text, buttons }: Ready): Promise<void> {
    this.unsettled++;
    try {
      const started = performance.now();
      const result = await channel.send(n.address, {
        text,
        lane: n.lane,
        ...(buttons ? { buttons } : {}),
        notice: { id: n.id, template: n.template, vars: n.vars },
      });
      const at = new Date();
      const outcome = result.ok ? 'sent' : result.failure.kind;
      noteSend(channel.name, outcome);
      if (outcome !== 'transient') this.rest.answered(channel);
      // Every call is timed; a failed one is logged at info, so it can be followed at the usual level.
      this.log[result.ok ? 'debug' : 'info'](
        { notification: n.id, channel: channel.name, outcome, ms: Math.round(performance.now() - started) },
        'provider call',
      );
      if (result.ok) {
        noteSettled(channel.name, 'sent', n.lane);
        return void (await this.sent.record(n.id, result.providerMessageId, n));
      }
      await this.onFailure(channel, n, result.failure, at);
    } catch (err) {
      handleError(err, this.log, { notification: n.id });
      await this.onFailure(channel, n, { kind: 'transient', detail: 'internal error' }, new Date()).catch(
        (e: unknown) => handleError(e, this.log),
      );
    } finally {
      // An outcome that could not be stored leaves the claim to the sweeper, which hands it back here.
      this.held.delete(n.id);
      this.unsettled--;
      this.wake.roomFreed();
    }
  }

  private async onFailure(channel: Channel, n: StoredNotification, failure: ChannelFailure, at: Date): Promise<void> {
    const down = failure.kind === 'transient' && this.rest.failed(channel, at);
    const { outcome, pauseUntil, blockChat } = onSendFailure(failure, n.attempts, this.policy, at, Math.random, down);
    if (outcome.kind === 'retry') noteRetry(channel.name, failure.kind);
    if (pauseUntil !== null) {
      noteRateLimited(channel.name, pauseUntil - at.getTime());
      this.rest.restUntil(channel.rateKey, pauseUntil);
      await rateGates.pause(channel.rateKey, pauseUntil);
      this.log.warn(
        { channel: channel.name, retryAfterMs: pauseUntil - at.getTime() },
        'provider rate limit: pausing this channel',
      );
    }
    if (blockChat) await chats.markBlocked(n.chatRef, at);
    await this.settle(n, outcome);
  }

  private async release(items: Pick<StoredNotification, 'id'>[], notBefore: Date): Promise<void> {
    const ids = items.map((n) => n.id);
    if (!ids.length) return;
    try {
      await notifications.release(ids, this.token, notBefore);
    } finally {
      // Released or not, this process no longer holds them; one left claimed goes back through the sweeper.
      for (const id of ids) this.held.delete(id);
    }
  }

  private async settle(n: StoredNotification, outcome: Outcome): Promise<void> {
    const ok = await notifications.settle(n.id, this.token, outcome).finally(() => this.held.delete(n.id));
    if (ok && outcome.kind === 'final') noteSettled(n.channel, outcome.status, n.lane);
    if (!ok)
      this.log.warn(
        { notification: n.id, outcome: outcome.kind },
        'claim was lost before the outcome was recorded (recovered by the sweeper meanwhile)',
      );
  }
}
