import { provinceSettings } from '../../../models/province-settings.js';
import { auditOfficer } from '../../officers/audit.js';
import { assertProvinceSettingsOf, type Acting } from '../../officers/scope.js';

/**
 * Switches a province's ZNS fallback on or off: the operator, or that province's administrator
 * (the province pays for the messages). Audited, as every officer's change is.
 */
export async function setProvinceZns(acting: Acting, provinceCode: string, on: boolean): Promise<void> {
  assertProvinceSettingsOf(acting.scope, provinceCode);
  await provinceSettings.setZnsFallback(provinceCode, on, acting.now());
  await auditOfficer(acting, {
    action: on ? 'zns_fallback_on' : 'zns_fallback_off',
    entity: 'province',
    entityIds: [provinceCode],
    fields: ['znsFallback'],
  });
}
