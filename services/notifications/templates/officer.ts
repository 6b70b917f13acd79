import type { Lang, Renderers, TemplateVars } from './types.js';
import { lines, person } from './words.js';

type OfficerTemplate = 'account_change_submitted';
type Owner = TemplateVars['account_change_submitted']['owner'];

const OWNER: Record<Lang, Record<Owner, string>> = {
  vi: {
    self: 'tài khoản của chính người hưởng',
    authorized: 'tài khoản của người được ủy quyền có trong hồ sơ',
    new_authorized: 'tài khoản của một người được ủy quyền MỚI, chưa có trong hồ sơ',
  },
  en: {
    self: "the beneficiary's own account",
    authorized: 'the account of the authorized person on record',
    new_authorized: 'the account of a NEW authorized person, not on record',
  },
};
const VIA: Record<Lang, Record<TemplateVars['account_change_submitted']['via'], string>> = {
  vi: { telegram: 'ứng dụng trong Telegram', zalo: 'ứng dụng trong Zalo', web: 'trang web' },
  en: { telegram: 'the mini-app in Telegram', zalo: 'the mini-app in Zalo', web: 'the web page' },
};

// Officers read these between other work: what changed, whose, and the one next step.
const vi: Renderers<OfficerTemplate> = {
  account_change_submitted: (v) =>
    lines(
      '🔔 Tài khoản nhận trợ cấp vừa được khai mới',
      person(v.beneficiaryName),
      `Xã, phường: ${v.communeName}`,
      `Tài khoản mới: ${v.destinationMasked} tại ${v.provider}, ${OWNER.vi[v.owner]} (khai qua ${VIA.vi[v.via]}).`,
      v.owner === 'new_authorized'
        ? 'Việc cần làm: kiểm tra giấy ủy quyền của người được ủy quyền mới, rồi chuyển công an xã xác thực.'
        : 'Việc cần làm: chuyển công an xã xác thực trước kỳ chi trả tới.',
    ),
};

const en: Renderers<OfficerTemplate> = {
  account_change_submitted: (v) =>
    lines(
      '🔔 New receiving account submitted',
      person(v.beneficiaryName),
      `Commune: ${v.communeName}`,
      `New account: ${v.destinationMasked} at ${v.provider}, ${OWNER.en[v.owner]} (submitted through ${VIA.en[v.via]}).`,
      v.owner === 'new_authorized'
        ? "What to do: check the new authorized person's letter of authorization, then pass it to the commune police for verification."
        : 'What to do: pass it to the commune police for verification before the next payment.',
    ),
};

/** Notices to commune officers, by language. */
export const OFFICER_TEXTS: Record<Lang, Renderers<OfficerTemplate>> = { vi, en };
