import { failureOf } from '../bot/telegram/channel.js';
import { GrammyError, HttpError } from 'grammy';
import { ConfigError, loadConfig } from '../services/config.js';
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
