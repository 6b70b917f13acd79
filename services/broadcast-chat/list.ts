import {
  approveBroadcast,
  broadcastProgress,
  cancelBroadcast,
  getBroadcast,
  listBroadcasts,
  pauseBroadcast,
  resumeBroadcast,
  type BroadcastView,
} from '../broadcasts/index.js';
import { broadcastChat } from '../messages/broadcast.js';
import type { Lang } from '../messages/common.js';
import { actorOf, type Acting } from '../officers/scope.js';
import type { Screen } from './screen.js';

/** Broadcasts shown by `/dsthongbao`: the newest few, each a card with the buttons its state allows. */
const SHOWN = 5;

export const BROADCAST_VERBS = ['pause', 'resume', 'stop', 'approve', 'urgent'] as const;
export type BroadcastVerb = (typeof BROADCAST_VERBS)[number];

/** The officer's newest broadcasts with their progress, one card each (or one line saying there are none). */
export async function broadcastCards(acting: Acting, lang: Lang): Promise<Screen[]> {
  const shown = (await listBroadcasts(acting, { limit: SHOWN })).filter((b) => b.state !== 'draft');
  if (!shown.length) return [{ text: broadcastChat[lang].none, buttons: [] }];
  return Promise.all(shown.map((b) => cardOf(acting, b, lang)));
}

/** A card's button: pause, resume, stop, approve (optionally as urgent); answers with the card as it is now. */
export async function actOnBroadcast(acting: Acting, verb: BroadcastVerb, id: string, lang: Lang): Promise<Screen> {
  if (verb === 'pause') await pauseBroadcast(acting, id);
  else if (verb === 'resume') await resumeBroadcast(acting, id);
  else if (verb === 'stop') await cancelBroadcast(acting, id);
  else await approveBroadcast(acting, id, { urgent: verb === 'urgent' });
  return cardOf(acting, await getBroadcast(acting, id), lang);
}

async function cardOf(acting: Acting, b: BroadcastView, lang: Lang): Promise<Screen> {
  const t = broadcastChat[lang];
  const progress = await broadcastProgress(acting, b.id);
  const button = (verb: BroadcastVerb, label: string) => ({ label, data: `bc:${verb}:${b.id}` });
  const rows: Screen['buttons'] = [];
  // One button a row for the approval: the labels are long on a 360-px phone.
  if (b.state === 'awaiting_approval' && acting.scope.role !== 'commune_officer' && b.author !== actorOf(acting.scope))
    rows.push([button('approve', t.approve)], [button('urgent', t.approveUrgent)]);
  const row: Screen['buttons'][number] = [];
  if (b.state === 'sending' || b.state === 'scheduled') row.push(button('pause', t.pause));
  if (b.state === 'paused') row.push(button('resume', t.resume));
  if (!['done', 'cancelled'].includes(b.state)) row.push(button('stop', t.stop));
  if (row.length) rows.push(row);
  return { text: t.card(b, progress), buttons: rows };
}
