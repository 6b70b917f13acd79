import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { telegramChannel } from '../bot/telegram/channel.js';

/** A loopback Bot API that answers every request with `answer`; it records what it received. */
async function botApi(answer: (req: IncomingMessage, res: ServerResponse) => void) {
  const received: { path: string; type: string | undefined; body: unknown }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', type: req.headers['content-type'], body: JSON.parse(body) });
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { apiRoot: `http://127.0.0.1:${port}`, received, close: () => new Promise((r) => server.close(r)) };
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};
const message = { text: 'Kỳ chi trả tháng 11/2026: đã chuyển khoản.', lane: 'bulk' as const };

describe('the Telegram channel over HTTP', () => {
  it('when the Bot API accepts, then the message went as JSON and its id comes back', async () => {
    const api = await botApi((_req, res) => json(res, 200, { ok: true, result: { message_id: 77 } }));
    try {
      const channel = telegramChannel('123:abc', { apiRoot: api.apiRoot, paidBroadcast: true });
      expect(await channel.send('42', message)).toEqual({ ok: true, providerMessageId: '77' });
      expect(api.received).toEqual([
        {
          path: '/bot123:abc/sendMessage',
          type: 'application/json',
          body: {
            chat_id: '42',
            text: message.text,
            link_preview_options: { is_disabled: true },
            allow_paid_broadcast: true,
          },
        },
      ]);
    } finally {
      await api.close();
    }
  });

  it('when the Bot API answers 429, then the send is rate-limited for retry_after', async () => {
    const api = await botApi((_req, res) =>
      json(res, 429, { ok: false, error_code: 429, description: 'Too Many Requests', parameters: { retry_after: 3 } }),
    );
    try {
      const channel = telegramChannel('123:abc', { apiRoot: api.apiRoot, paidBroadcast: false });
      expect(await channel.send('42', message)).toEqual({
        ok: false,
        failure: { kind: 'rate_limited', retryAfterMs: 3000 },
      });
    } finally {
      await api.close();
    }
  });

  it('when a proxy answers 502 with a page, then the failure is transient', async () => {
    const api = await botApi((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>Bad Gateway</html>');
    });
    try {
      const channel = telegramChannel('123:abc', { apiRoot: api.apiRoot, paidBroadcast: false });
      expect(await channel.send('42', message)).toMatchObject({ ok: false, failure: { kind: 'transient' } });
    } finally {
      await api.close();
    }
  });

  it('when the connection drops before an answer, then the failure is transient', async () => {
    const api = await botApi((req) => req.socket.destroy());
    try {
      const channel = telegramChannel('123:abc', { apiRoot: api.apiRoot, paidBroadcast: false });
      expect(await channel.send('42', message)).toEqual({
        ok: false,
        failure: { kind: 'transient', detail: 'network error' },
      });
    } finally {
      await api.close();
    }
  });

  it('when a notice carries buttons, then they go as an inline keyboard: web_app on https, the browser-link callback otherwise', async () => {
    const api = await botApi((_req, res) => json(res, 200, { ok: true, result: { message_id: 78 } }));
    const buttons = [
      { kind: 'callback', data: 'task:done:5f1c2a9e8b7d6c5b4a392817', label: '✅ Đã xong' },
      { kind: 'open_app', section: 'officer', label: '📋 Mở mục Cán bộ' },
      { kind: 'open_app', section: 'beneficiary', label: '📋 Mở ứng dụng' },
    ] as const;
    try {
      for (const publicUrl of ['https://tas.example.vn', 'http://localhost:3000']) {
        const channel = telegramChannel('123:abc', { apiRoot: api.apiRoot, paidBroadcast: false, publicUrl });
        expect(await channel.send('42', { ...message, buttons })).toMatchObject({ ok: true });
      }
      expect(api.received.map((r) => (r.body as { reply_markup: unknown }).reply_markup)).toEqual([
        {
          inline_keyboard: [
            [{ text: '✅ Đã xong', callback_data: 'task:done:5f1c2a9e8b7d6c5b4a392817' }],
            [{ text: '📋 Mở mục Cán bộ', web_app: { url: 'https://tas.example.vn/app?section=officer' } }],
            [{ text: '📋 Mở ứng dụng', web_app: { url: 'https://tas.example.vn/app' } }],
          ],
        },
        {
          inline_keyboard: [
            [{ text: '✅ Đã xong', callback_data: 'task:done:5f1c2a9e8b7d6c5b4a392817' }],
            [{ text: '📋 Mở mục Cán bộ', callback_data: 'officer:web' }],
            [{ text: '📋 Mở ứng dụng', callback_data: 'web:open' }],
          ],
        },
      ]);
    } finally {
      await api.close();
    }
  });
});
