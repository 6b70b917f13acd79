import { auditLog } from '../../models/audit.js';
import { beneficiaries, type StoredBeneficiary } from '../../models/beneficiary.js';
import { chatLinks, type LinkMethod, type LinkRelation } from '../../models/chat-link.js';
import { chats, type StoredChat } from '../../models/chat.js';
import { linkCodes } from '../../models/link-code.js';
import { joinAsOfficer } from '../officers/join.js';
import type { Scope } from '../officers/scope.js';
import { parsePhone } from '../validation/values.js';
import { codeIdFor, looksLikeCode } from './codes.js';
import { chatIdFor, chatLinkIdFor, lockedUntil, openChat, type ChatRef } from './chats.js';
import type { LinkingContext } from './policy.js';

/** A record a chat can now see. */
export type LinkedRecord = { beneficiaryId: string; fullName: string };

/** What a linking step did; the replies built from it never say whether an ID or phone exists. */
export type LinkOutcome =
  | { kind: 'linked'; records: LinkedRecord[] }
  | { kind: 'officer'; scope: Scope }
  | { kind: 'rejected'; attemptsLeft: number }
  | { kind: 'locked'; until: Date }
  | { kind: 'ask_second_factor' }
  | { kind: 'second_factor_unclear' }
  | { kind: 'not_own_contact' }
  | { kind: 'not_for_me' };

/** A shared contact as the channel delivered it. */
export type SharedContact = { senderId: string; contactUserId: string | null; phone: string };

/** A second-factor answer: the ID's last four digits or a date of birth (ISO). */
export type SecondFactor = { last4: string } | { dateOfBirth: string };

/** Reads `1234` or `dd/mm/yyyy` (also `d/m/yyyy`, `-` or `.` separated); null when it is neither. */
export function parseSecondFactor(text: string): SecondFactor | null {
  const t = text.trim();
  if (/^\d{4}$/.test(t)) return { last4: t };
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return { dateOfBirth: `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

function matchesFactor(b: StoredBeneficiary, factor: SecondFactor): boolean {
  return 'last4' in factor ? b.nationalId.last4 === factor.last4 : b.dateOfBirth === factor.dateOfBirth;
}

/**
 * Step one of linking by phone: the contact must be the sender's own; whatever the phone, the
 * chat is then asked for the second factor (a phone on no record simply never matches).
 */
export async function acceptContact(ctx: LinkingContext, ref: ChatRef, contact: SharedContact): Promise<LinkOutcome> {
  const chat = await openChat(ref);
  const now = ctx.now();
  const until = lockedUntil(chat, now);
  if (until) return { kind: 'locked', until };
  if (contact.contactUserId !== contact.senderId) return { kind: 'not_own_contact' };
  const { own, guardian } = await recordsWithPhone(ctx, contact.phone);
  await chats.setPending(chat.id, {
    kind: 'second_factor',
    candidateIds: [...new Set([...own, ...guardian])],
    ownPhoneIds: own,
    expiresAt: new Date(now.getTime() + ctx.policy.pendingMs),
  });
  return { kind: 'ask_second_factor' };
}

async function recordsWithPhone(ctx: LinkingContext, raw: string): Promise<{ own: string[]; guardian: string[] }> {
  const phone = parsePhone(raw);
  if (!phone.ok) return { own: [], guardian: [] };
  return beneficiaries.idsWithPhone(ctx.sealer.index('phone', phone.value));
}

/**
 * A text message that may belong to linking: the answer to a pending second-factor question,
 * or a link code. Anything else is `not_for_me`, for the next handler.
 */
export async function answerText(ctx: LinkingContext, ref: ChatRef, text: string): Promise<LinkOutcome> {
  const chat = await openChat(ref);
  const now = ctx.now();
  const pending = chat.pending && chat.pending.expiresAt > now ? chat.pending : null;
  if (pending) {
    const until = lockedUntil(chat, now);
    if (until) return { kind: 'locked', until };
    const factor = parseSecondFactor(text);
    if (!factor) return looksLikeCode(text) ? redeem(ctx, ref, chat, text) : { kind: 'second_factor_unclear' };
    const candidates = await beneficiaries.byIds(pending.candidateIds);
    const matched = candidates.filter((b) => matchesFactor(b, factor));
    if (!matched.length) return fail(ctx, chat);
    // The phone was the beneficiary's own, or else the guardian's/authorized person's; a step stored
    // before this was recorded cannot tell.
    const own = pending.ownPhoneIds ? new Set(pending.ownPhoneIds) : null;
    const relationOf = (id: string): LinkRelation => (own ? (own.has(id) ? 'self' : 'authorized') : null);
    return { kind: 'linked', records: await link(ref, chat, matched, 'contact', relationOf) };
  }
  if (looksLikeCode(text)) return redeemCode(ctx, ref, text);
  return { kind: 'not_for_me' };
}

/**
 * Links the chat to the record a one-time code was issued for, or makes it the chat of the officer an
 * invite was issued to; a wrong, used or expired code of either kind is a failure.
 */
export async function redeemCode(ctx: LinkingContext, ref: ChatRef, code: string): Promise<LinkOutcome> {
  return redeem(ctx, ref, await openChat(ref), code);
}

async function redeem(ctx: LinkingContext, ref: ChatRef, chat: StoredChat, code: string): Promise<LinkOutcome> {
  const now = ctx.now();
  const until = lockedUntil(chat, now);
  if (until) return { kind: 'locked', until };
  const redeemed = looksLikeCode(code) ? await linkCodes.redeem(codeIdFor(ctx, code), chat.id, now) : null;
  if (redeemed?.kind === 'officer') {
    const scope = await joinAsOfficer(ref, chat, redeemed.officerId, ctx.now);
    return scope ? { kind: 'officer', scope } : fail(ctx, chat);
  }
  const record = redeemed ? await beneficiaries.byId(redeemed.beneficiaryId) : null;
  if (!record) return fail(ctx, chat);
  return { kind: 'linked', records: await link(ref, chat, [record], 'code', () => null) };
}

async function fail(ctx: LinkingContext, chat: StoredChat): Promise<LinkOutcome> {
  const now = ctx.now();
  const count = await chats.countFailure(chat.id, now, ctx.policy.failureWindowMs);
  if (count < ctx.policy.maxFailures) return { kind: 'rejected', attemptsLeft: ctx.policy.maxFailures - count };
  const until = new Date(now.getTime() + ctx.policy.lockMs);
  await chats.lock(chat.id, until);
  return { kind: 'locked', until };
}

async function link(
  ref: ChatRef,
  chat: StoredChat,
  records: StoredBeneficiary[],
  method: LinkMethod,
  relationOf: (beneficiaryId: string) => LinkRelation,
): Promise<LinkedRecord[]> {
  const linkedAt = new Date();
  for (const b of records) {
    const id = chatLinkIdFor(ref, b.id);
    const relation = relationOf(b.id);
    const created = await chatLinks.create({
      id,
      channel: ref.channel,
      chatId: ref.chatId,
      beneficiaryId: b.id,
      method,
      relation,
      linkedAt,
    });
    // Linked before by code: the contact now says whose phone this chat has.
    if (!created && relation) await chatLinks.setRelation(id, relation);
  }
  await chats.addBeneficiaries(
    chat.id,
    records.map((b) => b.id),
  );
  await auditLog.append([
    {
      entryPoint: 'bot',
      actor: `${ref.channel}:${chatIdFor(ref)}`,
      action: 'link',
      entity: 'beneficiary',
      entityIds: records.map((b) => b.id),
      note: method,
    },
  ]);
  return records.map((b) => ({ beneficiaryId: b.id, fullName: b.fullName }));
}

/** The records a chat can see, in the order they were linked. */
export async function linkedRecords(ref: ChatRef): Promise<LinkedRecord[]> {
  const chat = await openChat(ref);
  const found = new Map((await beneficiaries.byIds(chat.beneficiaryIds)).map((b) => [b.id, b]));
  return chat.beneficiaryIds.flatMap((id) => {
    const b = found.get(id);
    return b ? [{ beneficiaryId: id, fullName: b.fullName }] : [];
  });
}

/** Removes a chat's link to a record; returns the record that was unlinked, or null when it was not linked. */
export async function unlink(ref: ChatRef, beneficiaryId: string): Promise<LinkedRecord | null> {
  const removed = await chats.removeBeneficiary(chatIdFor(ref), beneficiaryId);
  await chatLinks.remove(chatLinkIdFor(ref, beneficiaryId));
  if (!removed) return null;
  await auditLog.append([
    {
      entryPoint: 'bot',
      actor: `${ref.channel}:${chatIdFor(ref)}`,
      action: 'unlink',
      entity: 'beneficiary',
      entityIds: [beneficiaryId],
    },
  ]);
  const b = await beneficiaries.byId(beneficiaryId);
  return { beneficiaryId, fullName: b?.fullName ?? '' };
}
