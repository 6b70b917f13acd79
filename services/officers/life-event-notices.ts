import { beneficiaries, type StoredBeneficiary } from '../../models/beneficiary.js';
import { chatLinks, type StoredChatLink } from '../../models/chat-link.js';
import { chats } from '../../models/chat.js';
import { communes } from '../../models/commune.js';
import { notifications } from '../../models/notification.js';
import { provinceByCode } from '../../models/provinces.js';
import { periodOf } from '../format.js';
import { chatIdFor, type ChatRef } from '../linking/chats.js';
import { enqueue, type Notice } from '../notifications/outbox.js';
import type { TemplateName, TemplateVars } from '../notifications/templates/index.js';
import { communeIdFor } from '../register/communes.js';
import { funeralTextsFor } from './funeral-text.js';

/** A record that has just ended: its beneficiary died, or it moved to another locality. */
export type LifeEvent = { beneficiaryId: string; kind: 'deceased' | 'moved_out' };

/** The notices a life event sends; the cancellation spares them, so repeating an event never cancels its own message. */
export const LIFE_TEMPLATES = ['life_deceased', 'life_moved_out'] as const satisfies readonly TemplateName[];

/** Records whose status has just become deceased or moved out, from (before, after) pairs. */
export function lifeEventsOf(
  changes: readonly { id: string; before: string; after: { status: string } }[],
): LifeEvent[] {
  return changes.flatMap(({ id, before, after }) =>
    (after.status === 'deceased' || after.status === 'moved_out') && before !== after.status
      ? [{ beneficiaryId: id, kind: after.status }]
      : [],
  );
}

/**
 * What follows a record's end, whoever recorded it (an import, an officer): whatever still waits
 * to be sent about it is cancelled, and each linked chat gets one message — the funeral-allowance
 * procedure of the record's province, or who handles the record now. The event key is derived from
 * the record (and, for a move, from where it went), so a re-run import or a repeated action never
 * sends it twice. The ordinary fan-out skips ended records on purpose; these messages are the exception.
 * A contact link records whose phone it was (the beneficiary's or the authorized person's), a code
 * link does not: the message goes to every linked chat, since after a death the family reads them all.
 */
export async function afterLifeEvents(
  events: readonly LifeEvent[],
  now: Date,
): Promise<{ cancelled: number; sent: number }> {
  if (!events.length) return { cancelled: 0, sent: 0 };
  const ids = [...new Set(events.map((e) => e.beneficiaryId))];
  const cancelled = await notifications.cancelPendingFor(ids, LIFE_TEMPLATES);
  const links = await chatLinks.forBeneficiaries(ids);
  if (!links.length) return { cancelled, sent: 0 };
  const [records, chatDocs] = await Promise.all([
    beneficiaries.byIds([...new Set(links.map((l) => l.beneficiaryId))]),
    chats.byIds([...new Set(links.map(chatRefOf))]),
  ]);
  const ended = records.filter((r) => r.status === 'deceased' || r.status === 'moved_out');
  const [texts, places] = await Promise.all([
    funeralTextsFor(ended.filter((r) => r.status === 'deceased').map((r) => r.provinceCode)),
    communes.byIds(ended.flatMap((r) => (r.movedTo?.communeCode ? [communeIdFor(r.movedTo.communeCode)] : []))),
  ]);
  const communeName = new Map(places.map((c) => [c.code, c.name]));
  const chatById = new Map(chatDocs.map((c) => [c.id, c]));
  const period = periodOf(now);
  const notices: Notice[] = [];
  for (const record of ended) {
    for (const link of links.filter((l) => l.beneficiaryId === record.id)) {
      const chat = chatById.get(chatRefOf(link));
      if (!chat || chat.blockedAt) continue;
      const lang = chat.lang === 'en' ? 'en' : 'vi';
      const content: { template: TemplateName; vars: TemplateVars[TemplateName]; eventKey: string } =
        record.status === 'deceased'
          ? {
              template: 'life_deceased',
              eventKey: `life:deceased:${record.id}`,
              vars: {
                beneficiaryName: record.fullName,
                dateOfDeath: record.dateOfDeath ?? null,
                procedure: texts.get(record.provinceCode)![lang],
              },
            }
          : movedContent(record, communeName);
      notices.push({
        channel: link.channel as Notice['channel'],
        address: link.chatId,
        chatRef: chat.id,
        beneficiaryId: record.id,
        period,
        lane: 'personal',
        lang: chat.lang,
        provinceCode: record.provinceCode,
        communeCode: record.communeCode,
        ...content,
      });
    }
  }
  return { cancelled, sent: await enqueue(notices, now) };
}

function movedContent(
  record: StoredBeneficiary,
  communeName: Map<string, string>,
): { template: 'life_moved_out'; vars: TemplateVars['life_moved_out']; eventKey: string } {
  const to = record.movedTo ?? {};
  return {
    template: 'life_moved_out',
    eventKey: `life:moved_out:${record.id}:${to.communeCode ?? to.provinceCode ?? ''}`,
    vars: {
      beneficiaryName: record.fullName,
      communeName: (to.communeCode && communeName.get(to.communeCode)) || null,
      provinceName: (to.provinceCode && provinceByCode(to.provinceCode)?.name) || null,
    },
  };
}

/** The chat document a link belongs to (same derivation as the bot's chat state). */
function chatRefOf(link: StoredChatLink): string {
  return chatIdFor({ channel: link.channel as ChatRef['channel'], chatId: link.chatId });
}
