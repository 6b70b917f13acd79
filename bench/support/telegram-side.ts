/**
 * Telegram's side of `bench/telegram-status.ts`, run as a child process: the loopback fake Bot
 * API and the simulated people who send `/status`. In production these are Telegram's servers and
 * people's phones, so they must not share the bot's event loop (or its CPU figure). The bench
 * drives this process over IPC:
 *
 *   → { type: 'ready', token, apiRoot }                   once the fake listens
 *   ← { type: 'run', userIds, total, thinkMs }            after the bot called setWebhook
 *   → { type: 'done', result: SideResult }                 or { type: 'failed', error }
 *   ← { type: 'stop' }                                     the fake closes and the process exits
 */
import http from 'node:http';
import { FakeTelegram, aUser, type FakeUser, type SentMessage } from '../../test/fakes/telegram-bot-api.js';
import { pause } from './report.js';

/** One measured update: from just before the POST to the fake's stamp on the reply, and the POST's round trip. */
export type Sample = { replyMs: number; roundTripMs: number };
export type SideResult = {
  samples: Sample[];
  errors: string[];
  wallMs: number;
  cpu: number;
  webhook: { url: string; secret_token?: string } | null;
};
export type RunRequest = { type: 'run'; userIds: number[]; total: number; thinkMs: number };
export type SideMessage =
  | { type: 'ready'; token: string; apiRoot: string }
  | { type: 'done'; result: SideResult }
  | { type: 'failed'; error: string };

/**
 * `users` each send `/status`, wait for the webhook POST to be answered (grammY's webhook handler
 * answers only after the handler has replied) and send again until `total` updates have gone out.
 */
async function runLoad(
  fake: FakeTelegram,
  post: Poster,
  users: readonly FakeUser[],
  total: number,
  thinkMs: number,
): Promise<SideResult> {
  const samples: Sample[] = [];
  const errors: string[] = [];
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const oneChat = async (user: FakeUser) => {
    if (thinkMs > 0) await pause(thinkMs * Math.random()); // staggered starts, so the chats do not send in waves
    while (next < total) {
      next++;
      const update = fake.sendText(user, '/status');
      const sentBefore = fake.sent.length;
      const t0 = Date.now();
      const h0 = performance.now();
      let status = 0;
      try {
        status = await post(update);
      } catch (err) {
        errors.push(`update ${update.update_id}: delivery failed: ${String(err)}`);
        continue;
      }
      const roundTripMs = performance.now() - h0;
      const reply = replyTo(fake.sent, sentBefore, user.id);
      if (status !== 200) errors.push(`update ${update.update_id}: webhook answered ${status}`);
      else if (!reply) errors.push(`update ${update.update_id}: no reply to chat ${user.id}`);
      else if (!reply.text.includes('👤'))
        errors.push(`update ${update.update_id}: unexpected reply ${JSON.stringify(reply.text.slice(0, 80))}`);
      else samples.push({ replyMs: reply.at - t0, roundTripMs });
      if (thinkMs > 0 && next < total) await pause(thinkMs * (0.5 + Math.random()));
    }
  };
  await Promise.all(users.map(oneChat));
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { samples, errors, wallMs, cpu: (cpu.user + cpu.system) / 1e6, webhook: fake.webhook };
}

type Poster = (update: object) => Promise<number>;

/**
 * POSTs an update to the webhook the bot registered with the fake, as the fake's own
 * `deliverToWebhook` does (same URL, headers and body), over keep-alive `node:http`, which costs
 * less CPU than undici's `fetch`. Resolves with the HTTP status once the bot has answered.
 */
function webhookPoster(fake: FakeTelegram, sockets: number): Poster {
  const hook = fake.webhook;
  if (!hook) throw new Error('no webhook is set (the bot has not called setWebhook)');
  const url = new URL(hook.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (hook.secret_token !== undefined) headers['X-Telegram-Bot-Api-Secret-Token'] = hook.secret_token;
  return (update) =>
    new Promise<number>((resolve, reject) => {
      const body = JSON.stringify(update);
      const req = http.request(
        url,
        { method: 'POST', agent, headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
}

/** The first message to `chatId` the fake accepted at or after index `from`. */
function replyTo(sent: readonly SentMessage[], from: number, chatId: number): SentMessage | undefined {
  for (let i = from; i < sent.length; i++) if (sent[i]!.chat_id === chatId) return sent[i];
  return undefined;
}

async function serve(): Promise<void> {
  const send = (m: SideMessage) => process.send?.(m);
  const fake = await FakeTelegram.start();
  process.on('disconnect', () => {
    void fake.stop().finally(() => process.exit(0));
  });
  // One poster for every run, so the measured run starts on the connections the warm-up opened, as
  // Telegram keeps its webhook connections open. With a new one per run, the first 50 updates of a
  // run each opened a connection at once and waited up to a second.
  let poster: { key: string; post: Poster } | null = null;
  process.on('message', (m: RunRequest | { type: 'stop' }) => {
    if (m.type === 'stop') {
      void fake.stop().finally(() => process.exit(0));
      return;
    }
    const key = `${fake.webhook?.url}|${m.userIds.length}`;
    if (poster?.key !== key) poster = { key, post: webhookPoster(fake, m.userIds.length) };
    runLoad(
      fake,
      poster.post,
      m.userIds.map((id) => aUser({ id })),
      m.total,
      m.thinkMs,
    ).then(
      (result) => send({ type: 'done', result }),
      (err: unknown) => send({ type: 'failed', error: err instanceof Error ? err.message : String(err) }),
    );
  });
  send({ type: 'ready', token: fake.token, apiRoot: fake.apiRoot });
}

if (process.send) void serve();
