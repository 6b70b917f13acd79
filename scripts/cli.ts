import path from 'node:path';
import { ConfigError, loadConfig } from '../services/config.js';
import { AppError } from '../services/errors.js';
import { IMPORT_KINDS, type ImportKind } from '../services/imports/columns.js';
import { importFile } from '../services/imports/run-import.js';
import { createLogger } from '../services/log.js';
import { startRuntime, type Runtime } from '../services/runtime.js';
import { seedDemo } from '../services/demo/seed.js';
import { formatDate } from '../services/format.js';
import { issueRecordWebLink } from '../services/miniapp/web-links.js';
import { miniappContext } from '../miniapp/wiring.js';
import { issueLinkCode } from '../services/linking/codes.js';
import { linkPolicy } from '../services/linking/policy.js';
import { expiresLine, out, type CliCommand } from './cli/command.js';
import { keysCommand } from './cli/keys.js';
import { apiKeysCommand } from './cli/apikeys.js';
import { officersCommand } from './cli/officers.js';
import { provincesCommand } from './cli/provinces.js';
import { remindersCommand } from './cli/reminders.js';
import { printReport } from './cli/report.js';
import { reminderStatusCommand } from './cli/reminder-status.js';
import { verificationCommands } from './cli/verification.js';
import { zaloCommand } from './cli/zalo.js';

/** Command groups in their own files; each says whether the arguments are its own. */
const GROUPS: CliCommand[] = [
  officersCommand,
  verificationCommands,
  provincesCommand,
  reminderStatusCommand,
  remindersCommand,
  zaloCommand,
  keysCommand,
  apiKeysCommand,
];

const BASE_USAGE = `Cách dùng / usage: npm run cli -- <lệnh>
  import beneficiaries TỆP        nhập danh sách đối tượng (CSV hoặc XLSX)
  import payments TỆP             nhập kết quả chi trả
  import communes TỆP             nhập danh mục xã (code,name,province_code)
  import account-verifications TỆP  nhập kết quả xác thực tài khoản của công an xã
  seed demo                       nạp dữ liệu minh họa
  links issue SỐ_ĐỊNH_DANH        cấp mã liên kết Telegram một lần (dòng cuối là mã)
  links web SỐ_ĐỊNH_DANH          cấp đường liên kết mở ứng dụng trên trình duyệt, dùng một lần (dòng cuối là đường liên kết)`;
const USAGE = [BASE_USAGE, ...GROUPS.map((g) => g.usage)].join('\n');

// A reader such as `head` may close the pipe early; that is not an import failure.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
});

async function run(args: string[], rt: Runtime): Promise<number> {
  const ctx = { sealer: rt.sealer, entryPoint: 'cli' as const, actor: 'cli' };
  const [cmd, sub, file] = args;
  // With more arguments (`--officer PHONE`) an import is a command group's (scripts/cli/verification.ts).
  if (cmd === 'import' && IMPORT_KINDS.includes(sub as ImportKind) && file && args.length === 3) {
    printReport(await importFile(sub as ImportKind, path.resolve(file), ctx, { log: rt.log }));
    return 0;
  }
  if (cmd === 'seed' && sub === 'demo') {
    out(JSON.stringify(await seedDemo(rt.sealer)));
    return 0;
  }
  if (cmd === 'links' && sub === 'issue' && file) {
    const { code, expiresAt } = await issueLinkCode(
      { sealer: rt.sealer, policy: linkPolicy(rt.config), now: () => new Date() },
      file,
      'cli',
    );
    out(
      `Mã liên kết dùng một lần, hết hạn ngày ${formatDate(expiresAt)} / one-time link code, expires ${formatDate(expiresAt)}:`,
    );
    out(code);
    return 0;
  }
  if (cmd === 'links' && sub === 'web' && file) {
    const { url, expiresAt } = await issueRecordWebLink(file, miniappContext(rt.config, rt.sealer), 'cli');
    out(expiresLine({ vi: 'Đường liên kết dùng một lần', en: 'single-use link' }, expiresAt));
    out(url);
    return 0;
  }
  for (const group of GROUPS) {
    const code = await group.run(args, rt);
    if (code !== null) return code;
  }
  out(USAGE);
  return 2;
}

/** The officers' command line: same services as the bot and the web, entry point "cli". */
async function main() {
  const args = process.argv.slice(2);
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + '\n');
      process.exit(1);
    }
    throw err;
  }
  if (!args.length || args[0] === 'help' || args[0] === '--help') {
    out(USAGE);
    process.exit(args.length ? 0 : 2);
  }
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const rt = await startRuntime(config, log, { jobs: false, persistent: !config.MONGODB_URI });
  let code = 1;
  try {
    code = await run(args, rt);
  } catch (err) {
    if (err instanceof AppError) process.stderr.write(`Lỗi / error: ${err.message}\n`);
    else process.stderr.write(`Lỗi hệ thống / unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
    code = 1;
  } finally {
    await rt.stop();
  }
  process.exit(code);
}

void main();
