import { z } from 'zod';
import { AppError, type Localized } from '../../services/errors.js';
import { BUTTON_LABEL_MAX } from '../../services/notifications/templates/schemas.js';

/**
 * The shape of a broadcast request as the mini-app and other systems send it. Bounded so a hostile
 * body cannot make us work hard; the rules of the domain (text length per channel, scope, the
 * template checks) are the service's, which words its own refusals.
 */
const commune = z.string().regex(/^\d{5}$/);
const codes = <T extends readonly [string, ...string[]]>(values: T) => z.array(z.enum(values)).max(values.length);

const text = (max: number) => z.string().trim().min(1).max(max);
const announcement = z.strictObject({ title: text(120), body: text(3000) });

export const broadcastBody = z.strictObject({
  /** The client's key for this request: the same key twice makes one broadcast, not two. */
  requestKey: z.string().trim().min(1).max(100).optional(),
  /** Only the operator names one; an officer's broadcast is their province's. */
  provinceCode: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  communeCodes: z.array(commune).max(500).optional(),
  who: z.enum(['beneficiaries', 'officers', 'both']),
  filters: z
    .strictObject({
      categories: codes([
        'social_assistance',
        'meritorious',
        'poor_household',
        'near_poor_household',
        'child',
        'other',
      ]).optional(),
      verification: codes(['none', 'submitted', 'verifying', 'verified', 'mismatch', 'rejected']).optional(),
      paymentStatus: codes([
        'none',
        'scheduled',
        'paid',
        'failed',
        'returned',
        'cash_ready',
        'cash_collected',
      ]).optional(),
      lang: z.enum(['vi', 'en']).optional(),
    })
    .optional(),
  message: z.strictObject({
    vi: announcement,
    en: announcement.nullish(),
    button: z
      .discriminatedUnion('kind', [
        z.strictObject({
          kind: z.literal('link'),
          url: z.url({ protocol: /^https?$/ }).max(2000),
          label: z.string().trim().max(BUTTON_LABEL_MAX).nullish(),
        }),
        z.strictObject({ kind: z.literal('miniapp') }),
      ])
      .nullish(),
  }),
  urgent: z.boolean().optional(),
  scheduledAt: z.iso.datetime({ offset: true }).nullish(),
  /** true: stored as a draft with its preview, sent on by `POST …/:id/submit`. */
  draft: z.boolean().optional(),
});

export type BroadcastBody = z.infer<typeof broadcastBody>;

/** The approver's choices. */
export const approveBody = z.strictObject({ urgent: z.boolean().optional() }).default({});

/** What a person calls each field of the body, so a refusal names what to fix. */
const FIELD_NAMES: Record<string, Localized> = {
  communeCodes: { vi: 'Xã/phường (mã 5 chữ số)', en: 'Communes (5-digit codes)' },
  who: { vi: 'Người nhận', en: 'Recipients' },
  filters: { vi: 'Bộ lọc', en: 'Filters' },
  'filters.categories': { vi: 'Nhóm đối tượng', en: 'Category' },
  'filters.verification': { vi: 'Trạng thái xác thực tài khoản', en: 'Account verification state' },
  'filters.paymentStatus': { vi: 'Trạng thái chi trả kỳ này', en: "This period's payment status" },
  'filters.lang': { vi: 'Ngôn ngữ', en: 'Language' },
  message: { vi: 'Nội dung', en: 'Message' },
  'message.vi': { vi: 'Nội dung tiếng Việt', en: 'Vietnamese text' },
  'message.vi.title': { vi: 'Tiêu đề tiếng Việt (tối đa 120 ký tự)', en: 'Vietnamese title (120 characters at most)' },
  'message.vi.body': {
    vi: 'Nội dung tiếng Việt (tối đa 3000 ký tự)',
    en: 'Vietnamese text (3,000 characters at most)',
  },
  'message.en': { vi: 'Nội dung tiếng Anh', en: 'English text' },
  'message.en.title': { vi: 'Tiêu đề tiếng Anh (tối đa 120 ký tự)', en: 'English title (120 characters at most)' },
  'message.en.body': { vi: 'Nội dung tiếng Anh (tối đa 3000 ký tự)', en: 'English text (3,000 characters at most)' },
  'message.button': { vi: 'Nút bấm', en: 'Button' },
  'message.button.kind': { vi: 'Loại nút bấm', en: 'Button kind' },
  'message.button.url': { vi: 'Địa chỉ liên kết của nút (https://…)', en: "The button's link (https://…)" },
  'message.button.label': {
    vi: `Chữ trên nút (tối đa ${BUTTON_LABEL_MAX} ký tự)`,
    en: `Button label (${BUTTON_LABEL_MAX} characters at most)`,
  },
  scheduledAt: { vi: 'Thời điểm gửi', en: 'Send time' },
  urgent: { vi: 'Khẩn', en: 'Urgent' },
  requestKey: { vi: 'Mã yêu cầu', en: 'Request key' },
  provinceCode: { vi: 'Mã tỉnh (2 chữ số)', en: 'Province code (2 digits)' },
  draft: { vi: 'Bản nháp', en: 'Draft' },
};

const PROBLEMS = {
  missing: { vi: 'còn thiếu', en: 'is missing' },
  empty: { vi: 'không được để trống', en: 'must not be empty' },
  tooLong: { vi: 'quá dài', en: 'is too long' },
  tooMany: { vi: 'chọn quá nhiều', en: 'has too many entries' },
  notAllowed: { vi: 'có giá trị không được chấp nhận', en: 'has a value that is not accepted' },
  badFormat: { vi: 'sai định dạng', en: 'is not in the right format' },
  unknownField: { vi: 'Trường không được chấp nhận', en: 'Field not accepted' },
} satisfies Record<string, Localized>;

const NOT_AN_OBJECT: Localized = {
  vi: 'Yêu cầu phải là một đối tượng JSON.',
  en: 'The request must be a JSON object.',
};

function fieldName(path: readonly PropertyKey[]): Localized {
  const key = path.filter((p) => typeof p === 'string').join('.');
  return FIELD_NAMES[key] ?? { vi: key || 'Yêu cầu', en: key || 'Request' };
}

function problemOf(issue: z.core.$ZodIssue, input: unknown): Localized {
  if (input === undefined && issue.code !== 'custom') return PROBLEMS.missing;
  if (issue.code === 'invalid_type') return PROBLEMS.badFormat;
  if (issue.code === 'too_small') return PROBLEMS.empty;
  if (issue.code === 'too_big') return issue.origin === 'array' ? PROBLEMS.tooMany : PROBLEMS.tooLong;
  if (issue.code === 'invalid_value' || issue.code === 'invalid_union') return PROBLEMS.notAllowed;
  return PROBLEMS.badFormat;
}

/** The value at a path of the body, to tell "missing" from "of the wrong kind". */
function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = body;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

/** One sentence per problem, in both languages: «Nội dung tiếng Việt: không được để trống.» */
function describe(error: z.ZodError, body: unknown): Localized {
  const lines = error.issues.slice(0, 5).map((issue) => {
    if (issue.code === 'unrecognized_keys')
      return {
        vi: `${PROBLEMS.unknownField.vi}: ${issue.keys.join(', ')}.`,
        en: `${PROBLEMS.unknownField.en}: ${issue.keys.join(', ')}.`,
      };
    const name = fieldName(issue.path);
    const problem = problemOf(issue, valueAt(body, issue.path));
    return { vi: `${name.vi}: ${problem.vi}.`, en: `${name.en}: ${problem.en}.` };
  });
  return { vi: lines.map((l) => l.vi).join(' '), en: lines.map((l) => l.en).join(' ') };
}

/** Parses a body with a schema; refuses (400) with what was wrong, in Vietnamese and English. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body)))
    throw new AppError('invalid_input', NOT_AN_OBJECT);
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw new AppError('invalid_input', describe(parsed.error, body ?? {}));
  return parsed.data;
}
