import { failureOf } from '../bot/telegram/channel.js';
import { GrammyError, HttpError } from 'grammy';
import { ConfigError, loadConfig } from '../services/config.js';
import { onSendFailure } from '../services/notifications/failures.js';
import { bulkAllowedFrom, parseQuietHours } from '../services/notifications/quiet-hours.js';

const vn = (local: string) => new Date(`${local}+07:00`);

describe('quiet hours (Asia/Ho_Chi_Minh, whatever the server time zone)', () => {
  const quiet = parseQuietHours('21:00-07:00');
  test.each([
    ['2026-11-22T20:59:00', '2026-11-22T20:59:00'],
    ['2026-11-22T21:00:00', '2026-11-23T07:00:00'],
    ['2026-11-22T23:30:00', '2026-11-23T07:00:00'],
    ['2026-11-23T06:59:30', '2026-11-23T07:00:00'],
    ['2026-11-23T07:00:00', '2026-11-23T07:00:00'],
  ])('when it is %s in Vietnam, then bulk may go from %s', (now, from) => {
    expect(bulkAllowedFrom(quiet, vn(now)).getTime()).toBe(vn(from).getTime());
  });
  test('when quiet hours are off, then bulk may always go', () => {
    expect(bulkAllowedFrom(parseQuietHours('off'), vn('2026-11-22T23:00:00')).getTime()).toBe(
      vn('2026-11-22T23:00:00').getTime(),
    );
  });
  test('when a window does not cross midnight, then only inside it is quiet', () => {
    const lunch = parseQuietHours('11:30-13:00');
    expect(bulkAllowedFrom(lunch, vn('2026-11-22T12:00:00')).getTime()).toBe(vn('2026-11-22T13:00:00').getTime());
    expect(bulkAllowedFrom(lunch, vn('2026-11-22T10:00:00')).getTime()).toBe(vn('2026-11-22T10:00:00').getTime());
  });
});

describe('notification configuration', () => {
  test('when quiet hours are malformed or the rate exceeds 30/s without paid broadcasts, then boot fails naming the variable', () => {
    expect(() => loadConfig({ NOTIFY_QUIET_HOURS: '9pm-7am' })).toThrow(/NOTIFY_QUIET_HOURS/);
    expect(() => loadConfig({ TELEGRAM_MESSAGES_PER_SECOND: '100' })).toThrow(ConfigError);
    expect(() => loadConfig({ TELEGRAM_MESSAGES_PER_SECOND: '100' })).toThrow(/TELEGRAM_PAID_BROADCAST/);
    expect(
      loadConfig({ TELEGRAM_MESSAGES_PER_SECOND: '1000', TELEGRAM_PAID_BROADCAST: 'on' }).TELEGRAM_MESSAGES_PER_SECOND,
    ).toBe(1000);
  });
});

describe('Telegram errors, mapped at the edge', () => {
  const apiError = (code: number, description: string, retryAfter?: number) =>
    new GrammyError(
      'e',
      { ok: false, error_code: code, description, ...(retryAfter ? { parameters: { retry_after: retryAfter } } : {}) },
      'sendMessage',
      {},
    );
  test.each([
    [
      '429 retry after 7',
      apiError(429, 'Too Many Requests: retry after 7', 7),
      { kind: 'rate_limited', retryAfterMs: 7000 },
    ],
    ['403 blocked', apiError(403, 'Forbidden: bot was blocked by the user'), { kind: 'blocked' }],
    ['403 deactivated', apiError(403, 'Forbidden: user is deactivated'), { kind: 'blocked' }],
    ['400 chat not found', apiError(400, 'Bad Request: chat not found'), { kind: 'not_found' }],
    ['400 message too long', apiError(400, 'Bad Request: message is too long'), { kind: 'rejected' }],
    ['502', apiError(502, 'Bad Gateway'), { kind: 'transient' }],
    ['a network error', new HttpError('Network request failed', new Error('ECONNRESET')), { kind: 'transient' }],
  ])('when Telegram answers %s, then the pipeline sees the right failure', (_label, err, expected) => {
    expect(failureOf(err)).toMatchObject(expected);
  });
});

describe('what a failed send leads to', () => {
  const policy = { maxAttempts: 3, backoffMs: 1000, backoffMaxMs: 3000 };
  const at = new Date('2026-11-22T10:00:00Z');
  test('when the provider answers 429, then the channel pauses for retry_after and the notice retries then, no try counted', () => {
    const d = onSendFailure({ kind: 'rate_limited', retryAfterMs: 5000 }, 0, policy, at);
    expect(d.pauseUntil).toBe(at.getTime() + 5000);
    expect(d.outcome).toMatchObject({ kind: 'retry', notBefore: new Date(at.getTime() + 5000), counted: false });
  });
  test('when the chat blocked the bot or is gone, then the notice fails for good and the chat is marked blocked', () => {
    for (const kind of ['blocked', 'not_found'] as const) {
      const d = onSendFailure({ kind, detail: '403 Forbidden' }, 0, policy, at);
      expect(d).toMatchObject({ blockChat: true, pauseUntil: null, outcome: { kind: 'final', status: 'failed' } });
    }
    expect(onSendFailure({ kind: 'rejected', detail: '400' }, 0, policy, at).blockChat).toBe(false);
  });
  test('when a network error repeats, then the wait doubles (jittered, capped) until the last try is a technical failure', () => {
    const wait = (attempts: number, random: number) => {
      const o = onSendFailure(
        { kind: 'transient', detail: 'network error' },
        attempts,
        policy,
        at,
        () => random,
      ).outcome;
      return o.kind === 'retry' ? o.notBefore.getTime() - at.getTime() : o.status;
    };
    expect([wait(0, 0), wait(0, 1)]).toEqual([500, 1000]);
    expect([wait(1, 0), wait(1, 1)]).toEqual([1000, 2000]);
    expect(wait(2, 1)).toBe('technical-failure');
    expect(
      onSendFailure({ kind: 'transient', detail: 'x' }, 1, { ...policy, backoffMaxMs: 1500 }, at, () => 1).outcome,
    ).toMatchObject({ notBefore: new Date(at.getTime() + 1500) });
  });
  test('when the provider fails every message, then a notice past its last try still waits for it, at the longest backoff', () => {
    const d = onSendFailure({ kind: 'transient', detail: '500' }, 7, policy, at, () => 1, true);
    expect(d.outcome).toMatchObject({ kind: 'retry', counted: true, notBefore: new Date(at.getTime() + 3000) });
    expect(d.pauseUntil).toBeNull();
  });
});
