import { beneficiaries } from '../../models/beneficiary.js';
import { openChat, type ChatRef } from '../linking/chats.js';
import { countQueue } from '../verification/queue.js';
import { scopeOfOfficer } from './identity.js';
import { profileOf, type OfficerProfile } from './profile.js';

/** What the bot's officer menu shows: who and where, the verification queue, and records the chat follows as a relative. */
export type OfficerMenu = {
  profile: OfficerProfile;
  queue: { submitted: number; verifying: number };
  /** Names of the records this chat is linked to as a beneficiary's side (the menu then offers both). */
  relatives: string[];
};

/** The officer menu for a chat; null when the chat is not (or no longer) an active officer's. */
export async function officerMenu(ref: ChatRef, now: () => Date): Promise<OfficerMenu | null> {
  const chat = await openChat(ref);
  const scope = await scopeOfOfficer(chat.officerId);
  if (!scope) return null;
  const acting = { scope, entryPoint: 'bot' as const, via: chat.channel, now };
  const [profile, queue, records] = await Promise.all([
    profileOf(scope),
    countQueue(acting),
    beneficiaries.byIds(chat.beneficiaryIds),
  ]);
  if (!profile) return null;
  return { profile, queue, relatives: records.map((b) => b.fullName) };
}
