import { chats } from '../../models/chat.js';
import { stableId } from '../../models/ids.js';
import { officers } from '../../models/officer.js';
import type { Sealer } from '../../services/crypto.js';
import { chatIdFor } from '../../services/linking/chats.js';
import { saveCommunes } from '../../services/register/communes.js';

/**
 * The reminder tests' commune: Phường Ba Đình (00004, Hà Nội) with one commune officer whose
 * Telegram chat is 7001 (`key` names the officer, so files sharing a database do not collide).
 */
export async function seedBaDinhOfficer(sealer: Sealer, key: string): Promise<void> {
  await saveCommunes([{ code: '00004', name: 'Phường Ba Đình', provinceCode: '01', legacyDistrict: null }], {
    sealer,
    entryPoint: 'import',
    actor: 'test',
  });
  const chat = { channel: 'telegram' as const, chatId: '7001' };
  await chats.open(chatIdFor(chat), chat.channel, chat.chatId);
  await officers.insertIfAbsent({
    id: stableId('officer', key),
    name: 'Trần Thu Hằng',
    phone: { sealed: 'x', index: 'i', last4: '0101' } as never,
    role: 'commune_officer',
    provinceCode: '01',
    communeCodes: ['00004'],
    chats: [chat],
  });
}
