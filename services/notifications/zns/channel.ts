import { beneficiaries } from '../../../models/beneficiary.js';
import type { Sealer } from '../../crypto.js';
import type { ZaloFailure, ZaloOaClient } from '../../zalo/oa-client.js';
import type { Channel, ChannelFailure, OutgoingMessage, SendResult } from '../channel.js';
import { isZnsNoticeType, znsTemplateData, type ZnsTemplates } from './fields.js';

export type ZnsChannelOptions = {
  client: Pick<ZaloOaClient, 'sendZns'>;
  sealer: Sealer;
  templates: ZnsTemplates;
  /** `development`: only `testPhones` receive anything, and Zalo is asked for its free development mode. */
  mode: 'development' | 'production';
  /** In 84… form. */
  testPhones: readonly string[];
  /** One quota per Official Account, whichever process sends. */
  rateKey: string;
};

/**
 * The ZNS edge of the pipeline: a notice addressed to a record becomes the record's template
 * message to the phone on record. The number is opened here, used for the one request, and never
 * stored in the outbox, returned or logged; the notification id goes to Zalo as the tracking id.
 */
export function znsChannel(opts: ZnsChannelOptions): Channel {
  const testPhones = new Set(opts.testPhones);
  return {
    name: 'zns',
    rateKey: opts.rateKey,
    async send(beneficiaryId: string, message: OutgoingMessage): Promise<SendResult> {
      const notice = message.notice;
      const template = notice && isZnsNoticeType(notice.template) ? opts.templates[notice.template] : undefined;
      // Configuration changed after the notice was made: nothing to send it with.
      if (!notice || !template || !isZnsNoticeType(notice.template))
        return refused('rejected', `no ZNS template configured for ${notice?.template ?? 'this notice'}`);
      const [record] = await beneficiaries.byIds([beneficiaryId]);
      if (!record?.phone) return refused('not_found', 'no phone on record');
      const phone = znsPhone(opts.sealer.open(record.phone.sealed));
      if (!phone) return refused('rejected', 'the phone on record is not a Vietnamese mobile number');
      if (opts.mode === 'development' && !testPhones.has(phone))
        return refused('skipped', 'development mode: not one of ZNS_TEST_PHONES');
      const result = await opts.client.sendZns({
        phone,
        templateId: template.templateId,
        templateData: znsTemplateData(notice.template, template, notice.vars),
        trackingId: notice.id,
        development: opts.mode === 'development',
      });
      return result.ok
        ? { ok: true, providerMessageId: result.messageId }
        : { ok: false, failure: failureOf(result.failure) };
    },
  };
}

/** `+84912345678` (as the register stores phones) → `84912345678`, ZNS's form. */
export function znsPhone(e164: string): string | null {
  return /^\+84\d{9}$/.test(e164) ? e164.slice(1) : null;
}

const refused = (kind: 'rejected' | 'not_found' | 'skipped', detail: string): SendResult => ({
  ok: false,
  failure: { kind, detail },
});

/**
 * Zalo's answer in the pipeline's words. The daily ZNS quota resets at midnight in Vietnam: the
 * channel pauses until then and the notice waits without losing a try. A token refused even after a
 * refresh is retried as a network error would be, so a fixed token lets the notice through.
 */
export function failureOf(f: ZaloFailure, now: Date = new Date()): ChannelFailure {
  switch (f.kind) {
    case 'quota_exceeded':
      return { kind: 'rate_limited', retryAfterMs: untilVietnamMidnight(now) };
    case 'rate_limited':
      return { kind: 'rate_limited', retryAfterMs: f.retryAfterMs };
    case 'blocked':
      return { kind: 'blocked', detail: f.detail };
    case 'invalid_token':
    case 'transient':
      return { kind: 'transient', detail: f.detail };
    case 'outside_window':
    case 'rejected':
      return { kind: 'rejected', detail: f.detail };
  }
}

const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

/** Milliseconds until the next 00:00 in Vietnam (UTC+7 all year), plus a minute's margin. */
function untilVietnamMidnight(now: Date): number {
  const local = now.getTime() + VIETNAM_OFFSET_MS;
  return DAY_MS - (local % DAY_MS) + 60_000;
}
