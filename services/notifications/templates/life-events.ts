import { formatDate } from '../../format.js';
import type { Lang, Renderers, TemplateVars } from './types.js';
import { lines, person } from './words.js';

type LifeTemplate = 'life_deceased' | 'life_moved_out';
type MovedVars = TemplateVars['life_moved_out'];

const place = (lang: Lang, v: MovedVars): string | null => {
  if (v.communeName && v.provinceName)
    return `${v.communeName}, ${lang === 'vi' ? 'tỉnh/thành phố' : 'province'} ${v.provinceName}`;
  if (v.communeName) return v.communeName;
  if (v.provinceName) return lang === 'vi' ? `tỉnh/thành phố ${v.provinceName}` : `the province of ${v.provinceName}`;
  return null;
};

// Written to a grieving family: condolence first, what ends, then only the one thing they may do.
const vi: Renderers<LifeTemplate> = {
  life_deceased: (v) =>
    lines(
      '🕊️ Xin thành kính chia buồn cùng gia đình',
      person(v.beneficiaryName),
      `Hồ sơ trợ cấp đã ghi nhận người hưởng từ trần${v.dateOfDeath ? ` ngày ${formatDate(v.dateOfDeath)}` : ''}. Trợ cấp hằng tháng dừng từ đây và sẽ không còn thông báo chi trả.`,
      v.procedure,
    ),
  life_moved_out: (v) => {
    const where = place('vi', v);
    return lines(
      '📦 Hồ sơ trợ cấp đã chuyển đi',
      person(v.beneficiaryName),
      where
        ? `Hồ sơ đã chuyển về ${where}; từ nay việc chi trả do nơi đó thực hiện.`
        : 'Hồ sơ đã chuyển sang địa phương khác; từ nay việc chi trả do địa phương mới thực hiện.',
      'Khi cần, xin liên hệ cán bộ xã nơi đang cư trú.',
    );
  },
};

const en: Renderers<LifeTemplate> = {
  life_deceased: (v) =>
    lines(
      '🕊️ Our deepest condolences to the family',
      person(v.beneficiaryName),
      `The allowance record shows that the beneficiary has passed away${v.dateOfDeath ? ` on ${formatDate(v.dateOfDeath)}` : ''}. The monthly allowance ends and no more payment notices will be sent.`,
      v.procedure,
    ),
  life_moved_out: (v) => {
    const where = place('en', v);
    return lines(
      '📦 The allowance record has moved',
      person(v.beneficiaryName),
      where
        ? `The record has moved to ${where}, which now makes the payments.`
        : 'The record has moved to another locality, which now makes the payments.',
      'If you need help, please contact the commune officer where you live.',
    );
  },
};

/** Notices about a death or a move, sent to the chats linked to the record, by language. */
export const LIFE_EVENT_TEXTS: Record<Lang, Renderers<LifeTemplate>> = { vi, en };
