/**
 * Types, errors and request parsing shared by the fake Telegram Bot API (see telegram-bot-api.ts).
 * Shapes follow https://core.telegram.org/bots/api, trimmed to what the bot uses.
 */
import type { IncomingMessage } from 'node:http';

export type FakeUser = { id: number; first_name: string; username?: string; language_code?: string };
export type TgUser = FakeUser & { is_bot: boolean };
export type BotInfo = TgUser & {
  is_bot: true;
  username: string;
  can_join_groups: boolean;
  can_read_all_group_messages: boolean;
  supports_inline_queries: boolean;
  can_connect_to_business: boolean;
  has_main_web_app: boolean;
};
export type Chat = {
  id: number;
  type: 'private' | 'group' | 'supergroup';
  first_name?: string;
  username?: string;
  title?: string;
};
/** The file fields every media message carries; the fake serves no files (a getFile call would show up in `calls`). */
export type FileRef = { file_id: string; file_unique_id: string; file_size?: number };
/** The kinds of media a person can send, as Telegram names the message field. */
export type MediaField = 'voice' | 'audio' | 'video_note' | 'sticker' | 'animation' | 'photo' | 'video' | 'document';
export type MessageEntity = { type: string; offset: number; length: number };
export type Contact = { phone_number: string; first_name: string; last_name?: string; user_id?: number };
export type Message = {
  message_id: number;
  date: number;
  chat: Chat;
  from?: TgUser;
  text?: string;
  entities?: MessageEntity[];
  contact?: Contact;
  caption?: string;
  voice?: FileRef & { duration: number; mime_type?: string };
  audio?: FileRef & { duration: number };
  video_note?: FileRef & { length: number; duration: number };
  sticker?: FileRef & {
    type: 'regular';
    width: number;
    height: number;
    is_animated: boolean;
    is_video: boolean;
    emoji?: string;
  };
  animation?: FileRef & { width: number; height: number; duration: number };
  photo?: (FileRef & { width: number; height: number })[];
  video?: FileRef & { width: number; height: number; duration: number };
  document?: FileRef & { file_name?: string; mime_type?: string };
  reply_markup?: unknown;
  edit_date?: number;
};
export type CallbackQuery = { id: string; from: TgUser; message?: Message; chat_instance: string; data: string };
export type Update = { update_id: number; message?: Message; callback_query?: CallbackQuery };

/** One entry per successful sendMessage / editMessageText, in order. */
export type SentMessage = {
  method: 'sendMessage' | 'editMessageText';
  chat_id: number;
  message_id: number;
  text: string;
  reply_markup?: unknown;
  parse_mode?: string;
  /** ms timestamp (Date.now()) when the fake accepted it */
  at: number;
  edited?: true;
};
/** One authorised request; `error` is set when the fake answered with an error. */
export type ApiCall = {
  method: string;
  params: Record<string, unknown>;
  at: number;
  error?: { code: number; description: string };
};
export type Params = Record<string, unknown>;
export type FailSpec = { code: 429; retryAfter: number } | { code: 403 | 400 | 500; description: string };

/** A Telegram error; serialised as `{ ok: false, error_code, description, parameters? }` with the same HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly retryAfter?: number,
  ) {
    super(description);
  }
  static tooManyRequests(retryAfter: number): ApiError {
    return new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, retryAfter);
  }
  static from(spec: FailSpec): ApiError {
    return spec.code === 429 ? ApiError.tooManyRequests(spec.retryAfter) : new ApiError(spec.code, spec.description);
  }
  body(): Record<string, unknown> {
    const parameters = this.retryAfter === undefined ? {} : { parameters: { retry_after: this.retryAfter } };
    return { ok: false, error_code: this.code, description: this.description, ...parameters };
  }
}

export const badRequest = (what: string): ApiError => new ApiError(400, `Bad Request: ${what}`);

const NAMES = ['Lan', 'Minh', 'Hoa', 'Tuấn', 'Mai', 'Hùng', 'Thảo', 'Dũng'];
let userCounter = 0;
/** A fresh private-chat user. Ids are unique per process and spread by pid so parallel jest workers do not collide. */
export function aUser(overrides: Partial<FakeUser> = {}): FakeUser {
  userCounter += 1;
  const id = 5_000_000_000 + (process.pid % 100_000) * 100_000 + userCounter;
  return { id, first_name: `${NAMES[userCounter % NAMES.length]} ${userCounter}`, language_code: 'vi', ...overrides };
}

// ---- parameter helpers (urlencoded values arrive as strings) ----

export function intParam(p: Params, name: string): number | undefined {
  const v = p[name];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n)) throw badRequest(`invalid ${name} specified`);
  return n;
}

export function boolParam(p: Params, name: string): boolean {
  const v = p[name];
  return v === true || v === 'true' || v === '1' || v === 1;
}

export function strParam(p: Params, name: string): string | undefined {
  const v = p[name];
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : String(v);
}

/** chat_id as a number; `@username` chats are not modelled and answer "chat not found". */
export function chatIdParam(p: Params): number {
  const v = p.chat_id;
  if (v === undefined || v === null || v === '') throw badRequest('chat_id is empty');
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n)) throw badRequest('chat not found');
  return n;
}

// ---- request body parsing ----

/** Urlencoded / multipart / query values that look like JSON objects or arrays are parsed, like Telegram does. */
function coerce(value: string): unknown {
  const t = value.trim();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.parse(t) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Merges query-string params with a JSON, urlencoded or multipart body. Files become `{ filename, size, type }`. */
export async function readParams(req: IncomingMessage, url: URL): Promise<Params> {
  const params: Params = {};
  for (const [k, v] of url.searchParams) params[k] = coerce(v);
  const body = await readBody(req);
  if (body.length === 0) return params;
  const type = String(req.headers['content-type'] ?? '');
  if (/multipart\/form-data|application\/x-www-form-urlencoded/i.test(type)) {
    const form = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData();
    for (const [k, v] of form)
      params[k] = typeof v === 'string' ? coerce(v) : { filename: v.name, size: v.size, type: v.type };
    return params;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw badRequest("can't parse JSON object");
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw badRequest("can't parse JSON object");
  return Object.assign(params, parsed);
}
