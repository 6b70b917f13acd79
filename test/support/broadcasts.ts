import mongoose from 'mongoose';
import { chatLinks, type LinkRelation } from '../../models/chat-link.js';
import { chats, type Lang } from '../../models/chat.js';
import { stableId } from '../../models/ids.js';
import { officers, type OfficerRole } from '../../models/officer.js';
import type { Sealer } from '../../services/crypto.js';
import { chatIdFor, chatLinkIdFor, type ChatRef } from '../../services/linking/chats.js';
import type { Acting, Scope } from '../../services/officers/scope.js';
import { saveCommunes } from '../../services/register/communes.js';
import type { BroadcastPolicy } from '../../services/broadcasts/types.js';
import { DEFAULT_BROADCAST_POLICY } from '../../services/broadcasts/policy.js';
import { parseQuietHours } from '../../services/notifications/quiet-hours.js';

/** Two communes of Hà Nội (01) and one of Hồ Chí Minh (79). */
export async function broadcastCommunes(sealer: Sealer): Promise<void> {
  await saveCommunes(
    [
      { code: '00004', name: 'Phường Ba Đình', provinceCode: '01', legacyDistrict: null },
      { code: '00008', name: 'Phường Ngọc Hà', provinceCode: '01', legacyDistrict: null },
      { code: '26734', name: 'Phường Sài Gòn', provinceCode: '79', legacyDistrict: null },
    ],
    { sealer, entryPoint: 'import', actor: 'test' },
  );
}

/** An officer with one Telegram chat, stored directly, and the scope a session of theirs has. */
export async function anOfficerWithChat(
  key: string,
  role: OfficerRole,
  provinceCode: string,
  communeCodes: string[],
  chatId: string,
): Promise<{ id: string; scope: Scope; chat: ChatRef }> {
  const id = stableId('officer', key);
  const chat: ChatRef = { channel: 'telegram', chatId };
  await chats.open(chatIdFor(chat), chat.channel, chat.chatId);
  await officers.insertIfAbsent({
    id,
    name: `Cán bộ ${key}`,
    phone: { sealed: 'x', index: `phone-${key}`, last4: '0000' },
    role,
    provinceCode,
    communeCodes,
    chats: [chat],
  });
  await chats.setOfficer(chatIdFor(chat), id);
  const scope: Scope =
    role === 'province_admin'
      ? { role, officerId: id, name: key, provinceCode, communeCodes: [] }
      : { role, officerId: id, name: key, provinceCode, communeCodes };
  return { id, scope, chat };
}

/** Links a chat to a record as the linking flow stores it; the chat is used (touched) now. */
export async function linkChat(
  beneficiaryId: string,
  ref: ChatRef,
  relation: LinkRelation,
  lang: Lang = 'vi',
): Promise<string> {
  const id = chatIdFor(ref);
  await chats.open(id, ref.channel, ref.chatId);
  await chats.addBeneficiaries(id, [beneficiaryId]);
  await chatLinks.create({
    id: chatLinkIdFor(ref, beneficiaryId),
    channel: ref.channel,
    chatId: ref.chatId,
    beneficiaryId,
    method: relation ? 'contact' : 'code',
    relation,
    linkedAt: new Date(),
  });
  await touchChat(id, lang);
  return id;
}

let touches = 0;
/** Marks a chat as the most recently used one (its `updatedAt`), strictly after every chat touched before. */
export async function touchChat(id: string, lang?: Lang): Promise<void> {
  touches += 1;
  await mongoose.connection
    .collection('chats')
    .updateOne(
      { _id: new mongoose.Types.ObjectId(id) },
      { $set: { updatedAt: new Date(Date.UTC(2026, 0, 1) + touches * 1000), ...(lang ? { lang } : {}) } },
    );
}

/** The broadcast's notices as stored: chat address, channel, language, status. */
export async function noticesOf(
  broadcastId: string,
): Promise<{ address: string; channel: string; lang: string; status: string; urgent?: boolean }[]> {
  return (await mongoose.connection
    .collection('notifications')
    .find({ broadcastId }, { projection: { address: 1, channel: 1, lang: 1, status: 1, urgent: 1, _id: 0 } })
    .toArray()) as never;
}

/** The default policy with no quiet hours and small pages, so a handful of records spans several pages. */
export function testBroadcastPolicy(overrides: Partial<BroadcastPolicy> = {}): BroadcastPolicy {
  return { ...DEFAULT_BROADCAST_POLICY, quietHours: parseQuietHours('off'), pageSize: 2, ...overrides };
}

/** Acting as someone through the mini-app at the test's clock. */
export const acting = (scope: Scope, now: () => Date): Acting => ({
  scope,
  entryPoint: 'miniapp',
  via: 'telegram',
  now,
});

/** A minimal valid message. */
export const MESSAGE = {
  vi: { title: 'Lịch chi trả tháng 12', body: 'Tiền trợ cấp tháng 12 được chi từ ngày 05/12. Xin mang theo CCCD.' },
};
