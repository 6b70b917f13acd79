import fs from 'node:fs';
import { AppError } from '../../services/errors.js';
import { setFuneralText } from '../../services/officers/funeral-text.js';
import { setProvinceZns } from '../../services/notifications/zns/province-switch.js';
import { actingAt } from './acting.js';
import { flags, out, type CliCommand } from './command.js';

/** `provinces funeral-text`: the funeral-allowance procedure a province tells families; `provinces zns`: its ZNS switch. */
export const provincesCommand: CliCommand = {
  usage: `  provinces funeral-text --province MÃ --file TỆP [--lang vi|en] [--officer SĐT]
                                  đặt hướng dẫn trợ cấp mai táng của tỉnh (tệp văn bản UTF-8) / set the province's funeral-allowance text
  provinces zns --province MÃ --on|--off [--officer SĐT]
                                  bật/tắt gửi ZNS (tính phí) cho người không theo dõi kênh chat nào / the province's paid ZNS fallback`,
  async run(args, rt) {
    if (args[0] !== 'provinces') return null;
    if (args[1] === 'zns') {
      const f = flags(args.slice(2));
      const province = f.get('province')[0];
      const on = f.get('on').length > 0;
      if (!province || on === f.get('off').length > 0)
        throw new AppError('invalid_input', 'Cần --province MÃ và một trong --on, --off.');
      await setProvinceZns(await actingAt(rt, f.get('officer')[0]), province, on);
      out(
        on
          ? `Đã bật gửi ZNS cho tỉnh ${province} / ZNS fallback on.`
          : `Đã tắt gửi ZNS cho tỉnh ${province} / ZNS fallback off.`,
      );
      return 0;
    }
    if (args[1] !== 'funeral-text') return null;
    const f = flags(args.slice(2));
    const province = f.get('province')[0];
    const file = f.get('file')[0];
    const lang = f.get('lang')[0] ?? 'vi';
    if (!province || !file || (lang !== 'vi' && lang !== 'en'))
      throw new AppError('invalid_input', 'Cần --province MÃ và --file TỆP (--lang vi hoặc en).');
    const acting = await actingAt(rt, f.get('officer')[0]);
    const { text } = await setFuneralText(acting, province, lang, fs.readFileSync(file, 'utf8'));
    out(`Đã lưu hướng dẫn trợ cấp mai táng của tỉnh ${province} (${lang}, ${text.length} ký tự) / saved.`);
    return 0;
  },
};
