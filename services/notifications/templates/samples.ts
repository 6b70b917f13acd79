import { DEFAULT_FUNERAL_TEXT } from '../../officers/funeral-text-default.js';
import type { TemplateName, TemplateVars } from './types.js';

const task = {
  taskId: '5f1c2a9e8b7d6c5b4a392817',
  task: 'monthly_changes',
  communeName: 'Phường Ba Đình',
  period: '2026-12',
  deadlineDay: '2026-12-21',
} as const;
const person = { beneficiaryName: 'Nguyễn Thị Lan', period: '2026-11', amount: 500_000 };

/** Realistic values for every template; the tests and the README render these. */
export const SAMPLE_VARS: { [N in TemplateName]: TemplateVars[N] } = {
  payment_paid: { ...person, destinationMasked: '•••• 1234', provider: 'Vietcombank', paidOn: '2026-11-05' },
  payment_failed: { ...person, reason: 'Tài khoản đã bị khóa' },
  payment_returned: { ...person, reason: 'Tên chủ tài khoản không khớp' },
  payment_cash_ready: {
    ...person,
    pickupPlace: 'Bưu điện xã Hòa An',
    pickupFrom: '2026-11-10',
    pickupTo: '2026-11-20',
  },
  verification_verified: { beneficiaryName: 'Nguyễn Thị Lan', destinationMasked: '•••• 1234', provider: 'Vietcombank' },
  verification_mismatch: {
    beneficiaryName: 'Nguyễn Thị Lan',
    destinationMasked: '•••• 1234',
    provider: 'Vietcombank',
    mismatchFields: ['date_of_birth', 'place_of_origin'],
    populationValues: { date_of_birth: '1948-03-12' },
    communeName: 'Phường Ba Đình',
    officeAddress: 'số 1 phố Đội Cấn',
    officeHours: 'sáng 7:30–11:30, chiều 13:30–17:00 từ thứ Hai đến thứ Sáu',
  },
  verification_rejected: {
    beneficiaryName: 'Nguyễn Thị Lan',
    destinationMasked: '•••• 1234',
    provider: 'Vietcombank',
    reason: 'Tài khoản không thuộc người hưởng hoặc người được ủy quyền',
    communeName: 'Phường Ba Đình',
    officeAddress: 'số 1 phố Đội Cấn',
    officeHours: 'sáng 7:30–11:30, chiều 13:30–17:00 từ thứ Hai đến thứ Sáu',
  },
  announcement: {
    provinceName: 'Nghệ An',
    title: 'Lịch chi trả trợ cấp tháng 12/2026',
    body: 'Trợ cấp xã hội hằng tháng kỳ 12/2026 sẽ được chuyển khoản từ ngày 05/12/2026. Người nhận tiền mặt tại bưu điện xin mang theo CCCD. Mọi thắc mắc xin liên hệ cán bộ xã.',
  },
  account_change_submitted: {
    beneficiaryName: 'Nguyễn Thị Lan',
    communeName: 'Phường Ba Đình',
    destinationMasked: '•••• 6789',
    provider: 'Agribank',
    owner: 'self',
    via: 'telegram',
  },
  life_deceased: {
    beneficiaryName: 'Nguyễn Thị Lan',
    dateOfDeath: '2026-11-03',
    procedure: DEFAULT_FUNERAL_TEXT.vi,
  },
  life_moved_out: { beneficiaryName: 'Nguyễn Thị Lan', communeName: 'Xã Hòa An', provinceName: 'Nghệ An' },
  task_reminder: { ...task, daysLeft: 5 },
  task_overdue: { ...task, daysLate: 3 },
  province_late_digest: {
    provinceName: 'Hà Nội',
    day: '2026-12-24',
    late: [
      { communeName: 'Phường Ba Đình', task: 'monthly_changes', period: '2026-12', daysLate: 3 },
      { communeName: 'Xã Sóc Sơn', task: 'monthly_changes', period: '2026-12', daysLate: 3 },
      { communeName: 'Xã Ba Vì', task: 'payment_list', period: '2026-11', daysLate: 29 },
    ],
    more: 0,
  },
  account_reminder: { beneficiaryName: 'Nguyễn Thị Lan', period: '2026-12', reason: 'mismatch' },
  zalo_token_failed: { since: '2026-12-05T01:30:00.000Z' },
};
