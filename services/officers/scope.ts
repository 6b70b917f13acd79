import type { EntryPoint } from '../../models/audit.js';
import { provinceByCode } from '../../models/provinces.js';
import { AppError, type Localized } from '../errors.js';

/**
 * What an acting person may reach. Every officer read and write passes through here on the server:
 * a commune officer reaches the records of their communes, a province administrator those of their
 * province. The operator at the server's command line (no `--officer`) reaches everything.
 */
export type Scope =
  | { role: 'commune_officer'; officerId: string; name: string; provinceCode: string; communeCodes: readonly string[] }
  | { role: 'province_admin'; officerId: string; name: string; provinceCode: string; communeCodes: readonly [] }
  | { role: 'operator'; officerId: null; name: string; provinceCode: null; communeCodes: readonly [] }
  /** A machine client (the ministry's payment system, a provincial portal) holding one province's API key. */
  | {
      role: 'api_client';
      officerId: null;
      keyId: string;
      name: string;
      provinceCode: string;
      communeCodes: readonly [];
    };

/** The operator at the server's command line. */
export const OPERATOR: Scope = { role: 'operator', officerId: null, name: 'cli', provinceCode: null, communeCodes: [] };

/** Where records live, as the models filter them: a province, some communes, both, or everything ({}). */
export type Area = { provinceCode?: string; communeCodes?: readonly string[] };

export const SCOPE_WORDS = {
  outside: {
    vi: 'Hồ sơ này không thuộc địa bàn anh/chị phụ trách.',
    en: 'This record is outside the area you are responsible for.',
  },
  communeOutside: {
    vi: 'Xã/phường này không thuộc địa bàn anh/chị phụ trách.',
    en: 'This commune is outside the area you are responsible for.',
  },
  notOfficer: {
    vi: 'Chức năng này chỉ dành cho cán bộ. Xin nhập mã mời cán bộ trước.',
    en: 'This is for officers only. Please enter your officer invite code first.',
  },
  adminOnly: {
    vi: 'Chức năng này chỉ dành cho quản trị viên cấp tỉnh.',
    en: 'This is for province administrators only.',
  },
} satisfies Record<string, Localized>;

/** The actor an audit entry names: `officer:<id>`, `apikey:<id>` for a machine client, or `cli` for the operator. */
export function actorOf(scope: Scope): string {
  if (scope.role === 'api_client') return `apikey:${scope.keyId}`;
  return scope.officerId ? `officer:${scope.officerId}` : 'cli';
}

/** Whether a record in this commune of this province is within reach. */
export function reaches(scope: Scope, place: { provinceCode: string; communeCode: string }): boolean {
  if (scope.role === 'operator') return true;
  if (scope.role === 'province_admin' || scope.role === 'api_client') return place.provinceCode === scope.provinceCode;
  return place.provinceCode === scope.provinceCode && scope.communeCodes.includes(place.communeCode);
}

/** Refuses (403, said in Vietnamese) a record outside the scope. */
export function assertReaches(scope: Scope, place: { provinceCode: string; communeCode: string }): void {
  if (!reaches(scope, place)) throw new AppError('forbidden', SCOPE_WORDS.outside);
}

/** Refuses anyone but a province administrator (or the operator). */
export function assertProvinceAdmin(scope: Scope): void {
  if (scope.role === 'commune_officer') throw new AppError('forbidden', SCOPE_WORDS.adminOnly);
}

/** The words for a province code that is not one of the 34. */
export const unknownProvince = (provinceCode: string): Localized => ({
  vi: `Mã tỉnh ${provinceCode} không có trong danh sách 34 tỉnh, thành phố.`,
  en: `Province code ${provinceCode} is not one of the 34 provinces.`,
});

/**
 * Refuses a change to a province's own settings (its texts, what it pays for) to anyone but the
 * operator or that province's administrator; an unknown province code is said so first.
 */
export function assertProvinceSettingsOf(scope: Scope, provinceCode: string): void {
  if (!provinceByCode(provinceCode)) throw new AppError('invalid_input', unknownProvince(provinceCode));
  assertProvinceAdmin(scope);
  if (scope.provinceCode !== null && scope.provinceCode !== provinceCode)
    throw new AppError('forbidden', SCOPE_WORDS.communeOutside);
}

/**
 * The area a query may cover: the scope's own, narrowed to the communes asked for. Asking for a
 * commune outside the scope is refused rather than silently dropped, so the officer knows.
 * `communeProvince` says which province a requested commune belongs to (for province administrators).
 */
export function areaOf(scope: Scope, requested: readonly string[] = [], communeProvince?: Map<string, string>): Area {
  const wanted = [...new Set(requested)];
  if (scope.role === 'commune_officer') {
    if (wanted.some((c) => !scope.communeCodes.includes(c)))
      throw new AppError('forbidden', SCOPE_WORDS.communeOutside);
    return { provinceCode: scope.provinceCode, communeCodes: wanted.length ? wanted : scope.communeCodes };
  }
  if (scope.role === 'province_admin' || scope.role === 'api_client') {
    if (communeProvince && wanted.some((c) => communeProvince.get(c) !== scope.provinceCode))
      throw new AppError('forbidden', SCOPE_WORDS.communeOutside);
    return wanted.length
      ? { provinceCode: scope.provinceCode, communeCodes: wanted }
      : { provinceCode: scope.provinceCode };
  }
  return wanted.length ? { communeCodes: wanted } : {};
}

/** Who acts, through which door, at what time: what every officer service takes and the audit log records. */
export type Acting = {
  scope: Scope;
  entryPoint: EntryPoint;
  /** For the mini-app: the door it was opened through (telegram, zalo, web). */
  via?: string;
  now: () => Date;
};
