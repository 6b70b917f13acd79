import type { Request, RequestHandler } from 'express';
import type { Sealer } from '../../services/crypto.js';
import type { Logger } from '../../services/log.js';
import { storeZaloEvent } from '../../services/zalo/webhook-events.js';
import { parseZaloEvent, timestampOf } from './events.js';
import { SIGNATURE_HEADER, signatureMatches } from './signature.js';

/** Path of the OA webhook on the service's HTTP server (registered in the Zalo app's webhook settings). */
export const ZALO_WEBHOOK_PATH = '/zalo/webhook';
/** Far above any event Zalo sends; a larger body is refused before it is read whole. */
const MAX_EVENT_BYTES = 1024 * 1024;

/** What the webhook needs: Zalo's keys, how old a signed event may be, the data key and a clock. */
export type ZaloWebhookDeps = {
  appId: string;
  oaSecretKey: string;
  maxAgeMs: number;
  sealer: Sealer;
  now: () => Date;
  log: Logger;
  /** Called after a new event is stored and answered: the in-process queue starts on it. */
  onStored(id: string, userId: string): void;
};

class TooLarge extends Error {}

function readBody(req: Request): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_EVENT_BYTES) {
        req.destroy();
        reject(new TooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * The OA webhook. It answers within Zalo's time limit by doing one thing before the 200: storing
 * the event (sealed). 401 for a request without a valid signature or with a timestamp older (or
 * further ahead) than `maxAgeMs`, before anything is stored; 200 for a repeated delivery, which is
 * not handled again; 500 when the event could not be stored, so Zalo delivers it again.
 */
export function zaloWebhookRoute(deps: ZaloWebhookDeps): RequestHandler {
  return async (req, res) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_EVENT_BYTES) return void res.status(413).end();
    const refuse = (reason: string) => {
      deps.log.warn({ reason }, 'Zalo webhook request refused');
      res.status(401).end();
    };
    let raw: string;
    try {
      raw = await readBody(req);
    } catch (err) {
      if (err instanceof TooLarge) return void res.status(413).end();
      throw err;
    }
    const header = req.headers[SIGNATURE_HEADER];
    if (typeof header !== 'string' || !header) return refuse('unsigned');
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return refuse('not JSON');
    }
    const ts = timestampOf(body);
    if (!ts) return refuse('no timestamp');
    if (!signatureMatches(header, deps.appId, raw, ts.text, deps.oaSecretKey)) return refuse('wrong signature');
    const now = deps.now();
    if (Math.abs(now.getTime() - ts.ms) > deps.maxAgeMs) return refuse('stale timestamp');

    const parsed = parseZaloEvent(body);
    if (!parsed) return void res.status(200).end();
    let stored: { id: string; duplicate: boolean };
    try {
      const { key, eventName, userId } = parsed;
      stored = await storeZaloEvent(deps.sealer, { key, eventName, userId, rawBody: raw }, now);
    } catch (err) {
      deps.log.error({ err, event: parsed.eventName }, 'could not store a Zalo event; Zalo will deliver it again');
      return void res.status(500).end();
    }
    res.status(200).end();
    if (!stored.duplicate) deps.onStored(stored.id, parsed.userId);
  };
}
