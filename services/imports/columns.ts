import { foldVietnamese } from '../validation/values.js';

/** Kinds of spreadsheet a commune or province officer can import. */
export const IMPORT_KINDS = ['beneficiaries', 'payments', 'communes', 'account-verifications'] as const;

/** One import kind. */
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Columns of one import kind: canonical English names, which must be present, and Vietnamese header aliases. */
export type ColumnSpec = {
  required: readonly string[];
  optional: readonly string[];
  aliases: Record<string, readonly string[]>;
};

/** Column layout of every import kind; the first alias of a column is its Vietnamese label. */
export const COLUMNS: Record<ImportKind, ColumnSpec> = {
  beneficiaries: {
    required: [
      'national_id',
      'full_name',
      'date_of_birth',
      'gender',
      'ethnicity',
      'phone',
      'province_code',
      'commune_code',
      'category',
      'decision_number',
      'decision_date',
      'monthly_amount',
      'payment_method',
    ],
    optional: [
      'guardian_name',
      'guardian_national_id',
      'guardian_phone',
      'guardian_relation',
      'status',
      'account_provider',
      'account_number',
      'account_holder',
      'date_of_death',
      'moved_to',
    ],
    aliases: {
      national_id: ['Số định danh cá nhân', 'Số CCCD', 'CCCD', 'Số định danh', 'Số CCCD/định danh cá nhân'],
      full_name: ['Họ, chữ đệm và tên', 'Họ và tên', 'Họ tên', 'Họ tên đối tượng'],
      date_of_birth: ['Ngày sinh', 'Ngày tháng năm sinh'],
      gender: ['Giới tính'],
      ethnicity: ['Dân tộc'],
      phone: ['Số điện thoại', 'Điện thoại', 'SĐT', 'Số ĐT'],
      province_code: ['Mã tỉnh', 'Mã tỉnh/thành phố'],
      commune_code: ['Mã xã', 'Mã xã/phường', 'Mã xã/phường/đặc khu'],
      category: ['Nhóm đối tượng', 'Đối tượng', 'Loại đối tượng'],
      decision_number: ['Số quyết định', 'Số QĐ'],
      decision_date: ['Ngày quyết định', 'Ngày QĐ'],
      monthly_amount: [
        'Mức trợ cấp hằng tháng',
        'Mức trợ cấp hàng tháng',
        'Mức trợ cấp',
        'Số tiền hằng tháng',
        'Số tiền hàng tháng',
      ],
      payment_method: ['Hình thức chi trả', 'Hình thức nhận'],
      guardian_name: [
        'Họ tên người giám hộ/ủy quyền',
        'Người giám hộ',
        'Người được ủy quyền',
        'Họ tên người giám hộ',
        'Họ tên người được ủy quyền',
      ],
      guardian_national_id: ['Số định danh người giám hộ', 'CCCD người giám hộ', 'Số định danh người được ủy quyền'],
      guardian_phone: ['Số điện thoại người giám hộ', 'SĐT người giám hộ', 'Số điện thoại người được ủy quyền'],
      guardian_relation: ['Quan hệ với đối tượng', 'Quan hệ'],
      status: ['Trạng thái', 'Tình trạng'],
      account_provider: ['Mã ngân hàng', 'Ngân hàng', 'Nơi mở tài khoản'],
      account_number: ['Số tài khoản', 'Số tài khoản/ví'],
      account_holder: ['Chủ tài khoản', 'Tên chủ tài khoản'],
      date_of_death: ['Ngày mất', 'Ngày từ trần', 'Ngày chết'],
      moved_to: ['Nơi chuyển đến', 'Mã xã/tỉnh chuyển đến', 'Chuyển đến'],
    },
  },
  payments: {
    required: ['national_id', 'period', 'amount', 'status'],
    optional: ['method', 'paid_at', 'failure_reason', 'pickup_place', 'pickup_from', 'pickup_to', 'kind'],
    aliases: {
      national_id: ['Số định danh cá nhân', 'Số CCCD', 'CCCD', 'Số định danh'],
      period: ['Kỳ chi trả', 'Tháng'],
      amount: ['Số tiền'],
      status: ['Trạng thái'],
      method: ['Hình thức chi trả'],
      paid_at: ['Ngày chi trả', 'Ngày chuyển khoản'],
      failure_reason: ['Lý do', 'Lý do không thành công'],
      pickup_place: ['Nơi nhận tiền mặt', 'Điểm chi trả'],
      pickup_from: ['Nhận từ ngày', 'Từ ngày'],
      pickup_to: ['Nhận đến ngày', 'Đến ngày'],
      kind: ['Loại trợ cấp'],
    },
  },
  communes: {
    required: ['code', 'name', 'province_code'],
    optional: ['legacy_district', 'address', 'office_hours'],
    aliases: {
      code: ['Mã xã', 'Mã'],
      name: ['Tên xã', 'Tên'],
      province_code: ['Mã tỉnh'],
      legacy_district: ['Huyện cũ', 'Quận/huyện cũ'],
      address: ['Địa chỉ', 'Địa chỉ trụ sở', 'Địa chỉ UBND'],
      office_hours: ['Giờ làm việc', 'Giờ tiếp dân'],
    },
  },
  'account-verifications': {
    required: ['national_id', 'result'],
    optional: [
      'mismatched_fields',
      'reason',
      'verified_at',
      'population_full_name',
      'population_date_of_birth',
      'population_place_of_origin',
      'population_permanent_residence',
    ],
    aliases: {
      national_id: ['Số định danh cá nhân', 'Số CCCD', 'CCCD', 'Số định danh'],
      result: ['Kết quả', 'Kết quả xác thực'],
      mismatched_fields: ['Trường sai lệch', 'Thông tin sai lệch'],
      reason: ['Lý do', 'Ghi chú'],
      verified_at: ['Ngày xác thực'],
      population_full_name: ['Họ tên theo CSDL dân cư', 'Họ, chữ đệm và tên theo CSDL dân cư'],
      population_date_of_birth: ['Ngày sinh theo CSDL dân cư'],
      population_place_of_origin: ['Quê quán theo CSDL dân cư'],
      population_permanent_residence: ['Nơi thường trú theo CSDL dân cư'],
    },
  },
};

/** Folds a header cell for matching: no diacritics, lower case, punctuation such as `_ - . ( ) :` read as spaces. */
export function foldHeader(text: string): string {
  return foldVietnamese(text.replace(/[_\-.():,*]/g, ' ').replace(/\s*\/\s*/g, '/'));
}

const lookups = new Map<ImportKind, Map<string, string>>();

function lookupFor(kind: ImportKind): Map<string, string> {
  let lookup = lookups.get(kind);
  if (lookup === undefined) {
    lookup = new Map();
    const spec = COLUMNS[kind];
    for (const column of [...spec.required, ...spec.optional]) {
      for (const name of [column, ...(spec.aliases[column] ?? [])]) lookup.set(foldHeader(name), column);
    }
    lookups.set(kind, lookup);
  }
  return lookup;
}

/** Canonical column a header cell names, or null; text in brackets such as "(CCCD)" or "(đồng)" may be left off. */
export function matchColumn(kind: ImportKind, cell: unknown): string | null {
  if (typeof cell !== 'string' && typeof cell !== 'number') return null;
  const lookup = lookupFor(kind);
  const text = String(cell);
  return lookup.get(foldHeader(text)) ?? lookup.get(foldHeader(text.replace(/\([^)]*\)|\[[^\]]*\]/g, ' '))) ?? null;
}

/** Vietnamese label and English name of a column, as named in messages to officers. */
export function columnLabel(kind: ImportKind, column: string): string {
  const label = COLUMNS[kind].aliases[column]?.[0];
  return label === undefined ? column : `"${label}" (${column})`;
}

/** Spreadsheet letter of a 0-based column position (0 → A, 26 → AA). */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** Maps a header row to canonical columns per position (null = unknown, ignored); fails when a required column is missing or doubled. */
export function mapHeader(
  kind: ImportKind,
  headerCells: unknown[],
): { ok: true; columns: (string | null)[] } | { ok: false; reason: string } {
  const columns = headerCells.map((cell) => matchColumn(kind, cell));
  const problems: string[] = [];
  const seen = new Map<string, number>();
  columns.forEach((column, index) => {
    if (column === null) return;
    const first = seen.get(column);
    if (first === undefined) seen.set(column, index);
    else
      problems.push(
        `Cột ${columnLabel(kind, column)} xuất hiện hai lần (cột ${columnLetter(first)} và cột ${columnLetter(index)}); vui lòng chỉ giữ lại một cột.`,
      );
  });
  const missing = COLUMNS[kind].required.filter((column) => !seen.has(column));
  if (missing.length > 0) {
    problems.unshift(
      `Tệp thiếu cột bắt buộc: ${missing.map((column) => columnLabel(kind, column)).join(', ')}. Vui lòng kiểm tra lại dòng tiêu đề.`,
    );
  }
  return problems.length > 0 ? { ok: false, reason: problems.join(' ') } : { ok: true, columns };
}
