import { NOTIFICATION_STATUSES, notifications, type NotificationStatus } from '../../models/notification.js';
import { AppError } from '../errors.js';

/** Counts of one period's notifications by status, overall and per channel. */
export type NotificationStats = {
  period: string;
  total: number;
  byStatus: Record<NotificationStatus, number>;
  byChannel: Record<string, Record<NotificationStatus, number>>;
};

const zero = (): Record<NotificationStatus, number> =>
  Object.fromEntries(NOTIFICATION_STATUSES.map((s) => [s, 0])) as Record<NotificationStatus, number>;

/** The period (YYYY-MM) given, or the current one in Vietnam. */
export function periodOrCurrent(period: unknown, now = new Date()): string {
  if (period === undefined || period === '') return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 7);
  if (typeof period !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) {
    throw new AppError('invalid_input', 'Kỳ không hợp lệ: hãy ghi theo dạng YYYY-MM, ví dụ 2025-07.', {
      field: 'period',
    });
  }
  return period;
}

export async function notificationStats(period: string): Promise<NotificationStats> {
  const out: NotificationStats = { period, total: 0, byStatus: zero(), byChannel: {} };
  for (const row of await notifications.countByStatus(period)) {
    const status = row.status as NotificationStatus;
    out.total += row.count;
    out.byStatus[status] += row.count;
    out.byChannel[row.channel] ??= zero();
    out.byChannel[row.channel]![status] += row.count;
  }
  return out;
}
