import { createHash } from 'node:crypto';
import http from 'node:http';

/**
 * Zalo's side of the OA webhook: builds events shaped as Zalo sends them, signs them as Zalo's
 * documentation says (`X-ZEvent-Signature: mac=` + hex SHA-256 of app id, raw body, the body's
 * timestamp and the OA secret key; written here on its own so a wrong check in the service fails
 * the tests), and POSTs them over real HTTP, delivering again after a non-200 answer, a broken
 * connection or no answer within the time Zalo waits, as Zalo does.
 */

/** What one delivery did: the status of each attempt (0: no answer in time or no connection) and the last one's time. */
export type Delivery = { status: number; attempts: number[]; lastMs: number };

/** Ways to spoil a delivery, for the refusals. */
export type Tamper = {
  /** Replace the signature header (null: send none). */
  signature?: string | null;
  /** Sign with another secret key. */
  secretKey?: string;
  /** Change the body after signing it. */
  alterBody?: (raw: string) => string;
};

type Event = Record<string, unknown> & { timestamp: string };

let serial = 0;
const nextId = (): string => `${Date.now().toString(16)}${(++serial).toString(16).padStart(6, '0')}`;

export class FakeZaloWebhook {
  /** Zalo's time (epoch ms) stamped on new events; tests move it with `setNow`. */
  private clock: () => number = () => Date.now();
  /** Every delivery made, in order. */
  readonly deliveries: Delivery[] = [];
  private lastStamp = 0;

  constructor(
    private readonly opts: {
      url: string;
      appId: string;
      oaId: string;
      oaSecretKey: string;
      /** Deliveries after the first, on a failure (Zalo gives up after a few). */
      retries?: number;
      /** How long Zalo waits for an answer before it counts the attempt as failed. */
      timeoutMs?: number;
    },
  ) {}

  setNow(ms: number | (() => number)): void {
    this.clock = typeof ms === 'number' ? () => ms : ms;
  }

  /** `follow`: the person followed the OA. */
  follow(userId: string): Event {
    return this.base('follow', { oa_id: this.opts.oaId, source: 'oa_profile', follower: { id: userId } });
  }

  /** `unfollow`: the person left the OA. */
  unfollow(userId: string): Event {
    return this.base('unfollow', { oa_id: this.opts.oaId, source: 'oa_profile', follower: { id: userId } });
  }

  /** `user_send_text`: a typed message, or the payload of a hidden-query button the person pressed. */
  text(userId: string, text: string, msgId = nextId()): Event {
    return this.base('user_send_text', {
      sender: { id: userId },
      recipient: { id: this.opts.oaId },
      message: { msg_id: msgId, text },
    });
  }

  /** `user_submit_info`: the person pressed "share" on the request-information card (phone in 84… form). */
  submitInfo(userId: string, info: { phone?: string; name?: string }): Event {
    return this.base('user_submit_info', {
      sender: { id: userId },
      recipient: { id: this.opts.oaId },
      info: { name: info.name ?? 'Nguyễn Văn An', address: '', city: '', district: '', ward: '', ...info },
    });
  }

  /** `user_send_image` (or another attachment event). */
  attachment(userId: string, eventName = 'user_send_image'): Event {
    return this.base(eventName, {
      sender: { id: userId },
      recipient: { id: this.opts.oaId },
      message: { msg_id: nextId(), attachments: [{ type: 'image', payload: { thumbnail: '', url: '' } }] },
    });
  }

  /** The signature Zalo would send for this body. */
  sign(raw: string, timestamp: string, secretKey = this.opts.oaSecretKey): string {
    const hex = createHash('sha256').update(`${this.opts.appId}${raw}${timestamp}${secretKey}`, 'utf8').digest('hex');
    return `mac=${hex}`;
  }

  /** Signs and POSTs one event, delivering it again (unchanged) after a failed attempt. */
  async deliver(event: Event, tamper: Tamper = {}): Promise<Delivery> {
    const signed = JSON.stringify(event);
    const signature =
      tamper.signature !== undefined ? tamper.signature : this.sign(signed, event.timestamp, tamper.secretKey);
    const raw = tamper.alterBody ? tamper.alterBody(signed) : signed;
    const delivery: Delivery = { status: 0, attempts: [], lastMs: 0 };
    const tries = 1 + (this.opts.retries ?? 2);
    for (let i = 0; i < tries; i++) {
      const started = performance.now();
      delivery.status = await this.post(raw, signature);
      delivery.lastMs = performance.now() - started;
      delivery.attempts.push(delivery.status);
      if (delivery.status === 200) break;
    }
    this.deliveries.push(delivery);
    return delivery;
  }

  private base(eventName: string, rest: Record<string, unknown>): Event {
    const userId = ((rest.follower ?? rest.sender) as { id: string }).id;
    return {
      app_id: this.opts.appId,
      user_id_by_app: `app-${userId}`,
      event_name: eventName,
      timestamp: String(this.stamp()),
      ...rest,
    };
  }

  // Two events of one person never share Zalo's millisecond, even on a test's stopped clock (and a
  // clock set back for a stale event still stamps it in the past).
  private stamp(): number {
    const t = this.clock();
    this.lastStamp = t > this.lastStamp ? t : t < this.lastStamp - 1000 ? t : this.lastStamp + 1;
    return this.lastStamp;
  }

  private post(raw: string, signature: string | null): Promise<number> {
    return new Promise((resolve) => {
      const headers: Record<string, string | number> = {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(raw),
      };
      if (signature !== null) headers['X-ZEvent-Signature'] = signature;
      const req = http.request(this.opts.url, { method: 'POST', headers, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.setTimeout(this.opts.timeoutMs ?? 2000, () => {
        req.destroy();
        resolve(0);
      });
      req.on('error', () => resolve(0));
      req.end(raw);
    });
  }
}
