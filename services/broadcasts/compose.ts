import { Types } from 'mongoose';
import { z } from 'zod';
import { VERIFICATION_STATES } from '../../models/account-details.js';
import {
  BROADCAST_AUDIENCES,
  broadcasts,
  type BroadcastMessage,
  type StoredBroadcast,
} from '../../models/broadcast.js';
import { LANGS } from '../../models/chat.js';
import { communes } from '../../models/commune.js';
import { stableId } from '../../models/ids.js';
import { PAYMENT_STATUSES } from '../../models/payment.js';
import { provinceByCode } from '../../models/provinces.js';
import { config } from '../config.js';
import { currentCorrelationId } from '../correlation.js';
import { AppError, type Localized } from '../errors.js';
import { periodOf } from '../format.js';
import { auditOfficer } from '../officers/audit.js';
import { actorOf, areaOf, type Acting } from '../officers/scope.js';
import { BUTTON_LABEL_MAX } from '../notifications/templates/schemas.js';
import { CATEGORIES } from '../validation/codes.js';
import { START_CURSOR, type AudienceSpec } from './audience.js';
import { broadcastPolicy } from './policy.js';
import { computePreview } from './preview.js';
import type { BroadcastInput, BroadcastPolicy, BroadcastPreview, BroadcastView } from './types.js';

const WORDS = {
  noProvince: { vi: 'Xin chọn tỉnh/thành phố nhận thông báo.', en: 'Please choose the province to announce to.' },
  otherProvince: {
    vi: 'Anh/chị chỉ gửi được thông báo trong tỉnh/thành phố mình phụ trách.',
    en: 'You can only announce within the province you are responsible for.',
  },
  unknownCommune: {
    vi: 'Có xã/phường không thuộc tỉnh/thành phố đã chọn.',
    en: 'A chosen commune is not in the chosen province.',
  },
  beneficiaryFiltersOnly: {
    vi: 'Bộ lọc nhóm đối tượng, tình trạng xác thực tài khoản và trạng thái chi trả chỉ dùng khi gửi cho người hưởng.',
    en: 'The category, account verification and payment filters only apply when sending to beneficiaries.',
  },
  past: {
    vi: 'Thời điểm gửi đã qua. Xin chọn gửi ngay hoặc một thời điểm sắp tới.',
    en: 'That sending time has passed. Please send now or choose a time ahead.',
  },
  tooFar: {
    vi: 'Chỉ hẹn giờ gửi được trong vòng 90 ngày tới.',
    en: 'A broadcast can be scheduled at most 90 days ahead.',
  },
  notFound: { vi: 'Không tìm thấy thông báo này.', en: 'This broadcast was not found.' },
  notDraft: {
    vi: 'Thông báo này không còn là bản nháp nên không gửi đi lại được.',
    en: 'This broadcast is no longer a draft.',
  },
  notAuthor: {
    vi: 'Chỉ người soạn mới gửi đi được bản nháp này.',
    en: 'Only its author can send this draft.',
  },
  empty: {
    vi: 'Không có ai nhận thông báo này với phạm vi và bộ lọc đã chọn. Xin xem lại lựa chọn.',
    en: 'Nobody matches this audience and these filters. Please check your choices.',
  },
} satisfies Record<string, Localized>;

/** Vietnamese (and English) words for each field zod may refuse, by the field's path. */
const FIELD_WORDS: Record<string, Localized> = {
  who: {
    vi: 'Xin chọn người nhận: người hưởng, cán bộ, hoặc cả hai.',
    en: 'Please choose who receives it: beneficiaries, officers, or both.',
  },
  provinceCode: { vi: 'Mã tỉnh/thành phố phải gồm 2 chữ số.', en: 'A province code is 2 digits.' },
  communeCodes: {
    vi: 'Mã xã/phường phải gồm 5 chữ số (tối đa 500 xã).',
    en: 'A commune code is 5 digits (500 at most).',
  },
  'message.vi.title': {
    vi: 'Xin nhập tiêu đề tiếng Việt (1–120 ký tự).',
    en: 'Please enter a Vietnamese title (1–120 characters).',
  },
  'message.vi.body': {
    vi: 'Xin nhập nội dung tiếng Việt (1–3.000 ký tự).',
    en: 'Please enter the Vietnamese text (1–3,000 characters).',
  },
  'message.en.title': {
    vi: 'Tiêu đề tiếng Anh phải dài 1–120 ký tự.',
    en: 'The English title must be 1–120 characters.',
  },
  'message.en.body': {
    vi: 'Nội dung tiếng Anh phải dài 1–3.000 ký tự.',
    en: 'The English text must be 1–3,000 characters.',
  },
  'message.button': {
    vi: `Nút bấm phải là một liên kết http/https (nhãn tối đa ${BUTTON_LABEL_MAX} ký tự) hoặc nút mở ứng dụng.`,
    en: `The button must be an http/https link (label up to ${BUTTON_LABEL_MAX} characters) or the open-the-app button.`,
  },
  'filters.categories': { vi: 'Nhóm đối tượng không hợp lệ.', en: 'Unknown beneficiary category.' },
  'filters.verification': {
    vi: 'Tình trạng xác thực tài khoản không hợp lệ.',
    en: 'Unknown account verification state.',
  },
  'filters.paymentStatus': { vi: 'Trạng thái chi trả không hợp lệ.', en: 'Unknown payment status.' },
  'filters.lang': { vi: 'Ngôn ngữ phải là vi hoặc en.', en: 'The language must be vi or en.' },
  scheduledAt: { vi: 'Thời điểm gửi không hợp lệ.', en: 'The sending time is not valid.' },
  requestKey: { vi: 'Mã yêu cầu phải dài 1–100 ký tự.', en: 'The request key must be 1–100 characters.' },
};
const INVALID: Localized = { vi: 'Thông báo chưa hợp lệ. Xin kiểm tra lại.', en: 'The broadcast is not valid.' };

const text = z.object({ title: z.string().trim().min(1).max(120), body: z.string().trim().min(1).max(3000) }).strict();
const inputSchema = z
  .object({
    requestKey: z.string().trim().min(1).max(100).optional(),
    provinceCode: z
      .string()
      .regex(/^\d{2}$/)
      .optional(),
    communeCodes: z
      .array(z.string().regex(/^\d{5}$/))
      .max(500)
      .default([]),
    who: z.enum(BROADCAST_AUDIENCES),
    filters: z
      .object({
        categories: z.array(z.enum(CATEGORIES)).max(50).optional(),
        verification: z.array(z.enum([...VERIFICATION_STATES, 'none'])).optional(),
        paymentStatus: z.array(z.enum([...PAYMENT_STATUSES, 'none'])).optional(),
        lang: z.enum(LANGS).optional(),
      })
      .strict()
      .default({}),
    message: z
      .object({
        vi: text,
        en: text.nullable().optional(),
        button: z
          .discriminatedUnion('kind', [
            z
              .object({
                kind: z.literal('link'),
                url: z.url({ protocol: /^https?$/ }).max(2000),
                label: z.string().trim().max(BUTTON_LABEL_MAX).nullable().optional(),
              })
              .strict(),
            z.object({ kind: z.literal('miniapp') }).strict(),
          ])
          .nullable()
          .optional(),
      })
      .strict(),
    urgent: z.boolean().default(false),
    scheduledAt: z.coerce.date().nullable().optional(),
    draft: z.boolean().default(false),
  })
  .strict();
type Parsed = z.infer<typeof inputSchema>;

/** The input checked, in Vietnamese: the first problem, naming the field. */
function parse(input: unknown): Parsed {
  const res = inputSchema.safeParse(input);
  if (res.success) return res.data;
  const issue = res.error.issues[0];
  const path = (issue?.path ?? []).filter((p) => typeof p === 'string').join('.');
  const key = Object.keys(FIELD_WORDS)
    .filter((k) => path === k || path.startsWith(`${k}.`))
    .sort((a, b) => b.length - a.length)[0];
  throw new AppError('invalid_input', key ? FIELD_WORDS[key]! : INVALID, { field: path || null });
}

const MAX_AHEAD_MS = 90 * 86_400_000;
/** A time a minute in the past is "now": the clock of the officer's device may lag. */
const PAST_TOLERANCE_MS = 60_000;

/** The audience, message and time as they will be stored, scope-checked. */
async function resolve(
  acting: Acting,
  p: Parsed,
): Promise<{ spec: AudienceSpec; message: BroadcastMessage; at: Date }> {
  const { scope } = acting;
  const now = acting.now();
  const provinceCode = scope.provinceCode ?? p.provinceCode;
  if (!provinceCode || !provinceByCode(provinceCode)) throw new AppError('invalid_input', WORDS.noProvince);
  if (p.provinceCode && p.provinceCode !== provinceCode) throw new AppError('forbidden', WORDS.otherProvince);
  const requested = [...new Set(p.communeCodes)];
  const found = await communes.byCodes(requested);
  const provinceOf = new Map(found.map((c) => [c.code, c.provinceCode]));
  // A commune officer is held to their communes (refused, not narrowed); an administrator to the province.
  const area = areaOf(scope, requested, provinceOf);
  if (requested.some((c) => provinceOf.get(c) !== provinceCode))
    throw new AppError('invalid_input', WORDS.unknownCommune);
  const communeCodes = scope.role === 'commune_officer' ? [...(area.communeCodes ?? [])] : requested;
  const f = p.filters;
  if (p.who === 'officers' && (f.categories?.length || f.verification?.length || f.paymentStatus?.length))
    throw new AppError('invalid_input', WORDS.beneficiaryFiltersOnly);
  const filters = {
    ...(f.categories?.length ? { categories: [...new Set(f.categories)] } : {}),
    ...(f.verification?.length ? { verification: [...new Set(f.verification)] } : {}),
    ...(f.paymentStatus?.length ? { paymentStatus: [...new Set(f.paymentStatus)], period: periodOf(now) } : {}),
    ...(f.lang ? { lang: f.lang } : {}),
  };
  const at = p.scheduledAt ?? now;
  if (at.getTime() < now.getTime() - PAST_TOLERANCE_MS) throw new AppError('invalid_input', WORDS.past);
  if (at.getTime() > now.getTime() + MAX_AHEAD_MS) throw new AppError('invalid_input', WORDS.tooFar);
  const message: BroadcastMessage = {
    vi: p.message.vi,
    en: p.message.en ?? null,
    button: p.message.button
      ? p.message.button.kind === 'link'
        ? { kind: 'link', url: p.message.button.url, label: p.message.button.label || null }
        : { kind: 'miniapp' }
      : null,
  };
  return {
    spec: { provinceCode, communeCodes, who: p.who, filters },
    message,
    at: at.getTime() < now.getTime() ? now : at,
  };
}

/** A broadcast as services return it. */
export function viewOf(b: StoredBroadcast): BroadcastView {
  const { lease: _lease, cursor, counters: _counters, ...rest } = b;
  return { ...rest, expanded: cursor.done };
}

/**
 * Validates and stores a broadcast with its preview, scope-checked and audit-logged. A draft
 * (`input.draft`) waits for `submitBroadcast`; otherwise it goes to `awaiting_approval` (more people
 * than the threshold) or `scheduled`. The same `requestKey` from the same officer returns the
 * broadcast already stored.
 */
export async function createBroadcast(
  acting: Acting,
  input: unknown,
  policy: BroadcastPolicy = broadcastPolicy(config()),
): Promise<{ broadcast: BroadcastView; preview: BroadcastPreview }> {
  const p = parse(input);
  const author = actorOf(acting.scope);
  const id = p.requestKey ? stableId('broadcast', author, p.requestKey) : new Types.ObjectId().toHexString();
  if (p.requestKey) {
    const earlier = await broadcasts.byId(id);
    if (earlier) return { broadcast: viewOf(earlier), preview: earlier.preview };
  }
  const { spec, message, at } = await resolve(acting, p);
  const now = acting.now();
  const preview = await computePreview(spec, message, { urgent: p.urgent, startsAt: at, now }, policy);
  if (!preview.people && !preview.blocked) throw new AppError('invalid_input', WORDS.empty);
  const stored: StoredBroadcast = {
    id,
    state: p.draft ? 'draft' : preview.approvalRequired ? 'awaiting_approval' : 'scheduled',
    ...spec,
    message,
    urgent: !preview.approvalRequired && p.urgent,
    urgentRequested: p.urgent,
    scheduledAt: at,
    author,
    authorOfficerId: acting.scope.officerId,
    approvedBy: null,
    approvedAt: null,
    preview,
    cursor: START_CURSOR,
    counters: { notices: 0, blocked: 0, pages: 0 },
    lease: null,
    pausedAt: null,
    cancelledAt: null,
    cancelledBy: null,
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
    summarySentAt: null,
  };
  if (!(await broadcasts.insert(stored))) {
    const earlier = (await broadcasts.byId(id))!;
    return { broadcast: viewOf(earlier), preview: earlier.preview };
  }
  await auditOfficer(acting, {
    action: 'broadcast_create',
    entity: 'broadcast',
    entityIds: [id],
    note: `${stored.state}; ${preview.people} người nhận; ${spec.who}`,
  });
  return { broadcast: viewOf(stored), preview };
}

/** The preview of what `createBroadcast` would store, without storing anything (the compose screen's step). */
export async function previewBroadcast(
  acting: Acting,
  input: unknown,
  policy: BroadcastPolicy = broadcastPolicy(config()),
): Promise<BroadcastPreview> {
  const p = parse(input);
  const { spec, message, at } = await resolve(acting, p);
  return computePreview(spec, message, { urgent: p.urgent, startsAt: at, now: acting.now() }, policy);
}

/** Sends a draft on: to `awaiting_approval` or `scheduled`, the preview computed again. Only its author. */
export async function submitBroadcast(
  acting: Acting,
  id: string,
  policy: BroadcastPolicy = broadcastPolicy(config()),
): Promise<{ broadcast: BroadcastView; preview: BroadcastPreview }> {
  const b = /^[0-9a-f]{24}$/.test(id) ? await broadcasts.byId(id) : null;
  if (!b) throw new AppError('not_found', WORDS.notFound);
  if (b.author !== actorOf(acting.scope)) throw new AppError('forbidden', WORDS.notAuthor);
  if (b.state !== 'draft') throw new AppError('conflict', WORDS.notDraft);
  const now = acting.now();
  const at = b.scheduledAt < now ? now : b.scheduledAt;
  const preview = await computePreview(b, b.message, { urgent: b.urgentRequested, startsAt: at, now }, policy);
  const to = preview.approvalRequired ? 'awaiting_approval' : 'scheduled';
  const res = await broadcasts.transition(
    id,
    ['draft'],
    to,
    {
      preview,
      scheduledAt: at,
      urgent: !preview.approvalRequired && b.urgentRequested,
      correlationId: currentCorrelationId() ?? null,
    },
    now,
  );
  if (!res.ok) throw new AppError('conflict', WORDS.notDraft);
  await auditOfficer(acting, {
    action: 'broadcast_submit',
    entity: 'broadcast',
    entityIds: [id],
    note: `${to}; ${preview.people} người nhận`,
  });
  return { broadcast: viewOf(res.broadcast), preview };
}

export type { BroadcastInput };
