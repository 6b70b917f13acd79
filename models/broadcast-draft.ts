import mongoose, { Schema } from 'mongoose';
import { oid } from './ids.js';

/** Where an officer is in the bot's guided broadcast flow. */
export type DraftStep = 'who' | 'area' | 'communes' | 'text' | 'preview';

/**
 * One chat's broadcast being composed in the bot (audience → text → preview), one per chat under the
 * chat's id: starting again replaces it. `broadcastId` is the stored draft broadcast once previewed.
 */
export type StoredBroadcastDraft = {
  id: string;
  step: DraftStep;
  who: 'beneficiaries' | 'officers' | 'both' | null;
  communeCodes: string[];
  broadcastId: string | null;
  expiresAt: Date;
};

const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    step: { type: String, required: true },
    who: { type: String, default: null },
    communeCodes: { type: [String], default: [] },
    broadcastId: { type: String, default: null },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'broadcast_drafts', versionKey: false },
);

const DraftModel = mongoose.model('BroadcastDraft', schema);

type Doc = Omit<StoredBroadcastDraft, 'id'> & { _id: mongoose.Types.ObjectId };
const plain = ({ _id, ...rest }: Doc): StoredBroadcastDraft => ({ ...rest, id: String(_id) });

/** Repository over the bot's broadcast drafts: one document per chat, each step one write. */
export const broadcastDrafts = {
  /** The chat's draft while it has not expired. */
  async live(id: string, now: Date): Promise<StoredBroadcastDraft | null> {
    const d = (await DraftModel.collection.findOne({ _id: oid(id), expiresAt: { $gt: now } })) as Doc | null;
    return d ? plain(d) : null;
  },
  /** Starts (or restarts) the chat's draft. */
  async start(draft: StoredBroadcastDraft): Promise<void> {
    const { id, ...rest } = draft;
    await DraftModel.collection.replaceOne({ _id: oid(id) }, rest, { upsert: true });
  },
  /**
   * Moves the draft on from the step it is at (one conditional update), so two quick presses cannot
   * both act; null when it was elsewhere or expired.
   */
  async advance(
    id: string,
    from: readonly DraftStep[],
    set: Partial<Omit<StoredBroadcastDraft, 'id'>>,
    now: Date,
  ): Promise<StoredBroadcastDraft | null> {
    const d = (await DraftModel.collection.findOneAndUpdate(
      { _id: oid(id), step: { $in: [...from] }, expiresAt: { $gt: now } },
      { $set: set },
      { returnDocument: 'after' },
    )) as Doc | null;
    return d ? plain(d) : null;
  },
  async remove(id: string): Promise<void> {
    await DraftModel.collection.deleteOne({ _id: oid(id) });
  },
  async removeExpired(now: Date): Promise<number> {
    return (await DraftModel.collection.deleteMany({ expiresAt: { $lte: now } })).deletedCount;
  },
};
