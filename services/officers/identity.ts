import { chats } from '../../models/chat.js';
import { officers, type Officer } from '../../models/officer.js';
import type { WebSubject } from '../../models/web-session.js';
import type { Sealer } from '../crypto.js';
import { AppError } from '../errors.js';
import { chatIdFor, type ChatRef } from '../linking/chats.js';
import { SCOPE_WORDS, type Scope } from './scope.js';

/** An officer's id: a keyed hash of the phone (E.164), so one phone is one officer and the id reveals nothing. */
export function officerIdFor(sealer: Sealer, phoneE164: string): string {
  return sealer.secretId('officer', phoneE164);
}

/** The scope of an active officer; null once removed. */
export function scopeOf(o: Officer): Scope | null {
  if (o.removedAt) return null;
  if (o.role === 'province_admin')
    return { role: 'province_admin', officerId: o.id, name: o.name, provinceCode: o.provinceCode, communeCodes: [] };
  return {
    role: 'commune_officer',
    officerId: o.id,
    name: o.name,
    provinceCode: o.provinceCode,
    communeCodes: [...o.communeCodes],
  };
}

/** The active officer an id names, as a scope; null when unknown or removed. Read on every request, so removal is immediate. */
export async function scopeOfOfficer(officerId: string | null): Promise<Scope | null> {
  if (!officerId) return null;
  const o = await officers.byId(officerId);
  return o ? scopeOf(o) : null;
}

/** The officer a chat belongs to, if any (an invite code was redeemed in it and the officer is active). */
export async function scopeOfChat(ref: ChatRef): Promise<Scope | null> {
  const chat = await chats.byId(chatIdFor(ref));
  return scopeOfOfficer(chat?.officerId ?? null);
}

/** The officer a mini-app session is for: an officer web link, or a chat that belongs to an officer. */
export async function scopeOfSubject(subject: WebSubject): Promise<Scope | null> {
  if (subject.kind === 'officer') return scopeOfOfficer(subject.officerId);
  if (subject.kind === 'chat') return scopeOfChat(subject);
  return null;
}

/** The officer's scope, or a clear refusal for someone who is not (or no longer) an officer. */
export async function requireOfficer(subject: WebSubject): Promise<Scope> {
  const scope = await scopeOfSubject(subject);
  if (!scope) throw new AppError('forbidden', SCOPE_WORDS.notOfficer);
  return scope;
}
