import { pino, type Logger } from 'pino';
import { currentCorrelationId } from './correlation.js';
import { maskDigits, maskPersonalData } from './mask.js';

export type { Logger };

/**
 * Builds the root logger: JSON lines, personal data masked in every field and message, and the
 * correlation id of the work in progress on every line logged within it (services/correlation.ts).
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'tin-an-sinh' },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: () => {
        const correlationId = currentCorrelationId();
        return correlationId ? { correlationId } : {};
      },
      formatters: { log: (obj) => maskPersonalData(obj) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === 'string' ? maskDigits(a) : a)) as typeof args;
          return method.apply(this, masked);
        },
      },
      serializers: { err: (e: unknown) => maskPersonalData(e) },
    },
    destination,
  );
}
