import mongoose from 'mongoose';
import { auditLog } from '../models/audit.js';
import { beneficiaries } from '../models/beneficiary.js';
import { paymentIdFor } from '../models/ids.js';
import { payments } from '../models/payment.js';
import { importFile } from '../services/imports/run-import.js';
import { beneficiaryIdFor } from '../services/register/sealing.js';
import { startMiniappServer, seedLinkedBeneficiary, type MiniappServer } from './support/miniapp.js';
import { aKey, machineCall } from './support/machine-api.js';
import { moreCommunes } from './support/officer-sessions.js';
import { aBeneficiaryRow, aPaymentRow, BENEFICIARY_COLUMNS, PAYMENT_COLUMNS, writeCsv } from './support/files.js';
import { aBeneficiary, register } from './support/register.js';

const MAX_ROWS = 50;
let srv: MiniappServer;
let key: { id: string; secret: string };

beforeAll(async () => {
  srv = await startMiniappServer({ API_MAX_ROWS: String(MAX_ROWS), BROADCAST_APPROVAL_THRESHOLD: '100' });
  await moreCommunes(srv.rt);
  key = await aKey(srv, { provinceCode: '01' });
}, 60_000);
afterAll(async () => {
  await srv.stop();
});

const db = () => mongoose.connection.db!;
const push = (path: string, rows: unknown[], secret = key.secret) =>
  machineCall(srv, path, { key: secret, json: { rows } });
const fileCtx = () => ({ sealer: srv.rt.sealer, entryPoint: 'import' as const, actor: 'test' });

/** The outbox as a person would receive it: who, which event, which text and values. */
async function notices() {
  const docs = await db()
    .collection('notifications')
    .find({}, { projection: { channel: 1, address: 1, eventKey: 1, template: 1, lang: 1, vars: 1, status: 1 } })
    .sort({ _id: 1 })
    .toArray();
  return docs.map((d) => ({ ...d, _id: String(d._id) }) as Record<string, unknown>);
}

/** Forgets the payments and everything they caused, so the same rows can arrive again as if for the first time. */
async function forgetPayments() {
  for (const c of ['notifications', 'payments', 'payment_changes', 'notice_intents', 'officer_tasks'])
    await db().collection(c).deleteMany({});
}

describe('the machine API', () => {
  test('when payment statuses are pushed, then the same notices are created as by the file import of the same rows', async () => {
    const a = await seedLinkedBeneficiary(srv.rt, { telegramUserId: 9101 });
    const b = await seedLinkedBeneficiary(srv.rt, { telegramUserId: 9102 });
    const rows = [
      aPaymentRow(a.nationalId, { status: 'paid', paid_at: '10/11/2026' }),
      aPaymentRow(b.nationalId, { status: 'failed', failure_reason: 'Tài khoản bị phong tỏa' }),
    ];
    await forgetPayments();

    const pushed = await push('/payments', rows);
    expect(pushed.status).toBe(200);
    expect(pushed.json).toEqual({
      rowsRead: 2,
      created: 2,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      changes: 2,
      errors: [],
    });
    const viaApi = await notices();
    expect(viaApi.map((n) => n.template).sort()).toEqual(['payment_failed', 'payment_paid']);
    const audit = (await auditLog.recent(10)).find((e) => e.entity === 'payment');
    expect(audit).toMatchObject({ entryPoint: 'api', actor: `apikey:${key.id}`, action: 'create' });
    // The payments prove the commune built its payment list: the task is closed by the key, through the API.
    const closed = await db().collection('officer_tasks').findOne({ task: 'payment_list', status: 'done' });
    expect(closed).toMatchObject({ completedBy: `apikey:${key.id}`, completedVia: 'api' });

    await forgetPayments();
    const report = await importFile(
      'payments',
      writeCsv(srv.rt.config.DATA_DIR, 'p.csv', PAYMENT_COLUMNS, rows),
      fileCtx(),
    );
    expect(report).toMatchObject({ created: 2, changes: 2 });
    expect(await notices()).toEqual(viaApi);
  });

  test('when bad rows are pushed, then each row error is the file import’s for the same row (row = position from 1)', async () => {
    const person = await seedLinkedBeneficiary(srv.rt, { telegramUserId: 9103 });
    const paymentRows = [
      aPaymentRow('009999999999'),
      aPaymentRow(person.nationalId, { status: 'failed' }),
      aPaymentRow(person.nationalId, { period: '13/2026', amount: 'năm trăm' }),
      aPaymentRow(person.nationalId, { status: 'đã chuyển khoản', paid_at: '10/11/2026' }),
      aPaymentRow(person.nationalId, { status: 'cash_ready' }),
      aPaymentRow(person.nationalId, { status: 'paid', paid_at: '10/11/2026' }),
    ];
    const beneficiaryRows = [
      aBeneficiaryRow({ date_of_birth: '31/02/1950' }),
      aBeneficiaryRow({ commune_code: '99999' }),
      aBeneficiaryRow({ phone: '123', category: 'vip' }),
      aBeneficiaryRow(),
    ];
    for (const [kind, path, columns, rows] of [
      ['payments', '/payments', PAYMENT_COLUMNS, paymentRows],
      ['beneficiaries', '/beneficiaries', BENEFICIARY_COLUMNS, beneficiaryRows],
    ] as const) {
      const pushed = await push(path, rows);
      expect(pushed.status).toBe(200);
      const file = await importFile(kind, writeCsv(srv.rt.config.DATA_DIR, `${kind}.csv`, columns, rows), fileCtx());
      // The file's header is its line 1, so its row n is line n + 1 (also where a reason names another row).
      const fromFile = file.rejects.map((r) => ({
        row: r.line - 1,
        column: r.column,
        reason: r.reason
          .replace(/dòng (\d+)/g, (_m, n: string) => `dòng ${Number(n) - 1}`)
          .replace('trong cùng tệp', 'trong cùng yêu cầu'),
      }));
      expect(fromFile.length).toBeGreaterThanOrEqual(rows.length - 1);
      expect(pushed.json.errors).toEqual(fromFile);
      expect(pushed.json.rejected).toBe(file.rejected);
    }
  });

  test('when rows are about another province, then they are rejected row by row in Vietnamese and nothing of theirs is written', async () => {
    const [hcmId] = await register(srv.rt.sealer, [aBeneficiary({ provinceCode: '79', communeCode: '26734' })]);
    const hcm = (await beneficiaries.byId(hcmId!))!;
    const hcmNationalId = srv.rt.sealer.open(hcm.nationalId.sealed);
    const stranger = aBeneficiaryRow({ province_code: '79', commune_code: '26734' });
    const good = aBeneficiaryRow();

    const r = await push('/beneficiaries', [
      stranger,
      aBeneficiaryRow({ national_id: hcmNationalId, full_name: 'Tên Mới' }),
      good,
    ]);
    expect(r.json).toMatchObject({ created: 1, rejected: 2 });
    expect(r.json.errors).toEqual([
      { row: 1, column: 'province_code', reason: expect.stringContaining('Hà Nội (01)') },
      { row: 2, column: 'national_id', reason: expect.stringContaining('thuộc tỉnh khác') },
    ]);
    expect(await beneficiaries.byId(beneficiaryIdFor(srv.rt.sealer, stranger.national_id!))).toBeNull();
    expect(await beneficiaries.byId(hcmId!)).toMatchObject({ provinceCode: '79', fullName: hcm.fullName });
    expect(await beneficiaries.byId(beneficiaryIdFor(srv.rt.sealer, good.national_id!))).not.toBeNull();

    const paid = await push('/payments', [aPaymentRow(hcmNationalId, { status: 'paid', paid_at: '10/11/2026' })]);
    expect(paid.json).toMatchObject({ created: 0, rejected: 1, errors: [{ row: 1, column: 'national_id' }] });
    expect(await payments.byIds([paymentIdFor(hcmId!, '2026-11', 'monthly')])).toEqual([]);

    // As an officer's results import: a record of the key's province whose details are not with the police is refused too.
    const ours = await seedLinkedBeneficiary(srv.rt, { telegramUserId: 9105 });
    const own = await push('/verification-results', [{ national_id: ours.nationalId, result: 'verified' }]);
    expect(own.json).toMatchObject({ updated: 0, errors: [{ row: 1, reason: expect.stringContaining('công an') }] });
    const verified = await push('/verification-results', [{ national_id: hcmNationalId, result: 'verified' }]);
    expect(verified.json).toMatchObject({
      updated: 0,
      errors: [{ row: 1, column: 'national_id', reason: expect.stringContaining('thuộc tỉnh khác') }],
    });
  });

  test('when the body is not JSON, has too many rows, or a column is unknown or missing, then 400 or 413 says what to fix', async () => {
    const badJson = await machineCall(srv, '/payments', { key: key.secret, raw: '{"rows": [' });
    expect([badJson.status, badJson.json.message]).toEqual([400, expect.stringContaining('không phải JSON')]);

    const tooMany = await push(
      '/payments',
      Array.from({ length: MAX_ROWS + 1 }, () => aPaymentRow('001195010001')),
    );
    expect([tooMany.status, tooMany.json.error]).toEqual([413, 'too_large']);
    expect(tooMany.json.message).toContain(`${MAX_ROWS + 1}`);

    const unknown = await push('/payments', [{ ...aPaymentRow('001195010001'), stauts: 'paid' }]);
    expect([unknown.status, unknown.json.message]).toEqual([400, expect.stringContaining('stauts')]);
    const { period: _period, ...noPeriod } = aPaymentRow('001195010001');
    const missing = await push('/payments', [aPaymentRow('001195010001'), noPeriod]);
    expect([missing.status, missing.json.message]).toEqual([400, expect.stringMatching(/Dòng 2: thiếu cột .*period/)]);
    const notRows = await machineCall(srv, '/payments', { key: key.secret, json: [1, 2] });
    expect(notRows.status).toBe(400);
    const noSuchPath = await machineCall(srv, '/paymnets', { key: key.secret, json: { rows: [] } });
    expect([noSuchPath.status, noSuchPath.json.error]).toEqual([404, 'not_found']);
  });

  test('when a key creates a broadcast, then it is the province’s, authored and audited as the key; another province’s key cannot read it', async () => {
    await seedLinkedBeneficiary(srv.rt, { telegramUserId: 9104 });
    const body = {
      communeCodes: ['00004'],
      who: 'beneficiaries',
      message: { vi: { title: 'Lịch chi trả', body: 'Tiền trợ cấp tháng 12 được chi từ ngày 05/12.' } },
      draft: true,
    };
    const created = await machineCall(srv, '/broadcasts', { key: key.secret, json: body });
    expect(created.status).toBe(201);
    const b = created.json.broadcast as { id: string; state: string; author: string; provinceCode: string };
    expect(b).toMatchObject({ state: 'draft', author: `apikey:${key.id}`, provinceCode: '01' });
    const submitted = await machineCall(srv, `/broadcasts/${b.id}/submit`, { key: key.secret, method: 'POST' });
    expect([submitted.status, (submitted.json.broadcast as { state: string }).state]).toEqual([200, 'scheduled']);
    expect(await auditLog.recent(10)).toContainEqual(
      expect.objectContaining({ action: 'broadcast_submit', actor: `apikey:${key.id}`, entryPoint: 'api' }),
    );
    const read = await machineCall(srv, `/broadcasts/${b.id}`, { key: key.secret });
    expect(read.json.progress).toMatchObject({ state: 'scheduled' });
    const hcmKey = await aKey(srv, { provinceCode: '79', operations: ['broadcasts'] });
    expect((await machineCall(srv, `/broadcasts/${b.id}`, { key: hcmKey.secret })).status).toBe(403);
  });
});
