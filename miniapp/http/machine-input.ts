import { z } from 'zod';
import { COLUMNS, columnLabel, type ImportKind } from '../../services/imports/columns.js';
import { AppError, type Localized } from '../../services/errors.js';
import {
  BENEFICIARY_STATUSES,
  CATEGORIES,
  GENDERS,
  IDENTITY_FIELDS,
  PAYMENT_METHODS,
  PAYMENT_STATUSES,
  VERIFICATION_RESULTS,
} from '../../services/validation/codes.js';

/** The kinds a machine client pushes, and the name of each one's row in the OpenAPI document. */
export const PUSH_KINDS = {
  payments: { kind: 'payments', row: 'PaymentRow' },
  beneficiaries: { kind: 'beneficiaries', row: 'BeneficiaryRow' },
  verifications: { kind: 'account-verifications', row: 'VerificationResultRow' },
} as const satisfies Record<string, { kind: ImportKind; row: string }>;
/** A push route's name. */
export type PushKind = keyof typeof PUSH_KINDS;
/** The import kinds a machine client pushes. */
export type PushedKind = (typeof PUSH_KINDS)[PushKind]['kind'];

/** The register's codes a column takes: the code, or (as in a file) its Vietnamese label. */
const CODES: Partial<Record<ImportKind, Record<string, readonly [string, ...string[]]>>> = {
  beneficiaries: {
    gender: GENDERS,
    category: CATEGORIES,
    payment_method: PAYMENT_METHODS,
    status: BENEFICIARY_STATUSES,
  },
  payments: { status: PAYMENT_STATUSES, method: PAYMENT_METHODS },
  'account-verifications': { result: VERIFICATION_RESULTS },
};

/**
 * One cell, as bounded here: text, a number or null. Whether the value is right is the file
 * import's converter's to say, row by row, in the same words as for a file.
 */
const cell = z.union([z.string().max(2000), z.number(), z.null()]);

function cellOf(kind: ImportKind, column: string) {
  const label = COLUMNS[kind].aliases[column]?.[0];
  const codes = CODES[kind]?.[column];
  const description = `${label ?? column}${column === 'mismatched_fields' ? `: ${IDENTITY_FIELDS.join(';')}` : ''}`;
  return codes
    ? z.union([z.enum(codes), z.string().max(200), z.null()]).meta({
        description: `${description}: một mã trong danh sách, hoặc nhãn tiếng Việt như trong tệp / a code, or its Vietnamese label`,
      })
    : cell.meta({ description });
}

/**
 * A row of one import kind: the file's columns by their English names. A required column must be
 * there (as a required column must be in a file's header; it may be blank, which rejects the row);
 * an unknown column is refused, so a misspelt one is not silently ignored.
 */
function rowSchemaOf(kind: ImportKind, id: string) {
  const spec = COLUMNS[kind];
  return z
    .strictObject(
      Object.fromEntries([
        ...spec.required.map((c) => [c, cellOf(kind, c)]),
        ...spec.optional.map((c) => [c, cellOf(kind, c).optional()]),
      ]),
    )
    .meta({ id });
}

// Made once: an id names a schema in zod's registry (and the OpenAPI document's components) only once.
const ROWS = Object.fromEntries(
  Object.values(PUSH_KINDS).map(({ kind, row }) => [kind, rowSchemaOf(kind, row)]),
) as Record<PushedKind, ReturnType<typeof rowSchemaOf>>;

/** The row schema of a pushed kind. */
export function rowSchema(kind: PushedKind) {
  return ROWS[kind];
}

/** `{ rows: [...] }` of one kind, at most `maxRows` rows. */
export function rowsBody(kind: PushedKind, maxRows: number) {
  return z.strictObject({
    rows: z
      .array(rowSchema(kind))
      .min(1)
      .max(maxRows)
      .meta({ description: `1–${maxRows} dòng; lỗi của một dòng chỉ ra vị trí của nó trong mảng, đếm từ 1.` }),
  });
}

/** A row refused: its 1-based position in `rows`, the column at fault and why, in Vietnamese. */
export const rowError = z
  .object({ row: z.int().min(1), column: z.string(), reason: z.string() })
  .meta({ id: 'RowError' });

/** The answer to a push: the file import's counts and its row errors. */
export const pushResult = z
  .object({
    rowsRead: z.int(),
    created: z.int(),
    updated: z.int(),
    unchanged: z.int(),
    rejected: z.int(),
    changes: z.int().meta({ description: 'Thay đổi trạng thái chi trả được ghi để gửi thông báo.' }),
    errors: z.array(rowError),
  })
  .meta({ id: 'PushResult' });

/** Every error answer. */
export const errorBody = z.object({ error: z.string(), message: z.string() }).meta({ id: 'Error' });

const WORDS = {
  notObject: {
    vi: 'Nội dung yêu cầu phải là một đối tượng JSON { "rows": [...] }.',
    en: 'The body must be a JSON object { "rows": [...] }.',
  },
  tooMany: (n: number, max: number): Localized => ({
    vi: `Mỗi yêu cầu nhận tối đa ${max.toLocaleString('vi-VN')} dòng; yêu cầu này có ${n.toLocaleString('vi-VN')} dòng. Xin chia thành nhiều yêu cầu.`,
    en: `A request takes at most ${max} rows; this one has ${n}. Please split it into several requests.`,
  }),
};

/** One sentence per problem of the body's shape, naming the row (1-based) and the column. */
function describe(kind: ImportKind, error: z.ZodError, rows: unknown): Localized {
  const lines = error.issues.slice(0, 5).map((issue) => {
    const [top, index, column] = issue.path;
    const where =
      top === 'rows' && typeof index === 'number'
        ? { vi: `Dòng ${index + 1}`, en: `Row ${index + 1}` }
        : { vi: 'Yêu cầu', en: 'Request' };
    if (issue.code === 'unrecognized_keys')
      return {
        vi: `${where.vi}: cột không có trong danh sách: ${issue.keys.join(', ')}.`,
        en: `${where.en}: unknown column(s): ${issue.keys.join(', ')}.`,
      };
    if (typeof column === 'string') {
      const row = Array.isArray(rows) && typeof index === 'number' ? (rows[index] as Record<string, unknown>) : {};
      const missing = row[column] === undefined;
      return missing
        ? {
            vi: `${where.vi}: thiếu cột bắt buộc ${columnLabel(kind, column)}.`,
            en: `${where.en}: required column ${column} is missing.`,
          }
        : {
            vi: `${where.vi}, cột ${column}: giá trị phải là chữ, số hoặc null.`,
            en: `${where.en}, column ${column}: the value must be text, a number or null.`,
          };
    }
    if (top === 'rows' && index === undefined)
      return { vi: 'Cần "rows": một mảng có ít nhất một dòng.', en: '"rows" must be an array with at least one row.' };
    return {
      vi: `${where.vi}: mỗi dòng phải là một đối tượng JSON.`,
      en: `${where.en}: each row must be a JSON object.`,
    };
  });
  return { vi: lines.map((l) => l.vi).join(' '), en: lines.map((l) => l.en).join(' ') };
}

/** The rows of a push body; too many is 413, a wrong shape 400, each saying what to fix. */
export function parseRows(kind: PushedKind, body: unknown, maxRows: number): Record<string, unknown>[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new AppError('invalid_input', WORDS.notObject);
  const rows = (body as { rows?: unknown }).rows;
  if (Array.isArray(rows) && rows.length > maxRows)
    throw new AppError('too_large', WORDS.tooMany(rows.length, maxRows));
  const parsed = rowsBody(kind, maxRows).safeParse(body);
  if (!parsed.success) throw new AppError('invalid_input', describe(kind, parsed.error, rows));
  return parsed.data.rows as Record<string, unknown>[];
}
