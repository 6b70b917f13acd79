/**
 * One process of the token-refresh race (test/zalo-token-race.alone.test.ts): loads the configuration
 * from its environment like a worker, waits until RACE_AT (epoch ms) so both processes ask together,
 * refreshes if due, and prints the access token it ends with as one JSON line.
 */
import { loadConfig } from '../../services/config.js';
import { createLogger } from '../../services/log.js';
import { startRuntime } from '../../services/runtime.js';
import { zaloOaFromConfig } from '../../services/zalo/from-config.js';

const config = loadConfig();
const log = createLogger(config.LOG_LEVEL);
const rt = await startRuntime(config, log, { jobs: false, persistent: false });
try {
  const oa = zaloOaFromConfig(config, { sealer: rt.sealer, log });
  if (!oa) throw new Error('Zalo is not configured');
  await new Promise((r) => setTimeout(r, Math.max(0, Number(process.env.RACE_AT) - Date.now())));
  const outcome = await oa.tokens.refreshIfDue(oa.client.refresh);
  const token = await oa.tokens.accessToken(oa.client.refresh);
  process.stdout.write(`${JSON.stringify({ outcome, token })}\n`);
} finally {
  await rt.stop();
}
