import {
  CATEGORIES,
  CATEGORY_LABELS_VI,
  IDENTITY_FIELDS,
  PAYMENT_STATUSES,
  PAYMENT_STATUS_LABELS_VI,
  parseBeneficiaryStatus,
  parseCategory,
  parseGender,
  parseMismatchFields,
  parsePaymentMethod,
  parsePaymentStatus,
  parseVerificationResult,
} from '../services/validation/codes.js';
import {
  BLANK_REASON,
  foldVietnamese,
  isBlank,
  parseAmount,
  parseCode,
  parseDate,
  parseDateNotFuture,
  parseNationalId,
  parsePeriod,
  parsePhone,
  parseText,
} from '../services/validation/values.js';
import { COLUMNS, IMPORT_KINDS, foldHeader, mapHeader } from '../services/imports/columns.js';

const failed = { ok: false, reason: expect.any(String) };

describe('blank cells', () => {
  it('when a cell is undefined, null, empty or spaces, then every parser rejects it as blank', () => {
    for (const raw of [undefined, null, '', '   ']) {
      expect(isBlank(raw)).toBe(true);
      for (const parse of [
        parseNationalId,
        parsePhone,
        parseDate,
        parseAmount,
        parsePeriod,
        parseGender,
        parseMismatchFields,
      ]) {
        expect(parse(raw)).toEqual({ ok: false, reason: 'Ô này không được để trống.' });
      }
      expect(parseText(raw, { max: 10 })).toEqual({ ok: false, reason: BLANK_REASON });
      expect(parseCode(raw, 5)).toEqual({ ok: false, reason: BLANK_REASON });
    }
    expect(isBlank(0)).toBe(false);
  });
});

describe('foldVietnamese', () => {
  it('when text has diacritics, đ, capitals and extra spaces, then it folds to plain lower case', () => {
    expect(foldVietnamese('  Đối   tượng BẢO TRỢ xã hội ')).toBe('doi tuong bao tro xa hoi');
    expect(foldVietnamese('Nguyễn Thị Ánh'.normalize('NFD'))).toBe('nguyen thi anh');
  });
});

describe('parseNationalId', () => {
  it('when a 12-digit ID has spaces, dots or dashes, then they are stripped', () => {
    expect(parseNationalId('001 203.004-567')).toEqual({ ok: true, value: '001203004567' });
  });
  it('when an ID string has 11 digits, then it is rejected with the digit count', () => {
    expect(parseNationalId('01203004567')).toEqual({
      ok: false,
      reason: 'Số định danh cá nhân phải có đúng 12 chữ số (đang có 11).',
    });
  });
  it('when a numeric cell lost its leading zeros, then it is padded back to 12 digits', () => {
    expect(parseNationalId(1203004567)).toEqual({ ok: true, value: '001203004567' });
    expect(parseNationalId(79203004567)).toEqual({ ok: true, value: '079203004567' });
    expect(parseNationalId(123456789012)).toEqual({ ok: true, value: '123456789012' });
  });
  it('when a number has 9 digits (an old ID card) or 13 digits, then it is rejected', () => {
    expect(parseNationalId(123456789)).toEqual({ ok: false, reason: expect.stringContaining('(đang có 9)') });
    expect(parseNationalId(1234567890123)).toEqual({
      ok: false,
      reason: 'Số định danh cá nhân phải có đúng 12 chữ số (đang có 13).',
    });
  });
  it('when an ID contains letters or was turned into scientific notation, then it is rejected', () => {
    expect(parseNationalId('00120300456A')).toEqual(failed);
    expect(parseNationalId('1.23457E+11')).toEqual({ ok: false, reason: expect.stringContaining('số mũ') });
  });
});

describe('parsePhone', () => {
  it('when a mobile number is written as 0…, +84… or 84…, then all are stored the same in E.164', () => {
    for (const raw of [
      '0912345678',
      '+84 912 345 678',
      '84912345678',
      '0912.345.678',
      '091-234-5678',
      912345678,
      84912345678,
    ]) {
      expect(parsePhone(raw)).toEqual({ ok: true, value: '+84912345678' });
    }
  });
  it('when the prefix is not a mobile one or the length is wrong, then it is rejected', () => {
    expect(parsePhone('0212345678')).toEqual(failed);
    expect(parsePhone('091234567')).toEqual(failed);
    expect(parsePhone('09123456789')).toEqual(failed);
    expect(parsePhone('abc')).toEqual(failed);
  });
});

describe('parseDate', () => {
  it('when a date is ISO, dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy or dd.mm.yyyy, then it becomes ISO', () => {
    expect(parseDate('1950-03-05')).toEqual({ ok: true, value: '1950-03-05' });
    expect(parseDate('05/03/1950')).toEqual({ ok: true, value: '1950-03-05' });
    expect(parseDate('5/3/1950')).toEqual({ ok: true, value: '1950-03-05' });
    expect(parseDate('05-03-1950')).toEqual({ ok: true, value: '1950-03-05' });
    expect(parseDate('05.03.1950')).toEqual({ ok: true, value: '1950-03-05' });
    expect(parseDate('29/02/2024')).toEqual({ ok: true, value: '2024-02-29' });
  });
  it('when the value is a Date or an Excel serial number, then the calendar date is kept', () => {
    expect(parseDate(new Date(Date.UTC(1950, 2, 5)))).toEqual({ ok: true, value: '1950-03-05' });
    expect(parseDate(45658)).toEqual({ ok: true, value: '2025-01-01' });
    expect(parseDate(18327)).toEqual({ ok: true, value: '1950-03-05' });
  });
  it('when the date does not exist, then the reason names the value', () => {
    expect(parseDate('31/02/2020')).toEqual({
      ok: false,
      reason: 'Ngày "31/02/2020" không có thật trên lịch, vui lòng kiểm tra lại.',
    });
    expect(parseDate('29/02/2023')).toEqual({ ok: false, reason: expect.stringContaining('29/02/2023') });
    expect(parseDate('2020-13-01')).toEqual(failed);
  });
  it('when the text is not a date or the number is out of range, then it is rejected', () => {
    expect(parseDate('hôm qua')).toEqual(failed);
    expect(parseDate(0)).toEqual(failed);
    expect(parseDate(90000)).toEqual(failed);
  });
  it('when a date of birth is after today, then parseDateNotFuture rejects it', () => {
    expect(parseDateNotFuture('01/01/2030', '2026-11-05')).toEqual({
      ok: false,
      reason: 'Ngày 01/01/2030 ở sau ngày hôm nay (05/11/2026), vui lòng kiểm tra lại.',
    });
    expect(parseDateNotFuture('05/11/2026', '2026-11-05')).toEqual({ ok: true, value: '2026-11-05' });
  });
});

describe('parseAmount', () => {
  it('when an amount uses dots, commas, spaces or a currency sign, then it becomes whole đồng', () => {
    for (const raw of [
      '500000',
      '500.000',
      '500,000',
      '500.000 ₫',
      '500000đ',
      '500 000',
      '500.000 VNĐ',
      '500.000,00',
      500000,
    ]) {
      expect(parseAmount(raw)).toEqual({ ok: true, value: 500000 });
    }
    expect(parseAmount('1.500.000')).toEqual({ ok: true, value: 1500000 });
  });
  it('when an amount has decimals, is negative, zero or too large, then it is rejected', () => {
    expect(parseAmount('500.5')).toEqual(failed);
    expect(parseAmount(500.5)).toEqual(failed);
    expect(parseAmount('-500000')).toEqual({ ok: false, reason: 'Số tiền phải lớn hơn 0.' });
    expect(parseAmount(0)).toEqual({ ok: false, reason: 'Số tiền phải lớn hơn 0.' });
    expect(parseAmount('1.000.000.001')).toEqual(failed);
    expect(parseAmount('năm trăm')).toEqual(failed);
  });
});

describe('parsePeriod', () => {
  it('when a period is written in any accepted form, then it becomes YYYY-MM', () => {
    for (const raw of [
      '2026-11',
      '11/2026',
      'T11/2026',
      'tháng 11/2026',
      'Tháng 11 năm 2026',
      new Date(Date.UTC(2026, 10, 1)),
    ]) {
      expect(parsePeriod(raw)).toEqual({ ok: true, value: '2026-11' });
    }
    expect(parsePeriod('1/2026')).toEqual({ ok: true, value: '2026-01' });
  });
  it('when the month or year is out of range, then it is rejected', () => {
    expect(parsePeriod('13/2026')).toEqual(failed);
    expect(parsePeriod('11/1999')).toEqual(failed);
    expect(parsePeriod('tháng mười một')).toEqual(failed);
  });
});

describe('enumerations', () => {
  it('when a gender is English, Vietnamese or Vietnamese without diacritics, then the code is returned', () => {
    expect(parseGender('Nam')).toEqual({ ok: true, value: 'male' });
    expect(parseGender('NỮ')).toEqual({ ok: true, value: 'female' });
    expect(parseGender('nu')).toEqual({ ok: true, value: 'female' });
    expect(parseGender('FEMALE')).toEqual({ ok: true, value: 'female' });
    expect(parseGender('M')).toEqual({ ok: true, value: 'male' });
  });
  it('when a value is unknown, then the reason lists the accepted values', () => {
    expect(parseGender('khác')).toEqual({ ok: false, reason: 'Giới tính "khác" không hợp lệ; chỉ nhận: Nam, Nữ.' });
  });
  it('when a category is written in Vietnamese or as a code, then it maps to the code', () => {
    expect(parseCategory('Đối tượng  bảo trợ xã hội')).toEqual({ ok: true, value: 'social_assistance' });
    expect(parseCategory('nguoi co cong')).toEqual({ ok: true, value: 'meritorious' });
    expect(parseCategory('Hộ cận nghèo')).toEqual({ ok: true, value: 'near_poor_household' });
    expect(parseCategory('NEAR_POOR_HOUSEHOLD')).toEqual({ ok: true, value: 'near_poor_household' });
    for (const code of CATEGORIES) expect(parseCategory(CATEGORY_LABELS_VI[code])).toEqual({ ok: true, value: code });
  });
  it('when a payment method or status is written in Vietnamese, then it maps to the code', () => {
    expect(parsePaymentMethod('Chuyển khoản')).toEqual({ ok: true, value: 'bank' });
    expect(parsePaymentMethod('vi dien tu')).toEqual({ ok: true, value: 'ewallet' });
    expect(parsePaymentMethod('Mobile Money')).toEqual({ ok: true, value: 'mobile_money' });
    expect(parsePaymentMethod('Tiền mặt tại bưu điện')).toEqual({ ok: true, value: 'cash_post' });
    expect(parseBeneficiaryStatus('Từ trần')).toEqual({ ok: true, value: 'deceased' });
    expect(parseBeneficiaryStatus('chuyen di')).toEqual({ ok: true, value: 'moved_out' });
    expect(parsePaymentStatus('Chuyển khoản không thành công')).toEqual({ ok: true, value: 'failed' });
    expect(parsePaymentStatus('bi hoan tra')).toEqual({ ok: true, value: 'returned' });
    expect(parsePaymentStatus('cash_ready')).toEqual({ ok: true, value: 'cash_ready' });
    for (const code of PAYMENT_STATUSES)
      expect(parsePaymentStatus(PAYMENT_STATUS_LABELS_VI[code])).toEqual({ ok: true, value: code });
    expect(parseVerificationResult('Khớp')).toEqual({ ok: true, value: 'verified' });
    expect(parseVerificationResult('sai lệch thông tin')).toEqual({ ok: true, value: 'mismatch' });
    expect(parseVerificationResult('REJECTED')).toEqual({ ok: true, value: 'rejected' });
    expect(parseVerificationResult('chưa rõ')).toEqual(failed);
  });
  it('when mismatched fields include the label with a comma, then the list is split correctly and de-duplicated', () => {
    expect(parseMismatchFields('Họ, chữ đệm và tên; Ngày sinh, quê quán')).toEqual({
      ok: true,
      value: ['full_name', 'date_of_birth', 'place_of_origin'],
    });
    expect(parseMismatchFields('ngay sinh, ho, chu dem va ten, Ngày sinh')).toEqual({
      ok: true,
      value: ['date_of_birth', 'full_name'],
    });
    expect(parseMismatchFields('permanent_residence;họ tên')).toEqual({
      ok: true,
      value: ['permanent_residence', 'full_name'],
    });
    expect(parseMismatchFields(IDENTITY_FIELDS.join(','))).toEqual({ ok: true, value: [...IDENTITY_FIELDS] });
    expect(parseMismatchFields('ngày sinh; số điện thoại')).toEqual(failed);
    expect(parseMismatchFields(' ; , ')).toEqual(failed);
  });
});

describe('parseText and parseCode', () => {
  it('when text has extra spaces or decomposed accents, then it is trimmed, single-spaced and NFC', () => {
    expect(parseText('  Nguyễn   Văn\u00a0An '.normalize('NFD'), { max: 50 })).toEqual({
      ok: true,
      value: 'Nguyễn Văn An',
    });
    expect(parseText('Nguyễn Văn An', { max: 5 })).toEqual({
      ok: false,
      reason: 'Nội dung dài 13 ký tự, vượt quá giới hạn 5 ký tự.',
    });
  });
  it('when a code lost its leading zeros in a numeric cell, then it is padded; strings must have the exact length', () => {
    expect(parseCode(1, 2)).toEqual({ ok: true, value: '01' });
    expect(parseCode(4, 5)).toEqual({ ok: true, value: '00004' });
    expect(parseCode('00004', 5)).toEqual({ ok: true, value: '00004' });
    expect(parseCode('4', 5)).toEqual(failed);
    expect(parseCode(123456, 5)).toEqual(failed);
    expect(parseCode('0A', 2)).toEqual(failed);
  });
});

describe('mapHeader', () => {
  const beneficiaryHeader = [
    'STT',
    'Số định danh cá nhân (CCCD)',
    'Họ, chữ đệm và tên',
    'Ngày sinh',
    'Giới tính',
    'Dân tộc',
    'SĐT',
    'Mã tỉnh',
    'Mã xã/phường',
    'Đối tượng',
    'Số quyết định',
    'Ngày quyết định',
    'Mức trợ cấp hằng tháng (đồng)',
    'Hình thức chi trả',
    'Số tài khoản',
  ];

  it('when the header is in Vietnamese, then each position maps to its canonical column and unknown ones to null', () => {
    expect(mapHeader('beneficiaries', beneficiaryHeader)).toEqual({
      ok: true,
      columns: [
        null,
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
        'account_number',
      ],
    });
  });
  it('when headers are folded, snake_case or spaced English, then they match the same column', () => {
    for (const cell of ['Số định danh cá nhân (CCCD)', 'so dinh danh ca nhan', 'NATIONAL_ID', 'national id', 'CCCD:']) {
      expect(mapHeader('account-verifications', [cell, 'Kết quả'])).toEqual({
        ok: true,
        columns: ['national_id', 'result'],
      });
    }
  });
  it('when a required column is missing, then the reason names it in Vietnamese and English', () => {
    expect(mapHeader('payments', ['CCCD', 'Kỳ chi trả', 'Trạng thái'])).toEqual({
      ok: false,
      reason: 'Tệp thiếu cột bắt buộc: "Số tiền" (amount). Vui lòng kiểm tra lại dòng tiêu đề.',
    });
  });
  it('when a column appears twice, then the reason names both positions', () => {
    expect(mapHeader('communes', ['Mã xã', 'Tên xã', 'Mã tỉnh', 'Mã'])).toEqual({
      ok: false,
      reason: 'Cột "Mã xã" (code) xuất hiện hai lần (cột A và cột D); vui lòng chỉ giữ lại một cột.',
    });
  });
  it('when the aliases of every kind are folded, then none of them points to two columns', () => {
    for (const kind of IMPORT_KINDS) {
      const owner = new Map<string, string>();
      const spec = COLUMNS[kind];
      for (const column of [...spec.required, ...spec.optional]) {
        expect(spec.aliases[column]?.length).toBeGreaterThan(0);
        for (const alias of [column, ...(spec.aliases[column] ?? [])]) {
          const key = foldHeader(alias);
          expect(`${kind}:${key}:${owner.get(key) ?? column}`).toBe(`${kind}:${key}:${column}`);
          owner.set(key, column);
          expect(mapHeader(kind, [...spec.required.filter((c) => c !== column), alias])).toMatchObject({ ok: true });
        }
      }
    }
  });
});
