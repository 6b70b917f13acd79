import { parse, validate } from '@telegram-apps/init-data-node';
import { AppError } from '../errors.js';
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
  let userId: number | undefined;
  try {
    validate(initData, ctx.telegramBotToken, { expiresIn: ctx.policy.initDataMaxAgeS });
    userId = parse(initData).user?.id;
  } catch {
    throw new AppError('unauthorized', W.telegramInvalid);
  }
  if (!userId) throw new AppError('unauthorized', W.telegramInvalid);
  // A private chat's id is the user's id: the bot linked records to that chat.
  return openSession({ kind: 'chat', channel: 'telegram', chatId: String(userId) }, 'telegram', ctx);
}

/**
 * Inside Zalo: the mini app obtained an access token with zmp-sdk; Zalo's Graph API, not the
 * client, says whose it is. The session then sees the records linked to that Zalo user.
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
  return openSession({ kind: 'chat', channel: 'zalo', chatId: user.id }, 'zalo', ctx);
}
