import mongoose, { Schema } from 'mongoose';
import { insertOnce, oid, stableId } from './ids.js';

/**
 * Which OA follower a Zalo user is, found by their app-scoped id. Zalo gives one person two ids:
 * `user_id` within the OA (OA messages go to it; the OA chat is keyed by it) and `user_id_by_app`
 * within the Zalo app (what the Graph API answers when the Zalo Mini App signs in). Every OA event
 * carries both; the pair never changes for one app and OA, so it is inserted once and never updated.
 */
export type ZaloAppUser = { appUserId: string; oaUserId: string };

const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    appUserId: { type: String, required: true },
    oaUserId: { type: String, required: true },
    seenAt: { type: Date, required: true },
  },
  { collection: 'zalo_app_users', versionKey: false },
);
const ZaloAppUserModel = mongoose.model('ZaloAppUser', schema);

const idOf = (appUserId: string) => oid(stableId('zalo-app-user', appUserId));

/** Repository over the app-scoped to OA id pairs, read by `_id` only. */
export const zaloAppUsers = {
  /** Records the pair; false when it was known already. */
  async remember(pair: ZaloAppUser, at: Date): Promise<boolean> {
    return insertOnce(ZaloAppUserModel.collection, { _id: idOf(pair.appUserId), ...pair, seenAt: at });
  },
  async oaUserIdOf(appUserId: string): Promise<string | null> {
    const d = await ZaloAppUserModel.collection.findOne({ _id: idOf(appUserId) });
    return d ? String(d.oaUserId) : null;
  },
};
