import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sign, signData } from '@telegram-apps/init-data-node';
import { createHttpApp } from '../../miniapp/server.js';
import { machineApiDeps, miniappHttpDeps, miniappContext } from '../../miniapp/wiring.js';
import type { Runtime } from '../../services/runtime.js';
import { createLogger } from '../../services/log.js';
import { issueLinkCode } from '../../services/linking/codes.js';
import { linkPolicy } from '../../services/linking/policy.js';
import type { ChatRef } from '../../services/linking/chats.js';
import { redeemCode } from '../../services/linking/link.js';
import { issueRecordWebLink } from '../../services/miniapp/web-links.js';
import { saveCommunes } from '../../services/register/communes.js';
import type { BeneficiaryInput } from '../../services/register/beneficiaries.js';
import { aBeneficiary, register } from './register.js';
import { startTestRuntime } from './runtime.js';

/** The bot token tests sign Telegram init data with. */
export const TEST_BOT_TOKEN = '123456:TEST-token';

/** A test runtime plus the HTTP app with the mini-app, on a free loopback port. */
export type MiniappServer = { url: string; rt: Runtime; stop(): Promise<void> };

/**
 * Starts a runtime on a database of its own and the HTTP app on a free port (rate limits high unless
 * overridden), and the machine API; `now` is the mini-app's and the machine API's clock (sign-in, web links,
 * download tickets, idempotency) when a test moves time.
 */
export async function startMiniappServer(
  overrides: Record<string, string> = {},
  opts: { now?: () => Date } = {},
): Promise<MiniappServer> {
  const rt = await startTestRuntime({
    TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN,
    MINIAPP_RATE_PER_MINUTE: '10000',
    MINIAPP_IP_RATE_PER_MINUTE: '100000',
    ...overrides,
  });
  const log = createLogger(rt.config.LOG_LEVEL);
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // PUBLIC_URL must name this very server, so the links the services print open here.
  const config = { ...rt.config, PUBLIC_URL: url };
  const app = createHttpApp({
    log,
    databaseKind: rt.database.kind,
    schedulerRunning: () => true,
    isShuttingDown: () => false,
    miniapp: withClock(miniappHttpDeps(config, rt.sealer, log), opts.now),
    machineApi: { ...machineApiDeps(config, rt.sealer, log), ...(opts.now ? { now: opts.now } : {}) },
  });
  server.on('request', app);
  await saveCommunes([{ code: '00004', name: 'Phường Ba Đình', provinceCode: '01', legacyDistrict: null }], {
    sealer: rt.sealer,
    entryPoint: 'import',
    actor: 'test',
  });
  return {
    url,
    rt: { ...rt, config },
    async stop() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await rt.stop();
    },
  };
}

function withClock<D extends { ctx: { now: () => Date } }>(deps: D, now: (() => Date) | undefined): D {
  return now ? { ...deps, ctx: { ...deps.ctx, now } } : deps;
}

/** A beneficiary with bank details on record, linked (by a real link code) to a Telegram and/or Zalo user. */
export async function seedLinkedBeneficiary(
  rt: Runtime,
  opts: { telegramUserId?: number; zaloUserId?: string; overrides?: Partial<BeneficiaryInput> } = {},
): Promise<{
  nationalId: string;
  beneficiaryId: string;
  accountNumber: string;
  accountLast4: string;
  fullName: string;
}> {
  const b = aBeneficiary(opts.overrides);
  const [beneficiaryId] = await register(rt.sealer, [b]);
  const linking = { sealer: rt.sealer, policy: linkPolicy(rt.config), now: () => new Date() };
  const refs: ChatRef[] = [
    ...(opts.telegramUserId ? [{ channel: 'telegram' as const, chatId: String(opts.telegramUserId) }] : []),
    ...(opts.zaloUserId ? [{ channel: 'zalo' as const, chatId: opts.zaloUserId }] : []),
  ];
  for (const ref of refs) {
    const { code } = await issueLinkCode(linking, b.nationalId, 'test');
    const outcome = await redeemCode(linking, ref, code);
    if (outcome.kind !== 'linked') throw new Error(`link failed: ${outcome.kind}`);
  }
  return {
    nationalId: b.nationalId,
    beneficiaryId: beneficiaryId!,
    accountNumber: b.account?.number ?? '',
    accountLast4: b.account?.number.slice(-4) ?? '',
    fullName: b.fullName,
  };
}

/**
 * Init data as Telegram would hand it to the mini-app, signed with the test bot token unless told
 * otherwise. Clients since Bot API 8.0 add a `signature` field (an Ed25519 signature for third
 * parties, covered by the hash too); `signature: null` gives the form older clients send, without it.
 */
export function telegramInitData(
  user: { id: number; first_name?: string; language_code?: string },
  opts: { authDate?: Date; botToken?: string; signature?: string | null } = {},
): string {
  const token = opts.botToken ?? TEST_BOT_TOKEN;
  const authDate = opts.authDate ?? new Date();
  const fields = {
    user: { first_name: 'Lan', ...user },
    query_id: 'AAHdF6IQAAAAAN0XohDhrOrc',
    chat_type: 'sender',
    chat_instance: '8428209589180549439',
  };
  if (opts.signature !== null)
    return sign(
      {
        ...fields,
        signature: opts.signature ?? 'q4Fh1Xw3mWbZ0Lr9VtKc7sPpYjN2dEoG8aIuHfRxT5kB6nCvM1lJzQeSiDgUyOw-AQ',
      } as Parameters<typeof sign>[0],
      token,
      authDate,
    );
  const params = new URLSearchParams({
    auth_date: String(Math.floor(authDate.getTime() / 1000)),
    query_id: fields.query_id,
    user: JSON.stringify(fields.user),
    chat_type: fields.chat_type,
    chat_instance: fields.chat_instance,
  });
  const checkString = [...params].map(([key, value]) => `${key}=${value}`).sort();
  params.append('hash', signData(checkString.join('\n'), token));
  return params.toString();
}

/** An officer's single-use web link for a record, as `npm run cli -- links web` prints it. */
export async function issueWebLink(rt: Runtime, nationalId: string): Promise<string> {
  return (await issueRecordWebLink(nationalId, miniappContext(rt.config, rt.sealer), 'test')).url;
}
