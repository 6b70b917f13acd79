import type { Channel } from '../services/notifications/channel.js';
import { ChannelRest, DOWN_AFTER } from '../services/notifications/channel-rest.js';
import { createLogger } from '../services/log.js';

const telegram = { name: 'telegram', rateKey: 'telegram:bot1' } as Channel;
const zalo = { name: 'zalo', rateKey: 'zalo:oa1' } as Channel;
const at = new Date('2026-11-05T03:00:00Z');

function restWithLog() {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger('info', { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
  return { rest: new ChannelRest(30_000, log), lines };
}

test('when a provider fails every message, then its channel rests only from the tenth failure in a row, and only that channel', () => {
  const { rest, lines } = restWithLog();
  for (let i = 1; i < DOWN_AFTER; i++) expect(rest.failed(telegram, at)).toBe(false);
  expect(rest.restingUntil(telegram.rateKey)).toBe(0);
  expect(rest.failed(telegram, at)).toBe(true);
  expect(rest.restingUntil(telegram.rateKey)).toBe(at.getTime() + 30_000);
  expect(rest.restingUntil(zalo.rateKey)).toBe(0);
  // Each further failure is a probe that failed: the rest moves on, the warning is not repeated.
  const later = new Date(at.getTime() + 30_000);
  expect(rest.failed(telegram, later)).toBe(true);
  expect(rest.restingUntil(telegram.rateKey)).toBe(later.getTime() + 30_000);
  expect(lines.filter((l) => String(l.msg).startsWith('provider failing every message'))).toHaveLength(1);
});

test('when the provider answers between failures, then the run starts again and recovery is logged once it had rested', () => {
  const { rest, lines } = restWithLog();
  for (let i = 1; i < DOWN_AFTER; i++) rest.failed(telegram, at);
  rest.answered(telegram);
  expect(rest.failed(telegram, at)).toBe(false);
  expect(lines.some((l) => l.msg === 'provider answering again: sending resumes')).toBe(false);
  for (let i = 1; i < DOWN_AFTER; i++) rest.failed(telegram, at);
  rest.answered(telegram);
  expect(lines.filter((l) => l.msg === 'provider answering again: sending resumes')).toHaveLength(1);
});

test('when a 429 asks for a shorter wait than the rest already running, then the longer one holds', () => {
  const { rest } = restWithLog();
  rest.restUntil(telegram.rateKey, at.getTime() + 60_000);
  rest.restUntil(telegram.rateKey, at.getTime() + 5_000);
  expect(rest.restingUntil(telegram.rateKey)).toBe(at.getTime() + 60_000);
});
