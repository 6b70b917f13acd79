import { zaloAppUsers } from '../../models/zalo-app-user.js';

/** Remembers that the Zalo app's user `appUserId` is the OA's follower `oaUserId` (from an OA event, which carries both). */
export async function rememberZaloAppUser(appUserId: string, oaUserId: string, at: Date): Promise<void> {
  if (appUserId && appUserId !== oaUserId) await zaloAppUsers.remember({ appUserId, oaUserId }, at);
}

/**
 * The OA chat id of a person the Zalo Mini App signed in (by their app-scoped id), so the mini app
 * sees the records linked in the OA chat; the app-scoped id itself when they never wrote to the OA.
 */
export async function zaloChatIdOf(appUserId: string): Promise<string> {
  return (await zaloAppUsers.oaUserIdOf(appUserId)) ?? appUserId;
}
