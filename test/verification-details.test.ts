import { PassThrough } from 'node:stream';
import mongoose from 'mongoose';
import { telegramChannel } from '../bot/telegram/channel.js';
import { accounts } from '../models/account.js';
import { chatLinks } from '../models/chat-link.js';
import { accountIdFor } from '../models/ids.js';
import { officers } from '../models/officer.js';
import { chatLinkIdFor, type ChatRef } from '../services/linking/chats.js';
import { issueLinkCode } from '../services/linking/codes.js';
import { acceptContact, answerText, redeemCode } from '../services/linking/link.js';
import { linkPolicy } from '../services/linking/policy.js';
import { createLogger } from '../services/log.js';
import { Dispatcher } from '../services/notifications/dispatcher.js';
import { officerIdFor, scopeOf } from '../services/officers/identity.js';
import type { Acting } from '../services/officers/scope.js';
import { saveCommunes } from '../services/register/communes.js';
import { exportForPolice } from '../services/verification/export.js';
import { verificationQueue } from '../services/verification/queue.js';
import { importVerificationResults } from '../services/verification/results.js';
import { FakeTelegram } from './fakes/telegram-bot-api.js';
import { testPolicy } from './support/notify.js';
import { startMiniappServer, telegramInitData, type MiniappServer } from './support/miniapp.js';
import { aBeneficiary, register } from './support/register.js';
import { emptyDatabase } from './support/runtime.js';

let srv: MiniappServer;
let userSeq = 8_300_000;
const OFFICE = { address: 'số 1 phố Đội Cấn', officeHours: 'sáng 7:30–11:30 từ thứ Hai đến thứ Sáu' };
const GUARDIAN_PHONE = '+84987000123';

beforeAll(async () => {
  srv = await startMiniappServer();
});
afterAll(async () => {
  await srv.stop();
});
beforeEach(async () => {
  await emptyDatabase();
  await saveCommunes([{ code: '00004', name: 'Phường Ba Đình', provinceCode: '01', legacyDistrict: null, ...OFFICE }], {
    sealer: srv.rt.sealer,
    entryPoint: 'import',
    actor: 'test',
  });
});

const linking = () => ({ sealer: srv.rt.sealer, policy: linkPolicy(srv.rt.config), now: () => new Date() });

/** The commune officer of 00004, acting through the mini-app. */
async function communeOfficer(): Promise<Acting> {
  const phone = '+84987009999';
  const id = officerIdFor(srv.rt.sealer, phone);
  const sealed = { sealed: srv.rt.sealer.seal(phone), index: srv.rt.sealer.index('phone', phone), last4: '9999' };
  await officers.insertIfAbsent({
    id,
    name: 'Cán bộ',
    phone: sealed,
    role: 'commune_officer',
    provinceCode: '01',
    communeCodes: ['00004'],
  });
  return { scope: scopeOf((await officers.byId(id))!)!, entryPoint: 'miniapp', now: () => new Date() };
}

/** A record with its own phone and a guardian who holds another phone. */
async function aRecordWithGuardian() {
  const b = aBeneficiary({
    phone: '+84912000777',
    guardian: { name: 'Trần Thị Hoa', nationalId: null, phone: GUARDIAN_PHONE, relation: 'con' },
  });
  const [id] = await register(srv.rt.sealer, [b]);
  return { ...b, id: id! };
}

/** A Telegram chat linked by sharing this phone as its own contact, then the ID's last four digits. */
async function linkByContact(phone: string, nationalId: string): Promise<number> {
  const user = ++userSeq;
  const ref: ChatRef = { channel: 'telegram', chatId: String(user) };
  await acceptContact(linking(), ref, { senderId: ref.chatId, contactUserId: ref.chatId, phone });
  expect(await answerText(linking(), ref, nationalId.slice(-4))).toMatchObject({ kind: 'linked' });
  return user;
}

async function linkByCode(nationalId: string): Promise<number> {
  const user = ++userSeq;
  const { code } = await issueLinkCode(linking(), nationalId, 'test');
  expect(await redeemCode(linking(), { channel: 'telegram', chatId: String(user) }, code)).toMatchObject({
    kind: 'linked',
  });
  return user;
}

/** Signs the Telegram user in to the mini-app and saves new details for the record. */
async function changeDetails(user: number, beneficiaryId: string, owner: 'self' | 'authorized') {
  const signIn = await fetch(srv.url + '/app/api/session/telegram', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ initData: telegramInitData({ id: user }) }),
  });
  const token = ((await signIn.json()) as { sessionToken: string }).sessionToken;
  const me = await fetch(srv.url + '/app/api/me', { headers: { authorization: `Bearer ${token}` } });
  const csrf = ((await me.json()) as { csrfToken: string }).csrfToken;
  const res = await fetch(`${srv.url}/app/api/records/${beneficiaryId}/account`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-csrf-token': csrf },
    body: JSON.stringify({
      type: 'bank',
      providerCode: '970436',
      accountNumber: '0071 0012 34567',
      holderName: owner === 'self' ? 'Nguyễn Thị Lan' : 'Trần Thị Hoa',
      owner,
    }),
  });
  expect(res.status).toBe(200);
}

describe('who changed the details: the chat link knows whose phone proved it', () => {
  test("when a chat linked by the guardian's phone changes the details, then the queue says the authorized person did", async () => {
    const lan = await aRecordWithGuardian();
    const user = await linkByContact('0987000123', lan.nationalId);
    const ref = { channel: 'telegram' as const, chatId: String(user) };
    expect(await chatLinks.byId(chatLinkIdFor(ref, lan.id))).toMatchObject({
      method: 'contact',
      relation: 'authorized',
    });
    await changeDetails(user, lan.id, 'authorized');
    const { items } = await verificationQueue(await communeOfficer());
    expect(items.map((i) => [i.ref, i.changedBy, i.owner])).toEqual([
      [accountIdFor(lan.id), 'authorized', 'authorized'],
    ]);
  }, 30000);

  test("when a chat linked by the beneficiary's own phone changes the details to the guardian's account, then the queue says the beneficiary did", async () => {
    const lan = await aRecordWithGuardian();
    const user = await linkByContact(lan.phone!, lan.nationalId);
    await changeDetails(user, lan.id, 'authorized');
    const { items } = await verificationQueue(await communeOfficer());
    // Whose account it is and who gave it are two facts: the beneficiary named the guardian's account.
    expect(items.map((i) => [i.changedBy, i.owner])).toEqual([['self', 'authorized']]);
  }, 30000);

  test('when a chat linked by a code changes the details, then the queue says it is unknown; imported details say import', async () => {
    const lan = await aRecordWithGuardian();
    const imported = aBeneficiary();
    const [importedId] = await register(srv.rt.sealer, [imported]);
    const user = await linkByCode(lan.nationalId);
    await changeDetails(user, lan.id, 'self');
    const { items } = await verificationQueue(await communeOfficer());
    expect(new Map(items.map((i) => [i.beneficiaryRef, i.changedBy]))).toEqual(
      new Map([
        [importedId, 'import'],
        [lan.id, 'unknown'],
      ]),
    );
  }, 30000);

  test('when a chat linked by code later shares the guardian phone for the same record, then its link learns the relation', async () => {
    const lan = await aRecordWithGuardian();
    const user = await linkByCode(lan.nationalId);
    const ref: ChatRef = { channel: 'telegram', chatId: String(user) };
    expect((await chatLinks.byId(chatLinkIdFor(ref, lan.id)))!.relation).toBeNull();
    await acceptContact(linking(), ref, { senderId: ref.chatId, contactUserId: ref.chatId, phone: GUARDIAN_PHONE });
    expect(await answerText(linking(), ref, lan.nationalId.slice(-4))).toMatchObject({ kind: 'linked' });
    expect((await chatLinks.byId(chatLinkIdFor(ref, lan.id)))!.relation).toBe('authorized');
  }, 30000);
});

const RESULTS_HEADER = [
  'Số định danh cá nhân',
  'Kết quả',
  'Trường sai lệch',
  'Họ tên theo CSDL dân cư',
  'Ngày sinh theo CSDL dân cư',
  'Nơi thường trú theo CSDL dân cư',
].join(',');
const resultsFile = (rows: string[][]) => ({
  buffer: Buffer.from([RESULTS_HEADER, ...rows.map((r) => r.join(','))].join('\n')),
  fileName: 'ket-qua.csv',
});

async function sendToPolice(acting: Acting): Promise<void> {
  const out = new PassThrough();
  out.resume();
  await exportForPolice(acting, {}, 'csv', out, srv.rt.sealer);
}

describe("the population database's value: stored with the result, told to the family, shown to the officer", () => {
  let fake: FakeTelegram;
  let dispatcher: Dispatcher | null = null;
  beforeEach(async () => {
    fake = await FakeTelegram.start();
  });
  afterEach(async () => {
    await dispatcher?.stop();
    dispatcher = null;
    await fake.stop();
  });

  test('when the police answer "mismatch" with the population database values, then the family is told each field with its value once, a re-import sends nothing, and the officer sees them when the correction comes', async () => {
    const lan = await aRecordWithGuardian();
    const user = await linkByCode(lan.nationalId);
    const officer = await communeOfficer();
    await sendToPolice(officer);
    const answer = resultsFile([
      [lan.nationalId, 'mismatch', 'date_of_birth;permanent_residence', 'Nguyễn Thị Lành', '12/03/1947', 'Xã Hòa An'],
    ]);
    expect(await importVerificationResults(officer, answer, srv.rt.sealer)).toMatchObject({
      updated: 1,
      rejected: 0,
    });
    // The name was not said to differ: its value is not kept.
    expect((await accounts.byId(accountIdFor(lan.id)))!.verification.populationValues).toEqual({
      date_of_birth: '1947-03-12',
      permanent_residence: 'Xã Hòa An',
    });

    dispatcher = new Dispatcher(
      [telegramChannel(fake.token, { apiRoot: fake.apiRoot, paidBroadcast: false })],
      testPolicy(),
      createLogger('silent'),
    );
    dispatcher.start();
    const [msg] = await fake.waitForMessages(user, 1, 5000);
    expect(msg!.text).toContain(
      '• Ngày sinh theo Cơ sở dữ liệu quốc gia về dân cư: 12/03/1947\n' +
        '• Nơi thường trú theo Cơ sở dữ liệu quốc gia về dân cư: Xã Hòa An\n',
    );
    expect(msg!.text).not.toContain('Lành');

    expect(await importVerificationResults(officer, answer, srv.rt.sealer)).toMatchObject({
      updated: 0,
      unchanged: 1,
      rejected: 0,
    });
    // A different value is a different answer, not the same one again: refused, since a result is already in.
    const corrected = resultsFile([
      [lan.nationalId, 'mismatch', 'date_of_birth;permanent_residence', '', '12/03/1947', 'Phường Ba Đình'],
    ]);
    expect((await importVerificationResults(officer, corrected, srv.rt.sealer)).rejects).toEqual([
      expect.objectContaining({ reason: expect.stringContaining('đã có kết quả xác thực khác') }),
    ]);
    expect(await mongoose.connection.db!.collection('notifications').countDocuments()).toBe(1);
    expect(fake.messagesTo(user)).toHaveLength(1);

    await changeDetails(user, lan.id, 'self');
    const [item] = (await verificationQueue(officer)).items;
    expect(item!.lastResult).toMatchObject({
      state: 'mismatch',
      mismatchFields: ['date_of_birth', 'permanent_residence'],
      populationValues: { date_of_birth: '1947-03-12', permanent_residence: 'Xã Hòa An' },
    });
  }, 60000);

  test('when a population column holds an impossible date, then that row is rejected in Vietnamese naming the column, and the good row applies', async () => {
    const [lan, hoa] = [aBeneficiary(), aBeneficiary()];
    const ids = await register(srv.rt.sealer, [lan, hoa]);
    const officer = await communeOfficer();
    await sendToPolice(officer);
    const report = await importVerificationResults(
      officer,
      resultsFile([
        [lan.nationalId, 'mismatch', 'date_of_birth', '', '31/02/1948', ''],
        [hoa.nationalId, 'mismatch', 'date_of_birth', '', '05/01/1949', ''],
      ]),
      srv.rt.sealer,
    );
    expect(report).toMatchObject({ updated: 1, rejected: 1 });
    expect(report.rejects).toEqual([
      expect.objectContaining({ line: 2, columnLabel: expect.stringContaining('Ngày sinh theo CSDL dân cư') }),
    ]);
    expect(report.rejects[0]!.reason).toContain('không có thật trên lịch');
    const after = new Map((await accounts.byIds(ids.map(accountIdFor))).map((a) => [a.beneficiaryId, a]));
    expect([after.get(ids[0]!)!.verification.state, after.get(ids[1]!)!.verification.state]).toEqual([
      'verifying',
      'mismatch',
    ]);
  }, 60000);
});
