import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeTelegram, aUser, type SentMessage } from './fakes/telegram-bot-api.js';

type ApiReply = { status: number; body: Record<string, unknown> & { result?: unknown } };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function api(
  fake: FakeTelegram,
  method: string,
  params: Record<string, unknown> = {},
  token = fake.token,
): Promise<ApiReply> {
  const res = await fetch(`${fake.apiRoot}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(params),
  });
  return { status: res.status, body: (await res.json()) as ApiReply['body'] };
}

const ids = (reply: ApiReply): number[] => (reply.body.result as { update_id: number }[]).map((u) => u.update_id);

let fake: FakeTelegram;
beforeEach(async () => {
  fake = await FakeTelegram.start();
});
afterEach(async () => {
  await fake.stop();
});

describe('FakeTelegram: identity and errors', () => {
  it('when the bot calls getMe, then it gets a bot user with the configured id and username', async () => {
    const own = await FakeTelegram.start({ token: '42:ABC-def_1', botUsername: 'an_sinh_bot' });
    try {
      expect(await api(own, 'getMe')).toEqual({
        status: 200,
        body: {
          ok: true,
          result: {
            id: 42,
            is_bot: true,
            first_name: 'Tin An Sinh (test)',
            username: 'an_sinh_bot',
            can_join_groups: true,
            can_read_all_group_messages: false,
            supports_inline_queries: false,
            can_connect_to_business: false,
            has_main_web_app: false,
          },
        },
      });
      expect(own.calls.map((c) => c.method)).toEqual(['getMe']);
    } finally {
      await own.stop();
    }
  });

  it('when the token is wrong, then the answer is 401 Unauthorized and no call is recorded', async () => {
    expect(await api(fake, 'getMe', {}, '1:wrong')).toEqual({
      status: 401,
      body: { ok: false, error_code: 401, description: 'Unauthorized' },
    });
    expect(fake.calls).toEqual([]);
  });

  it('when the method is unknown, then the answer is 404 and the call is still recorded', async () => {
    expect(await api(fake, 'sendPigeon', { chat_id: 1 })).toEqual({
      status: 404,
      body: { ok: false, error_code: 404, description: 'Not Found: method not found' },
    });
    expect(fake.calls).toEqual([
      {
        method: 'sendPigeon',
        params: { chat_id: 1 },
        at: expect.any(Number),
        error: { code: 404, description: 'Not Found: method not found' },
      },
    ]);
  });
});

describe('FakeTelegram: getUpdates', () => {
  it('when a long poll is pending and a user then writes, then the held request returns that update', async () => {
    const user = aUser({ first_name: 'Lan' });
    let settled = false;
    const poll = api(fake, 'getUpdates', { timeout: 10, allowed_updates: ['message'] }).then((r) => {
      settled = true;
      return r;
    });
    await sleep(150);
    expect(settled).toBe(false);
    const update = fake.sendText(user, '/start abc');
    const reply = await poll;
    expect(reply).toEqual({ status: 200, body: { ok: true, result: [update] } });
    expect(update).toEqual({
      update_id: 1,
      message: {
        message_id: 1,
        date: expect.any(Number),
        text: '/start abc',
        entities: [{ type: 'bot_command', offset: 0, length: 6 }],
        from: { id: user.id, is_bot: false, first_name: 'Lan', language_code: 'vi' },
        chat: { id: user.id, type: 'private', first_name: 'Lan' },
      },
    });
  });

  it('when getUpdates is called with an offset, then older updates are confirmed and never returned again', async () => {
    const user = aUser();
    fake.sendText(user, 'một');
    fake.sendText(user, 'hai');
    fake.sendText(user, 'ba');
    expect(ids(await api(fake, 'getUpdates'))).toEqual([1, 2, 3]);
    expect(ids(await api(fake, 'getUpdates', { offset: 2, limit: 1 }))).toEqual([2]);
    expect(ids(await api(fake, 'getUpdates'))).toEqual([2, 3]);
    const viaQuery = await fetch(`${fake.apiRoot}/bot${fake.token}/getUpdates?offset=3`);
    expect(((await viaQuery.json()) as { result: { update_id: number }[] }).result.map((u) => u.update_id)).toEqual([
      3,
    ]);
    expect(fake.pendingUpdates.map((u) => u.update_id)).toEqual([3]);
  });

  it('when no update arrives before the timeout, then the long poll answers an empty list', async () => {
    const started = Date.now();
    expect(await api(fake, 'getUpdates', { timeout: 1 })).toEqual({ status: 200, body: { ok: true, result: [] } });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(3000);
  });

  it('when the client aborts a long poll (as bot.stop() does), then an update injected afterwards is not lost and goes to the next poll', async () => {
    const abort = new AbortController();
    const aborted = fetch(`${fake.apiRoot}/bot${fake.token}/getUpdates`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ timeout: 30 }),
      signal: abort.signal,
    });
    await sleep(100);
    abort.abort();
    await expect(aborted).rejects.toThrow('aborted');
    await sleep(50);
    const update = fake.sendText(aUser(), 'sau khi dừng');
    expect(await api(fake, 'getUpdates', { timeout: 5 })).toEqual({
      status: 200,
      body: { ok: true, result: [update] },
    });
  });

  it('when the fake stops during a long poll, then the poll answers an empty list at once', async () => {
    const poll = api(fake, 'getUpdates', { timeout: 30 });
    await sleep(100);
    const started = Date.now();
    await fake.stop();
    expect(await poll).toEqual({ status: 200, body: { ok: true, result: [] } });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('FakeTelegram: messages from the bot', () => {
  it('when the bot sends messages, then they are recorded in order and waitForMessages resolves', async () => {
    const user = aUser();
    const waiting = fake.waitForMessages(user.id, 2);
    const keyboard = { inline_keyboard: [[{ text: 'Kỳ này', callback_data: 'period:current' }]] };
    const contact = { keyboard: [[{ text: 'Chia sẻ số điện thoại', request_contact: true }]], one_time_keyboard: true };
    const first = await api(fake, 'sendMessage', {
      chat_id: user.id,
      text: 'Xin chào',
      parse_mode: 'HTML',
      reply_markup: keyboard,
    });
    const form = new URLSearchParams({
      chat_id: String(user.id),
      text: 'Gửi số',
      reply_markup: JSON.stringify(contact),
    });
    const second = await fetch(`${fake.apiRoot}/bot${fake.token}/sendMessage`, { method: 'POST', body: form });
    expect(first).toEqual({
      status: 200,
      body: {
        ok: true,
        result: {
          message_id: 1,
          date: expect.any(Number),
          text: 'Xin chào',
          reply_markup: keyboard,
          chat: { id: user.id, type: 'private' },
          from: { id: 7000000001, is_bot: true, first_name: 'Tin An Sinh (test)', username: 'tin_an_sinh_test_bot' },
        },
      },
    });
    const secondResult = ((await second.json()) as { result: Record<string, unknown> }).result;
    expect(secondResult.message_id).toBe(2);
    expect(secondResult).not.toHaveProperty('reply_markup'); // reply keyboards are not echoed, like Telegram
    const expected: SentMessage[] = [
      {
        method: 'sendMessage',
        chat_id: user.id,
        message_id: 1,
        text: 'Xin chào',
        parse_mode: 'HTML',
        reply_markup: keyboard,
        at: expect.any(Number),
      },
      {
        method: 'sendMessage',
        chat_id: user.id,
        message_id: 2,
        text: 'Gửi số',
        reply_markup: contact,
        at: expect.any(Number),
      },
    ];
    expect(await waiting).toEqual(expected);
    expect(fake.messagesTo(user.id)).toEqual(expected);
    expect(fake.messagesTo(user.id + 1)).toEqual([]);
  });

  it('when params come as multipart form data, then JSON-looking values are parsed and files are summarised', async () => {
    const form = new FormData();
    form.append('chat_id', '77');
    form.append('text', 'Biên lai');
    form.append('reply_markup', JSON.stringify({ inline_keyboard: [[{ text: 'Xem', callback_data: 'view' }]] }));
    form.append('document', new Blob(['abc'], { type: 'text/plain' }), 'bien-lai.txt');
    const res = await fetch(`${fake.apiRoot}/bot${fake.token}/sendMessage`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(fake.calls[0]?.params).toEqual({
      chat_id: '77',
      text: 'Biên lai',
      reply_markup: { inline_keyboard: [[{ text: 'Xem', callback_data: 'view' }]] },
      document: { filename: 'bien-lai.txt', size: 3, type: 'text/plain' },
    });
    expect(fake.sent[0]).toEqual(expect.objectContaining({ chat_id: 77, message_id: 1, text: 'Biên lai' }));
  });

  it('when the text is empty, then sendMessage answers 400 and nothing is recorded', async () => {
    expect(await api(fake, 'sendMessage', { chat_id: 5, text: '  ' })).toEqual({
      status: 400,
      body: { ok: false, error_code: 400, description: 'Bad Request: message text is empty' },
    });
    expect(fake.sent).toEqual([]);
  });

  it('when too few messages arrive, then waitForMessages rejects listing what was sent', async () => {
    const user = aUser();
    await api(fake, 'sendMessage', { chat_id: user.id, text: 'Chỉ một tin' });
    await api(fake, 'sendMessage', { chat_id: 99, text: 'khác' });
    await expect(fake.waitForMessages(user.id, 2, 200)).rejects.toThrow(
      `waitForMessages: expected at least 2 message(s) to chat ${user.id} within 200 ms, got 1.\n` +
        `Sent to chat ${user.id}:\n  1. sendMessage #1: "Chỉ một tin"\nOther chats: 99 (1).`,
    );
  });

  it('when a user presses an inline button, then the bot gets a callback query it can answer once and edit the message', async () => {
    const user = aUser();
    const keyboard = { inline_keyboard: [[{ text: 'Có', callback_data: 'yes' }]] };
    await api(fake, 'sendMessage', { chat_id: user.id, text: 'Xác nhận?', reply_markup: keyboard });
    const [sent] = fake.sent as [SentMessage];
    expect(() => fake.pressButton(user, sent, 'no')).toThrow('has no button with callback_data "no"; it has ["yes"]');
    const update = fake.pressButton(user, sent, 'yes');
    expect(update.callback_query).toEqual({
      id: expect.any(String),
      data: 'yes',
      chat_instance: String(-user.id),
      from: { ...user, is_bot: false },
      message: expect.objectContaining({ message_id: 1, text: 'Xác nhận?', reply_markup: keyboard }),
    });
    const id = update.callback_query?.id;
    expect(await api(fake, 'answerCallbackQuery', { callback_query_id: id, text: 'OK' })).toEqual({
      status: 200,
      body: { ok: true, result: true },
    });
    expect((await api(fake, 'answerCallbackQuery', { callback_query_id: id })).status).toBe(400);
    const edit = await api(fake, 'editMessageText', { chat_id: user.id, message_id: 1, text: 'Đã xác nhận' });
    expect(edit.body.result).toEqual(
      expect.objectContaining({ message_id: 1, text: 'Đã xác nhận', edit_date: expect.any(Number) }),
    );
    expect(fake.sent[1]).toEqual({
      method: 'editMessageText',
      chat_id: user.id,
      message_id: 1,
      text: 'Đã xác nhận',
      edited: true,
      at: expect.any(Number),
    });
    expect(
      (await api(fake, 'editMessageText', { chat_id: user.id, message_id: 1, text: 'Đã xác nhận' })).body.description,
    ).toMatch(/^Bad Request: message is not modified/);
    expect(await api(fake, 'editMessageText', { chat_id: user.id, message_id: 9, text: 'x' })).toEqual({
      status: 400,
      body: { ok: false, error_code: 400, description: 'Bad Request: message to edit not found' },
    });
  });

  it('when a user shares a contact, then the update carries it with the user id', () => {
    const user = aUser({ first_name: 'Hoa' });
    expect(fake.sendContact(user, { phone_number: '+84912345678' }).message?.contact).toEqual({
      phone_number: '+84912345678',
      first_name: 'Hoa',
      user_id: user.id,
    });
  });

  it('when commands are set per language, then getMyCommands returns them for that language only', async () => {
    const commands = [{ command: 'start', description: 'Bắt đầu' }];
    await api(fake, 'setMyCommands', { commands, language_code: 'vi' });
    expect((await api(fake, 'getMyCommands', { language_code: 'vi' })).body.result).toEqual(commands);
    expect((await api(fake, 'getMyCommands')).body.result).toEqual([]);
    expect(fake.commandsFor({ language_code: 'vi' })).toEqual(commands);
  });
});

describe('FakeTelegram: switches', () => {
  it('when failNext 429 is set, then the next call gets the flood envelope with HTTP 429 and the one after succeeds', async () => {
    fake.failNext('sendMessage', { code: 429, retryAfter: 7 });
    expect(await api(fake, 'sendMessage', { chat_id: 1, text: 'a' })).toEqual({
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 7',
        parameters: { retry_after: 7 },
      },
    });
    expect((await api(fake, 'sendMessage', { chat_id: 1, text: 'a' })).status).toBe(200);
    expect(fake.sent.map((m) => m.message_id)).toEqual([1]);
  });

  it('when a user blocked the bot, then sendMessage to them answers 403 and others still get messages', async () => {
    const blocked = aUser();
    const other = aUser();
    fake.blockUser(blocked.id);
    expect(await api(fake, 'sendMessage', { chat_id: blocked.id, text: 'Xin chào' })).toEqual({
      status: 403,
      body: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' },
    });
    expect((await api(fake, 'sendMessage', { chat_id: other.id, text: 'Xin chào' })).status).toBe(200);
    expect(fake.sent.map((m) => m.chat_id)).toEqual([other.id]);
  });

  it('when the rate limit is exceeded, then extra messages get 429 with retry_after 1 and the window count stays at the limit', async () => {
    fake.setRateLimit({ perSecond: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1)
      statuses.push((await api(fake, 'sendMessage', { chat_id: 10 + i, text: `tin ${i}` })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(fake.calls[3]?.error).toEqual({ code: 429, description: 'Too Many Requests: retry after 1' });
    expect(fake.maxMessagesInAnyWindow()).toBe(3);
    fake.setRateLimit({ perChatPerSecond: 1 });
    expect((await api(fake, 'sendMessage', { chat_id: 10, text: 'lại' })).status).toBe(429);
    expect((await api(fake, 'sendMessage', { chat_id: 50, text: 'mới' })).status).toBe(200);
  });

  it('when messages are spread in time, then maxMessagesInAnyWindow counts the busiest window', () => {
    const at = [0, 500, 999, 1000, 1600, 5000];
    fake.sent.push(
      ...at.map((t, i): SentMessage => ({ method: 'sendMessage', chat_id: 1, message_id: i + 1, text: 'x', at: t })),
    );
    expect(fake.maxMessagesInAnyWindow()).toBe(3);
    expect(fake.maxMessagesInAnyWindow(2000)).toBe(5);
    expect(fake.maxMessagesInAnyWindow(1)).toBe(1);
  });
});

describe('FakeTelegram: webhook', () => {
  it('when a webhook is set, then getUpdates answers 409 and deliverToWebhook posts the update with the secret header', async () => {
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/telegram`;
    try {
      const poll = api(fake, 'getUpdates', { timeout: 30 });
      await sleep(100);
      expect(await api(fake, 'setWebhook', { url, secret_token: 's3cret_token' })).toEqual({
        status: 200,
        body: { ok: true, result: true },
      });
      expect(await poll).toEqual({
        status: 409,
        body: { ok: false, error_code: 409, description: 'Conflict: terminated by setWebhook request' },
      });
      expect(fake.webhook).toEqual({ url, secret_token: 's3cret_token' });
      expect(await api(fake, 'getUpdates')).toEqual({
        status: 409,
        body: {
          ok: false,
          error_code: 409,
          description:
            "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
        },
      });
      const update = fake.sendText(aUser(), 'tra cứu');
      expect((await api(fake, 'getWebhookInfo')).body.result).toEqual(
        expect.objectContaining({ url, pending_update_count: 1 }),
      );
      const res = await fake.deliverToWebhook(update);
      expect([res.status, await res.text()]).toEqual([200, 'ok']);
      expect(received).toHaveLength(1);
      expect(received[0]?.headers['x-telegram-bot-api-secret-token']).toBe('s3cret_token');
      expect(received[0]?.headers['content-type']).toBe('application/json');
      expect(JSON.parse(received[0]?.body ?? '')).toEqual(update);
      expect(fake.pendingUpdates).toEqual([]);
      await api(fake, 'deleteWebhook');
      expect(fake.webhook).toBeNull();
      expect(await api(fake, 'getUpdates')).toEqual({ status: 200, body: { ok: true, result: [] } });
    } finally {
      await new Promise<void>((resolve) => {
        hook.close(() => resolve());
        hook.closeAllConnections();
      });
    }
  });
});
