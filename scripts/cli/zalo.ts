import { AppError } from '../../services/errors.js';
import { formatDateTime } from '../../services/format.js';
import { zaloOaFromConfig } from '../../services/zalo/from-config.js';
import type { ZaloTokenGrant } from '../../services/zalo/oa-client.js';
import { zaloTokenStore } from '../../services/zalo/tokens.js';
import { out, type CliCommand } from './command.js';

/**
 * `zalo tokens set|status|refresh`. The pair is read from standard input, as the JSON Zalo's token
 * endpoint answers (`{"access_token", "refresh_token", "expires_in"}`), never from the command line,
 * where the shell's history and the process list would keep it.
 */
export const zaloCommand: CliCommand = {
  usage: `  zalo tokens set < TỆP_JSON     lưu cặp mã Zalo OA (JSON Zalo trả về: access_token, refresh_token, expires_in) đọc từ đầu vào chuẩn / store the OA token pair read from stdin
  zalo tokens status              hạn của mã truy cập và lỗi làm mới gần nhất (không in mã) / expiry and last refresh failure
  zalo tokens refresh             làm mới ngay nếu sắp hết hạn / refresh now when due`,
  async run(args, rt) {
    if (args[0] !== 'zalo' || args[1] !== 'tokens' || args.length !== 3) return null;
    const store = zaloTokenStore({
      sealer: rt.sealer,
      log: rt.log,
      refreshMarginMs: rt.config.ZALO_TOKEN_REFRESH_MARGIN_MINUTES * 60_000,
    });
    if (args[2] === 'set') {
      const grant = grantOf(await readStdin());
      await store.seed(grant);
      out(`Đã lưu cặp mã Zalo OA / stored the Zalo OA token pair; hết hạn / expires ${expiry(grant)}`);
      return 0;
    }
    if (args[2] === 'status') {
      const s = await store.status();
      out(
        s.accessExpiresAt
          ? `Mã truy cập hết hạn lúc / access token expires ${formatDateTime(s.accessExpiresAt)} (phiên bản / version ${s.version})`
          : 'Chưa có cặp mã Zalo OA / no Zalo OA token pair stored',
      );
      if (s.failure)
        out(
          `Làm mới thất bại từ / refresh failing since ${formatDateTime(new Date(s.failure.since))}, ${s.failure.attempts} lần / tries: ${s.failure.reason}`,
        );
      return 0;
    }
    if (args[2] === 'refresh') {
      const oa = zaloOaFromConfig(rt.config, { sealer: rt.sealer, log: rt.log });
      if (!oa) throw new AppError('invalid_input', 'Chưa cấu hình Zalo OA (ZALO_APP_ID, ZALO_APP_SECRET, ZALO_OA_ID).');
      const outcome = await oa.tokens.refreshIfDue(oa.client.refresh);
      out(`Kết quả / outcome: ${outcome}`);
      return outcome === 'failed' ? 1 : 0;
    }
    return null;
  },
};

function expiry(g: ZaloTokenGrant): string {
  return formatDateTime(new Date(Date.now() + g.expiresInS * 1000));
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The pair in Zalo's own answer; the message never repeats a token. */
function grantOf(text: string): ZaloTokenGrant {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError(
      'invalid_input',
      'Đầu vào không phải JSON: cần {"access_token", "refresh_token", "expires_in"}.',
    );
  }
  const { access_token: a, refresh_token: r, expires_in: e } = (body ?? {}) as Record<string, unknown>;
  const seconds = e === undefined ? 90_000 : Number(e);
  const token = (v: unknown) => typeof v === 'string' && /^[\x21-\x7e]{8,4096}$/.test(v);
  if (!token(a) || !token(r))
    throw new AppError('invalid_input', 'Thiếu access_token hoặc refresh_token, hoặc mã có ký tự không hợp lệ.');
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 10 * 86_400)
    throw new AppError('invalid_input', 'expires_in phải là số giây, lớn hơn 0 (Zalo cấp 90000).');
  return { accessToken: a as string, refreshToken: r as string, expiresInS: seconds };
}
