import { notifications, type Lane, type NewNotification } from '../../models/notification.js';
import { stableId } from '../../models/ids.js';
import { currentCorrelationId } from '../correlation.js';
import type { ChannelName } from './channel.js';
import type { TemplateName, TemplateVars } from './templates/index.js';

/**
 * One message to put in the outbox: who, about which event (`eventKey`, unique per event and
 * record, e.g. `payment:<id>:v3`, so the same event never makes two), with which template and values.
 */
export type Notice<N extends TemplateName = TemplateName> = Omit<
  NewNotification,
  'id' | 'channel' | 'template' | 'vars'
> & {
  channel: ChannelName;
  template: N;
  vars: TemplateVars[N];
};

type Listener = (lane: Lane) => void;
const listeners = new Set<Listener>();

/** Lets a dispatcher in this process start at once instead of at its next poll. */
export function onEnqueued(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The outbox id of a notice: derived from (channel, chat, event), so re-running a trigger is a no-op. */
export function noticeId(n: Pick<Notice, 'channel' | 'address' | 'eventKey'>): string {
  return stableId('notification', n.channel, n.address, n.eventKey);
}

/** Stores notices that do not exist yet and wakes the local dispatcher; returns how many were new. */
export async function enqueue(notices: Notice[], now = new Date()): Promise<number> {
  return (await enqueueNew(notices, now)).length;
}

/** As `enqueue`, returning the outbox ids of the notices that were new (see `noticeId`). */
export async function enqueueNew(notices: Notice[], now = new Date()): Promise<string[]> {
  if (!notices.length) return [];
  const correlationId = currentCorrelationId();
  const rows: NewNotification[] = notices.map((n) => ({
    ...n,
    id: noticeId(n),
    vars: n.vars as Record<string, unknown>,
    ...(correlationId ? { correlationId } : {}),
  }));
  const created = await notifications.createMany(rows, now);
  const lanes = new Set(notices.map((n) => n.lane));
  if (created.length) for (const lane of lanes) for (const l of listeners) l(lane);
  return created;
}
