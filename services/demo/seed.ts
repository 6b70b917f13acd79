import { fileURLToPath } from 'node:url';
import { beneficiaries } from '../../models/beneficiary.js';
import { officers } from '../../models/officer.js';
import { officerIdFor } from '../officers/identity.js';
import type { Sealer } from '../crypto.js';
import { previousPeriods, periodOf } from '../format.js';
import { importFile } from '../imports/run-import.js';
import { saveBeneficiaries, type BeneficiaryInput } from '../register/beneficiaries.js';
import { sealNumber } from '../register/sealing.js';
import { savePayments, type PaymentInput } from '../register/payments.js';

const COMMUNES_CSV = fileURLToPath(new URL('../../models/data/communes-demo.csv', import.meta.url));
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ'];
const MIDDLE = ['Văn', 'Thị', 'Đức', 'Thị Thu', 'Minh', 'Thị Ngọc'];
const GIVEN = ['An', 'Bình', 'Cúc', 'Dũng', 'Hà', 'Hùng', 'Lan', 'Mai', 'Nam', 'Phúc', 'Sơn', 'Tâm'];
const COMMUNES = ['00004', '00008', '00103'];
const BANKS = ['970405', '970418', '970436', '970415'];

/** A tiny deterministic generator, so the demo register is the same on every machine. */
function prng(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** What the demo loaded. */
export type DemoSummary = { communes: number; beneficiaries: number; payments: number; officers: number };

/** Loads the demonstration register (one province, three communes, 36 beneficiaries, three months). */
export async function seedDemo(sealer: Sealer, now = new Date()): Promise<DemoSummary> {
  const ctx = { sealer, entryPoint: 'cli' as const, actor: 'demo-seed' };
  const communes = await importFile('communes', COMMUNES_CSV, ctx, { writeRejects: false });
  const rnd = prng(2025);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const people: BeneficiaryInput[] = Array.from({ length: 36 }, (_, i) => {
    const female = i % 2 === 1;
    const name = `${pick(FAMILY)} ${female ? 'Thị' : pick(MIDDLE.filter((m) => !m.startsWith('Thị')))} ${pick(GIVEN)}`;
    const cash = i % 9 === 4;
    const withGuardian = i % 6 === 0;
    return {
      nationalId: `0011${String(40 + (i % 50)).padStart(2, '0')}${String(100000 + i * 7919).slice(-6)}`,
      fullName: name,
      dateOfBirth: `${1935 + (i % 40)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`,
      gender: i % 11 === 10 ? null : female ? 'female' : 'male',
      ethnicity: i % 13 === 12 ? null : 'Kinh',
      phone: i % 10 === 9 ? null : `+8498${String(1000000 + i * 104729).slice(-7)}`,
      provinceCode: '01',
      communeCode: COMMUNES[i % 3]!,
      category: ['social_assistance', 'meritorious', 'poor_household', 'child'][i % 4]!,
      decisionNumber: i % 7 === 6 ? null : `${100 + i}/QĐ-UBND`,
      decisionDate: i % 7 === 6 ? null : `2024-0${(i % 9) + 1}-15`,
      monthlyAmount: [500000, 750000, 1000000, 1500000][i % 4]!,
      paymentMethod: cash ? 'cash_post' : 'bank',
      status: i === 35 ? 'deceased' : 'active',
      guardian: withGuardian
        ? {
            name: `${pick(FAMILY)} Thị ${pick(GIVEN)}`,
            nationalId: null,
            phone: `+8491${String(2000000 + i * 7727).slice(-7)}`,
            relation: 'Con gái',
          }
        : null,
      account: cash
        ? null
        : {
            providerCode: pick(BANKS),
            number: `10${String(10000000 + i * 15485863).slice(-10)}`,
            holderName: name.toUpperCase(),
          },
    };
  });
  const saved = await saveBeneficiaries(people, ctx);
  const periods = previousPeriods(periodOf(now), 3).reverse();
  const pays: PaymentInput[] = periods.flatMap((period, pi) =>
    people
      .filter((p) => p.status === 'active' || pi < 2)
      .map((p, i): PaymentInput => {
        const latest = pi === periods.length - 1;
        const cash = p.paymentMethod === 'cash_post';
        const status = cash
          ? latest
            ? 'cash_ready'
            : 'cash_collected'
          : latest && i % 8 === 3
            ? 'failed'
            : latest && i % 5 === 0
              ? 'scheduled'
              : 'paid';
        return {
          nationalId: p.nationalId,
          period,
          kind: 'monthly',
          amount: p.monthlyAmount,
          status,
          method: p.paymentMethod,
          paidAt: status === 'paid' ? `${period}-10` : null,
          failureReason: status === 'failed' ? 'Tài khoản không tồn tại hoặc đã đóng' : null,
          pickupPlace: cash ? 'Bưu điện văn hóa xã' : null,
          pickupFrom: cash ? `${period}-10` : null,
          pickupTo: cash ? `${period}-20` : null,
        };
      }),
  );
  const paid = await savePayments(pays, ctx);
  const staff = [
    { name: 'Trần Thu Hằng', phone: '+84912000101', role: 'commune_officer' as const, communeCodes: ['00004'] },
    { name: 'Lê Văn Khoa', phone: '+84912000102', role: 'commune_officer' as const, communeCodes: ['00008'] },
    { name: 'Phạm Thị Yến', phone: '+84912000103', role: 'commune_officer' as const, communeCodes: ['00103'] },
    { name: 'Vũ Minh Quang', phone: '+84912000100', role: 'province_admin' as const, communeCodes: [] },
  ];
  let officerCount = 0;
  for (const s of staff) {
    const added = await officers.insertIfAbsent({
      id: officerIdFor(sealer, s.phone),
      name: s.name,
      phone: sealNumber(sealer, 'phone', s.phone),
      role: s.role,
      provinceCode: '01',
      communeCodes: s.communeCodes,
    });
    if (added) officerCount++;
  }
  return { communes: communes.created, beneficiaries: saved.created, payments: paid.created, officers: officerCount };
}

/** Loads the demo only into an empty register; returns null when there was data already. */
export async function seedDemoIfEmpty(sealer: Sealer): Promise<DemoSummary | null> {
  if ((await beneficiaries.count()) > 0) return null;
  return seedDemo(sealer);
}
