import mongoose, { Schema } from 'mongoose';
import { byIdsReader } from './batch-read.js';
import { PUSHDOWN } from './db/connection.js';
import { oid, oids, wholeReply } from './ids.js';
import { syncBatch, syncPending, type Pending, type SyncResult, type Versioned } from './batch-write.js';

/** Person-identifying numbers are stored sealed (AES-256-GCM), with a blind index and the last 4 digits. */
export type SealedNumber = { sealed: string; index: string; last4: string };

/** An authorized person or guardian who may hold the account and chat for the beneficiary. */
export type StoredGuardian = {
  name: string;
  nationalId: SealedNumber | null;
  phone: SealedNumber | null;
  relation: string | null;
};

/** Where a record that moved out is handled now, when known. */
export type MovedTo = { communeCode?: string; provinceCode?: string };

/** A beneficiary as stored (identifiers sealed). */
export type StoredBeneficiary = {
  id: string;
  nationalId: SealedNumber;
  fullName: string;
  dateOfBirth: string;
  gender: 'male' | 'female' | null;
  ethnicity: string | null;
  phone: SealedNumber | null;
  provinceCode: string;
  communeCode: string;
  category: string;
  decisionNumber: string | null;
  decisionDate: string | null;
  monthlyAmount: number;
  paymentMethod: string;
  status: 'active' | 'suspended' | 'deceased' | 'moved_out';
  guardian: StoredGuardian | null;
  /**
   * The blind indexes of the two phones that may link a chat to this record (the beneficiary's
   * own and the guardian's or authorized person's), each indexed: a shared contact is looked up
   * by them. Top-level copies of `phone.index` and `guardian.phone.index`, because every rung,
   * the local FerretDB included, answers equality on a top-level field from its index.
   */
  phoneBlindIndex: string | null;
  guardianPhoneBlindIndex: string | null;
  /** Required fields this record lacks (the seeds count them: gender, ethnicity, decision, phone, account). */
  missing: string[];
  /** YYYY-MM-DD, once the record is `deceased` and the date is known. */
  dateOfDeath?: string;
  /** Once the record is `moved_out`, where it went, when known. */
  movedTo?: MovedTo;
  contentHash: string;
  version: number;
};

const sealedNumber = new Schema({ sealed: String, index: String, last4: String }, { _id: false });

const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    nationalId: { type: sealedNumber, required: true },
    fullName: { type: String, required: true },
    dateOfBirth: String,
    gender: { type: String, default: null },
    ethnicity: { type: String, default: null },
    phone: { type: sealedNumber, default: null },
    provinceCode: { type: String, required: true },
    communeCode: { type: String, required: true },
    category: String,
    decisionNumber: { type: String, default: null },
    decisionDate: { type: String, default: null },
    monthlyAmount: Number,
    paymentMethod: String,
    status: { type: String, default: 'active' },
    guardian: {
      type: new Schema(
        { name: String, nationalId: sealedNumber, phone: sealedNumber, relation: String },
        { _id: false },
      ),
      default: null,
    },
    phoneBlindIndex: { type: String, default: null },
    guardianPhoneBlindIndex: { type: String, default: null },
    missing: { type: [String], default: [] },
    dateOfDeath: String,
    movedTo: { type: new Schema({ communeCode: String, provinceCode: String }, { _id: false }), default: undefined },
    contentHash: String,
    version: { type: Number, default: 1 },
  },
  { collection: 'beneficiaries', timestamps: true, versionKey: false },
);
schema.index({ 'nationalId.index': 1 }, { unique: true });
schema.index({ communeCode: 1, status: 1 });
// The missing-data report and list of a whole province (a commune's are served by the index above).
schema.index({ provinceCode: 1, status: 1, communeCode: 1 });
schema.index({ phoneBlindIndex: 1 }, PUSHDOWN);
// A broadcast streams a province's records in `_id` order (resumable from the last one it stored).
schema.index({ provinceCode: 1, _id: 1 }, PUSHDOWN);
schema.index({ guardianPhoneBlindIndex: 1 }, PUSHDOWN);

/** For the other beneficiary repositories in models/ (missing data, life events); services use the repositories. */
export const BeneficiaryModel = mongoose.model('Beneficiary', schema);

type Doc = Omit<StoredBeneficiary, 'id'> & { _id: mongoose.Types.ObjectId };
// By-id reads of the same event-loop turn share one find (mini-app views, linking, notices).
const readBeneficiaries = byIdsReader<Doc>(() => BeneficiaryModel.collection.collectionName, {});
const plain = ({ _id, ...rest }: Doc): StoredBeneficiary => ({
  ...rest,
  id: String(_id),
  guardian: rest.guardian ?? null,
  phone: rest.phone ?? null,
  phoneBlindIndex: rest.phoneBlindIndex ?? null,
  guardianPhoneBlindIndex: rest.guardianPhoneBlindIndex ?? null,
});

/** Repository over beneficiaries; ids are derived from the national ID's blind index. */
export const beneficiaries = {
  async byId(id: string): Promise<StoredBeneficiary | null> {
    const d = (await BeneficiaryModel.findById(oid(id)).lean()) as Doc | null;
    return d ? plain(d) : null;
  },
  async byIds(ids: readonly string[]): Promise<StoredBeneficiary[]> {
    if (!ids.length) return [];
    return (await readBeneficiaries(oids(ids))).map(plain);
  },
  /**
   * The ids of the records whose own phone, and of those whose guardian's phone, has this blind
   * index (a record may be in both). Two equality finds rather
   * than one `$or`: each is answered from its field's index on every rung (the local FerretDB
   * answers no `$or` from an index).
   */
  async idsWithPhone(blindIndex: string): Promise<{ own: string[]; guardian: string[] }> {
    const ids = async (field: 'phoneBlindIndex' | 'guardianPhoneBlindIndex') =>
      (
        (await BeneficiaryModel.find({ [field]: blindIndex }, { _id: 1 }).lean()) as unknown as {
          _id: mongoose.Types.ObjectId;
        }[]
      ).map((d) => String(d._id));
    const [own, guardian] = await Promise.all([ids('phoneBlindIndex'), ids('guardianPhoneBlindIndex')]);
    return { own, guardian };
  },
  /** Which of these ids exist, with the fields a payment import needs. */
  async existing(ids: readonly string[]): Promise<
    Map<
      string,
      {
        fullName: string;
        status: StoredBeneficiary['status'];
        communeCode: string;
        provinceCode: string;
        paymentMethod: string;
      }
    >
  > {
    if (!ids.length) return new Map();
    const found = (await BeneficiaryModel.find(
      { _id: { $in: oids(ids) } },
      { fullName: 1, status: 1, communeCode: 1, provinceCode: 1, paymentMethod: 1 },
    )
      .batchSize(wholeReply(ids.length))
      .lean()) as unknown as (Doc & { _id: mongoose.Types.ObjectId })[];
    return new Map(
      found.map((d) => [
        String(d._id),
        {
          fullName: d.fullName,
          status: d.status,
          communeCode: d.communeCode,
          provinceCode: d.provinceCode,
          paymentMethod: d.paymentMethod,
        },
      ]),
    );
  },
  /** What the police need to check a record against the population database, for up to a few thousand ids in one command. */
  async identities(
    ids: readonly string[],
  ): Promise<
    Map<string, Pick<StoredBeneficiary, 'nationalId' | 'fullName' | 'dateOfBirth' | 'communeCode' | 'provinceCode'>>
  > {
    if (!ids.length) return new Map();
    const found = (await BeneficiaryModel.find(
      { _id: { $in: oids(ids) } },
      { nationalId: 1, fullName: 1, dateOfBirth: 1, communeCode: 1, provinceCode: 1 },
    )
      .batchSize(wholeReply(ids.length))
      .lean()) as unknown as Doc[];
    return new Map(found.map((d) => [String(d._id), d]));
  },
  async sync(
    docs: (Omit<StoredBeneficiary, 'id' | 'version'> & { _id: string })[],
  ): Promise<SyncResult<Record<string, unknown>>> {
    return syncBatch(BeneficiaryModel, docs as unknown as Versioned[]);
  },
  /** `sync` for records built (sealed) only when they have to be written; `previous` holds what the figures count. */
  async syncPending(docs: Pending[]): Promise<SyncResult<Pick<StoredBeneficiary, 'status' | 'missing'>>> {
    return syncPending<Pick<StoredBeneficiary, 'status' | 'missing'>>(BeneficiaryModel, docs, ['status', 'missing']);
  },
  async count(): Promise<number> {
    return BeneficiaryModel.estimatedDocumentCount();
  },
  /**
   * Ends a record (deceased, moved out) with what is known of it, in one conditional update that
   * changes nothing when the record already says so. Returns the record as it was before, or null
   * when nothing changed. The content hash stays: an import of the same unchanged file later does
   * not bring the record back to life.
   */
  async end(
    id: string,
    status: 'deceased' | 'moved_out',
    facts: { dateOfDeath?: string; movedTo?: MovedTo },
  ): Promise<StoredBeneficiary | null> {
    const differs = Object.entries(facts).map(([k, v]) => ({ [k]: { $ne: v } }));
    const before = (await BeneficiaryModel.collection.findOneAndUpdate(
      { _id: oid(id), $or: [{ status: { $ne: status } }, ...differs] },
      { $set: { status, ...facts }, $inc: { version: 1 } },
      { returnDocument: 'before' },
    )) as Doc | null;
    return before ? plain(before) : null;
  },
  /**
   * Streams a province's records that have not ended (active or suspended), in `_id` order after
   * `afterId`, optionally only some communes and categories, with the fields a broadcast needs; read
   * `batch` at a time (one command per batch).
   */
  streamInArea(
    area: { provinceCode: string; communeCodes: readonly string[]; categories: readonly string[] },
    afterId: string | null,
    batch: number,
  ): AsyncIterable<{ _id: mongoose.Types.ObjectId; communeCode: string; category: string }> {
    const q: Record<string, unknown> = { provinceCode: area.provinceCode, status: { $in: ['active', 'suspended'] } };
    if (area.communeCodes.length) q.communeCode = { $in: [...area.communeCodes] };
    if (area.categories.length) q.category = { $in: [...area.categories] };
    if (afterId) q._id = { $gt: oid(afterId) };
    return BeneficiaryModel.collection
      .find(q, { projection: { communeCode: 1, category: 1 } })
      .sort({ _id: 1 })
      .batchSize(batch) as unknown as AsyncIterable<{
      _id: mongoose.Types.ObjectId;
      communeCode: string;
      category: string;
    }>;
  },
  /** Streams every record with only the fields the register statistics need. */
  scanForStats(): AsyncIterable<{ status: string; missing: string[]; communeCode: string }> {
    return BeneficiaryModel.find({}, { status: 1, missing: 1, communeCode: 1 })
      .lean()
      .cursor() as unknown as AsyncIterable<{ status: string; missing: string[]; communeCode: string }>;
  },
};
