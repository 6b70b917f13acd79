import { once } from 'node:events';
import fs from 'node:fs';
import { previousPeriods, periodOf } from '../../services/format.js';

/** Deterministic officer spreadsheets (beneficiaries and one month of payments) shared by the benchmarks. */

const FAMILY = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Phan',
  'Vũ',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
];
const MIDDLE_MALE = ['Văn', 'Hữu', 'Đức', 'Minh', 'Quốc', 'Thành', 'Xuân'];
const MIDDLE_FEMALE = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Diệu', 'Phương'];
const GIVEN_MALE = [
  'An',
  'Bình',
  'Cường',
  'Dũng',
  'Đông',
  'Hải',
  'Hùng',
  'Khánh',
  'Long',
  'Nam',
  'Phúc',
  'Quý',
  'Sơn',
  'Thắng',
  'Tuấn',
  'Việt',
];
const GIVEN_FEMALE = [
  'Anh',
  'Châu',
  'Dung',
  'Hà',
  'Hạnh',
  'Hương',
  'Lan',
  'Liên',
  'Mai',
  'Ngân',
  'Nhung',
  'Oanh',
  'Thảo',
  'Trang',
  'Tuyết',
  'Yến',
];
const ETHNICITIES = ['Kinh', 'Kinh', 'Kinh', 'Kinh', 'Tày', 'Thái', 'Mường', 'Khmer', "H'Mông", 'Nùng'];
const CATEGORIES = ['social_assistance', 'meritorious', 'poor_household', 'near_poor_household', 'child', 'other'];
const COMMUNES = ['00004', '00008', '00103'];
const BANKS = ['970405', '970436', '970418', '970415', '970422'];
const AMOUNTS = [500_000, 750_000, 1_000_000, 1_500_000, 2_250_000];
const FAILURES = [
  'Sai số tài khoản, ngân hàng trả về',
  'Tài khoản đã đóng',
  'Tên chủ tài khoản không khớp, cần đối chiếu lại',
];
const PICKUP_PLACES = ['Bưu điện Ba Đình, 12 Điện Biên Phủ', 'Bưu điện Ngọc Hà', 'Bưu điện Sóc Sơn, thị trấn Sóc Sơn'];

export const BENEFICIARY_HEADER = [
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
  'account_provider',
  'account_number',
  'account_holder',
];
export const PAYMENT_HEADER = [
  'national_id',
  'period',
  'amount',
  'status',
  'method',
  'paid_at',
  'failure_reason',
  'pickup_place',
  'pickup_from',
  'pickup_to',
];

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const pick = <T>(list: readonly T[], n: number): T => list[n % list.length]!;
/** Vietnamese thousands separators: 500000 → "500.000". */
const dong = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csvLine = (cells: readonly string[]) => cells.map(csvCell).join(',') + '\n';

/** A small deterministic PRNG (mulberry32), so runs are comparable and generation is cheap. */
function prng(seed: number) {
  let a = seed >>> 0;
  return (max: number) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % max;
  };
}

export type Person = { nationalId: string; amount: number; method: 'bank' | 'cash_post' };

/** Deterministic per-row facts both files agree on. */
export function person(i: number): Person {
  const r = prng(i * 7919 + 17);
  return {
    // 12 digits: province 001, a century/gender digit, then a unique 8-digit sequence.
    nationalId: `001${1 + (i % 2)}${pad(10_000_000 + i, 8).slice(-8)}`,
    amount: pick(AMOUNTS, r(AMOUNTS.length)),
    method: r(100) < 70 ? 'bank' : 'cash_post',
  };
}

/** Writes `rows` lines made by `line(i)` through a write stream, respecting back-pressure. */
export async function writeCsv(
  file: string,
  header: readonly string[],
  rows: number,
  line: (i: number) => string,
): Promise<void> {
  const stream = fs.createWriteStream(file, { encoding: 'utf8' });
  const closed = once(stream, 'close');
  stream.write(csvLine(header));
  const CHUNK = 500;
  for (let start = 0; start < rows; start += CHUNK) {
    let chunk = '';
    for (let i = start; i < Math.min(rows, start + CHUNK); i++) chunk += line(i);
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
  stream.end();
  await closed;
}

export function beneficiaryLine(i: number): string {
  const p = person(i);
  const r = prng(i * 104_729 + 3);
  const female = r(2) === 1;
  const name = `${pick(FAMILY, r(FAMILY.length))} ${female ? pick(MIDDLE_FEMALE, r(7)) : pick(MIDDLE_MALE, r(7))} ${female ? pick(GIVEN_FEMALE, r(16)) : pick(GIVEN_MALE, r(16))}`;
  const born = `${pad(1 + r(28), 2)}/${pad(1 + r(12), 2)}/${1930 + r(80)}`;
  const decided = `${pad(1 + r(28), 2)}/${pad(1 + r(12), 2)}/${2015 + r(10)}`;
  const bank = p.method === 'bank';
  return csvLine([
    p.nationalId,
    name,
    born,
    female ? 'Nữ' : 'Nam',
    pick(ETHNICITIES, r(ETHNICITIES.length)),
    `09${pad(r(100_000_000), 8)}`,
    '01',
    pick(COMMUNES, i),
    pick(CATEGORIES, r(CATEGORIES.length)),
    `${1 + r(2000)}/QĐ-UBND`,
    decided,
    dong(p.amount),
    p.method,
    bank ? pick(BANKS, r(BANKS.length)) : '',
    bank ? `${1 + r(9)}${pad(r(1_000_000_000), 9)}${pad(r(1000), 3)}` : '',
    bank ? name.toLocaleUpperCase('vi') : '',
  ]);
}

/** Payment period used by the bench: last month, so every date in the file is in the past. */
export const PERIOD = previousPeriods(periodOf(), 2)[1]!;
export const [PERIOD_YEAR, PERIOD_MONTH] = PERIOD.split('-') as [string, string];
const inPeriod = (day: number) => `${pad(day, 2)}/${PERIOD_MONTH}/${PERIOD_YEAR}`;

export function paymentLine(i: number): string {
  const p = person(i);
  const r = prng(i * 15_485_863 + 11);
  const roll = r(100);
  const period = `${PERIOD_MONTH}/${PERIOD_YEAR}`;
  const amount = dong(p.amount);
  if (p.method === 'bank') {
    // Bank: 80% paid, 12% scheduled, 8% failed.
    if (roll < 80) return csvLine([p.nationalId, period, amount, 'paid', 'bank', inPeriod(5 + r(15)), '', '', '', '']);
    if (roll < 92) return csvLine([p.nationalId, period, amount, 'scheduled', 'bank', '', '', '', '', '']);
    return csvLine([
      p.nationalId,
      period,
      amount,
      'failed',
      'bank',
      '',
      pick(FAILURES, r(FAILURES.length)),
      '',
      '',
      '',
    ]);
  }
  // Cash at the post office: 85% ready for pickup, 15% scheduled.
  if (roll < 85) {
    const from = 10 + r(5);
    return csvLine([
      p.nationalId,
      period,
      amount,
      'cash_ready',
      'cash_post',
      '',
      '',
      pick(PICKUP_PLACES, i),
      inPeriod(from),
      inPeriod(from + 10),
    ]);
  }
  return csvLine([p.nationalId, period, amount, 'scheduled', 'cash_post', '', '', '', '', '']);
}
