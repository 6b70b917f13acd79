import { AppError } from '../../services/errors.js';
import { runReminderPass } from '../../services/reminders/pass.js';
import { reminderPolicy } from '../../services/reminders/slots.js';
import { flags, out, type CliCommand } from './command.js';

/** `reminders run [--at INSTANT]`: the reminder pass as if at that instant (catching up after an outage). */
export const remindersCommand: CliCommand = {
  usage: `  reminders run [--at 2026-12-15T08:00+07:00]
                                  chạy lượt nhắc việc cán bộ như tại thời điểm đó / run the officer reminder pass as if at that instant`,
  async run(args, rt) {
    if (args[0] !== 'reminders' || args[1] !== 'run') return null;
    const raw = flags(args.slice(2)).get('at')[0];
    const at = raw ? new Date(raw) : new Date();
    if (Number.isNaN(at.getTime()))
      throw new AppError('invalid_input', '--at: cần thời điểm dạng 2026-12-15T08:00+07:00.');
    const r = await runReminderPass(at, reminderPolicy(rt.config));
    out(
      `Đã tạo ${r.created} thông báo (${r.communes} xã, ${r.digests} bản tổng hợp tỉnh) / created ${r.created} notices (${r.communes} communes, ${r.digests} province digests)`,
    );
    return 0;
  },
};
