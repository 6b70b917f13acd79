import type { Lang } from './common.js';

/**
 * Words only the Zalo conversation needs: the card asking a person to share their phone number
 * (Zalo's request-information message; its title is at most 100 characters, its subtitle 500),
 * and the answer when what they shared held no phone number.
 */
export type ZaloTexts = {
  shareTitle: string;
  shareSubtitle: string;
  noPhone: string;
};

export const zaloTexts: Record<Lang, ZaloTexts> = {
  vi: {
    shareTitle: 'Chia sẻ số điện thoại để liên kết hồ sơ',
    shareSubtitle:
      'Xin bấm vào đây và chọn «Chia sẻ» để gửi số điện thoại Zalo của ông/bà. Sau đó, xin trả lời 4 số cuối số định danh cá nhân (CCCD) hoặc ngày sinh của người hưởng trợ cấp.',
    noPhone:
      'Chúng tôi chưa nhận được số điện thoại. Xin bấm lại «📱 Liên kết hồ sơ của tôi» và chọn chia sẻ số điện thoại, hoặc gửi mã liên kết do cán bộ xã cung cấp.',
  },
  en: {
    shareTitle: 'Share your phone number to link your record',
    shareSubtitle:
      "Tap here and choose «Share» to send your Zalo phone number. Then answer with the last 4 digits of the beneficiary's personal ID number or their date of birth.",
    noPhone:
      'We did not receive a phone number. Tap «📱 Link my record» again and choose to share your phone number, or send the link code from your commune officer.',
  },
};
