import mongoose from 'mongoose';
import { chatLinks } from '../models/chat-link.js';
import { linkCodes } from '../models/link-code.js';
import { codeIdFor, CODE_ALPHABET, issueLinkCode } from '../services/linking/codes.js';
import { chatLinkIdFor, type ChatRef } from '../services/linking/chats.js';
import type { LinkingContext } from '../services/linking/policy.js';
import {
  acceptContact,
  answerText,
  linkedRecords,
  parseSecondFactor,
  redeemCode,
  unlink,
} from '../services/linking/link.js';
import { AppError } from '../services/errors.js';
import { startTestRuntime, emptyDatabase } from './support/runtime.js';
import { aBeneficiary, register } from './support/register.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let clock: Date;
let ctx: LinkingContext;
let chatSerial = 0;
const HOUR = 3_600_000;
const aChat = (): ChatRef => ({ channel: 'telegram', chatId: String(5_000_000 + ++chatSerial) });
const contactOf = (ref: ChatRef, phone: string) => ({ senderId: ref.chatId, contactUserId: ref.chatId, phone });

beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => {
  await rt.stop();
});
beforeEach(async () => {
  await emptyDatabase();
  clock = new Date('2026-11-20T03:00:00Z');
  ctx = {
    sealer: rt.sealer,
    now: () => clock,
    policy: { codeTtlDays: 14, maxFailures: 5, failureWindowMs: HOUR, lockMs: HOUR, pendingMs: HOUR / 4 },
  };
});

describe('linking by shared contact and second factor', () => {
  test("when the phone is the beneficiary's and the last 4 ID digits match, then the chat is linked", async () => {
    const lan = aBeneficiary({ nationalId: '001195012345', phone: '+84912000001' });
    const [id] = await register(rt.sealer, [lan]);
    const chat = aChat();
    expect(await acceptContact(ctx, chat, contactOf(chat, '84912000001'))).toEqual({ kind: 'ask_second_factor' });
    expect(await answerText(ctx, chat, '2345')).toEqual({
      kind: 'linked',
      records: [{ beneficiaryId: id, fullName: 'Nguyễn Thị Lan' }],
    });
    expect(await linkedRecords(chat)).toEqual([{ beneficiaryId: id, fullName: 'Nguyễn Thị Lan' }]);
    expect(await chatLinks.byId(chatLinkIdFor(chat, id!))).toMatchObject({ method: 'contact', beneficiaryId: id });
  });

  test("when the phone is the guardian's and the date of birth is given instead, then both answers are accepted at the same prompt", async () => {
    const guardianPhone = '+84987000002';
    const father = aBeneficiary({
      fullName: 'Trần Văn Ba',
      dateOfBirth: '1940-01-05',
      phone: null,
      guardian: { name: 'Trần Thị Hoa', nationalId: null, phone: guardianPhone, relation: 'con' },
    });
    const mother = aBeneficiary({
      fullName: 'Lê Thị Tư',
      dateOfBirth: '1942-07-09',
      phone: null,
      guardian: { name: 'Trần Thị Hoa', nationalId: null, phone: guardianPhone, relation: 'con' },
    });
    const [fatherId, motherId] = await register(rt.sealer, [father, mother]);
    const chat = aChat();
    await acceptContact(ctx, chat, contactOf(chat, '0987000002'));
    expect(await answerText(ctx, chat, '5/1/1940')).toMatchObject({
      kind: 'linked',
      records: [{ beneficiaryId: fatherId }],
    });
    await acceptContact(ctx, chat, contactOf(chat, '+84987000002'));
    expect(await answerText(ctx, chat, mother.nationalId.slice(-4))).toMatchObject({
      kind: 'linked',
      records: [{ beneficiaryId: motherId }],
    });
    expect((await linkedRecords(chat)).map((r) => r.fullName)).toEqual(['Trần Văn Ba', 'Lê Thị Tư']);
  });

  test('when the contact belongs to someone else, then it is refused and nothing is asked', async () => {
    const chat = aChat();
    expect(
      await acceptContact(ctx, chat, { senderId: chat.chatId, contactUserId: '999', phone: '+84912000001' }),
    ).toEqual({ kind: 'not_own_contact' });
    expect(
      await acceptContact(ctx, chat, { senderId: chat.chatId, contactUserId: null, phone: '+84912000001' }),
    ).toEqual({ kind: 'not_own_contact' });
    expect(await answerText(ctx, chat, '2345')).toEqual({ kind: 'not_for_me' });
  });

  test('when the phone is on no record, then the reply is the same second-factor question and any answer is simply wrong', async () => {
    await register(rt.sealer, [aBeneficiary({ phone: '+84912000001' })]);
    const chat = aChat();
    expect(await acceptContact(ctx, chat, contactOf(chat, '+84933333333'))).toEqual({ kind: 'ask_second_factor' });
    expect(await answerText(ctx, chat, '2345')).toEqual({ kind: 'rejected', attemptsLeft: 4 });
  });

  test('when the answer is neither 4 digits nor a date, then it is asked again without counting a failure', async () => {
    const chat = aChat();
    await acceptContact(ctx, chat, contactOf(chat, '+84912000001'));
    expect(await answerText(ctx, chat, 'không nhớ')).toEqual({ kind: 'second_factor_unclear' });
    expect(await answerText(ctx, chat, '0000')).toEqual({ kind: 'rejected', attemptsLeft: 4 });
  });

  test('when five wrong answers come within an hour, then the chat is locked for an hour, even for the right answer', async () => {
    const lan = aBeneficiary({ nationalId: '001195012345', phone: '+84912000001' });
    await register(rt.sealer, [lan]);
    const chat = aChat();
    await acceptContact(ctx, chat, contactOf(chat, '+84912000001'));
    for (const left of [4, 3, 2, 1]) {
      expect(await answerText(ctx, chat, '1111')).toEqual({ kind: 'rejected', attemptsLeft: left });
      clock = new Date(clock.getTime() + 2 * 60_000);
    }
    const until = new Date(clock.getTime() + HOUR);
    expect(await answerText(ctx, chat, '1111')).toEqual({ kind: 'locked', until });
    expect(await acceptContact(ctx, chat, contactOf(chat, '+84912000001'))).toEqual({ kind: 'locked', until });
    expect(await redeemCode(ctx, chat, 'ACDEFGHJ')).toEqual({ kind: 'locked', until });
    clock = new Date(until.getTime() + 1000);
    await acceptContact(ctx, chat, contactOf(chat, '+84912000001'));
    expect(await answerText(ctx, chat, '2345')).toMatchObject({ kind: 'linked' });
  });

  test('when failures are spread over more than an hour, then the count starts again', async () => {
    const chat = aChat();
    await acceptContact(ctx, chat, contactOf(chat, '+84912000001'));
    for (let i = 0; i < 4; i++) await answerText(ctx, chat, '1111');
    clock = new Date(clock.getTime() + HOUR + 1000);
    await acceptContact(ctx, chat, contactOf(chat, '+84912000001'));
    expect(await answerText(ctx, chat, '1111')).toEqual({ kind: 'rejected', attemptsLeft: 4 });
  });

  test("when a record's phone changes in a later import, then the old phone no longer finds it and the new one does", async () => {
    const lan = aBeneficiary({ nationalId: '001195012345', phone: '+84912000001' });
    await register(rt.sealer, [lan]);
    await register(rt.sealer, [{ ...lan, phone: '+84912000009' }]);
    const chat = aChat();
    await acceptContact(ctx, chat, contactOf(chat, '+84912000001'));
    expect(await answerText(ctx, chat, '2345')).toEqual({ kind: 'rejected', attemptsLeft: 4 });
    await acceptContact(ctx, chat, contactOf(chat, '+84912000009'));
    expect(await answerText(ctx, chat, '2345')).toMatchObject({ kind: 'linked' });
  });

  test("when one person's phone is their own on one record and the guardian's on another, then both records are candidates", async () => {
    const phone = '+84912000003';
    const own = aBeneficiary({ fullName: 'Trần Thị Hoa', dateOfBirth: '1960-04-04', phone });
    const mother = aBeneficiary({
      fullName: 'Lê Thị Tư',
      dateOfBirth: '1942-07-09',
      phone: null,
      guardian: { name: 'Trần Thị Hoa', nationalId: null, phone, relation: 'con' },
    });
    const [ownId, motherId] = await register(rt.sealer, [own, mother]);
    const chat = aChat();
    await acceptContact(ctx, chat, contactOf(chat, phone));
    expect(await answerText(ctx, chat, '9/7/1942')).toMatchObject({ records: [{ beneficiaryId: motherId }] });
    await acceptContact(ctx, chat, contactOf(chat, phone));
    expect(await answerText(ctx, chat, '4/4/1960')).toMatchObject({ records: [{ beneficiaryId: ownId }] });
  });

  // The embedded CongoDB has neither indexes for queries nor `explain`: it scans, which is correct.
  test('when the database answers from secondary indexes, then looking up a shared phone seeks an index for each phone field', async () => {
    if (rt.database.kind === 'embedded') return;
    await register(rt.sealer, [aBeneficiary({ phone: '+84912000001' })]);
    const filters: Record<string, unknown>[] = [];
    mongoose.set('debug', (collection: string, method: string, filter: Record<string, unknown>) => {
      if (collection === 'beneficiaries' && method === 'find') filters.push(filter);
    });
    try {
      const chat = aChat();
      await acceptContact(ctx, chat, contactOf(chat, '+84912000001'));
    } finally {
      mongoose.set('debug', false);
    }
    expect(filters.map((f) => Object.keys(f))).toEqual([['phoneBlindIndex'], ['guardianPhoneBlindIndex']]);
    for (const filter of filters) {
      const plan = JSON.stringify(await mongoose.connection.db!.collection('beneficiaries').find(filter).explain());
      if (rt.database.kind === 'ferretdb')
        expect(plan).toMatch(new RegExp(`USING INDEX \\S*${Object.keys(filter)[0]}_1 \\(<expr>=\\?\\)`));
      else expect(plan).toContain('IXSCAN');
    }
  });

  test('when a second factor is parsed, then 4 digits and real dd/mm/yyyy dates are accepted and impossible dates are not', () => {
    expect(parseSecondFactor(' 1234 ')).toEqual({ last4: '1234' });
    expect(parseSecondFactor('12/03/1948')).toEqual({ dateOfBirth: '1948-03-12' });
    expect(parseSecondFactor('31/02/1948')).toBeNull();
    expect(parseSecondFactor('12345')).toBeNull();
  });
});

describe('link codes', () => {
  test('when an officer issues a code, then it is 8 unambiguous characters, stored only hashed, valid 14 days and single use', async () => {
    const lan = aBeneficiary();
    const [id] = await register(rt.sealer, [lan]);
    const { code, expiresAt } = await issueLinkCode(ctx, lan.nationalId, 'cli');
    expect(code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{8}$`));
    expect(CODE_ALPHABET).not.toMatch(/[0O1IL]/);
    expect(expiresAt).toEqual(new Date(clock.getTime() + 14 * 86_400_000));
    expect(await linkCodes.byId(codeIdFor(ctx, code))).toMatchObject({ beneficiaryId: id, usedAt: null });
    expect(JSON.stringify(await linkCodes.byId(codeIdFor(ctx, code)))).not.toContain(code);

    const first = aChat();
    expect(await answerText(ctx, first, ` ${code.slice(0, 4).toLowerCase()}-${code.slice(4)} `)).toMatchObject({
      kind: 'linked',
      records: [{ beneficiaryId: id }],
    });
    const second = aChat();
    expect(await redeemCode(ctx, second, code)).toEqual({ kind: 'rejected', attemptsLeft: 4 });
  });

  test('when a code has expired, then it links nothing', async () => {
    const lan = aBeneficiary();
    await register(rt.sealer, [lan]);
    const { code } = await issueLinkCode(ctx, lan.nationalId, 'cli');
    clock = new Date(clock.getTime() + 14 * 86_400_000 + 1);
    expect(await redeemCode(ctx, aChat(), code)).toEqual({ kind: 'rejected', attemptsLeft: 4 });
  });

  test('when the national ID is not registered, then issuing a code fails with a clear message', async () => {
    await expect(issueLinkCode(ctx, '001199999999', 'cli')).rejects.toThrow(AppError);
    await expect(issueLinkCode(ctx, '123', 'cli')).rejects.toThrow(/12 chữ số/);
  });

  test('when ordinary words are sent with nothing pending, then they are not taken for a code', async () => {
    expect(await answerText(ctx, aChat(), 'xin chào')).toEqual({ kind: 'not_for_me' });
    expect(await answerText(ctx, aChat(), 'CAMONBAN')).toEqual({ kind: 'not_for_me' });
  });
});

describe('several links', () => {
  test('when the beneficiary and the guardian link from two chats and one unlinks, then the other link stays', async () => {
    const lan = aBeneficiary();
    const [id] = await register(rt.sealer, [lan]);
    const a = aChat();
    const b = aChat();
    await redeemCode(ctx, a, (await issueLinkCode(ctx, lan.nationalId, 'cli')).code);
    await redeemCode(ctx, b, (await issueLinkCode(ctx, lan.nationalId, 'cli')).code);
    expect((await chatLinks.forBeneficiary(id!)).map((l) => l.chatId).sort()).toEqual([a.chatId, b.chatId].sort());
    expect(await unlink(a, id!)).toEqual({ beneficiaryId: id, fullName: 'Nguyễn Thị Lan' });
    expect(await unlink(a, id!)).toBeNull();
    expect(await linkedRecords(a)).toEqual([]);
    expect(await linkedRecords(b)).toHaveLength(1);
    expect((await chatLinks.forBeneficiary(id!)).map((l) => l.chatId)).toEqual([b.chatId]);
  });
});
