// STUB (helper C, officer mini-app): helper D writes the real one; the lead keeps D's at merge.
import type { Localized } from '../errors.js';
import { areaOf, type Acting } from './scope.js';
import { communesByCode } from '../register/communes.js';

/** STUB: the fields the missing-data report counts, with words for officers. */
export const MISSING_FIELDS = {
  national_id: { vi: 'Số định danh 12 số', en: '12-digit ID number' },
  gender: { vi: 'Giới tính', en: 'Gender' },
  ethnicity: { vi: 'Dân tộc', en: 'Ethnicity' },
  decision: { vi: 'Số/ngày quyết định', en: 'Decision number/date' },
  account: { vi: 'Tài khoản nhận tiền', en: 'Account details' },
} satisfies Record<string, Localized>;

type Counts = { active: number; missingAny: number; missing: Record<string, number> };
const FIXED: Counts = { active: 1, missingAny: 1, missing: { gender: 1 } };

/** STUB: fixed counts, scope-checked. */
export async function missingDataReport(
  acting: Acting,
  opts: { communes?: string[] } = {},
): Promise<{ communes: ({ code: string; name: string } & Counts)[]; totals: Counts }> {
  areaOf(acting.scope, opts.communes ?? [], await provinceOfCommunes());
  return { communes: [{ code: '00004', name: 'Phường Ba Đình', ...FIXED }], totals: FIXED };
}

/** STUB: one fixed row, scope-checked. */
export async function missingDataList(
  acting: Acting,
  opts: { commune?: string; field?: string; page?: number; pageSize?: number } = {},
): Promise<{
  items: {
    ref: string;
    fullName: string;
    communeCode: string;
    communeName: string;
    idMasked: string;
    missing: string[];
  }[];
  total: number;
  page: number;
  pageSize: number;
}> {
  areaOf(acting.scope, opts.commune ? [opts.commune] : [], await provinceOfCommunes());
  return {
    items: [
      {
        ref: '000000000000000000000002',
        fullName: 'Nguyễn Thị Lan',
        communeCode: '00004',
        communeName: 'Phường Ba Đình',
        idMasked: '•••• 0001',
        missing: ['gender'],
      },
    ],
    total: 1,
    page: opts.page ?? 1,
    pageSize: opts.pageSize ?? 20,
  };
}

/** STUB: commune → province, for areaOf. */
export async function provinceOfCommunes(): Promise<Map<string, string>> {
  return new Map([...(await communesByCode())].map(([code, c]) => [code, c.provinceCode]));
}
