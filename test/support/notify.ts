import { spawn, type ChildProcess } from 'node:child_process';
import type { FakeTelegram, FakeUser } from '../fakes/telegram-bot-api.js';
import { aUser } from '../fakes/telegram-bot-api.js';
import { issueLinkCode } from '../../services/linking/codes.js';
import { redeemCode } from '../../services/linking/link.js';
import type { LinkingContext } from '../../services/linking/policy.js';
import type { DispatchPolicy } from '../../services/notifications/dispatcher.js';
import type { Notice } from '../../services/notifications/outbox.js';
import { chatIdFor } from '../../services/linking/chats.js';
import { parseQuietHours } from '../../services/notifications/quiet-hours.js';

/** A fast policy for tests that are not about pacing: no quiet hours, short backoff. */
export function testPolicy(overrides: Partial<DispatchPolicy> = {}): DispatchPolicy {
  return {
    ratePerSecond: { telegram: 500 },
    perChatIntervalMs: 1000,
    maxAttempts: 3,
    backoffMs: 50,
    backoffMaxMs: 200,
    quietHours: parseQuietHours('off'),
    pollMs: 50,
    ...overrides,
  };
}

/** Links a new Telegram user's chat to the record the way a person does it: with a code from the officer. */
export async function linkNewChat(
  linking: LinkingContext,
  nationalId: string,
  user: FakeUser = aUser(),
): Promise<FakeUser> {
  const { code } = await issueLinkCode(linking, nationalId, 'test');
  const outcome = await redeemCode(linking, { channel: 'telegram', chatId: String(user.id) }, code);
  if (outcome.kind !== 'linked') throw new Error(`could not link the test chat: ${outcome.kind}`);
  return user;
}

/** A province announcement to one Telegram chat (the bulk lane). */
export function anAnnouncement(
  chatId: number,
  eventKey: string,
  vars: Partial<Notice<'announcement'>['vars']> = {},
): Notice<'announcement'> {
  return {
    channel: 'telegram',
    address: String(chatId),
    chatRef: chatIdFor({ channel: 'telegram', chatId: String(chatId) }),
    beneficiaryId: null,
    eventKey,
    period: '2026-11',
    lane: 'bulk',
    template: 'announcement',
    lang: 'vi',
    vars: {
      provinceName: 'Hà Nội',
      title: 'Lịch chi trả tháng 12',
      body: 'Tiền trợ cấp tháng 12 được chi từ ngày 05/12.',
      ...vars,
    },
  };
}

/** A payment notice straight into the outbox (for tests about sending, not about triggers). */
export function aPaidNotice(
  chatId: number,
  eventKey: string,
  lane: Notice['lane'] = 'personal',
): Notice<'payment_paid'> {
  return {
    channel: 'telegram',
    address: String(chatId),
    chatRef: chatIdFor({ channel: 'telegram', chatId: String(chatId) }),
    beneficiaryId: null,
    eventKey,
    period: '2026-11',
    lane,
    template: 'payment_paid',
    lang: 'vi',
    vars: {
      beneficiaryName: 'Nguyễn Thị Lan',
      period: '2026-11',
      amount: 500000,
      destinationMasked: '•••• 1234',
      provider: 'Agribank',
      paidOn: '2026-11-10',
    },
  };
}

/** Polls until the check passes or the time is up (then fails with the last value). */
export async function waitUntil<T>(
  read: () => T | Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Number of messages each chat received from the fake. */
export function messagesPerChat(fake: FakeTelegram): Map<number, number> {
  const counts = new Map<number, number>();
  for (const m of fake.sent) counts.set(m.chat_id, (counts.get(m.chat_id) ?? 0) + 1);
  return counts;
}

/** A `npm run worker` process on the test database, sending through the fake. */
export function startWorker(env: Record<string, string>): {
  child: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
} {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', NOTIFY_QUIET_HOURS: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}
