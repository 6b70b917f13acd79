import type { Localized } from '../errors.js';

/**
 * The funeral-allowance procedure (trợ cấp mai táng) told to a family when a beneficiary dies, where
 * the province has configured none (`provinces funeral-text`). It follows the joined procedure that
 * seeds 001 and 002 describe, names no office that the 2025 reorganisation may have renamed, and
 * leaves amounts and deadlines to the commune officer.
 */
export const DEFAULT_FUNERAL_TEXT: Localized = {
  vi: 'Về trợ cấp mai táng: gia đình hoặc người lo mai táng nộp tờ khai đề nghị cùng giấy báo tử hoặc trích lục khai tử tại Ủy ban nhân dân xã, phường nơi người mất cư trú. Có thể làm cùng lúc với đăng ký khai tử qua thủ tục liên thông «Đăng ký khai tử – Xóa đăng ký thường trú – Trợ cấp mai táng» trên Cổng dịch vụ công quốc gia hoặc ứng dụng VNeID. Cán bộ xã sẽ hướng dẫn và giải đáp mọi thắc mắc.',
  en: "About the funeral allowance (trợ cấp mai táng): the family, or whoever arranges the funeral, hands in the application with the death notice or death-registration extract at the People's Committee of the commune or ward where the person lived. It can be done together with the death registration, through the joined procedure «death registration – removal of permanent residence – funeral allowance» on the National Public Service Portal or the VNeID app. The commune officer will guide you and answer any question.",
};
