import { formatDate, formatTime } from '../../services/format.js';
import { API_OPERATIONS, createApiKey, listApiKeys, revokeApiKey } from '../../services/api-keys/keys.js';
import { actingAt } from './acting.js';
import { flags, out, type CliCommand } from './command.js';

const when = (d: Date | null) => (d ? `${formatTime(d)} ${formatDate(d)}` : '—');

/** `apikeys create | list | revoke`: machine clients' keys, for the IT department; `--officer PHONE` acts as that officer. */
export const apiKeysCommand: CliCommand = {
  usage: `  apikeys create --province MÃ_TỈNH --name "TÊN HỆ THỐNG" --operations ${API_OPERATIONS.join(',')}
                                  tạo khóa API cho một hệ thống; dòng cuối là khóa, chỉ hiện một lần
  apikeys list [--province MÃ_TỈNH]  danh sách khóa (không bao giờ hiện khóa bí mật)
  apikeys revoke --id MÃ_KHÓA     thu hồi khóa ngay (yêu cầu kế tiếp dùng khóa bị từ chối)`,
  async run(args, rt) {
    if (args[0] !== 'apikeys') return null;
    const f = flags(args.slice(1));
    const one = (name: string) => f.get(name).at(-1) ?? '';
    const acting = await actingAt(rt, f.get('officer').at(-1));
    const sub = f.rest[0];
    if (sub === 'create') {
      const { key, secret } = await createApiKey(
        acting,
        {
          name: one('name'),
          operations: f.get('operations').flatMap((o) => o.split(',').map((x) => x.trim())),
          ...(one('province') ? { provinceCode: one('province') } : {}),
        },
        rt.sealer,
      );
      out(`Đã tạo khóa ${key.id} cho ${key.name} (${key.provinceName}; ${key.operations.join(', ')}).`);
      out(`Key ${key.id} created for ${key.name} (${key.provinceName}; ${key.operations.join(', ')}).`);
      out('Khóa chỉ hiện một lần: chép ngay vào hệ thống dùng nó. / Shown once only: copy it into the system now.');
      out(secret);
      return 0;
    }
    if (sub === 'list') {
      const keys = await listApiKeys(acting, one('province') ? { provinceCode: one('province') } : {});
      out(`Khóa API / API keys: ${keys.length}`);
      for (const k of keys)
        out(
          [
            k.id,
            k.provinceCode,
            k.state,
            k.name,
            k.operations.join(','),
            `dùng lần cuối / last used: ${when(k.lastUsedAt)}`,
          ].join('\t'),
        );
      return 0;
    }
    if (sub === 'revoke' && one('id')) {
      const k = await revokeApiKey(acting, one('id'));
      out(`Đã thu hồi khóa ${k.id} (${k.name}). / Key ${k.id} revoked.`);
      return 0;
    }
    return null;
  },
};
