import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import mongoose from 'mongoose';
import { telegramChannel } from '../bot/telegram/channel.js';
import { accounts } from '../models/account.js';
import { auditLog } from '../models/audit.js';
import { officers } from '../models/officer.js';
import { paymentRoutes } from '../models/payment-routing.js';
import { verificationCommands } from '../scripts/cli/verification.js';
import { linkPolicy } from '../services/linking/policy.js';
import { createLogger } from '../services/log.js';
import { Dispatcher } from '../services/notifications/dispatcher.js';
import { officerIdFor, scopeOf } from '../services/officers/identity.js';
import type { Acting } from '../services/officers/scope.js';
import { saveCommunes } from '../services/register/communes.js';
import { accountIdFor } from '../models/ids.js';
import { exportForPolice } from '../services/verification/export.js';
import { POLICE_COLUMNS } from '../services/verification/police-file.js';
import { countQueue, verificationQueue } from '../services/verification/queue.js';
import { importVerificationResults } from '../services/verification/results.js';
import { revealAccountNumber } from '../services/verification/reveal.js';
import { FakeTelegram, aUser } from './fakes/telegram-bot-api.js';
import { seedLinkedBeneficiary, startMiniappServer, telegramInitData, type MiniappServer } from './support/miniapp.js';
import { linkNewChat, testPolicy } from './support/notify.js';
import { aBeneficiary, register } from './support/register.js';
import { emptyDatabase } from './support/runtime.js';

let srv: MiniappServer;
let fake: FakeTelegram;
let dispatcher: Dispatcher | null = null;
let userSeq = 8_100_000;
let phoneSeq = 0;
const log = createLogger('silent');
const HEADERS = POLICE_COLUMNS.map((c) => c.header);
const OFFICE = { address: 'số 1 phố Đội Cấn', officeHours: 'sáng 7:30–11:30 từ thứ Hai đến thứ Sáu' };

beforeAll(async () => {
  srv = await startMiniappServer();
});
afterAll(async () => {
  await srv.stop();
});
beforeEach(async () => {
  await emptyDatabase();
  const ctx = { sealer: srv.rt.sealer, entryPoint: 'import' as const, actor: 'test' };
  await saveCommunes(
    [
      { code: '00004', name: 'Phường Ba Đình', provinceCode: '01', legacyDistrict: null, ...OFFICE },
      { code: '00005', name: 'Phường Phúc Xá', provinceCode: '01', legacyDistrict: null },
      { code: '20005', name: 'Xã Ngoài Tỉnh', provinceCode: '04', legacyDistrict: null },
    ],
    ctx,
  );
  fake = await FakeTelegram.start();
});
afterEach(async () => {
  await dispatcher?.stop();
  dispatcher = null;
  await fake.stop();
});

/** An officer stored as `officers invite` would, acting through the mini-app (or the CLI by phone). */
async function anOfficer(
  role: 'commune_officer' | 'province_admin',
  provinceCode: string,
  communeCodes: string[] = [],
): Promise<{ acting: Acting; phone: string }> {
  const phone = `+8498700${String(++phoneSeq).padStart(4, '0')}`;
  const id = officerIdFor(srv.rt.sealer, phone);
  const sealed = {
    sealed: srv.rt.sealer.seal(phone),
    index: srv.rt.sealer.index('phone', phone),
    last4: phone.slice(-4),
  };
  await officers.insertIfAbsent({ id, name: 'Cán bộ', phone: sealed, role, provinceCode, communeCodes });
  const scope = scopeOf((await officers.byId(id))!)!;
  return { acting: { scope, entryPoint: 'miniapp', now: () => new Date() }, phone };
}

async function api(pathname: string, body: unknown, session?: { token: string; csrf: string }) {
  const res = await fetch(srv.url + pathname, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(session ? { authorization: `Bearer ${session.token}`, 'x-csrf-token': session.csrf } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function telegramSession(userId: number) {
  const signIn = await api('/app/api/session/telegram', { initData: telegramInitData({ id: userId }) });
  const token = signIn.json.sessionToken as string;
  const me = await fetch(srv.url + '/app/api/me', { headers: { authorization: `Bearer ${token}` } });
  return { token, csrf: ((await me.json()) as { csrfToken: string }).csrfToken };
}

/** Runs an export into memory. */
async function exported(acting: Acting, selection: Parameters<typeof exportForPolice>[1], format: 'csv' | 'xlsx') {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const { rows } = await exportForPolice(acting, selection, format, out, srv.rt.sealer);
  return { rows, bytes: Buffer.concat(chunks) };
}

const csvRows = (bytes: Buffer) => parse(bytes, { bom: true }) as string[][];
const resultsCsv = (rows: string[][]) =>
  Buffer.from(['Số định danh cá nhân,Kết quả,Trường sai lệch,Lý do', ...rows.map((r) => r.join(','))].join('\n'));
const notices = () => mongoose.connection.db!.collection('notifications').countDocuments();

describe('the verification cycle: details changed in the mini-app, sent to the police, results back to the family', () => {
  test('when a beneficiary changes details, the officer exports them and the police answer "mismatch", then the beneficiary and the guardian each get one notice naming the fields and the commune office, and a re-import sends nothing', async () => {
    const me = ++userSeq;
    const lan = await seedLinkedBeneficiary(srv.rt, { telegramUserId: me });
    const linking = { sealer: srv.rt.sealer, policy: linkPolicy(srv.rt.config), now: () => new Date() };
    const guardian = await linkNewChat(linking, lan.nationalId, aUser());
    const session = await telegramSession(me);
    const saved = await api(
      `/app/api/records/${lan.beneficiaryId}/account`,
      {
        type: 'bank',
        providerCode: '970436',
        accountNumber: '0071 0012 34567',
        holderName: 'Nguyễn Thị Lan',
        owner: 'self',
      },
      session,
    );
    expect(saved.status).toBe(200);
    const { acting } = await anOfficer('commune_officer', '01', ['00004']);

    const queue = await verificationQueue(acting);
    expect(queue.total).toBe(1);
    expect(queue.items[0]).toMatchObject({
      ref: accountIdFor(lan.beneficiaryId),
      beneficiaryRef: lan.beneficiaryId,
      fullName: lan.fullName,
      communeCode: '00004',
      communeName: 'Phường Ba Đình',
      state: 'submitted',
      // Linked by a code, which the officer hands to the beneficiary or a relative alike.
      changedBy: 'unknown',
      changedFields: ['provider', 'number'],
      numberMasked: '•••• 4567',
      providerName: 'Vietcombank',
      owner: 'self',
    });
    expect(await countQueue(acting)).toEqual({ submitted: 1, verifying: 0 });

    const csv = await exported(acting, { communes: ['00004'] }, 'csv');
    const [header, row] = csvRows(csv.bytes);
    expect(csv.rows).toBe(1);
    expect(header).toEqual(HEADERS);
    expect(row!.slice(1, 10)).toEqual([
      lan.fullName,
      '12/03/1948',
      lan.nationalId,
      'Phường Ba Đình',
      'Hà Nội',
      '0071001234567',
      'Vietcombank',
      'Người hưởng',
      'Nguyễn Thị Lan',
    ]);
    expect(await countQueue(acting)).toEqual({ submitted: 0, verifying: 1 });
    expect((await accounts.byId(accountIdFor(lan.beneficiaryId)))!.verification.state).toBe('verifying');
    expect((await paymentRoutes.byBeneficiaryIds([lan.beneficiaryId])).get(lan.beneficiaryId)!.verification.state).toBe(
      'verifying',
    );
    // Nothing left submitted: a second export of the area is empty; the picked record can still be sent again.
    expect((await exported(acting, {}, 'csv')).rows).toBe(0);
    const xlsx = await exported(acting, { accountRefs: [accountIdFor(lan.beneficiaryId)] }, 'xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
    expect((sheet.getRow(2).values as unknown[]).slice(2, 8)).toEqual([
      lan.fullName,
      '12/03/1948',
      lan.nationalId,
      'Phường Ba Đình',
      'Hà Nội',
      '0071001234567',
    ]);

    const answer = resultsCsv([[lan.nationalId, 'mismatch', 'date_of_birth;permanent_residence', '']]);
    const first = await importVerificationResults(acting, { buffer: answer, fileName: 'ket-qua.csv' }, srv.rt.sealer);
    expect(first).toMatchObject({ updated: 1, unchanged: 0, rejected: 0 });
    dispatcher = new Dispatcher(
      [telegramChannel(fake.token, { apiRoot: fake.apiRoot, paidBroadcast: false })],
      testPolicy(),
      log,
    );
    dispatcher.start();
    for (const chat of [me, guardian.id]) {
      const [msg] = await fake.waitForMessages(chat, 1, 5000);
      expect(msg!.text).toContain('• Ngày sinh\n• Nơi thường trú');
      expect(msg!.text).toContain('Ủy ban nhân dân Phường Ba Đình (số 1 phố Đội Cấn)');
      expect(msg!.text).toContain('trong ứng dụng Tin An Sinh');
    }
    const again = await importVerificationResults(acting, { buffer: answer, fileName: 'ket-qua.csv' }, srv.rt.sealer);
    expect(again).toMatchObject({ updated: 0, unchanged: 1, rejected: 0 });
    expect(await notices()).toBe(2);
    expect(fake.messagesTo(me)).toHaveLength(1);
    expect(fake.messagesTo(guardian.id)).toHaveLength(1);
  }, 60000);

  test('when a results file mixes good rows with an unknown ID, a record outside the scope and one not sent to the police, then only the good row applies and each other row says why', async () => {
    const [sent, elsewhere] = [aBeneficiary(), aBeneficiary({ communeCode: '00005' })];
    await register(srv.rt.sealer, [sent!, elsewhere!]);
    const { acting } = await anOfficer('commune_officer', '01', ['00004']);
    const { acting: admin } = await anOfficer('province_admin', '01');
    expect((await exported(admin, { communes: ['00004', '00005'] }, 'csv')).rows).toBe(2);
    const report = await importVerificationResults(
      acting,
      {
        buffer: resultsCsv([
          [sent!.nationalId, 'verified', '', ''],
          ['001199912345', 'verified', '', ''],
          [elsewhere!.nationalId, 'verified', '', ''],
        ]),
        fileName: 'ket-qua.csv',
      },
      srv.rt.sealer,
    );
    expect(report).toMatchObject({ updated: 1, rejected: 2 });
    expect(report.rejects.map((r) => [r.line, r.reason])).toEqual([
      [3, expect.stringContaining('chưa có thông tin tài khoản')],
      [4, 'Hồ sơ này không thuộc địa bàn anh/chị phụ trách.'],
    ]);

    const fresh = aBeneficiary();
    const [freshId] = await register(srv.rt.sealer, [fresh]);
    const notSent = await importVerificationResults(
      acting,
      { buffer: resultsCsv([[fresh.nationalId, 'rejected', '', 'Tài khoản đã đóng']]), fileName: 'kq.csv' },
      srv.rt.sealer,
    );
    expect(notSent.rejects.map((r) => r.reason)).toEqual([expect.stringContaining('chưa được gửi công an xác thực')]);
    expect((await accounts.byId(accountIdFor(freshId!)))!.verification.state).toBe('submitted');
  }, 60000);
});

describe('scope: an officer of another commune or province reaches nothing here', () => {
  test('when a commune officer of another commune or a province administrator of another province asks, then the queue, reveal, export and results refuse (403) and nothing is written', async () => {
    const [lan] = [aBeneficiary()];
    const [lanId] = await register(srv.rt.sealer, [lan!]);
    const ref = accountIdFor(lanId!);
    const { acting: own } = await anOfficer('commune_officer', '01', ['00004']);
    await exported(own, {}, 'csv');
    const { acting: neighbour } = await anOfficer('commune_officer', '01', ['00005']);
    const { acting: otherProvince } = await anOfficer('province_admin', '04');

    for (const acting of [neighbour, otherProvince]) {
      await expect(verificationQueue(acting, { communes: ['00004'] })).rejects.toMatchObject({ status: 403 });
      await expect(revealAccountNumber(acting, ref, srv.rt.sealer)).rejects.toMatchObject({ status: 403 });
      const out = new PassThrough();
      const written: Buffer[] = [];
      out.on('data', (c: Buffer) => written.push(c));
      await expect(exportForPolice(acting, { accountRefs: [ref] }, 'csv', out, srv.rt.sealer)).rejects.toMatchObject({
        status: 403,
      });
      expect(Buffer.concat(written).length).toBe(0);
      expect((await verificationQueue(acting)).total).toBe(0);
      expect(await countQueue(acting)).toEqual({ submitted: 0, verifying: 0 });
      const report = await importVerificationResults(
        acting,
        { buffer: resultsCsv([[lan!.nationalId, 'verified', '', '']]), fileName: 'kq.csv' },
        srv.rt.sealer,
      );
      expect(report).toMatchObject({ updated: 0, rejected: 1 });
      expect(report.rejects[0]!.reason).toBe('Hồ sơ này không thuộc địa bàn anh/chị phụ trách.');
    }
    expect((await accounts.byId(ref))!.verification.state).toBe('verifying');
  }, 60000);

  test('when an officer reveals a full account number, then it is returned and the audit log names the officer, the account and the field, never the number', async () => {
    const lan = aBeneficiary();
    const [id] = await register(srv.rt.sealer, [lan]);
    const { acting } = await anOfficer('province_admin', '01');
    const { number } = await revealAccountNumber(acting, accountIdFor(id!), srv.rt.sealer);
    expect(number).toBe(lan.account!.number);
    const [entry] = await auditLog.recent(1);
    expect(entry).toMatchObject({
      action: 'reveal_number',
      actor: `officer:${acting.scope.officerId}`,
      entryPoint: 'miniapp',
      entityIds: [accountIdFor(id!)],
      fields: ['number'],
    });
    expect(JSON.stringify(entry)).not.toContain(lan.account!.number);
  });

  test('when `verification export` runs with --officer of another commune, then it is refused and no file is left; with the right officer the file is written; a bad extension is a clear error', async () => {
    await register(srv.rt.sealer, [aBeneficiary()]);
    const { phone: neighbour } = await anOfficer('commune_officer', '01', ['00005']);
    const { phone: own } = await anOfficer('commune_officer', '01', ['00004']);
    const file = path.join(srv.rt.config.DATA_DIR, 'cong-an.xlsx');
    const run = (args: string[]) => verificationCommands.run(args, srv.rt);

    await expect(
      run(['verification', 'export', '--commune', '00004', '--out', file, '--officer', neighbour]),
    ).rejects.toMatchObject({ status: 403 });
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
    await expect(run(['verification', 'export', '--commune', '00004', '--out', 'x.pdf'])).rejects.toThrow(
      /--out phải là tệp .csv hoặc .xlsx/,
    );
    expect(await run(['verification', 'export', '--commune', '00004', '--out', file, '--officer', own])).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets[0]!.rowCount).toBe(2);
  }, 60000);
});
