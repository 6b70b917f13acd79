import { provinceSettings } from '../../models/province-settings.js';
import { AppError, type Localized } from '../errors.js';
import { parseText } from '../validation/values.js';
import { auditOfficer } from './audit.js';
import { DEFAULT_FUNERAL_TEXT } from './funeral-text-default.js';
import { assertProvinceSettingsOf, type Acting } from './scope.js';

export { DEFAULT_FUNERAL_TEXT };

/** The longest procedure text a province may set (the notice stays well under Telegram's 4,096 characters). */
export const FUNERAL_TEXT_MAX = 800;

/** The funeral-allowance text each province tells families: its own where set, else the shipped default. */
export async function funeralTextsFor(provinceCodes: readonly string[]): Promise<Map<string, Localized>> {
  const stored = await provinceSettings.byCodes(provinceCodes);
  return new Map(
    [...new Set(provinceCodes)].map((code) => {
      const own = stored.get(code)?.funeralText ?? {};
      return [code, { vi: own.vi ?? DEFAULT_FUNERAL_TEXT.vi, en: own.en ?? DEFAULT_FUNERAL_TEXT.en }];
    }),
  );
}

/**
 * Sets a province's funeral-allowance text in one language: the operator, or that province's
 * administrator. Audited (the text is not personal data, but who changed it matters).
 */
export async function setFuneralText(
  acting: Acting,
  provinceCode: string,
  lang: 'vi' | 'en',
  raw: string,
): Promise<{ text: string }> {
  assertProvinceSettingsOf(acting.scope, provinceCode);
  const text = parseText(raw.replace(/\r?\n/g, ' '), { max: FUNERAL_TEXT_MAX });
  if (!text.ok)
    throw new AppError('invalid_input', {
      vi: `Nội dung hướng dẫn trợ cấp mai táng: ${text.reason}`,
      en: `Funeral-allowance text: empty or longer than ${FUNERAL_TEXT_MAX} characters.`,
    });
  await provinceSettings.setFuneralText(provinceCode, lang, text.value, acting.now());
  await auditOfficer(acting, {
    action: 'set_funeral_text',
    entity: 'province',
    entityIds: [provinceCode],
    fields: [`funeralText.${lang}`],
  });
  return { text: text.value };
}
