import { z } from 'zod';
import { AppError } from '../../services/errors.js';
import { failedParts, reminderPolicies, runReminders } from '../../services/reminders/run-reminders.js';
import { flags, out, type CliCommand } from './command.js';

/** An ISO instant with its offset (`Z` or `+07:00`), to the minute or finer: a time without an offset is ambiguous. */
const INSTANT = z.union([z.iso.datetime({ offset: true, precision: -1 }), z.iso.datetime({ offset: true })]);

/** The `--at` value as an instant; anything else is refused in words that show the expected form. */
export function parseAt(raw: string | undefined): Date {
  if (raw === undefined) return new Date();
  if (!INSTANT.safeParse(raw).success)
    throw new AppError('invalid_input', {
      vi: `--at: "${raw}" không phải thời điểm hợp lệ. Cần ngày giờ kèm múi giờ, dạng 2026-12-15T08:00+07:00.`,
      en: `--at: "${raw}" is not a valid instant. Expected a date and time with its offset, like 2026-12-15T08:00+07:00.`,
    });
  return new Date(raw);
}

/** `reminders run [--at INSTANT]`: every reminder due as if at that instant (catching up after an outage). */
export const remindersCommand: CliCommand = {
  usage: `  reminders run [--at 2026-12-15T08:00+07:00]
                                  chạy các lượt nhắc (cán bộ, tài khoản người hưởng) như tại thời điểm đó / run the reminders (officers, beneficiaries' accounts) as if at that instant`,
  async run(args, rt) {
    if (args[0] !== 'reminders' || args[1] !== 'run') return null;
    const raw = flags(args.slice(2)).get('at');
    const at = parseAt(raw.length ? raw[0] : undefined);
    const r = await runReminders(at, reminderPolicies(rt.config));
    const o = r.officers;
    out(
      `Nhắc việc cán bộ: đã tạo ${o.created} thông báo (${o.communes} xã, ${o.digests} bản tổng hợp tỉnh) / officer reminders: created ${o.created} notices (${o.communes} communes, ${o.digests} province digests)`,
    );
    out(
      `Nhắc tài khoản người hưởng: đã tạo ${r.accounts.created} thông báo / beneficiaries' account reminder: created ${r.accounts.created} notices`,
    );
    if (!r.failed.length) return 0;
    for (const f of r.failed) rt.log.error({ part: f.part, err: f.error }, 'reminder part failed');
    const names = failedParts(r);
    process.stderr.write(
      `Lỗi / error: chưa chạy xong phần ${names.vi}; các phần khác đã chạy. Chạy lại lệnh sau khi khắc phục (không gửi trùng). / not finished: ${names.en}; the other parts ran. Run the command again once fixed (nothing is sent twice).\n`,
    );
    return 1;
  },
};
