import { beneficiaries, type StoredBeneficiary } from '../../models/beneficiary.js';
import { chatLinks, type StoredChatLink } from '../../models/chat-link.js';
import { chats, type StoredChat } from '../../models/chat.js';
import {
  NOTIFIABLE_PAYMENT_STATUSES,
  payments,
  type PaymentChange,
  type PaymentStatus,
  type StoredPayment,
} from '../../models/payment.js';
import type { VerificationState } from '../../models/account.js';
import { communes } from '../../models/commune.js';
import { officers } from '../../models/officer.js';
import { chatIdFor, type ChatRef } from '../linking/chats.js';
import { ENDED_STATES } from '../status/payment-status.js';
import { FAILED_STATUSES, notifications } from '../../models/notification.js';
import { enqueue, noticeId, type Notice } from './outbox.js';
import type { ZnsNoticeType } from './zns/fields.js';
import { provincesSendingZns, znsChatRef, znsRouting, type ZnsRouting } from './zns/routing.js';
import type { TemplateName, TemplateVars } from './templates/index.js';

/** The local date (Asia/Ho_Chi_Minh) of an instant, as YYYY-MM-DD. */
const vnDay = (d: Date): string => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

/** A change about one record, before we know who follows that record. */
type RecordEvent = {
  beneficiaryId: string;
  eventKey: string;
  period: string;
  build: (b: StoredBeneficiary) => { template: TemplateName; vars: TemplateVars[TemplateName] } | null;
};

/**
 * Creates the notices of these events, choosing the channel per record: one notice per chat linked
 * to it (beneficiary and guardian chats alike) that has not blocked the bot; when no such chat
 * exists, one ZNS to the beneficiary's phone on record, if the notice type and the record's
 * province send ZNS (see zns/routing.ts). Never for a record that has ended (deceased, moved out).
 */
async function fanOut(events: RecordEvent[], now: Date, knownLinks?: StoredChatLink[]): Promise<number> {
  if (!events.length) return 0;
  const routing = znsRouting();
  const links = knownLinks ?? (await chatLinks.forBeneficiaries(events.map((e) => e.beneficiaryId)));
  const byRecord = new Map<string, StoredChatLink[]>();
  for (const l of links) byRecord.set(l.beneficiaryId, [...(byRecord.get(l.beneficiaryId) ?? []), l]);
  // Without ZNS only followed records can be told anything: most records are left out before any read.
  const considered = routing.types.size ? events : events.filter((e) => byRecord.has(e.beneficiaryId));
  if (!considered.length) return 0;
  const [records, chatDocs] = await Promise.all([
    beneficiaries.byIds([...new Set(considered.map((e) => e.beneficiaryId))]),
    chats.byIds([...new Set(links.map((l) => chatRefOf(l)))]),
  ]);
  const recordById = new Map(records.map((b) => [b.id, b]));
  const chatById = new Map<string, StoredChat>(chatDocs.map((c) => [c.id, c]));
  const byChat: Notice[] = [];
  const byZns: { notice: Notice; provinceCode: string }[] = [];
  for (const e of considered) {
    const record = recordById.get(e.beneficiaryId);
    if (!record || ENDED_STATES.has(record.status)) continue;
    const content = e.build(record);
    if (!content) continue;
    const about = {
      beneficiaryId: e.beneficiaryId,
      eventKey: e.eventKey,
      period: e.period,
      lane: 'personal' as const,
      provinceCode: record.provinceCode,
      communeCode: record.communeCode,
    };
    const reachable = (byRecord.get(e.beneficiaryId) ?? []).flatMap((link) => {
      const chat = chatById.get(chatRefOf(link));
      return chat && !chat.blockedAt ? [{ link, chat }] : [];
    });
    for (const { link, chat } of reachable)
      byChat.push({
        channel: link.channel as Notice['channel'],
        address: link.chatId,
        chatRef: chat.id,
        lang: chat.lang,
        ...about,
        ...content,
      });
    if (!reachable.length && record.phone && routing.types.has(content.template as ZnsNoticeType))
      byZns.push({ notice: znsNotice(record.id, about, content), provinceCode: record.provinceCode });
  }
  const paying = await provincesSendingZns([...new Set(byZns.map((z) => z.provinceCode))], routing);
  const znsNotices = byZns.filter((z) => paying.has(z.provinceCode)).map((z) => z.notice);
  return enqueue([...(await withoutZnsSent(byChat, routing)), ...znsNotices], now);
}

/** A ZNS notice for a record: addressed to the record, whose phone the ZNS channel reads when it sends. */
function znsNotice(
  beneficiaryId: string,
  about: Pick<Notice, 'beneficiaryId' | 'eventKey' | 'period' | 'lane' | 'provinceCode' | 'communeCode'>,
  content: { template: TemplateName; vars: TemplateVars[TemplateName] },
): Notice {
  // ZNS templates are approved in Vietnamese only; the chat's language does not exist here.
  return {
    channel: 'zns',
    address: beneficiaryId,
    chatRef: znsChatRef(beneficiaryId),
    lang: 'vi',
    ...about,
    ...content,
  };
}

/**
 * One copy per person across channels: an event already sent by ZNS, or on its way (the person
 * linked a chat since, and the trigger runs again, e.g. the sweeper finishing a batch), is not sent
 * to the chats; one whose ZNS failed or was never sent is.
 */
async function withoutZnsSent(byChat: Notice[], routing: ZnsRouting): Promise<Notice[]> {
  const candidates = byChat.filter((n) => n.beneficiaryId && routing.types.has(n.template as ZnsNoticeType));
  if (!candidates.length) return byChat;
  const idOf = (n: Notice) => noticeId({ channel: 'zns', address: n.beneficiaryId!, eventKey: n.eventKey });
  const sent = new Set(
    (await notifications.byIds([...new Set(candidates.map(idOf))]))
      .filter((n) => !FAILED_STATUSES.has(n.status) && n.status !== 'cancelled')
      .map((n) => n.id),
  );
  if (!sent.size) return byChat;
  return byChat.filter((n) => !(n.beneficiaryId && sent.has(idOf(n))));
}

/** The chat document a link belongs to (same derivation as the bot's chat state). */
function chatRefOf(link: StoredChatLink): string {
  return chatIdFor({ channel: link.channel as ChatRef['channel'], chatId: link.chatId });
}

function paymentContent(
  p: StoredPayment,
  name: string,
): { template: TemplateName; vars: TemplateVars[TemplateName] } | null {
  const base = { beneficiaryName: name, period: p.period, amount: p.amount };
  switch (p.status as PaymentStatus) {
    case 'paid':
      return {
        template: 'payment_paid',
        vars: {
          ...base,
          destinationMasked: p.destinationMasked ?? '',
          provider: p.destinationProvider,
          paidOn: vnDay(p.paidAt ?? new Date()),
        },
      };
    case 'failed':
      return { template: 'payment_failed', vars: { ...base, reason: p.failureReason } };
    case 'returned':
      return { template: 'payment_returned', vars: { ...base, reason: p.failureReason } };
    case 'cash_ready':
      // Sent even when the register lacks the place or dates: the notice says whom to ask.
      return {
        template: 'payment_cash_ready',
        vars: { ...base, pickupPlace: p.pickupPlace, pickupFrom: p.pickupFrom, pickupTo: p.pickupTo },
      };
    default:
      return null;
  }
}

/**
 * Turns recorded payment status changes into notices. Called right after the changes are stored;
 * the payment is read again so the notice shows what the register holds now, and a change that was
 * already overtaken (paid, then corrected back) says nothing.
 */
export async function notifyPaymentChanges(changes: PaymentChange[], now = new Date()): Promise<number> {
  const relevant = changes.filter((c) => NOTIFIABLE_PAYMENT_STATUSES.has(c.to as PaymentStatus));
  if (!relevant.length) return 0;
  // Most records have no linked chat: look that up first, and, unless ZNS may tell the others,
  // read payments only for the linked ones.
  const links = await chatLinks.forBeneficiaries(relevant.map((c) => c.beneficiaryId));
  const linkedIds = new Set(links.map((l) => l.beneficiaryId));
  const wanted = znsRouting().types.size ? relevant : relevant.filter((c) => linkedIds.has(c.beneficiaryId));
  if (!wanted.length) return 0;
  const current = new Map((await payments.byIds(wanted.map((c) => c.paymentId))).map((p) => [p.id, p]));
  return fanOut(
    wanted.flatMap((c) => {
      const p = current.get(c.paymentId);
      if (!p || p.status !== c.to) return [];
      return [
        {
          beneficiaryId: c.beneficiaryId,
          eventKey: `payment:${c.paymentId}:v${c.version}`,
          period: c.period,
          build: (b: StoredBeneficiary) => paymentContent(p, b.fullName),
        },
      ];
    }),
    now,
    links,
  );
}

/** A verification result that was just stored for a record's account details. */
export type VerificationChange = {
  accountId: string;
  beneficiaryId: string;
  state: VerificationState;
  mismatchFields: string[];
  /** For a mismatch, the population database's value of the differing fields the police gave. */
  populationValues: Record<string, string>;
  reason: string | null;
  at: Date;
  destinationMasked: string;
  provider: string;
  /** The record's commune (from its account), whose office a mismatch or rejection sends the person to. */
  communeCode: string | null;
};

/** Turns stored verification results (verified, mismatch, rejected) into notices. */
export async function notifyVerificationChanges(changes: VerificationChange[], now = new Date()): Promise<number> {
  if (!changes.length) return 0;
  const codes = [...new Set(changes.flatMap((c) => (c.communeCode && c.state !== 'verified' ? [c.communeCode] : [])))];
  const offices = new Map((await communes.byCodes(codes)).map((c) => [c.code, c]));
  return fanOut(
    changes.flatMap((c) => {
      const office = offices.get(c.communeCode ?? '');
      const where = {
        communeName: office?.name ?? null,
        officeAddress: office?.address ?? null,
        officeHours: office?.officeHours ?? null,
      };
      const common = { destinationMasked: c.destinationMasked, provider: c.provider };
      const eventKey = `verification:${c.accountId}:${c.state}:${c.at.toISOString()}`;
      const period = vnDay(c.at).slice(0, 7);
      const build = (b: StoredBeneficiary): { template: TemplateName; vars: TemplateVars[TemplateName] } | null => {
        if (c.state === 'verified')
          return { template: 'verification_verified', vars: { beneficiaryName: b.fullName, ...common } };
        if (c.state === 'mismatch')
          return {
            template: 'verification_mismatch',
            vars: {
              beneficiaryName: b.fullName,
              ...common,
              mismatchFields: c.mismatchFields as TemplateVars['verification_mismatch']['mismatchFields'],
              populationValues: c.populationValues,
              ...where,
            },
          };
        if (c.state === 'rejected')
          return {
            template: 'verification_rejected',
            vars: { beneficiaryName: b.fullName, ...common, reason: c.reason, ...where },
          };
        return null;
      };
      return [{ beneficiaryId: c.beneficiaryId, eventKey, period, build }];
    }),
    now,
  );
}

/** New account details a beneficiary's side saved, for the commune's officers to pass on for verification. */
export type AccountChange = {
  accountId: string;
  version: number;
  beneficiaryId: string;
  communeCode: string;
  vars: TemplateVars['account_change_submitted'];
};

/**
 * Tells the commune's officers, in the chats where they receive work notices, that new details wait
 * for verification. Officers' chats that do not exist yet (never opened the bot) or blocked it are skipped.
 */
export async function notifyOfficersOfAccountChange(c: AccountChange, now = new Date()): Promise<number> {
  const targets = await officers.chatsOfCommune(c.communeCode);
  if (!targets.length) return 0;
  const chatDocs = new Map((await chats.byIds(targets.map((t) => chatIdFor(t)))).map((d) => [d.id, d]));
  const notices: Notice[] = [];
  for (const t of targets) {
    const chat = chatDocs.get(chatIdFor(t));
    if (!chat || chat.blockedAt) continue;
    notices.push({
      channel: t.channel,
      address: t.chatId,
      chatRef: chat.id,
      beneficiaryId: c.beneficiaryId,
      eventKey: `account-change:${c.accountId}:v${c.version}`,
      period: vnDay(now).slice(0, 7),
      lane: 'personal',
      lang: chat.lang,
      template: 'account_change_submitted',
      vars: c.vars,
    });
  }
  return enqueue(notices, now);
}
