import type { MovedTo } from '../../models/beneficiary.js';
import type { Commune } from '../../models/commune.js';
import type { CommuneInput } from '../register/communes.js';
import { provinceByCode } from '../../models/provinces.js';
import type { BeneficiaryInput } from '../register/beneficiaries.js';
import type { PaymentInput } from '../register/payments.js';
import { findProvider } from '../register/providers.js';
import type { VerificationInput } from '../register/verifications.js';
import * as c from '../validation/codes.js';
import * as v from '../validation/values.js';
import { RowReader, type CellError } from './row-reader.js';

/** One row turned into a record (with the key that must be unique in a file) or into errors. */
export type Converted<T> = { value: T; key: string; errors: [] } | { value: null; key: null; errors: CellError[] };

/** What converters need to know beyond the row. */
export type RowContext = { today: string; communes: Map<string, Commune> };

const text = (max: number) => (raw: unknown) => v.parseText(raw, { max });
/** Text of a cell that holds text or a number; anything else (String() may throw on it) reads as nothing. */
const cellText = (raw: unknown): string => (typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '');

/** A bank account number: 6–19 digits, spaces, dots and dashes ignored. */
const accountDigits = (raw: unknown): v.Parsed<string> => {
  const s = cellText(raw).replace(/[\s.-]/g, '');
  return /^[0-9]{6,19}$/.test(s) ? v.ok(s) : v.fail('Số tài khoản phải gồm 6–19 chữ số.');
};

function done<T>(r: RowReader, value: T | null, key: string): Converted<T> {
  return r.errors.length || value === null ? { value: null, key: null, errors: r.errors } : { value, key, errors: [] };
}

/** A commune row: five-digit code under one of today's 34 provinces. */
export function convertCommune(values: Record<string, unknown>): Converted<CommuneInput> {
  const r = new RowReader(values);
  const code = r.need('code', (x) => v.parseCode(x, 5));
  const name = r.need('name', text(120));
  const provinceCode = r.need('province_code', (x) => v.parseCode(x, 2));
  const legacyDistrict = r.may('legacy_district', text(120));
  // Columns the file does not have stay undefined: the stored office address and hours are kept.
  const office = {
    ...('address' in values ? { address: r.may('address', text(200)) } : {}),
    ...('office_hours' in values ? { officeHours: r.may('office_hours', text(120)) } : {}),
  };
  if (provinceCode && !provinceByCode(provinceCode))
    r.fail('province_code', `Mã tỉnh ${provinceCode} không có trong danh sách 34 tỉnh, thành phố từ 01/7/2025.`);
  return done(
    r,
    code && name && provinceCode ? { code, name, provinceCode, legacyDistrict, ...office } : null,
    code ?? '',
  );
}

/** A beneficiary row; the commune must be registered and belong to the province given. */
export function convertBeneficiary(values: Record<string, unknown>, ctx: RowContext): Converted<BeneficiaryInput> {
  const r = new RowReader(values);
  const nationalId = r.need('national_id', v.parseRegisterId);
  const fullName = r.need('full_name', text(120));
  const dateOfBirth = r.need('date_of_birth', (x) => v.parseDateNotFuture(x, ctx.today));
  const gender = r.may('gender', c.parseGender);
  const ethnicity = r.may('ethnicity', text(60));
  const phone = r.may('phone', v.parsePhone);
  const provinceCode = r.need('province_code', (x) => v.parseCode(x, 2));
  const communeCode = r.need('commune_code', (x) => v.parseCode(x, 5));
  const category = r.need('category', c.parseCategory);
  const decisionNumber = r.may('decision_number', text(60));
  const decisionDate = r.may('decision_date', (x) => v.parseDateNotFuture(x, ctx.today));
  const monthlyAmount = r.need('monthly_amount', v.parseAmount);
  const paymentMethod = r.need('payment_method', c.parsePaymentMethod);
  const status = r.may('status', c.parseBeneficiaryStatus) ?? 'active';
  const guardianName = r.may('guardian_name', text(120));
  const guardianId = r.may('guardian_national_id', v.parseNationalId);
  const guardianPhone = r.may('guardian_phone', v.parsePhone);
  const guardianRelation = r.may('guardian_relation', text(60));
  const providerCode = r.may('account_provider', text(40));
  const accountNumber = r.may('account_number', accountDigits);
  const accountHolder = r.may('account_holder', text(120));
  const dateOfDeath = r.may('date_of_death', (x) => v.parseDateNotFuture(x, ctx.today));
  const movedTo = r.may('moved_to', (x) => parseMovedTo(x, ctx));
  if (dateOfDeath && status !== 'deceased') r.fail('date_of_death', 'Chỉ ghi ngày mất khi trạng thái là "Đã từ trần".');
  if (dateOfDeath && dateOfBirth && dateOfDeath < dateOfBirth)
    r.fail('date_of_death', 'Ngày mất không thể trước ngày sinh.');
  if (movedTo && status !== 'moved_out') r.fail('moved_to', 'Chỉ ghi nơi chuyển đến khi trạng thái là "Chuyển đi".');

  if (provinceCode && !provinceByCode(provinceCode))
    r.fail('province_code', `Mã tỉnh ${provinceCode} không có trong danh sách 34 tỉnh, thành phố từ 01/7/2025.`);
  if (communeCode) {
    const commune = ctx.communes.get(communeCode);
    if (!commune) r.fail('commune_code', `Mã xã ${communeCode} chưa có trong danh mục xã. Hãy nhập danh mục xã trước.`);
    else if (provinceCode && commune.provinceCode !== provinceCode)
      r.fail('commune_code', `Xã ${commune.name} (${communeCode}) không thuộc tỉnh có mã ${provinceCode}.`);
  }
  if ((guardianId || guardianPhone || guardianRelation) && !guardianName)
    r.fail('guardian_name', 'Có thông tin người giám hộ/ủy quyền nhưng thiếu họ tên.');
  if (guardianId && guardianId === nationalId)
    r.fail('guardian_national_id', 'Số định danh người giám hộ trùng với số của đối tượng.');
  const anyAccount = providerCode || accountNumber || accountHolder;
  if (anyAccount && !(providerCode && accountNumber && accountHolder))
    r.fail('account_number', 'Thông tin tài khoản cần đủ: nơi mở tài khoản, số tài khoản và chủ tài khoản.');
  if (providerCode && !findProvider(providerCode))
    r.fail(
      'account_provider',
      `Không nhận ra ngân hàng/ví "${providerCode}". Hãy ghi mã ngân hàng (ví dụ 970405) hoặc tên viết tắt (ví dụ Agribank).`,
    );

  const value: BeneficiaryInput | null =
    nationalId && fullName && dateOfBirth && provinceCode && communeCode && category && monthlyAmount && paymentMethod
      ? {
          nationalId,
          fullName,
          dateOfBirth,
          gender,
          ethnicity,
          phone,
          provinceCode,
          communeCode,
          category,
          decisionNumber,
          decisionDate,
          monthlyAmount,
          paymentMethod,
          status,
          guardian: guardianName
            ? { name: guardianName, nationalId: guardianId, phone: guardianPhone, relation: guardianRelation }
            : null,
          account:
            providerCode && accountNumber && accountHolder
              ? { providerCode, number: accountNumber, holderName: accountHolder }
              : null,
          ...(dateOfDeath ? { dateOfDeath } : {}),
          ...(movedTo ? { movedTo } : {}),
        }
      : null;
  return done(r, value, nationalId ?? '');
}

/** Where a record moved: a five-digit commune code (registered) or a two-digit province code. */
function parseMovedTo(raw: unknown, ctx: RowContext): v.Parsed<MovedTo> {
  const digits = cellText(raw).trim();
  const commune = digits.length > 2 ? v.parseCode(raw, 5) : null;
  if (commune) {
    if (!commune.ok) return commune;
    const known = ctx.communes.get(commune.value);
    if (!known) return v.fail(`Mã xã ${commune.value} chưa có trong danh mục xã.`);
    return v.ok({ communeCode: known.code, provinceCode: known.provinceCode });
  }
  const province = v.parseCode(raw, 2);
  if (!province.ok) return v.fail('Nơi chuyển đến ghi mã xã (5 chữ số) hoặc mã tỉnh (2 chữ số).');
  if (!provinceByCode(province.value))
    return v.fail(`Mã tỉnh ${province.value} không có trong danh sách 34 tỉnh, thành phố.`);
  return v.ok({ provinceCode: province.value });
}

/** A payment row; pickup details are required for cash at the post office, a reason for a failure. */
export function convertPayment(values: Record<string, unknown>): Converted<PaymentInput> {
  const r = new RowReader(values);
  const nationalId = r.need('national_id', v.parseRegisterId);
  const period = r.need('period', v.parsePeriod);
  const amount = r.need('amount', v.parseAmount);
  const status = r.need('status', c.parsePaymentStatus);
  const method = r.may('method', c.parsePaymentMethod);
  const paidAt = r.may('paid_at', v.parseDate);
  const failureReason = r.may('failure_reason', text(300));
  const pickupPlace = r.may('pickup_place', text(200));
  const pickupFrom = r.may('pickup_from', v.parseDate);
  const pickupTo = r.may('pickup_to', v.parseDate);
  const kind = r.may('kind', text(40)) ?? 'monthly';
  if (status === 'paid' && !paidAt) r.fail('paid_at', 'Khoản đã chuyển khoản cần có ngày chi trả.');
  if ((status === 'failed' || status === 'returned') && !failureReason)
    r.fail('failure_reason', 'Cần ghi lý do chuyển khoản không thành công hoặc bị hoàn trả.');
  if (status === 'cash_ready' && !(pickupPlace && pickupFrom && pickupTo))
    r.fail('pickup_place', 'Nhận tiền mặt tại bưu điện cần có nơi nhận, từ ngày và đến ngày.');
  if (pickupFrom && pickupTo && pickupFrom > pickupTo)
    r.fail('pickup_to', 'Ngày kết thúc nhận tiền phải sau ngày bắt đầu.');
  const value =
    nationalId && period && amount && status
      ? { nationalId, period, kind, amount, status, method, paidAt, failureReason, pickupPlace, pickupFrom, pickupTo }
      : null;
  return done(r, value, `${nationalId}|${period}|${kind}`);
}

/** The optional columns with the population database's value of each identity field, and how each is read. */
const POPULATION_COLUMNS: Record<c.IdentityField, (raw: unknown, today: string) => v.Parsed<string>> = {
  full_name: (x) => v.parseText(x, { max: 120 }),
  date_of_birth: (x, today) => v.parseDateNotFuture(x, today),
  place_of_origin: (x) => v.parseText(x, { max: 200 }),
  permanent_residence: (x) => v.parseText(x, { max: 200 }),
};

/**
 * A verification row; a mismatch must say which of the four fields differ, and may give the
 * population database's value of each (kept only for the fields said to differ).
 */
export function convertVerification(values: Record<string, unknown>, ctx: RowContext): Converted<VerificationInput> {
  const r = new RowReader(values);
  const nationalId = r.need('national_id', v.parseNationalId);
  const result = r.need('result', c.parseVerificationResult);
  const mismatchFields = r.may('mismatched_fields', c.parseMismatchFields) ?? [];
  const reason = r.may('reason', text(300));
  const verifiedAt = r.may('verified_at', (x) => v.parseDateNotFuture(x, ctx.today));
  const populationValues: Partial<Record<c.IdentityField, string>> = {};
  for (const field of c.IDENTITY_FIELDS) {
    const value = r.may(`population_${field}`, (x) => POPULATION_COLUMNS[field](x, ctx.today));
    if (value && result === 'mismatch' && mismatchFields.includes(field)) populationValues[field] = value;
  }
  if (result === 'mismatch' && !mismatchFields.length)
    r.fail(
      'mismatched_fields',
      'Kết quả sai lệch cần ghi trường nào sai lệch (họ tên, ngày sinh, quê quán, nơi thường trú).',
    );
  if (result === 'rejected' && !reason) r.fail('reason', 'Kết quả từ chối cần ghi lý do.');
  const value =
    nationalId && result
      ? {
          nationalId,
          result,
          mismatchFields: result === 'mismatch' ? mismatchFields : [],
          populationValues,
          reason,
          verifiedAt,
        }
      : null;
  return done(r, value, nationalId ?? '');
}
