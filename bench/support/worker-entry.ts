/**
 * `npm run worker` as the notification bench runs it: the real scripts/worker.ts in this process,
 * plus what the bench reads from it over IPC, so the product carries no bench hooks:
 *
 *   ← { type: 'measure' }
 *   → { type: 'measured', commands, cpuMs, systemMs, maxRssMb }   its database commands and CPU so far, peak RSS
 *
 * The bench gives it a MONGODB_URI with command monitoring on (bench/support/commands.ts).
 */
import mongoose from 'mongoose';
import { CommandCounter } from './commands.js';
import type { WorkerMessage, WorkerRequest } from './worker.js';

let counter: CommandCounter | null = null;
mongoose.connection.once('connected', () => {
  counter = CommandCounter.forMongoose();
});
process.on('message', (m: WorkerRequest) => {
  if (m.type !== 'measure') return;
  const cpu = process.cpuUsage();
  const reply: WorkerMessage = {
    type: 'measured',
    commands: counter?.snapshot() ?? {},
    cpuMs: (cpu.user + cpu.system) / 1000,
    systemMs: cpu.system / 1000,
    // getrusage's peak resident set, in kilobytes on Linux.
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.send?.(reply);
});
// The worker starts on import, as `npm run worker` starts it.
await import('../../scripts/worker.js');
