import { createSealer, decodeKey } from '../../services/crypto.js';
import { AppError } from '../../services/errors.js';
import { createLogger } from '../../services/log.js';
import { rotateSealedValues } from '../../services/keys/rotation.js';
import { flags, out, type CliCommand } from './command.js';

const KEY = /^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/;

/** `keys rotate --from-env VAR`: re-seals every sealed value from the key in VAR to DATA_ENCRYPTION_KEY. */
export const keysCommand: CliCommand = {
  usage: `  keys rotate --from-env BIẾN     mã hóa lại mọi số đã niêm phong từ khóa cũ (trong biến môi trường BIẾN) sang DATA_ENCRYPTION_KEY`,
  async run(args, rt) {
    if (args[0] !== 'keys' || args[1] !== 'rotate') return null;
    const f = flags(args.slice(2));
    const variable = f.get('from-env')[0];
    if (!variable || f.rest.length) return null;
    // The key is named, never typed on the command line, so it stays out of shell history and `ps`.
    const old = process.env[variable];
    if (!old || !KEY.test(old)) {
      throw new AppError('invalid_input', {
        vi: `Biến môi trường ${variable} không chứa khóa cũ (32 byte: 64 ký tự hex hoặc 44 ký tự base64)`,
        en: `${variable} does not hold the old key (32 bytes: 64 hex or 44 base64 characters)`,
      });
    }
    const current = rt.config.DATA_ENCRYPTION_KEY;
    if (!current || decodeKey(current).equals(decodeKey(old))) {
      throw new AppError('invalid_input', {
        vi: 'DATA_ENCRYPTION_KEY phải là khóa mới, khác khóa cũ',
        en: 'DATA_ENCRYPTION_KEY must be the new key, not the old one',
      });
    }
    // Without it this process would compute blind indexes and ids under the new key, and every
    // lookup of a stored record would miss.
    if (!rt.config.DATA_INDEX_KEY) {
      throw new AppError('invalid_input', {
        vi: 'Chưa đặt DATA_INDEX_KEY: đặt bằng khóa gốc (khóa của các chỉ mục) trước khi xoay khóa',
        en: 'DATA_INDEX_KEY is not set: set it to the original key (the indexes’ key) before rotating',
      });
    }
    const report = await rotateSealedValues({
      from: createSealer(decodeKey(old)),
      to: rt.sealer,
      log: createLogger(rt.config.LOG_LEVEL),
    });
    out(
      `Đã mã hóa lại ${report.fieldsResealed} giá trị trong ${report.documentsResealed} bản ghi; ${report.fieldsAlreadyNew} đã dùng khóa mới; ${report.fieldsUnreadable} không mở được / re-sealed ${report.fieldsResealed} values in ${report.documentsResealed} documents; ${report.fieldsAlreadyNew} already new; ${report.fieldsUnreadable} unreadable`,
    );
    out(JSON.stringify(report));
    return report.fieldsUnreadable ? 1 : 0;
  },
};
