import { chats, type StoredChat } from '../../models/chat.js';
import { officers } from '../../models/officer.js';
import type { ChatRef } from '../linking/chats.js';
import { auditOfficer } from './audit.js';
import { scopeOf } from './identity.js';
import type { Scope } from './scope.js';

/**
 * The second half of an invite: the chat where the code was redeemed becomes the officer's (the officer
 * menu opens there, work notices go there). A chat another officer had is taken from that officer.
 * Null when the officer was removed after the invite: the code then counts as a wrong one.
 */
export async function joinAsOfficer(
  ref: ChatRef,
  chat: StoredChat,
  officerId: string,
  now: () => Date,
): Promise<Scope | null> {
  const officer = await officers.byId(officerId);
  const scope = officer ? scopeOf(officer) : null;
  if (!scope) return null;
  if (chat.officerId && chat.officerId !== officerId) await officers.removeChat(chat.officerId, ref);
  await chats.setOfficer(chat.id, officerId);
  await officers.addChat(officerId, { channel: ref.channel, chatId: ref.chatId });
  await auditOfficer(
    { scope, entryPoint: 'bot', via: ref.channel, now },
    { action: 'link', entity: 'chat', entityIds: [chat.id] },
  );
  return scope;
}
