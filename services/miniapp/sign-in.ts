import { validate } from '@telegram-apps/init-data-node';
import { AppError } from '../errors.js';
import { zaloChatIdOf } from '../zalo/app-users.js';
import type { MiniappContext } from './policy.js';
import { openSession, type OpenedSession } from './sessions.js';
import { SIGN_IN_WORDS as W } from './words.js';

/**
 * Inside Telegram: the init data the page read from its URL fragment must carry Telegram's
 * HMAC-SHA256 signature made with our bot token, and be younger than the configured age.
 * The session then sees the records linked to that Telegram user's private chat.
 */
export async function signInWithTelegram(initData: unknown, ctx: MiniappContext): Promise<OpenedSession> {
  if (!ctx.telegramBotToken) throw new AppError('unavailable', W.telegramOff);
  if (typeof initData !== 'string' || !initData || initData.length > 8192)
    throw new AppError('unauthorized', W.telegramInvalid);
  try {
    validate(initData, ctx.telegramBotToken, { expiresIn: ctx.policy.initDataMaxAgeS });
  } catch {
    throw new AppError('unauthorized', W.telegramInvalid);
  }
  const userId = signedUserId(initData);
  if (userId === null) throw new AppError('unauthorized', W.telegramInvalid);
  // A private chat's id is the user's id: the bot linked records to that chat.
  return openSession({ kind: 'chat', channel: 'telegram', chatId: String(userId) }, 'telegram', ctx);
}

/**
 * The user id in init data whose hash was checked. Read by hand rather than with the library's
 * `parse()`, which demands every field of Bot API 8.0, `signature` among them: Telegram clients
 * older than that, common on the old phones many beneficiaries use, send none. Only the id is
 * needed, and the hash already covers it.
 */
function signedUserId(initData: string): number | null {
  const user = new URLSearchParams(initData).get('user');
  if (!user) return null;
  try {
    const id = (JSON.parse(user) as { id?: unknown } | null)?.id;
    return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : null;
  } catch {
    return null;
  }
}

/**
 * Inside Zalo: the mini app obtained an access token with zmp-sdk; Zalo's Graph API, not the
 * client, says whose it is. The session then sees the records linked to that Zalo user's OA chat
 * (the Graph API answers the app-scoped id; the OA chat is keyed by the follower id, see
 * models/zalo-app-user.ts).
 */
export async function signInWithZalo(accessToken: unknown, ctx: MiniappContext): Promise<OpenedSession> {
  if (!ctx.zaloIdentity) throw new AppError('unavailable', W.zaloOff);
  if (typeof accessToken !== 'string' || !accessToken || accessToken.length > 4096)
    throw new AppError('unauthorized', W.zaloInvalid);
  let user: { id: string } | null;
  try {
    user = await ctx.zaloIdentity(accessToken);
  } catch {
    throw new AppError('unavailable', W.zaloUnavailable);
  }
  if (!user?.id) throw new AppError('unauthorized', W.zaloInvalid);
  return openSession({ kind: 'chat', channel: 'zalo', chatId: await zaloChatIdOf(user.id) }, 'zalo', ctx);
}
