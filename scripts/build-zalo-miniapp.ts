import path from 'node:path';
import { createLogger } from '../services/log.js';
import { buildZaloMiniApp, checkZaloMiniAppOutput, ZALO_MINI_APP_DIR, zaloMiniAppInstalled } from './zalo-miniapp.js';

/**
 * `npm run build:zalo-miniapp`: builds miniapp/zalo into its www/ with its own .env.production (what `zmp deploy`
 * would upload) and checks the result. Not part of `npm test`'s needs: the folder is installed separately.
 */
const log = createLogger(process.env.LOG_LEVEL ?? 'info').child({ process: 'build-zalo-miniapp' });

if (!zaloMiniAppInstalled()) {
  log.error(
    'Chưa cài miniapp/zalo: chạy `npm ci` trong thư mục đó trước. / miniapp/zalo is not installed: run `npm ci` in that folder first.',
  );
  process.exit(1);
}
const built = buildZaloMiniApp({});
if (!built.ok) {
  log.error({ output: built.output }, 'Dựng Mini App Zalo thất bại. / Building the Zalo Mini App failed.');
  process.exit(1);
}
const outDir = path.join(ZALO_MINI_APP_DIR, 'www');
const problems = checkZaloMiniAppOutput(outDir, { publicUrl: process.env.VITE_TAS_PUBLIC_URL || undefined });
for (const p of problems) log.error(`${p.vi} / ${p.en}`);
if (problems.length) process.exit(1);
log.info({ outDir }, 'Mini App Zalo đã dựng và kiểm tra xong. / The Zalo Mini App is built and checked.');
