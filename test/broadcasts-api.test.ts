import { miniappContext } from '../miniapp/wiring.js';
import { openSession, type OpenedSession } from '../services/miniapp/sessions.js';
import { seedLinkedBeneficiary, startMiniappServer, type MiniappServer } from './support/miniapp.js';
import { anOfficer, moreCommunes, officerSession } from './support/officer-sessions.js';

// Three linked beneficiaries: two in Ba Đình (00004), one in Ngọc Hà (00008), all of Hà Nội. Above two
// people a second province administrator must approve, so the whole province needs approval and Ba Đình alone does not.
let srv: MiniappServer;
let admin: OpenedSession;
let adminId: string;
let secondAdmin: OpenedSession;
let baDinhOfficer: OpenedSession;
let ngocHaOfficer: OpenedSession;
let hcmAdmin: OpenedSession;

beforeAll(async () => {
  srv = await startMiniappServer({ BROADCAST_APPROVAL_THRESHOLD: '2' });
  await moreCommunes(srv.rt);
  await seedLinkedBeneficiary(srv.rt, { telegramUserId: 7001 });
  await seedLinkedBeneficiary(srv.rt, { telegramUserId: 7002 });
  await seedLinkedBeneficiary(srv.rt, { telegramUserId: 7003, overrides: { communeCode: '00008' } });
  adminId = (await anOfficer(srv.rt, { role: 'province_admin', provinceCode: '01', name: 'Phạm Minh Đức' })).officerId;
  admin = await officerSession(srv.rt, adminId);
  secondAdmin = await officerSession(srv.rt, (await anOfficer(srv.rt, { role: 'province_admin' })).officerId);
  baDinhOfficer = await officerSession(srv.rt, (await anOfficer(srv.rt, { communeCodes: ['00004'] })).officerId);
  ngocHaOfficer = await officerSession(srv.rt, (await anOfficer(srv.rt, { communeCodes: ['00008'] })).officerId);
  hcmAdmin = await officerSession(
    srv.rt,
    (await anOfficer(srv.rt, { role: 'province_admin', provinceCode: '79' })).officerId,
  );
}, 60_000);
afterAll(async () => {
  await srv.stop();
});

type Json = Record<string, unknown> & { message?: string };
type Reply = { status: number; json: Json };
type Call = { method?: string; session?: OpenedSession | null; csrf?: string | null; json?: unknown; raw?: string };

/** A call to the machine interface (`/api/broadcasts…`) or, with `app`, the mini-app's (`/app/api/officer/broadcasts…`). */
async function call(path: string, init: Call = {}, app = false): Promise<Reply> {
  const headers: Record<string, string> = { 'accept-language': 'vi' };
  if (init.session) headers.authorization = `Bearer ${init.session.sessionToken}`;
  const csrf = init.csrf === undefined ? init.session?.csrfToken : init.csrf;
  if (csrf) headers['x-csrf-token'] = csrf;
  let body: string | undefined = init.raw;
  if (init.json !== undefined) body = JSON.stringify(init.json);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const base = app ? '/app/api/officer/broadcasts' : '/api/broadcasts';
  const res = await fetch(`${srv.url}${base}${path}`, { method: init.method ?? 'GET', headers, body });
  return { status: res.status, json: (await res.json()) as Json };
}
const post = (path: string, session: OpenedSession, json?: unknown, app = false) =>
  call(path, { method: 'POST', session, ...(json === undefined ? {} : { json }) }, app);

let serial = 0;
/** A body an officer could send; a fresh request key each time unless given. */
function aBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    requestKey: `test-${++serial}`,
    communeCodes: ['00004'],
    who: 'beneficiaries',
    message: {
      vi: { title: 'Lịch chi trả tháng 12', body: 'Tiền trợ cấp tháng 12 được chi từ ngày 05/12.' },
      en: { title: 'December payments', body: 'December allowances are paid from 5 December.' },
    },
    ...overrides,
  };
}
const later = () => new Date(Date.now() + 24 * 3600_000).toISOString();
const broadcastOf = (r: Reply) => r.json.broadcast as { id: string; state: string; urgent: boolean; author: string };
const previewOf = (r: Reply) => r.json.preview as { people: number; chats: Record<string, number> };
const progressOf = (r: Reply) => r.json.progress as Record<string, number | string>;

describe('broadcasts over HTTP', () => {
  test('when a province admin previews, then the figures come back and nothing is stored', async () => {
    const before = await call('', { session: admin });
    const r = await post('/preview', admin, aBody({ communeCodes: [] }), true);
    expect(r.status).toBe(200);
    expect(previewOf(r)).toMatchObject({ people: 3, chats: { telegram: 3 }, approvalRequired: true, threshold: 2 });
    expect((r.json.preview as { rendered: { vi: { text: string } } }).rendered.vi.text).toContain(
      'Lịch chi trả tháng 12',
    );
    const after = await call('', { session: admin });
    expect((after.json.broadcasts as unknown[]).length).toBe((before.json.broadcasts as unknown[]).length);
  });

  test('when a province admin creates one for Ba Đình, then it is scheduled with its preview, listed, and its progress readable', async () => {
    const body = aBody({ scheduledAt: later() });
    const created = await post('', admin, body);
    expect(created.status).toBe(201);
    const b = broadcastOf(created);
    expect(b).toMatchObject({ state: 'scheduled', author: `officer:${adminId}` });
    expect(previewOf(created)).toMatchObject({ people: 2, chats: { telegram: 2 } });
    expect(created.json).toMatchObject({ id: b.id, mine: true, canApprove: false });

    const again = await post('', admin, { ...aBody({ scheduledAt: later() }), requestKey: body.requestKey });
    expect(broadcastOf(again).id).toBe(b.id);

    const one = await call(`/${b.id}`, { session: admin });
    expect(one.status).toBe(200);
    expect(progressOf(one)).toMatchObject({ state: 'scheduled', people: 2, sent: 0 });
    const mine = await call(`/${b.id}`, { session: baDinhOfficer }, true);
    expect(mine.status).toBe(200);

    const list = await call('', { session: admin }, true);
    expect((list.json.broadcasts as { id: string }[]).map((x) => x.id)).toContain(b.id);
  });

  test('when a commune officer broadcasts, then only to their commune: another commune is refused 403 in Vietnamese', async () => {
    const own = await post('', baDinhOfficer, aBody({ scheduledAt: later() }));
    expect([own.status, previewOf(own).people]).toEqual([201, 2]);
    const other = await post('', baDinhOfficer, aBody({ communeCodes: ['00008'] }));
    expect([other.status, other.json.message]).toEqual([403, expect.stringContaining('không thuộc địa bàn')]);
    const theirs = await call(`/${broadcastOf(own).id}`, { session: ngocHaOfficer });
    expect(theirs.status).toBe(403);
    expect(theirs.json.message).toMatch(/[àáảãạăâđèéêìíòóôơùúưỳý]/);
    const otherProvince = await call(`/${broadcastOf(own).id}`, { session: hcmAdmin });
    expect(otherProvince.status).toBe(403);
    expect((await post(`/${broadcastOf(own).id}/cancel`, ngocHaOfficer)).status).toBe(403);
  });

  test('when a broadcast needs approval, then its author is refused, a commune officer too, and a second province admin approves', async () => {
    const created = await post('', admin, aBody({ communeCodes: [], scheduledAt: later(), urgent: true }));
    const id = broadcastOf(created).id;
    expect(broadcastOf(created).state).toBe('awaiting_approval');
    expect(created.json).toMatchObject({ mine: true, canApprove: false });

    const byAuthor = await post(`/${id}/approve`, admin, {});
    expect([byAuthor.status, byAuthor.json.message]).toEqual([403, expect.stringMatching(/duyệt/)]);
    expect((await post(`/${id}/approve`, baDinhOfficer, {})).status).toBe(403);
    expect((await call(`/${id}`, { session: secondAdmin })).json).toMatchObject({ canApprove: true });

    const approved = await post(`/${id}/approve`, secondAdmin, { urgent: true }, true);
    expect(approved.status).toBe(200);
    expect(broadcastOf(approved)).toMatchObject({ state: 'scheduled', urgent: true });
    expect((await post(`/${id}/approve`, secondAdmin, {})).status).toBe(409);
  });

  test('when a scheduled broadcast is paused, resumed and cancelled, then each shows in its state; a cancelled one cannot resume', async () => {
    const id = broadcastOf(await post('', admin, aBody({ scheduledAt: later() }))).id;
    const paused = await post(`/${id}/pause`, admin, undefined, true);
    expect([paused.status, broadcastOf(paused).state]).toEqual([200, 'paused']);
    const resumed = await post(`/${id}/resume`, admin);
    expect([resumed.status, broadcastOf(resumed).state]).toEqual([200, 'scheduled']);
    const cancelled = await post(`/${id}/cancel`, admin);
    expect([cancelled.status, broadcastOf(cancelled).state]).toEqual([200, 'cancelled']);
    expect(progressOf(cancelled)).toMatchObject({ state: 'cancelled', sent: 0 });
    const late = await post(`/${id}/resume`, admin);
    expect(late.status).toBe(409);
    expect(late.json.message).toMatch(/[àáảãạăâđèéêìíòóôơùúưỳý]/);
  });

  test('when a draft is stored, then only its author submits it, once; the approval rule applies then', async () => {
    const drafted = await post('', admin, aBody({ communeCodes: [], draft: true }));
    const id = broadcastOf(drafted).id;
    expect([drafted.status, broadcastOf(drafted).state]).toEqual([201, 'draft']);
    const other = await post(`/${id}/submit`, secondAdmin);
    expect([other.status, other.json.message]).toEqual([403, expect.stringContaining('Chỉ người soạn')]);
    const submitted = await post(`/${id}/submit`, admin, undefined, true);
    expect([submitted.status, broadcastOf(submitted).state]).toEqual([200, 'awaiting_approval']);
    expect((await post(`/${id}/submit`, admin)).status).toBe(409);
  });

  test('when a body is wrong, then 400 says which field and what is wrong, in Vietnamese (English when asked)', async () => {
    const cases: [unknown, RegExp][] = [
      [aBody({ who: undefined }), /Người nhận: còn thiếu/],
      [aBody({ who: 'everyone' }), /Người nhận: có giá trị không được chấp nhận/],
      [aBody({ communeCodes: ['4'] }), /Xã\/phường \(mã 5 chữ số\): sai định dạng/],
      [aBody({ message: { vi: { title: '', body: 'x' } } }), /Tiêu đề tiếng Việt.*không được để trống/],
      [aBody({ message: { vi: { title: 'x', body: 'y'.repeat(3001) } } }), /Nội dung tiếng Việt.*quá dài/],
      [
        aBody({ message: { vi: { title: 'x', body: 'y' }, button: { kind: 'link', url: 'javascript:alert(1)' } } }),
        /Địa chỉ liên kết của nút.*sai định dạng/,
      ],
      [aBody({ scheduledAt: 'tomorrow' }), /Thời điểm gửi: sai định dạng/],
      [aBody({ filters: { categories: ['vip'] } }), /Nhóm đối tượng: có giá trị không được chấp nhận/],
      [aBody({ colour: 'red' }), /Trường không được chấp nhận: colour/],
      // The service's own rules, over HTTP:
      [aBody({ who: 'officers', filters: { categories: ['child'] } }), /chỉ dùng khi gửi cho người hưởng/],
      [aBody({ scheduledAt: '2020-01-01T08:00:00+07:00' }), /Thời điểm gửi đã qua/],
      [aBody({ communeCodes: ['00008'], filters: { categories: ['child'] } }), /Không có ai nhận/],
    ];
    for (const [body, said] of cases) {
      const r = await post('', admin, body);
      expect([r.status, r.json.error]).toEqual([400, 'invalid_input']);
      expect(r.json.message).toMatch(said);
    }
    const notJson = await call('', { method: 'POST', session: admin, raw: '{"who":' });
    expect(notJson.status).toBe(400);
    const list = await call('', { method: 'POST', session: admin, json: [1, 2] });
    expect([list.status, list.json.message]).toEqual([400, 'Yêu cầu phải là một đối tượng JSON.']);
    const en = await fetch(`${srv.url}/api/broadcasts`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${admin.sessionToken}`,
        'x-csrf-token': admin.csrfToken,
        'content-type': 'application/json',
        'accept-language': 'en',
      },
      body: JSON.stringify(aBody({ who: undefined })),
    });
    expect(((await en.json()) as Json).message).toBe('Recipients: is missing.');
    const urgent = await post('/0123456789abcdef01234567/approve', secondAdmin, { urgent: 'yes' });
    expect([urgent.status, urgent.json.message]).toEqual([400, 'Khẩn: sai định dạng.']);
  });

  test('when there is no session, no CSRF token, a beneficiary or an unknown id, then 401, 403, 403 and 404', async () => {
    expect((await call('', {})).status).toBe(401);
    expect((await call('', { method: 'POST', json: aBody() })).status).toBe(401);
    const noCsrf = await call('', { method: 'POST', session: admin, csrf: null, json: aBody() });
    expect(noCsrf.status).toBe(403);
    const person = await openSession(
      { kind: 'chat', channel: 'telegram', chatId: '7001' },
      'web',
      miniappContext(srv.rt.config, srv.rt.sealer),
    );
    const refused = await call('', { session: person });
    expect([refused.status, refused.json.message]).toEqual([403, expect.stringContaining('chỉ dành cho cán bộ')]);
    const malformed = await call('/not-an-id', { session: admin });
    expect([malformed.status, malformed.json.message]).toEqual([404, 'Không tìm thấy thông báo này.']);
    expect((await call('/0123456789abcdef01234567', { session: admin })).status).toBe(404);
    expect((await post('/0123456789abcdef01234567/cancel', admin)).status).toBe(404);
  });
});
