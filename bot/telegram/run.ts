import type { IncomingMessage, ServerResponse } from 'node:http';
import { webhookCallback, type Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { RequestHandler } from 'express';
import type { Config } from '../../services/config.js';
import type { LinkingContext } from '../../services/linking/policy.js';
import type { Logger } from '../../services/log.js';
import { miniappPolicy } from '../../services/miniapp/policy.js';
import { common } from '../../services/messages/common.js';
import type { BotContext } from './update-context.js';
import { createBot } from './index.js';

/** Path of the webhook route on the service's HTTP server. */
export const WEBHOOK_PATH = '/telegram/webhook';
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
/** Far above any update Telegram sends; a larger declared body is refused before it is read. */
const MAX_UPDATE_BYTES = 1024 * 1024;

/** A bot ready to run: its webhook route (webhook mode), then `start` once HTTP listens, `stop` at shutdown. */
export type TelegramRunner = {
  bot: Bot<BotContext>;
  webhook: RequestHandler | null;
  start(): Promise<void>;
  stop(): Promise<void>;
};

/** Builds the bot from configuration, or returns null (and says so) when no token is set. */
export function prepareTelegram(config: Config, linking: LinkingContext, log: Logger): TelegramRunner | null {
  if (!config.TELEGRAM_BOT_TOKEN) {
    log.info('Telegram bot disabled: TELEGRAM_BOT_TOKEN not set');
    return null;
  }
  const botLog = log.child({ component: 'telegram' });
  const web = { sealer: linking.sealer, policy: miniappPolicy(config), publicUrl: config.PUBLIC_URL, now: linking.now };
  const bot = createBot(config.TELEGRAM_BOT_TOKEN, {
    log: botLog,
    linking,
    publicUrl: config.PUBLIC_URL,
    apiRoot: config.TELEGRAM_API_ROOT,
    web,
  });
  const webhookMode = config.TELEGRAM_MODE === 'webhook';
  let polling: Promise<void> | null = null;
  return {
    bot,
    webhook: webhookMode ? webhookRoute(bot, config.TELEGRAM_WEBHOOK_SECRET) : null,
    async start() {
      await bot.init();
      await registerCommands(bot);
      if (webhookMode) {
        await bot.api.setWebhook(`${config.PUBLIC_URL}${WEBHOOK_PATH}`, {
          secret_token: config.TELEGRAM_WEBHOOK_SECRET,
          allowed_updates: [...ALLOWED_UPDATES],
        });
        botLog.info({ mode: 'webhook', bot: bot.botInfo.username }, 'Telegram bot receiving updates by webhook');
        return;
      }
      await new Promise<void>((resolve, reject) => {
        polling = bot.start({ allowed_updates: [...ALLOWED_UPDATES], onStart: () => resolve() });
        polling.catch((err: unknown) => {
          botLog.error({ err }, 'Telegram polling stopped');
          reject(err);
        });
      });
      botLog.info({ mode: 'polling', bot: bot.botInfo.username }, 'Telegram bot polling for updates');
    },
    async stop() {
      if (bot.isRunning()) await bot.stop();
      await polling?.catch(() => undefined);
    },
  };
}

/** Registers the command list in Vietnamese (also the default) and English. */
async function registerCommands(bot: Bot<BotContext>): Promise<void> {
  await bot.api.setMyCommands(common.vi.commands);
  await bot.api.setMyCommands(common.vi.commands, { language_code: 'vi' });
  await bot.api.setMyCommands(common.en.commands, { language_code: 'en' });
}

/** Why a body from the holder of the secret is still refused with 400: it is JSON, but not an update. */
class NotAnUpdate extends Error {}

/** The body as an update: a JSON object with an `update_id` (grammY's handling of anything else throws past the bot). */
function readUpdate(req: IncomingMessage): Promise<Update> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('error', reject);
    req.once('end', () => {
      try {
        const update = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
        if (update === null || typeof update !== 'object' || !Number.isInteger((update as Update).update_id))
          return reject(new NotAnUpdate());
        resolve(update as Update);
      } catch (err) {
        reject(err);
      }
    });
  });
}

/** grammY's adapter for Node's http, reading the body with readUpdate. */
const nodeAdapter = (req: IncomingMessage, res: ServerResponse) => ({
  get update() {
    return readUpdate(req);
  },
  header: [req.headers['x-telegram-bot-api-secret-token']].flat()[0],
  end: () => void res.end(),
  respond: (json: string) => void res.writeHead(200, { 'Content-Type': 'application/json' }).end(json),
  unauthorized: () => void res.writeHead(401).end('secret token is wrong'),
});

/**
 * The webhook route. grammY checks the secret token, then the adapter reads and parses the body
 * itself, so Express's JSON parser stays off the bot's hottest path (it cost the bot CPU on
 * every `/status` update).
 */
function webhookRoute(bot: Bot<BotContext>, secretToken: string | undefined): RequestHandler {
  const handle = webhookCallback(bot, nodeAdapter, { secretToken });
  return async (req, res) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_UPDATE_BYTES) {
      res.status(413).end();
      return;
    }
    try {
      await handle(req, res);
    } catch (err) {
      // Only a caller holding the secret gets this far, and Telegram always sends JSON updates.
      if (!(err instanceof SyntaxError || err instanceof NotAnUpdate) || res.headersSent) throw err;
      res.status(400).end();
    }
  };
}
