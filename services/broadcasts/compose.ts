import type { Acting } from '../officers/scope.js';
import type { BroadcastInput, BroadcastPolicy, BroadcastPreview, BroadcastView } from './types.js';

/**
 * Validates and stores a broadcast with its preview, scope-checked and audit-logged. A draft
 * (`input.draft`) waits for `submitBroadcast`; otherwise it goes to `awaiting_approval` (more people
 * than the threshold) or `scheduled`. The same `requestKey` from the same officer returns the
 * broadcast already stored.
 */
export async function createBroadcast(
  acting: Acting,
  input: unknown,
  policy?: BroadcastPolicy,
): Promise<{ broadcast: BroadcastView; preview: BroadcastPreview }> {
  void acting;
  void input;
  void policy;
  throw new Error('not yet');
}

/** The preview of what `createBroadcast` would store, without storing anything (the compose screen's step). */
export async function previewBroadcast(
  acting: Acting,
  input: unknown,
  policy?: BroadcastPolicy,
): Promise<BroadcastPreview> {
  void acting;
  void input;
  void policy;
  throw new Error('not yet');
}

/** Sends a draft on: to `awaiting_approval` or `scheduled`, the preview computed again. Only its author. */
export async function submitBroadcast(
  acting: Acting,
  id: string,
  policy?: BroadcastPolicy,
): Promise<{ broadcast: BroadcastView; preview: BroadcastPreview }> {
  void acting;
  void id;
  void policy;
  throw new Error('not yet');
}

export type { BroadcastInput };
