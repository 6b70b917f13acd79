import type { Localized } from '../errors.js';

/** Why the mini-app cannot tell who is there; never says which check failed in a way that helps forgery. */
export const SIGN_IN_WORDS = {
  telegramInvalid: {
    vi: 'Không xác nhận được phiên mở từ Telegram. Xin đóng trang và mở lại từ bot Tin An Sinh.',
    en: 'We could not confirm this Telegram session. Please close the page and open it again from the Tin An Sinh bot.',
  },
  telegramOff: {
    vi: 'Dịch vụ chưa bật Telegram. Xin hỏi cán bộ xã.',
    en: 'Telegram is not switched on for this service. Please ask the commune officer.',
  },
  zaloInvalid: {
    vi: 'Không xác nhận được tài khoản Zalo. Xin đóng ứng dụng và mở lại.',
    en: 'We could not confirm your Zalo account. Please close the app and open it again.',
  },
  zaloOff: {
    vi: 'Dịch vụ chưa bật Zalo. Xin hỏi cán bộ xã.',
    en: 'Zalo is not switched on for this service. Please ask the commune officer.',
  },
  zaloUnavailable: {
    vi: 'Zalo đang không trả lời. Xin thử lại sau ít phút.',
    en: 'Zalo is not answering right now. Please try again in a few minutes.',
  },
  noSession: {
    vi: 'Phiên làm việc đã hết hạn hoặc chưa mở. Xin mở lại trang từ bot Tin An Sinh, hoặc từ đường liên kết cán bộ xã gửi.',
    en: 'Your session has ended or was not opened. Please open the page again from the Tin An Sinh bot, or from the link the commune officer sent.',
  },
  csrf: {
    vi: 'Yêu cầu không hợp lệ. Xin tải lại trang rồi thử lại.',
    en: 'This request was not accepted. Please reload the page and try again.',
  },
  rateLimited: {
    vi: 'Bạn thao tác quá nhanh. Xin đợi một phút rồi thử lại.',
    en: 'Too many requests. Please wait a minute and try again.',
  },
} satisfies Record<string, Localized>;
