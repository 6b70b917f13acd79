/**
 * Chat state of the fake Telegram Bot API: stored messages, what the bot sent, commands, menu buttons,
 * callback queries, and the test switches (failNext, blockUser, setRateLimit).
 * Polling and webhooks live in telegram-bot-api.ts.
 */
import {
  ApiError,
  badRequest,
  chatIdParam,
  intParam,
  strParam,
  type ApiCall,
  type BotInfo,
  type Chat,
  type FailSpec,
  type Message,
  type Params,
  type SentMessage,
  type TgUser,
} from './telegram-types.js';

export type RateLimit = { perSecond?: number; perChatPerSecond?: number };

const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);
const MAX_TEXT = 4096;
const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

/** Only inline keyboards are echoed back in Message.reply_markup (reply keyboards are not, like Telegram). */
const inlineOnly = (markup: unknown): unknown =>
  markup && typeof markup === 'object' && 'inline_keyboard' in markup ? markup : undefined;

export function scopeKey(scope: unknown, languageCode: string | undefined): string {
  const s = (scope && typeof scope === 'object' ? scope : { type: 'default' }) as Record<string, unknown>;
  return `${String(s.type ?? 'default')}:${String(s.chat_id ?? '')}:${String(s.user_id ?? '')}|${languageCode ?? ''}`;
}

const preview = (text: string): string => JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);

/** callback_data of every inline button in a reply_markup. */
export function callbackData(markup: unknown): string[] {
  const rows = (markup as { inline_keyboard?: unknown } | undefined)?.inline_keyboard;
  if (!Array.isArray(rows)) return [];
  return rows
    .flat()
    .map((b: { callback_data?: unknown }) => b?.callback_data)
    .filter((d): d is string => typeof d === 'string');
}

/** The message of a failed waitForMessages: what this chat got, other chats, and the last API calls. */
export function describeWait(
  sent: SentMessage[],
  calls: ApiCall[],
  { chatId, count, reason }: { chatId: number; count: number; reason: string },
): string {
  const mine = sent.filter((m) => m.chat_id === chatId);
  const lines = mine.map(
    (m, i) =>
      `  ${i + 1}. ${m.method} #${m.message_id}: ${preview(m.text)}${m.reply_markup ? ` markup=${JSON.stringify(m.reply_markup)}` : ''}`,
  );
  const others = new Map<number, number>();
  for (const m of sent) if (m.chat_id !== chatId) others.set(m.chat_id, (others.get(m.chat_id) ?? 0) + 1);
  const recent = calls
    .filter((c) => c.method.toLowerCase() !== 'getupdates')
    .slice(-8)
    .map((c) => {
      const chat = c.params.chat_id === undefined ? '' : ` chat ${String(c.params.chat_id)}`;
      return `  ${c.method}${chat}${c.error ? ` → ${c.error.code} ${c.error.description}` : ''}`;
    });
  return [
    `waitForMessages: expected at least ${count} message(s) to chat ${chatId} ${reason}, got ${mine.length}.`,
    mine.length ? `Sent to chat ${chatId}:\n${lines.join('\n')}` : `Nothing was sent to chat ${chatId}.`,
    `Other chats: ${others.size ? [...others].map(([id, n]) => `${id} (${n})`).join(', ') : 'none'}.`,
    `Last API calls (without getUpdates):\n${recent.length ? recent.join('\n') : '  none'}`,
  ].join('\n');
}

export class BotState {
  readonly sent: SentMessage[] = [];
  readonly calls: ApiCall[] = [];
  /** setMyCommands by scopeKey(scope, language_code) */
  readonly commands = new Map<string, { command: string; description: string }[]>();
  /** setChatMenuButton by chat_id ('default' when no chat_id) */
  readonly menuButtons = new Map<number | 'default', unknown>();
  /** answerCallbackQuery params by callback_query_id */
  readonly callbackAnswers = new Map<string, Params>();
  readonly chats = new Map<number, Chat>();
  private readonly messages = new Map<number, Map<number, Message>>();
  private readonly lastMessageId = new Map<number, number>();
  private readonly openCallbacks = new Set<string>();
  private readonly failures = new Map<string, { error: FailSpec; times: number }[]>();
  private readonly blocked = new Set<number>();
  private rateLimit: RateLimit | null = null;
  private listeners: (() => void)[] = [];

  constructor(readonly bot: BotInfo) {}

  get botAsSender(): TgUser {
    return { id: this.bot.id, is_bot: true, first_name: this.bot.first_name, username: this.bot.username };
  }

  // ---- switches ----
  failNext(method: string, error: FailSpec, times = 1): void {
    const key = method.toLowerCase();
    this.failures.set(key, [...(this.failures.get(key) ?? []), { error, times }]);
  }
  blockUser(chatId: number): void {
    this.blocked.add(chatId);
  }
  unblockUser(chatId: number): void {
    this.blocked.delete(chatId);
  }
  setRateLimit(opts: RateLimit | null): void {
    this.rateLimit = opts;
  }

  /** Throws the next queued failure for this method, if any. */
  takeFailure(method: string): void {
    const queue = this.failures.get(method.toLowerCase());
    const next = queue?.[0];
    if (!queue || !next) return;
    next.times -= 1;
    if (next.times <= 0) queue.shift();
    throw ApiError.from(next.error);
  }

  // ---- messages ----
  onSent(listener: () => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }
  nextMessageId(chatId: number): number {
    const id = (this.lastMessageId.get(chatId) ?? 0) + 1;
    this.lastMessageId.set(chatId, id);
    return id;
  }
  store(message: Message): void {
    const chat = this.messages.get(message.chat.id) ?? new Map<number, Message>();
    chat.set(message.message_id, message);
    this.messages.set(message.chat.id, chat);
  }
  message(chatId: number, messageId: number): Message | undefined {
    return this.messages.get(chatId)?.get(messageId);
  }
  openCallback(id: string): void {
    this.openCallbacks.add(id);
  }

  private chatFor(chatId: number): Chat {
    return this.chats.get(chatId) ?? { id: chatId, type: chatId < 0 ? 'supergroup' : 'private' };
  }
  private record(entry: SentMessage): void {
    this.sent.push(entry);
    for (const l of [...this.listeners]) l();
  }
  private checkBlocked(chatId: number): void {
    if (this.blocked.has(chatId)) throw new ApiError(403, 'Forbidden: bot was blocked by the user');
  }
  /**
   * 429 when accepting one more message would exceed the per-second limits (sliding 1 s window).
   * Reads only the tail of `sent`, so a 20,000-message benchmark does not slow the fake down.
   */
  private checkRate(chatId: number, now: number): void {
    if (!this.rateLimit) return;
    let first = this.sent.length;
    while (first > 0 && now - this.sent[first - 1]!.at < 1000) first -= 1;
    const recent = this.sent.slice(first);
    const inChat = recent.filter((m) => m.chat_id === chatId);
    const over = (list: SentMessage[], limit: number | undefined): boolean =>
      limit !== undefined && list.length >= limit;
    const hit = over(recent, this.rateLimit.perSecond)
      ? recent
      : over(inChat, this.rateLimit.perChatPerSecond)
        ? inChat
        : null;
    if (!hit) return;
    const oldest = hit[0]?.at ?? now;
    throw ApiError.tooManyRequests(Math.max(1, Math.ceil((oldest + 1000 - now) / 1000)));
  }
  private text(p: Params): string {
    const text = strParam(p, 'text') ?? '';
    if (text.trim() === '') throw badRequest('message text is empty');
    if (text.length > MAX_TEXT) throw badRequest('message is too long');
    return text;
  }

  /**
   * Handles every method except getUpdates and the webhook ones. Returns undefined for an unknown
   * method. `arrivedAt` is when the request reached the fake: limits count arrivals, as Telegram's
   * do, not the moment this busy process got round to the body.
   */
  handle(method: string, p: Params, arrivedAt = Date.now()): { result: unknown } | undefined {
    const fn = this.methods[method.toLowerCase()];
    return fn ? { result: fn(p, arrivedAt) } : undefined;
  }

  private readonly methods: Record<string, (p: Params, arrivedAt: number) => unknown> = {
    getme: () => this.bot,
    sendmessage: (p, arrivedAt) => {
      const chatId = chatIdParam(p);
      const text = this.text(p);
      this.checkBlocked(chatId);
      const now = arrivedAt;
      this.checkRate(chatId, now);
      const message: Message = {
        message_id: this.nextMessageId(chatId),
        from: this.botAsSender,
        chat: this.chatFor(chatId),
        date: Math.floor(now / 1000),
        text,
        reply_markup: inlineOnly(p.reply_markup),
      };
      if (message.reply_markup === undefined) delete message.reply_markup;
      this.store(message);
      this.record({
        method: 'sendMessage',
        chat_id: chatId,
        message_id: message.message_id,
        text,
        reply_markup: p.reply_markup,
        parse_mode: strParam(p, 'parse_mode'),
        at: now,
      });
      return message;
    },
    editmessagetext: (p, arrivedAt) => {
      if (p.inline_message_id !== undefined) throw badRequest('message to edit not found');
      const chatId = chatIdParam(p);
      const messageId = intParam(p, 'message_id');
      if (messageId === undefined) throw badRequest('message identifier is not specified');
      const text = this.text(p);
      const old = this.message(chatId, messageId);
      if (!old) throw badRequest('message to edit not found');
      if (old.from?.id !== this.bot.id || old.text === undefined) throw badRequest("message can't be edited");
      this.checkBlocked(chatId);
      const markup = inlineOnly(p.reply_markup);
      if (old.text === text && JSON.stringify(old.reply_markup) === JSON.stringify(markup))
        throw badRequest(NOT_MODIFIED);
      const now = arrivedAt;
      this.checkRate(chatId, now);
      const edited: Message = { ...old, text, edit_date: Math.floor(now / 1000), reply_markup: markup };
      if (markup === undefined) delete edited.reply_markup;
      this.store(edited);
      this.record({
        method: 'editMessageText',
        chat_id: chatId,
        message_id: messageId,
        text,
        reply_markup: p.reply_markup,
        parse_mode: strParam(p, 'parse_mode'),
        at: now,
        edited: true,
      });
      return edited;
    },
    deletemessage: (p) => {
      const chatId = chatIdParam(p);
      const messageId = intParam(p, 'message_id');
      if (messageId === undefined || !this.messages.get(chatId)?.delete(messageId))
        throw badRequest('message to delete not found');
      return true;
    },
    answercallbackquery: (p) => {
      const id = strParam(p, 'callback_query_id');
      if (!id || !this.openCallbacks.delete(id)) {
        throw badRequest('query is too old and response timeout expired or query ID is invalid');
      }
      this.callbackAnswers.set(id, p);
      return true;
    },
    sendchataction: (p) => {
      const chatId = chatIdParam(p);
      if (!CHAT_ACTIONS.has(strParam(p, 'action') ?? '')) throw badRequest('wrong parameter action in request');
      this.checkBlocked(chatId);
      return true;
    },
    setmycommands: (p) => {
      const commands = p.commands;
      if (!Array.isArray(commands)) throw badRequest('parameter "commands" is required');
      const list = commands.map((c: unknown) => {
        const { command, description } = (c ?? {}) as Record<string, unknown>;
        if (typeof command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(command)) throw badRequest('BOT_COMMAND_INVALID');
        if (typeof description !== 'string' || description.length < 1 || description.length > 256) {
          throw badRequest('command description is empty');
        }
        return { command, description };
      });
      this.commands.set(scopeKey(p.scope, strParam(p, 'language_code')), list);
      return true;
    },
    getmycommands: (p) => this.commands.get(scopeKey(p.scope, strParam(p, 'language_code'))) ?? [],
    deletemycommands: (p) => {
      this.commands.delete(scopeKey(p.scope, strParam(p, 'language_code')));
      return true;
    },
    setchatmenubutton: (p) => {
      const chatId = p.chat_id === undefined ? 'default' : chatIdParam(p);
      this.menuButtons.set(chatId, p.menu_button ?? { type: 'default' });
      return true;
    },
    getchatmenubutton: (p) => {
      const chatId = p.chat_id === undefined ? 'default' : chatIdParam(p);
      return this.menuButtons.get(chatId) ?? this.menuButtons.get('default') ?? { type: 'commands' };
    },
    close: () => true,
    logout: () => true,
  };
}
