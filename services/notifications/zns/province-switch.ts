import { provinceSettings } from '../../../models/province-settings.js';
import { provinceByCode } from '../../../models/provinces.js';
import { AppError } from '../../errors.js';
import { auditOfficer } from '../../officers/audit.js';
import { SCOPE_WORDS, type Acting } from '../../officers/scope.js';

/**
 * Switches a province's ZNS fallback on or off: the operator, or that province's administrator
 * (the province pays for the messages). Audited, as every officer's change is.
 */
export async function setProvinceZns(acting: Acting, provinceCode: string, on: boolean): Promise<void> {
  if (!provinceByCode(provinceCode))
    throw new AppError('invalid_input', {
      vi: `Mã tỉnh ${provinceCode} không có trong danh sách 34 tỉnh, thành phố.`,
      en: `Province code ${provinceCode} is not one of the 34 provinces.`,
    });
  const { scope } = acting;
  if (scope.role === 'commune_officer') throw new AppError('forbidden', SCOPE_WORDS.adminOnly);
  if (scope.role === 'province_admin' && scope.provinceCode !== provinceCode)
    throw new AppError('forbidden', SCOPE_WORDS.communeOutside);
  await provinceSettings.setZnsFallback(provinceCode, on, acting.now());
  await auditOfficer(acting, {
    action: on ? 'zns_fallback_on' : 'zns_fallback_off',
    entity: 'province',
    entityIds: [provinceCode],
    fields: ['znsFallback'],
  });
}
