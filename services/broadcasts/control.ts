import type { Acting } from '../officers/scope.js';
import type { BroadcastPolicy, BroadcastProgress, BroadcastView } from './types.js';

/**
 * A second province administrator approves (four eyes): never the author. `urgent` decides whether
 * it sends through quiet hours (absent: not urgent, whatever the author asked).
 */
export async function approveBroadcast(
  acting: Acting,
  id: string,
  opts: { urgent?: boolean } = {},
  policy?: BroadcastPolicy,
): Promise<BroadcastView> {
  void acting;
  void id;
  void opts;
  void policy;
  throw new Error('not yet');
}

/**
 * Stops it: every notice not yet sent is cancelled in one update and the expansion stops. A notice a
 * dispatcher had already claimed (at most about half a second of sending) may still go.
 */
export async function cancelBroadcast(acting: Acting, id: string): Promise<BroadcastView> {
  void acting;
  void id;
  throw new Error('not yet');
}

/** Holds every notice not yet sent and stops the expansion until `resumeBroadcast`. */
export async function pauseBroadcast(acting: Acting, id: string): Promise<BroadcastView> {
  void acting;
  void id;
  throw new Error('not yet');
}

/** Lets a paused broadcast go on where it stopped. */
export async function resumeBroadcast(acting: Acting, id: string): Promise<BroadcastView> {
  void acting;
  void id;
  throw new Error('not yet');
}

/** One broadcast within the officer's scope. */
export async function getBroadcast(acting: Acting, id: string): Promise<BroadcastView> {
  void acting;
  void id;
  throw new Error('not yet');
}

/** Sent, failed, pending, blocked and cancelled so far: one aggregate over the broadcast's notices. */
export async function broadcastProgress(acting: Acting, id: string): Promise<BroadcastProgress> {
  void acting;
  void id;
  throw new Error('not yet');
}

/** The broadcasts the officer may see (a province's; a commune officer's own communes'), newest first. */
export async function listBroadcasts(acting: Acting, opts: { limit?: number } = {}): Promise<BroadcastView[]> {
  void acting;
  void opts;
  throw new Error('not yet');
}
