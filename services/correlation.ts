import { AsyncLocalStorage } from 'node:async_hooks';
import crypto from 'node:crypto';

/**
 * The correlation id of the work in progress: made where work enters (a webhook update, an HTTP
 * request, an import run), stored on the notices that work creates, and put back around each
 * notice's sending, so one id follows it from the entry to the provider call across processes.
 * Carried by AsyncLocalStorage rather than as a parameter, and added to every log line
 * (services/log.ts). It is random: it says nothing about a person.
 */
const store = new AsyncLocalStorage<string>();

/** A new correlation id: short enough to read in a log line, random. */
const newCorrelationId = (): string => crypto.randomBytes(8).toString('hex');

/** Runs `fn` with `id` as the correlation id (a new one when not given) of everything it does. */
export function withCorrelation<T>(id: string | null | undefined, fn: () => T): T {
  return store.run(id || newCorrelationId(), fn);
}

/** Runs `fn` outside any correlation id: work it starts serves many entries at once (a batched write). */
export function withoutCorrelation<T>(fn: () => T): T {
  return store.exit(fn);
}

/** The correlation id of the work in progress, if any. */
export const currentCorrelationId = (): string | undefined => store.getStore();
