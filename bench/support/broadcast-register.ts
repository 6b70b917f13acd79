/**
 * A province for the broadcast benches (bench/broadcast-expand.ts, bench/broadcast-send.ts): its
 * communes, province administrators, and records each linked to a Telegram chat, written straight
 * into their collections SEED_BATCH at a time (the set-up measures nothing of the broadcast).
 */
import mongoose from 'mongoose';
import { stableId } from '../../models/ids.js';
import { officers } from '../../models/officer.js';
import { chatIdFor, chatLinkIdFor, type ChatRef } from '../../services/linking/chats.js';
import type { Sealer } from '../../services/crypto.js';
import { saveCommunes } from '../../services/register/communes.js';

export const BENCH_PROVINCE = '01';
export const BENCH_COMMUNES = 20;
/** Documents per insert while seeding. */
const SEED_BATCH = 5_000;

const oid = (hex: string) => new mongoose.Types.ObjectId(hex);
const communeCode = (i: number) => String(20_000 + (i % BENCH_COMMUNES)).padStart(5, '0');

/** The province's communes and `admins` province administrators; returns their officer ids. */
export async function seedProvince(sealer: Sealer, admins: number): Promise<string[]> {
  await saveCommunes(
    Array.from({ length: BENCH_COMMUNES }, (_, i) => ({
      code: communeCode(i),
      name: `Xã ${i}`,
      provinceCode: BENCH_PROVINCE,
      legacyDistrict: null,
    })),
    { sealer, entryPoint: 'import', actor: 'bench' },
  );
  const ids: string[] = [];
  for (let a = 0; a < admins; a++) {
    const id = stableId('bench-admin', String(a));
    await officers.insertIfAbsent({
      id,
      name: `Quản trị tỉnh ${a + 1}`,
      phone: { sealed: 'x', index: `bench-admin-${a}`, last4: '0000' },
      role: 'province_admin',
      provinceCode: BENCH_PROVINCE,
      communeCodes: [],
    });
    ids.push(id);
  }
  return ids;
}

export type RegisterShape = {
  people: number;
  /** Record i's own Telegram chat id is telegramBase + i. */
  telegramBase: number;
  /**
   * One in ten also linked on Zalo (the same person: one copy), one in fifty a guardian following
   * a second record (one copy), one in a hundred deceased (not reached). Off: each record active,
   * on its own Telegram chat only, so every recipient is a chat the worker sends to.
   */
  mixed: boolean;
};

/**
 * Writes records, chats and links; returns the people a whole-province broadcast to beneficiaries
 * reaches and, of them, the guardians.
 */
export async function seedRegister(shape: RegisterShape): Promise<{ people: number; guardians: number }> {
  const { people: total, telegramBase, mixed } = shape;
  const db = mongoose.connection.db!;
  const epoch = Date.UTC(2026, 0, 1);
  let people = 0;
  let guardians = 0;
  for (let start = 0; start < total; start += SEED_BATCH) {
    const records: Record<string, unknown>[] = [];
    const chatDocs = new Map<string, Record<string, unknown>>();
    const links: Record<string, unknown>[] = [];
    const link = (beneficiaryId: string, ref: ChatRef, relation: string, used: number) => {
      const id = chatIdFor(ref);
      chatDocs.set(id, {
        _id: oid(id),
        channel: ref.channel,
        chatId: ref.chatId,
        lang: used % 7 === 0 ? 'en' : 'vi',
        beneficiaryIds: [beneficiaryId],
        blockedAt: null,
        officerId: null,
        createdAt: new Date(epoch),
        updatedAt: new Date(epoch + used),
      });
      links.push({
        _id: oid(chatLinkIdFor(ref, beneficiaryId)),
        channel: ref.channel,
        chatId: ref.chatId,
        beneficiaryId,
        method: 'contact',
        relation,
        linkedAt: new Date(epoch),
      });
    };
    for (let i = start; i < Math.min(total, start + SEED_BATCH); i++) {
      const id = stableId('bench-beneficiary', String(i));
      const deceased = mixed && i % 100 === 99;
      records.push({
        _id: oid(id),
        nationalId: { sealed: 'x', index: `bench-${i}`, last4: '0000' },
        fullName: `Người hưởng ${i}`,
        provinceCode: BENCH_PROVINCE,
        communeCode: communeCode(i),
        category: 'social_assistance',
        status: deceased ? 'deceased' : 'active',
        missing: [],
        version: 1,
      });
      link(id, { channel: 'telegram', chatId: String(telegramBase + i) }, 'self', i);
      if (!deceased) people += 1;
      if (!mixed) continue;
      if (i % 10 === 0) link(id, { channel: 'zalo', chatId: `z${i}` }, 'self', i + 1);
      // A guardian of this record and the one before it: one chat, one copy.
      if (i % 50 === 1) {
        link(stableId('bench-beneficiary', String(i - 1)), { channel: 'telegram', chatId: `g${i}` }, 'authorized', i);
        link(id, { channel: 'telegram', chatId: `g${i}` }, 'authorized', i);
        guardians += 1;
      }
    }
    await db.collection('beneficiaries').insertMany(records, { ordered: false });
    await db
      .collection('chats')
      .insertMany([...chatDocs.values()], { ordered: false })
      .catch(() => undefined);
    await db.collection('chat_links').insertMany(links, { ordered: false });
  }
  return { people, guardians };
}
