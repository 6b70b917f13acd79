import type { CommandFailedEvent, CommandStartedEvent, CommandSucceededEvent, MongoClient } from 'mongodb';
import mongoose from 'mongoose';

/**
 * Database commands counted with the MongoDB driver's command monitoring: one per round trip to
 * the server, whatever the engine (a batched insert is one, a cursor's next batch is another).
 */
export type CommandCounts = Record<string, number>;

/** The URI with the driver's command monitoring switched on (a connection-string option, so product code is untouched). */
export function monitoredUri(uri: string): string {
  if (/[?&]monitorCommands=/.test(uri)) return uri;
  const base = uri.includes('?') ? uri : uri.replace(/^(mongodb(?:\+srv)?:\/\/[^/]*)\/?$/, '$1/');
  return `${base}${base.includes('?') ? '&' : '?'}monitorCommands=true`;
}

/** `find notifications`, `update chats`, `getMore notifications`…: the command and the collection it names. */
function keyOf(e: CommandStartedEvent): string {
  const target = e.command[e.commandName] as unknown;
  const collection =
    typeof target === 'string' ? target : typeof e.command.collection === 'string' ? e.command.collection : '';
  return collection ? `${e.commandName} ${collection}` : e.commandName;
}

/** Counts every command a client sends from now on (the client must have been made with a monitored URI). */
export class CommandCounter {
  private readonly counts = new Map<string, number>();
  /** Milliseconds the database took per command kind, from the driver's own timing. */
  private readonly ms = new Map<string, number>();
  private readonly keys = new Map<number, string>();
  constructor(client: MongoClient) {
    if (!client.options.monitorCommands)
      throw new Error('the database client was made without monitorCommands: connect through monitoredUri()');
    client.on('commandStarted', (e) => {
      this.counts.set(keyOf(e), (this.counts.get(keyOf(e)) ?? 0) + 1);
      this.keys.set(e.requestId, keyOf(e));
    });
    const finished = (e: CommandSucceededEvent | CommandFailedEvent) => {
      const key = this.keys.get(e.requestId) ?? e.commandName;
      this.keys.delete(e.requestId);
      this.ms.set(key, (this.ms.get(key) ?? 0) + e.duration);
    };
    client.on('commandSucceeded', finished);
    client.on('commandFailed', finished);
  }
  /** Counts on this process's mongoose connection. */
  static forMongoose(): CommandCounter {
    return new CommandCounter(mongoose.connection.getClient() as unknown as MongoClient);
  }
  snapshot(): CommandCounts {
    return Object.fromEntries(this.counts);
  }
  /** Runs `work` and returns what it sent, and the milliseconds the database took per command kind. */
  async during<T>(work: () => Promise<T>): Promise<{ result: T; commands: CommandCounts; ms: CommandCounts }> {
    const before = this.snapshot();
    const msBefore = Object.fromEntries(this.ms);
    const result = await work();
    return {
      result,
      commands: difference(this.snapshot(), before),
      ms: difference(Object.fromEntries(this.ms), msBefore),
    };
  }
}

/** Counts in `after` that were not in `before`. */
export function difference(after: CommandCounts, before: CommandCounts): CommandCounts {
  const out: CommandCounts = {};
  for (const [k, n] of Object.entries(after)) if (n - (before[k] ?? 0) > 0) out[k] = n - (before[k] ?? 0);
  return out;
}

export const totalOf = (c: CommandCounts): number => Object.values(c).reduce((a, b) => a + b, 0);

/** `1.23 per update (find payments 0.50, update chats 0.25, …)`: the total and the largest parts, per operation. */
export function perOperation(c: CommandCounts, operations: number, unit: string, top = 6): string {
  const per = (n: number) => (operations ? n / operations : NaN).toFixed(2);
  const parts = Object.entries(c)
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, n]) => `${k} ${per(n)}`);
  return `${per(totalOf(c))} per ${unit}${parts.length ? ` (${parts.join(', ')}${Object.keys(c).length > top ? ', …' : ''})` : ''}`;
}

/** `insert notifications 8.1 s, update officer_tasks 2.0 s`: where the database's time went, largest first. */
export function slowest(ms: CommandCounts, top = 4): string {
  return Object.entries(ms)
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, t]) => `${k} ${(t / 1000).toFixed(1)} s`)
    .join(', ');
}
