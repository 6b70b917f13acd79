/**
 * A loopback fake of the Telegram Bot API over real HTTP (https://core.telegram.org/bots/api).
 * Point a grammY bot at it unchanged with `new Bot(fake.token, { client: { apiRoot: fake.apiRoot } })`,
 * inject user messages / contacts / button presses, and read what the bot sent.
 *
 *   const fake = await FakeTelegram.start();
 *   const user = aUser();
 *   fake.sendText(user, '/start');
 *   const [reply] = await fake.waitForMessages(user.id, 1);
 *   await fake.stop();
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BotState, callbackData, describeWait, scopeKey, type RateLimit } from './telegram-state.js';
import {
  ApiError,
  badRequest,
  boolParam,
  intParam,
  readParams,
  strParam,
  type ApiCall,
  type BotInfo,
  type Chat,
  type FailSpec,
  type FakeUser,
  type MediaField,
  type Message,
  type Params,
  type SentMessage,
  type TgUser,
  type Update,
} from './telegram-types.js';

export { aUser } from './telegram-types.js';
export type {
  ApiCall,
  BotInfo,
  CallbackQuery,
  Chat,
  Contact,
  FakeUser,
  MediaField,
  Message,
  SentMessage,
  Update,
} from './telegram-types.js';

const DEFAULT_TOKEN = '7000000001:AAFakeTelegramTokenForTests_tin-an-sinh';
const WEBHOOK_ACTIVE =
  "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";

type Poller = { limit: number; settle: (outcome: Update[] | ApiError) => void };
/**
 * How the fake answers sendMessage during an outage, in turn: `500` at once, or `timeout`: no
 * answer until the client gives up or the outage ends (then the connection is dropped). Either way
 * the message is not accepted, as when Telegram fails before storing it.
 */
export type OutageKind = '500' | 'timeout';
type Webhook = { url: string; secret_token?: string };

const asSender = ({ id, ...rest }: FakeUser): TgUser => ({ id, is_bot: false, ...rest });
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export class FakeTelegram {
  /** Set by setWebhook, cleared by deleteWebhook (or setWebhook with an empty url). */
  webhook: Webhook | null = null;
  private readonly state: BotState;
  private updates: Update[] = [];
  private lastUpdateId = 0;
  private callbackCounter = 0;
  private fileCounter = 0;
  private webhookAllowedUpdates: unknown;
  private readonly pollers = new Set<Poller>();
  private readonly waiters = new Set<{ fail: (reason: string) => void }>();
  private stopped = false;
  private outage: { kinds: readonly OutageKind[]; turn: number } | null = null;
  private readonly held = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    readonly token: string,
    readonly apiRoot: string,
    botUsername: string,
  ) {
    this.state = new BotState({
      id: Number(token.split(':')[0]),
      is_bot: true,
      first_name: 'Tin An Sinh (test)',
      username: botUsername,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    });
  }

  /** Listens on 127.0.0.1 with an ephemeral port. */
  static async start(opts: { token?: string; botUsername?: string } = {}): Promise<FakeTelegram> {
    const token = opts.token ?? DEFAULT_TOKEN;
    if (!/^\d+:[\w-]+$/.test(token)) throw new Error(`FakeTelegram: token must look like "123:ABC", got ${token}`);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const fake = new FakeTelegram(
      server,
      token,
      `http://127.0.0.1:${port}`,
      opts.botUsername ?? 'tin_an_sinh_test_bot',
    );
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void fake.onRequest(req, res));
    return fake;
  }

  /** Closes the server; pending long polls answer [] and pending waitForMessages reject. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const p of [...this.pollers]) p.settle([]);
    for (const w of [...this.waiters]) w.fail('before the fake was stopped');
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise<void>((resolve, reject) => {
      this.server.close((err) => (err ? reject(err) : resolve()));
      this.server.closeAllConnections();
    });
  }

  // ---- what the bot did ----
  get bot(): BotInfo {
    return this.state.bot;
  }
  /** Every sendMessage / editMessageText the fake accepted, in order. */
  get sent(): SentMessage[] {
    return this.state.sent;
  }
  /** Every authorised request, in order (failed ones carry `error`). */
  get calls(): ApiCall[] {
    return this.state.calls;
  }
  get callbackAnswers(): ReadonlyMap<string, Params> {
    return this.state.callbackAnswers;
  }
  get menuButtons(): ReadonlyMap<number | 'default', unknown> {
    return this.state.menuButtons;
  }
  /** Updates not yet confirmed by getUpdates offset (or delivered to the webhook). */
  get pendingUpdates(): readonly Update[] {
    return this.updates;
  }
  commandsFor(
    opts: { scope?: unknown; language_code?: string } = {},
  ): { command: string; description: string }[] | undefined {
    return this.state.commands.get(scopeKey(opts.scope, opts.language_code));
  }
  messagesTo(chatId: number): SentMessage[] {
    return this.sent.filter((m) => m.chat_id === chatId);
  }

  /** Resolves with all messages to the chat once there are at least `count`; rejects with a listing of what was sent. */
  waitForMessages(chatId: number, count: number, timeoutMs = 2000): Promise<SentMessage[]> {
    if (this.messagesTo(chatId).length >= count) return Promise.resolve(this.messagesTo(chatId));
    const origin = new Error();
    return new Promise((resolve, reject) => {
      const finish = (reason?: string): void => {
        clearTimeout(timer);
        off();
        this.waiters.delete(waiter);
        if (reason === undefined) return resolve(this.messagesTo(chatId));
        const error = new Error(describeWait(this.sent, this.calls, { chatId, count, reason }));
        error.stack = `Error: ${error.message}\n${(origin.stack ?? '').split('\n').slice(1).join('\n')}`;
        reject(error);
      };
      const waiter = { fail: finish };
      const off = this.state.onSent(() => {
        if (this.messagesTo(chatId).length >= count) finish();
      });
      const timer = setTimeout(() => finish(`within ${timeoutMs} ms`), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Largest number of `sent` messages within any window of `windowMs` (default 1000 ms). */
  maxMessagesInAnyWindow(windowMs = 1000): number {
    const times = this.sent.map((m) => m.at).sort((a, b) => a - b);
    let best = 0;
    let start = 0;
    for (let end = 0; end < times.length; end += 1) {
      while ((times[end] ?? 0) - (times[start] ?? 0) >= windowMs) start += 1;
      best = Math.max(best, end - start + 1);
    }
    return best;
  }

  // ---- behaviour switches ----
  /** The next `times` calls of `method` fail with this error (queued after earlier failNext calls). */
  failNext(method: string, error: FailSpec, times = 1): void {
    this.state.failNext(method, error, times);
  }
  /** sendMessage / editMessageText / sendChatAction to this chat → 403 "Forbidden: bot was blocked by the user". */
  blockUser(chatId: number): void {
    this.state.blockUser(chatId);
  }
  unblockUser(chatId: number): void {
    this.state.unblockUser(chatId);
  }
  /** From now until `endOutage`, sendMessage fails with these kinds in turn (see OutageKind). */
  startOutage(kinds: readonly OutageKind[] = ['500', 'timeout']): void {
    this.outage = { kinds, turn: 0 };
  }
  /** sendMessage works again; requests held without an answer have their connections dropped. */
  endOutage(): void {
    this.outage = null;
    for (const res of this.held) res.destroy();
    this.held.clear();
  }
  /** Sliding 1 s limits over accepted sendMessage/editMessageText; exceeding → 429 with retry_after ≥ 1. */
  setRateLimit(opts: RateLimit | null): void {
    this.state.setRateLimit(opts);
  }

  // ---- injecting updates ----
  /** A text message; private chat with the user unless `chatId` is given. "/cmd ..." gets a bot_command entity. */
  sendText(from: FakeUser, text: string, opts: { chatId?: number } = {}): Update {
    const command = text.startsWith('/') ? (text.split(/\s/, 1)[0] ?? '') : '';
    const entities = command ? { entities: [{ type: 'bot_command', offset: 0, length: command.length }] } : {};
    return this.inject({ message: this.userMessage(from, opts.chatId, { text, ...entities }) });
  }

  /**
   * A shared contact (what a request_contact keyboard button sends). `user_id` defaults to the sender's id
   * (the user shared their own number); pass `user_id: undefined` explicitly for a contact without one.
   */
  sendContact(
    from: FakeUser,
    contact: { phone_number: string; first_name?: string; last_name?: string; user_id?: number },
  ): Update {
    const userId = 'user_id' in contact ? contact.user_id : from.id;
    const message = this.userMessage(from, undefined, {
      contact: { ...contact, first_name: contact.first_name ?? from.first_name, user_id: userId },
    });
    return this.inject({ message });
  }

  /**
   * A voice note, sticker, photo, file… with made-up file ids (`file-<kind>-<n>`) and an optional caption.
   * An animation also carries `document`, as Telegram sends it.
   */
  sendMedia(from: FakeUser, kind: MediaField, opts: { caption?: string } = {}): Update {
    this.fileCounter += 1;
    const file = {
      file_id: `file-${kind}-${this.fileCounter}`,
      file_unique_id: `u${this.fileCounter}`,
      file_size: 2048,
    };
    const media: Partial<Message> = {
      voice: { voice: { ...file, duration: 4, mime_type: 'audio/ogg' } },
      audio: { audio: { ...file, duration: 60 } },
      video_note: { video_note: { ...file, length: 240, duration: 5 } },
      sticker: {
        sticker: {
          ...file,
          type: 'regular' as const,
          width: 512,
          height: 512,
          is_animated: false,
          is_video: false,
          emoji: '👍',
        },
      },
      animation: {
        animation: { ...file, width: 320, height: 240, duration: 2 },
        document: { ...file, mime_type: 'video/mp4' },
      },
      photo: {
        photo: [
          { ...file, width: 90, height: 90 },
          { ...file, file_id: `${file.file_id}-large`, width: 1280, height: 960 },
        ],
      },
      video: { video: { ...file, width: 640, height: 480, duration: 10 } },
      document: { document: { ...file, file_name: 'giay-to.pdf', mime_type: 'application/pdf' } },
    }[kind];
    const caption = opts.caption === undefined ? {} : { caption: opts.caption };
    return this.inject({ message: this.userMessage(from, undefined, { ...media, ...caption }) });
  }

  /** Presses an inline button on a message the bot sent (current version, after edits). Checks the button exists unless `force`. */
  pressButton(from: FakeUser, message: SentMessage, data: string, opts: { force?: boolean } = {}): Update {
    const current = this.state.message(message.chat_id, message.message_id);
    if (!current)
      throw new Error(
        `pressButton: message ${message.message_id} in chat ${message.chat_id} does not exist (deleted?)`,
      );
    const buttons = callbackData(current.reply_markup);
    if (!opts.force && !buttons.includes(data)) {
      throw new Error(
        `pressButton: message ${message.message_id} has no button with callback_data ${JSON.stringify(data)}; it has ${JSON.stringify(buttons)}`,
      );
    }
    this.callbackCounter += 1;
    const id = `${this.bot.id}${String(this.callbackCounter).padStart(6, '0')}`;
    this.state.openCallback(id);
    return this.inject({
      callback_query: { id, from: asSender(from), message: current, chat_instance: String(-current.chat.id), data },
    });
  }

  private userMessage(from: FakeUser, chatId: number | undefined, content: Partial<Message>): Message {
    const chat: Chat =
      chatId === undefined || chatId === from.id
        ? { id: from.id, type: 'private', first_name: from.first_name, username: from.username }
        : (this.state.chats.get(chatId) ?? {
            id: chatId,
            type: chatId < 0 ? 'supergroup' : 'private',
            title: 'Test group',
          });
    this.state.chats.set(chat.id, chat);
    const message: Message = {
      message_id: this.state.nextMessageId(chat.id),
      from: asSender(from),
      chat,
      date: Math.floor(Date.now() / 1000),
      ...content,
    };
    this.state.store(clone(message));
    return message;
  }

  private inject(content: Omit<Update, 'update_id'>): Update {
    this.lastUpdateId += 1;
    const update = clone({ update_id: this.lastUpdateId, ...content });
    this.updates.push(update);
    for (const p of [...this.pollers]) {
      const ready = this.updates.slice(0, p.limit);
      if (ready.length > 0) p.settle(ready);
    }
    return update;
  }

  // ---- webhook ----
  /** POSTs the update to webhook.url (with X-Telegram-Bot-Api-Secret-Token when set); a 2xx answer confirms it. */
  async deliverToWebhook(update: Update): Promise<Response> {
    if (!this.webhook) throw new Error('deliverToWebhook: no webhook is set (the bot has not called setWebhook)');
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (this.webhook.secret_token !== undefined) headers['X-Telegram-Bot-Api-Secret-Token'] = this.webhook.secret_token;
    const res = await fetch(this.webhook.url, { method: 'POST', headers, body: JSON.stringify(update) });
    if (res.ok) this.updates = this.updates.filter((u) => u.update_id !== update.update_id);
    return res;
  }

  private readonly ownMethods: Record<string, (p: Params, res: ServerResponse) => unknown> = {
    getupdates: (p, res) => this.getUpdates(p, res),
    setwebhook: (p) => {
      const url = strParam(p, 'url') ?? '';
      if (url !== '') {
        let protocol = '';
        try {
          protocol = new URL(url).protocol;
        } catch {
          throw badRequest('bad webhook: invalid webhook URL specified');
        }
        if (protocol !== 'https:' && protocol !== 'http:') throw badRequest('bad webhook: unsupported URL protocol');
      }
      const secret = strParam(p, 'secret_token');
      if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret))
        throw badRequest('secret token contains unallowed characters');
      if (boolParam(p, 'drop_pending_updates')) this.updates = [];
      this.webhook = url === '' ? null : { url, ...(secret === undefined ? {} : { secret_token: secret }) };
      this.webhookAllowedUpdates = p.allowed_updates;
      if (this.webhook) this.endPolls(new ApiError(409, 'Conflict: terminated by setWebhook request'));
      return true;
    },
    deletewebhook: (p) => {
      if (boolParam(p, 'drop_pending_updates')) this.updates = [];
      this.webhook = null;
      return true;
    },
    getwebhookinfo: () => ({
      url: this.webhook?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: this.updates.length,
      ...(this.webhook ? { max_connections: 40, ip_address: '127.0.0.1' } : {}),
      ...(this.webhook && Array.isArray(this.webhookAllowedUpdates)
        ? { allowed_updates: this.webhookAllowedUpdates }
        : {}),
    }),
  };

  private endPolls(outcome: Update[] | ApiError): void {
    for (const p of [...this.pollers]) p.settle(outcome);
  }

  private getUpdates(p: Params, res: ServerResponse): Update[] | Promise<Update[]> {
    if (this.webhook) throw new ApiError(409, WEBHOOK_ACTIVE);
    const offset = intParam(p, 'offset') ?? 0;
    const limit = Math.min(100, Math.max(1, intParam(p, 'limit') ?? 100));
    const timeout = Math.max(0, intParam(p, 'timeout') ?? 0);
    this.endPolls(
      new ApiError(
        409,
        'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
      ),
    );
    // offset confirms every update below it; a negative offset keeps only the last -offset updates.
    if (offset > 0) this.updates = this.updates.filter((u) => u.update_id >= offset);
    else if (offset < 0) this.updates = this.updates.slice(offset);
    const ready = this.updates.slice(0, limit);
    if (ready.length > 0 || timeout === 0 || this.stopped) return ready;
    return new Promise((resolve, reject) => {
      const poller: Poller = {
        limit,
        settle: (outcome) => {
          if (!this.pollers.delete(poller)) return;
          clearTimeout(timer);
          if (outcome instanceof ApiError) reject(outcome);
          else resolve(outcome);
        },
      };
      const timer = setTimeout(() => poller.settle([]), timeout * 1000);
      this.pollers.add(poller);
      res.on('close', () => poller.settle([])); // the client gave up (e.g. bot.stop() aborted the poll)
    });
  }

  // ---- HTTP ----
  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', this.apiRoot);
      const match = /^\/bot([^/]*)\/([^/]+)\/?$/.exec(url.pathname);
      if (!match) throw new ApiError(404, 'Not Found');
      if (decodeURIComponent(match[1] ?? '') !== this.token) throw new ApiError(401, 'Unauthorized');
      const method = match[2] ?? '';
      const call: ApiCall = { method, params: {}, at: Date.now() };
      this.state.calls.push(call);
      try {
        call.params = await readParams(req, url);
        if (this.outage && method.toLowerCase() === 'sendmessage') return this.failInOutage(call, res);
        this.state.takeFailure(method);
        const own = this.ownMethods[method.toLowerCase()];
        const handled = own ? { result: await own(call.params, res) } : this.state.handle(method, call.params, call.at);
        if (!handled) throw new ApiError(404, 'Not Found: method not found');
        this.reply(res, 200, { ok: true, result: handled.result });
      } catch (e) {
        if (e instanceof ApiError) call.error = { code: e.code, description: e.description };
        throw e;
      }
    } catch (e) {
      req.resume();
      const error = e instanceof ApiError ? e : new ApiError(500, `Internal Server Error: ${String(e)}`);
      this.reply(res, error.code, error.body());
    }
  }

  private failInOutage(call: ApiCall, res: ServerResponse): void {
    const outage = this.outage!;
    const kind = outage.kinds[outage.turn++ % outage.kinds.length];
    if (kind === '500') throw new ApiError(500, 'Internal Server Error');
    call.error = { code: 0, description: 'no answer (timeout)' };
    this.held.add(res);
    res.on('close', () => this.held.delete(res));
  }

  private reply(res: ServerResponse, status: number, body: unknown): void {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  }
}
