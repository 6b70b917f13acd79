import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../services/errors.js';
import { exportForPolice } from '../../services/verification/export.js';
import type { PoliceFormat } from '../../services/verification/police-file.js';
import { importVerificationResults } from '../../services/verification/results.js';
import { actingAt } from './acting.js';
import { flags, out, type CliCommand } from './command.js';
import { printReport } from './report.js';

const USAGE = `  verification export --commune MÃ_XÃ [--commune …] --out TỆP.csv|TỆP.xlsx [--officer SĐT]
                                  xuất danh sách gửi công an xã xác thực (hồ sơ «đã khai» chuyển sang «đang xác thực»)
  import account-verifications TỆP --officer SĐT
                                  nhập kết quả của công an xã với quyền của cán bộ (chỉ hồ sơ trong địa bàn, đang xác thực)`;

function formatOf(file: string): PoliceFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.xlsx') return ext.slice(1) as PoliceFormat;
  throw new AppError(
    'invalid_input',
    `--out phải là tệp .csv hoặc .xlsx (không phải «${path.basename(file)}») / --out must end in .csv or .xlsx`,
  );
}

/**
 * `verification export` and the officer's `import account-verifications … --officer`. The export is
 * written beside the target and renamed when complete, so a refusal or a failure leaves no file.
 */
export const verificationCommands: CliCommand = {
  usage: USAGE,
  async run(args, rt) {
    const f = flags(args);
    const [cmd, sub, file] = f.rest;
    const officer = f.get('officer')[0];
    if (cmd === 'import' && sub === 'account-verifications' && file && officer !== undefined) {
      const acting = await actingAt(rt, officer);
      printReport(await importVerificationResults(acting, { path: path.resolve(file) }, rt.sealer));
      return 0;
    }
    if (cmd !== 'verification' || sub !== 'export') return null;
    const target = f.get('out')[0];
    if (!target) throw new AppError('invalid_input', 'Thiếu --out TỆP (.csv hoặc .xlsx) / --out FILE is required');
    const format = formatOf(target);
    const communes = f
      .get('commune')
      .flatMap((c) => c.split(','))
      .filter(Boolean);
    const acting = await actingAt(rt, officer);
    const final = path.resolve(target);
    const partial = `${final}.partial`;
    const stream = createWriteStream(partial, { mode: 0o600 });
    try {
      const { rows } = await exportForPolice(acting, { communes }, format, stream, rt.sealer);
      await rename(partial, final);
      out(`Đã xuất ${rows} hồ sơ / exported ${rows} records:`);
      out(final);
      return 0;
    } catch (err) {
      stream.destroy();
      await rm(partial, { force: true });
      throw err;
    }
  },
};
