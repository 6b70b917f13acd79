import type { Localized } from '../errors.js';

/** What the mini-app says about a bad or doubtful field, in both languages (Vietnamese first). */
export const FIELD_WORDS = {
  typeMissing: {
    vi: 'Xin chọn loại tài khoản: tài khoản ngân hàng, ví điện tử hoặc Mobile Money.',
    en: 'Please choose the kind of account: bank account, e-wallet or mobile money.',
  },
  providerMissing: {
    vi: 'Xin chọn ngân hàng hoặc nhà cung cấp trong danh sách.',
    en: 'Please choose the bank or provider from the list.',
  },
  providerWrongType: {
    vi: 'Nhà cung cấp này không thuộc loại tài khoản đã chọn. Xin chọn lại.',
    en: 'This provider does not match the kind of account chosen. Please choose again.',
  },
  bankNumber: {
    vi: 'Số tài khoản ngân hàng chỉ gồm chữ số, từ 6 đến 19 số. Xin kiểm tra lại.',
    en: 'A bank account number has 6 to 19 digits only. Please check it.',
  },
  walletNumber: {
    vi: 'Với ví điện tử và Mobile Money, số tài khoản là số điện thoại di động 10 chữ số (ví dụ 0912 345 678).',
    en: 'For e-wallets and mobile money, the account number is the 10-digit mobile number (e.g. 0912 345 678).',
  },
  holderName: {
    vi: 'Xin ghi họ và tên chủ tài khoản (2–100 chữ cái, có thể có dấu).',
    en: "Please write the account holder's full name (2–100 letters; Vietnamese accents are fine).",
  },
  ownerMissing: { vi: 'Xin chọn tài khoản này là của ai.', en: 'Please choose whose account this is.' },
  ownerNoGuardian: {
    vi: 'Hồ sơ chưa có người được ủy quyền. Xin chọn “Người được ủy quyền mới” và ghi thông tin của người đó.',
    en: 'No authorized person is on record. Please choose “A new authorized person” and fill in their details.',
  },
  newName: {
    vi: 'Xin ghi họ và tên người được ủy quyền (2–100 chữ cái).',
    en: "Please write the authorized person's full name (2–100 letters).",
  },
  newNationalId: {
    vi: 'Số định danh cá nhân (CCCD) gồm đúng 12 chữ số.',
    en: 'The personal ID number (CCCD) has exactly 12 digits.',
  },
  newPhone: {
    vi: 'Số điện thoại di động có 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09.',
    en: 'A mobile number has 10 digits and starts with 03, 05, 07, 08 or 09.',
  },
  newRelation: {
    vi: 'Xin ghi quan hệ với người hưởng (ví dụ: con gái, cháu).',
    en: 'Please write the relation to the beneficiary (e.g. daughter, grandson).',
  },
  holderDiffers: {
    vi: 'Tên chủ tài khoản khác với tên {name} trong hồ sơ. Nếu đúng là như vậy, hồ sơ vẫn được gửi, nhưng cán bộ xã có thể liên hệ để kiểm tra.',
    en: 'The holder name differs from {name} on record. If this is right, the details are still sent, but the commune officer may contact you to check.',
  },
} satisfies Record<string, Localized>;

/** The whole-form message when some fields need correcting. */
export const INVALID_FORM: Localized = {
  vi: 'Có thông tin chưa đúng. Xin xem lời nhắc ở từng ô.',
  en: 'Some details need correcting. Please see the note next to each field.',
};

/** Refusals of the mini-app's account actions. */
export const REFUSALS = {
  notYours: {
    vi: 'Không tìm thấy hồ sơ này trong các hồ sơ bạn được xem.',
    en: 'This record is not among the records you may see.',
  },
  ended: {
    vi: 'Hồ sơ này đã thôi hưởng trợ cấp, nên không thể đổi tài khoản nhận tiền. Xin liên hệ cán bộ xã nếu cần.',
    en: 'This record no longer receives the allowance, so its account cannot be changed. Please contact the commune officer if needed.',
  },
  nothingToConfirm: {
    vi: 'Hồ sơ chưa có tài khoản nhận tiền để xác nhận. Xin bấm “Khai tài khoản” để khai.',
    en: 'There is no receiving account on record to confirm yet. Please tap “Add an account” to add one.',
  },
  changedMeanwhile: {
    vi: 'Thông tin tài khoản vừa được thay đổi ở nơi khác. Xin tải lại trang và kiểm tra lại.',
    en: 'The account details were just changed elsewhere. Please reload the page and check again.',
  },
} satisfies Record<string, Localized>;
