import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { prepareTelegram, WEBHOOK_PATH, type TelegramRunner } from '../../bot/telegram/run.js';
import { createHttpApp } from '../../miniapp/server.js';
import type { DatabaseKind } from '../../models/db/kinds.js';
import type { Config } from '../../services/config.js';
import type { LinkingContext } from '../../services/linking/policy.js';
import type { Logger } from '../../services/log.js';

/**
 * The bot in webhook mode behind the service's own HTTP app, on a loopback port. The server listens
 * first because the webhook URL the bot registers is its address; `config` gets that address.
 */
export async function startWebhookBot(opts: {
  config: (publicUrl: string) => Config;
  linking: LinkingContext;
  log: Logger;
  databaseKind: DatabaseKind;
}): Promise<{ runner: TelegramRunner; publicUrl: string; stop: () => Promise<void> }> {
  const holder: { app?: Express } = {};
  const server = http.createServer((req, res) => void holder.app?.(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const runner = prepareTelegram(opts.config(publicUrl), opts.linking, opts.log)!;
  holder.app = createHttpApp({
    log: opts.log,
    databaseKind: opts.databaseKind,
    schedulerRunning: () => true,
    isShuttingDown: () => false,
    telegramWebhook: { path: WEBHOOK_PATH, handler: runner.webhook! },
  });
  return {
    runner,
    publicUrl,
    async stop() {
      await runner.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
