import { officerTaskIdFor, officerTasks } from '../models/officer-task.js';
import { miniappContext } from '../miniapp/wiring.js';
import { openSession, type OpenedSession } from '../services/miniapp/sessions.js';
import { startMiniappServer, type MiniappServer } from './support/miniapp.js';
import { anOfficer, moreCommunes, officerSession } from './support/officer-sessions.js';

let srv: MiniappServer;
let communeOfficer: OpenedSession;
let communeOfficerId: string;
let provinceAdmin: OpenedSession;
const clock = { now: new Date('2026-12-10T03:00:00Z') };

beforeAll(async () => {
  srv = await startMiniappServer({}, { now: () => clock.now });
  await moreCommunes(srv.rt);
  communeOfficerId = (await anOfficer(srv.rt, { communeCodes: ['00004'], name: 'Trần Thu Hằng' })).officerId;
  communeOfficer = await officerSession(srv.rt, communeOfficerId);
  provinceAdmin = await officerSession(
    srv.rt,
    (await anOfficer(srv.rt, { role: 'province_admin', provinceCode: '01' })).officerId,
  );
});
afterAll(async () => {
  await srv.stop();
});

type Reply = { status: number; json: Record<string, unknown> };
async function call(
  path: string,
  init: { method?: string; session?: OpenedSession; csrf?: string | null; json?: unknown } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { 'accept-language': 'vi' };
  if (init.session) headers.authorization = `Bearer ${init.session.sessionToken}`;
  const csrf = init.csrf === undefined ? init.session?.csrfToken : init.csrf;
  if (csrf) headers['x-csrf-token'] = csrf;
  let body: string | undefined;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  }
  const res = await fetch(`${srv.url}/app/api/officer${path}`, { method: init.method ?? 'GET', headers, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
type TaskJson = { id: string; communeCode: string; task: string; status: string; deadlineDay: string };
const tasksIn = (r: Reply) => r.json.tasks as TaskJson[];
const idOf = (commune: string, task: string) => officerTaskIdFor(commune, task, '2026-12');

describe('officer tasks API', () => {
  test("when a commune officer lists this month's tasks, then only their commune's show, with deadlines", async () => {
    const r = await call('/tasks', { session: communeOfficer });
    expect(r.status).toBe(200);
    expect(r.json.period).toBe('2026-12');
    expect(tasksIn(r).map((t) => [t.communeCode, t.task, t.deadlineDay, t.status])).toEqual([
      ['00004', 'monthly_changes', '2026-12-21', 'open'],
      ['00004', 'payment_list', '2026-12-25', 'open'],
    ]);
    const admin = await call('/tasks?period=2026-12', { session: provinceAdmin });
    expect(new Set(tasksIn(admin).map((t) => t.communeCode))).toEqual(new Set(['00004', '00008']));
  });

  test('when an officer presses Done, then the task stops being open and records who and when; a second Done is a no-op', async () => {
    const id = idOf('00004', 'payment_list');
    await call('/tasks', { session: communeOfficer });
    const first = await call(`/tasks/${id}/done`, { method: 'POST', session: communeOfficer });
    clock.now = new Date('2026-12-11T03:00:00Z');
    const second = await call(`/tasks/${id}/done`, { method: 'POST', session: communeOfficer });

    expect(first.status).toBe(200);
    expect(first.json.task).toMatchObject({
      status: 'done',
      completedAt: '2026-12-10T03:00:00.000Z',
      completedBy: `officer:${communeOfficerId}`,
      completedVia: 'web',
    });
    expect(second.json.task).toEqual(first.json.task);
    const listed = tasksIn(await call('/tasks', { session: communeOfficer })).find((t) => t.id === id);
    expect(listed).toMatchObject({ status: 'done', closedByName: 'Trần Thu Hằng' });
  });

  test('when Done comes without the CSRF token, or for another commune, then it is refused and the task stays open', async () => {
    await call('/tasks', { session: provinceAdmin });
    const ours = idOf('00004', 'monthly_changes');
    const theirs = idOf('00008', 'monthly_changes');
    expect((await call(`/tasks/${ours}/done`, { method: 'POST', session: communeOfficer, csrf: null })).status).toBe(
      403,
    );
    const outside = await call(`/tasks/${theirs}/done`, { method: 'POST', session: communeOfficer });
    expect([outside.status, outside.json.message]).toEqual([403, expect.stringContaining('không thuộc địa bàn')]);
    expect((await call('/tasks/not-an-id/done', { method: 'POST', session: communeOfficer })).status).toBe(404);
    expect((await officerTasks.byId(ours))!.status).toBe('open');
    expect((await officerTasks.byId(theirs))!.status).toBe('open');
  });

  test('when a beneficiary calls the tasks API, then it is refused as for officers only', async () => {
    const person = await openSession(
      { kind: 'chat', channel: 'telegram', chatId: '777' },
      'web',
      miniappContext(srv.rt.config, srv.rt.sealer),
    );
    const r = await call('/tasks', { session: person });
    expect([r.status, r.json.message]).toEqual([403, expect.stringContaining('chỉ dành cho cán bộ')]);
  });

  test('when a commune officer marks not applicable, then it is refused; the province admin may', async () => {
    await call('/tasks', { session: provinceAdmin });
    const id = idOf('00008', 'payment_list');
    const refused = await call(`/tasks/${id}/not-applicable`, {
      method: 'POST',
      session: await officerSession(srv.rt, (await anOfficer(srv.rt, { communeCodes: ['00008'] })).officerId),
    });
    expect([refused.status, refused.json.message]).toEqual([403, expect.stringContaining('quản trị viên cấp tỉnh')]);
    const ok = await call(`/tasks/${id}/not-applicable`, { method: 'POST', session: provinceAdmin });
    expect(ok.json.task).toMatchObject({ status: 'not_applicable' });
  });

  test('when the province admin adds a holiday on a deadline, then the open tasks move to the next working day', async () => {
    await call('/tasks', { session: provinceAdmin });
    const before = await call('/calendar', { session: provinceAdmin });
    const holidays = (before.json.holidays as { day: string }[]).map((h) => h.day);
    expect(before.json.editable).toBe(true);
    expect(holidays).toContain('2026-02-17');

    const put = (session: OpenedSession, json: unknown, csrf?: string | null) =>
      call('/calendar', { method: 'PUT', session, json, ...(csrf === null ? { csrf } : {}) });
    expect((await put(communeOfficer, { holidays: [...holidays, '2026-12-21'] })).status).toBe(403);
    expect((await put(provinceAdmin, { holidays: [...holidays, '2026-12-21'] }, null)).status).toBe(403);
    expect((await put(provinceAdmin, { holidays: ['21/12/2026'] })).status).toBe(400);
    const edited = await put(provinceAdmin, { holidays: [...holidays, '2026-12-21'] });
    expect(edited.status).toBe(200);
    expect((edited.json.tasks as { key: string; deadlineDay: string }[])[0]).toMatchObject({
      key: 'monthly_changes',
      deadlineDay: '2026-12-22',
    });
    expect((await officerTasks.byId(idOf('00004', 'monthly_changes')))!.deadlineDay).toBe('2026-12-22');
    const officerView = await call('/calendar', { session: communeOfficer });
    expect(officerView.json.editable).toBe(false);
  });
});
