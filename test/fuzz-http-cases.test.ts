import { accountIdFor } from '../models/ids.js';
import { aBeneficiary, register } from './support/register.js';
import {
  callerHeaders,
  FUZZ_TELEGRAM_SECRET,
  send,
  signedInCallers,
  startFuzzServer,
  type CallerTokens,
  type FuzzServer,
} from './support/http-fuzz.js';

/*
 * What the HTTP fuzzer (test/fuzz-http.test.ts) found, kept as plain examples: each answered 500
 * (or, for the export, wrote its audit after the file was delivered) before its fix.
 */

let srv: FuzzServer;
let tokens: CallerTokens;
beforeAll(async () => {
  srv = await startFuzzServer();
  tokens = await signedInCallers(srv);
}, 60_000);
afterAll(async () => {
  await srv?.stop();
});
const headersFor = (caller: 'officer', csrf: 'right') => callerHeaders(tokens, caller, csrf, null);

describe('cases the fuzzer found', () => {
  const officerPost = (path: string, headers: Record<string, string>, body = '{}') =>
    send(srv.url, {
      method: 'POST',
      path,
      headers: { ...headersFor('officer', 'right'), 'content-type': 'application/json', ...headers },
      body: Buffer.from(body),
    });

  it('when a path holds a broken %-escape, then the answer is 400 (a download link: its "wrong link" page), not 500', async () => {
    expect((await officerPost('/app/api/officer/broadcasts/%ZZ/cancel', {})).status).toBe(400);
    expect((await send(srv.url, { method: 'POST', path: '/app/w/%ZZ', headers: {} })).status).toBe(400);
    const download = await send(srv.url, { method: 'GET', path: '/app/dl/%ZZ', headers: {} });
    expect(download.status).toBe(404);
    expect(download.body).toContain('Đường dẫn tải tệp không đúng');
  });

  it('when a JSON body comes in a charset or encoding the server does not read, then the answer is 4xx, not 500', async () => {
    const koi8 = await officerPost('/app/api/officer/invites', { 'content-type': 'application/json; charset=koi8-r' });
    expect(koi8.status).toBe(415);
    expect(JSON.parse(koi8.body)).toEqual({
      error: 'invalid_input',
      message: expect.stringContaining('không đọc được'),
    });
    expect((await officerPost('/app/api/officer/broadcasts/preview', { 'content-encoding': 'br' })).status).toBe(400);
    const session = await send(srv.url, {
      method: 'POST',
      path: '/app/api/session/telegram',
      headers: { 'content-type': 'application/json; charset=nonsense' },
      body: Buffer.from('{}'),
    });
    expect(session.status).toBe(415);
  });

  it('when Telegram (with the secret) posts JSON that is not an update (null, a number, no update_id), then 400, not 500', async () => {
    const objectChatId =
      '{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":{"toString":1},"type":"private"},"text":"/status"}}';
    const odd = await send(srv.url, {
      method: 'POST',
      path: '/telegram/webhook',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': FUZZ_TELEGRAM_SECRET },
      body: Buffer.from(objectChatId),
    });
    expect(odd.status).toBe(200);
    for (const raw of ['null', '42', '"x"', '[]', '{"message":{}}']) {
      const res = await send(srv.url, {
        method: 'POST',
        path: '/telegram/webhook',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': FUZZ_TELEGRAM_SECRET },
        body: Buffer.from(raw),
      });
      expect({ raw, status: res.status }).toEqual({ raw, status: 400 });
    }
  });

  it('when an officer body holds an object whose String() throws ({"toString": 1}), then it is refused or ignored, not a 500', async () => {
    const hostile = { toString: 1 };
    const cases: [string, string, unknown][] = [
      ['POST', '/app/api/officer/export', { format: [hostile] }],
      ['POST', '/app/api/officer/downloads', { file: 'police_export', format: 'csv', communes: [hostile] }],
      ['POST', '/app/api/officer/invites', { role: hostile, name: hostile, phone: hostile }],
      ['PUT', '/app/api/officer/calendar', { tasks: [{ key: hostile, day: { valueOf: {} } }] }],
    ];
    for (const [method, path, body] of cases) {
      const res = await send(srv.url, {
        method,
        path,
        headers: { ...headersFor('officer', 'right'), 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify(body)),
      });
      // Refused, or (a commune list) the unreadable value ignored: never an internal error.
      expect({ path, status: res.status > 0 && res.status < 500 }).toEqual({ path, status: true });
    }
  });

  it('when a police export has been received whole, then its audit entry is already written', async () => {
    const [beneficiaryId] = await register(srv.rt.sealer, [aBeneficiary()]);
    const from = srv.writes.timeline.length;
    const res = await officerPost(
      '/app/api/officer/export',
      {},
      JSON.stringify({ format: 'csv', accountRefs: [accountIdFor(beneficiaryId!)] }),
    );
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    const after = srv.writes.timeline.slice(from);
    expect(after).toContain('insert audit_log');
    expect(after.indexOf('insert audit_log')).toBeLessThan(after.indexOf('finish POST /app/api/officer/export'));
  });
});
