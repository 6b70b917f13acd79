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
import { enqueue, type Notice } from './outbox.js';
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
 * Creates one notice per chat linked to each record (beneficiary and guardian chats alike), never
 * for a record that has ended (deceased, moved out) and never to a chat that blocked the bot.
 */
async function fanOut(events: RecordEvent[], now: Date, knownLinks?: StoredChatLink[]): Promise<number> {
  if (!events.length) return 0;
  const links = knownLinks ?? (await chatLinks.forBeneficiaries(events.map((e) => e.beneficiaryId)));
  if (!links.length) return 0;
  const byRecord = new Map<string, StoredChatLink[]>();
  for (const l of links) byRecord.set(l.beneficiaryId, [...(byRecord.get(l.beneficiaryId) ?? []), l]);
  const linked = events.filter((e) => byRecord.has(e.beneficiaryId));
  const [records, chatDocs] = await Promise.all([
    beneficiaries.byIds([...new Set(linked.map((e) => e.beneficiaryId))]),
    chats.byIds([...new Set(links.map((l) => chatRefOf(l)))]),
  ]);
  const recordById = new Map(records.map((b) => [b.id, b]));
  const chatById = new Map<string, StoredChat>(chatDocs.map((c) => [c.id, c]));
  const notices: Notice[] = [];
  for (const e of linked) {
    const record = recordById.get(e.beneficiaryId);
    if (!record || ENDED_STATES.has(record.status)) continue;
    const content = e.build(record);
    if (!content) continue;
    for (const link of byRecord.get(e.beneficiaryId)!) {
      const chat = chatById.get(chatRefOf(link));
      if (!chat || chat.blockedAt) continue;
      notices.push({
        channel: link.channel as Notice['channel'],
        address: link.chatId,
        chatRef: chat.id,
        beneficiaryId: e.beneficiaryId,
        eventKey: e.eventKey,
        period: e.period,
        lane: 'personal',
        lang: chat.lang,
        ...content,
      });
    }
  }
  return enqueue(notices, now);
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
  // Most records have no linked chat: look that up first, and read payments only for the others.
  const links = await chatLinks.forBeneficiaries(relevant.map((c) => c.beneficiaryId));
  const linkedIds = new Set(links.map((l) => l.beneficiaryId));
  const wanted = relevant.filter((c) => linkedIds.has(c.beneficiaryId));
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
