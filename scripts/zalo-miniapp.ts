import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Localized } from '../services/errors.js';

/**
 * Builds the Zalo Mini App package (miniapp/zalo) and checks that its output is what `zmp deploy` uploads.
 * The package has its own node_modules, which the root `npm ci` never installs, so callers ask
 * `zaloMiniAppInstalled()` first and say so when it is not.
 */

export const ZALO_MINI_APP_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../miniapp/zalo');

/** zmp-cli-core refuses to upload a file above 3 MB (its SIZE_LIMIT_MB.FILE). */
const MAX_FILE_BYTES = 3 * 1024 * 1024;
const LISTS = ['listCSS', 'listSyncJS', 'listAsyncJS'] as const;

export function zaloMiniAppInstalled(folder = ZALO_MINI_APP_DIR): boolean {
  return existsSync(path.join(folder, 'node_modules', 'vite', 'package.json'));
}

export type BuildResult = { ok: boolean; output: string };

/** Runs the package's own `npm run build` (vite + zmp-vite-plugin), as `zmp deploy` does, into `outDir`. */
export function buildZaloMiniApp(opts: { folder?: string; outDir?: string; publicUrl?: string }): BuildResult {
  const folder = opts.folder ?? ZALO_MINI_APP_DIR;
  const args = ['run', 'build', '--'];
  if (opts.outDir) args.push('--outDir', opts.outDir);
  const env = { ...process.env };
  // An empty string would still count as set for vite's loadEnv, which is how a test asks for the refusal.
  if (opts.publicUrl !== undefined) env.VITE_TAS_PUBLIC_URL = opts.publicUrl;
  const run = spawnSync('npm', args, { cwd: folder, env, encoding: 'utf8' });
  return { ok: run.status === 0, output: `${run.stdout ?? ''}${run.stderr ?? ''}` };
}

function filesUnder(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full, base) : [path.relative(base, full).split(path.sep).join('/')];
  });
}

/**
 * What is wrong with a built package in `outDir` (empty when nothing is). Zalo never uploads index.html: it loads
 * exactly the files app-config.json lists, from the uploaded folder, so the lists must name every built script and
 * stylesheet by a relative path that exists.
 */
export function checkZaloMiniAppOutput(outDir: string, opts: { publicUrl?: string } = {}): Localized[] {
  const configPath = path.join(outDir, 'app-config.json');
  if (!existsSync(configPath)) {
    return [
      {
        vi: `Không có ${configPath}: zmp-vite-plugin chưa chạy, hoặc bản dựng không nằm ở thư mục zmp deploy tải lên (www/).`,
        en: `${configPath} is missing: zmp-vite-plugin did not run, or the build is not in the folder zmp deploy uploads (www/).`,
      },
    ];
  }
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
  } catch {
    return [{ vi: `${configPath} không phải JSON hợp lệ.`, en: `${configPath} is not valid JSON.` }];
  }

  const problems: Localized[] = [];
  const app = config.app as { title?: unknown } | undefined;
  if (typeof app?.title !== 'string' || !app.title.trim()) {
    problems.push({ vi: 'app-config.json thiếu app.title.', en: 'app-config.json has no app.title.' });
  }

  const files = filesUnder(outDir);
  const listed = new Set<string>();
  for (const list of LISTS) {
    const entries = config[list];
    if (!Array.isArray(entries) || entries.some((e) => typeof e !== 'string')) {
      problems.push({
        vi: `app-config.json: ${list} không phải danh sách tên tệp.`,
        en: `app-config.json: ${list} is not a list of file names.`,
      });
      continue;
    }
    for (const entry of entries as string[]) {
      listed.add(entry);
      if (entry.startsWith('/') || /^[a-z]+:/i.test(entry)) {
        problems.push({
          vi: `${list}: "${entry}" phải là đường dẫn tương đối.`,
          en: `${list}: "${entry}" must be a relative path.`,
        });
      } else if (!files.includes(entry)) {
        problems.push({
          vi: `${list}: "${entry}" không có trong bản dựng.`,
          en: `${list}: "${entry}" is not in the build.`,
        });
      }
    }
  }
  const syncJs = Array.isArray(config.listSyncJS) ? (config.listSyncJS as unknown[]) : [];
  if (syncJs.length === 0) {
    problems.push({
      vi: 'listSyncJS trống: Zalo sẽ không tải tệp mã nào.',
      en: 'listSyncJS is empty: Zalo would load no script.',
    });
  }

  for (const file of files) {
    if (/\.(js|css)$/.test(file) && !listed.has(file)) {
      problems.push({
        vi: `"${file}" được tải lên nhưng không có trong danh sách nào của app-config.json, nên Zalo không bao giờ tải nó.`,
        en: `"${file}" would be uploaded but no list in app-config.json names it, so Zalo would never load it.`,
      });
    }
    if (statSync(path.join(outDir, file)).size > MAX_FILE_BYTES) {
      problems.push({
        vi: `"${file}" lớn hơn 3 MB, zmp deploy sẽ từ chối.`,
        en: `"${file}" is larger than 3 MB; zmp deploy would refuse it.`,
      });
    }
  }

  if (opts.publicUrl) {
    const url = opts.publicUrl;
    const carries = syncJs.some(
      (f) => typeof f === 'string' && files.includes(f) && readFileSync(path.join(outDir, f), 'utf8').includes(url),
    );
    if (!carries) {
      problems.push({
        vi: `Không tệp nào trong listSyncJS chứa địa chỉ máy chủ ${url} (VITE_TAS_PUBLIC_URL).`,
        en: `No listSyncJS file carries the server's address ${url} (VITE_TAS_PUBLIC_URL).`,
      });
    }
  }
  return problems;
}
