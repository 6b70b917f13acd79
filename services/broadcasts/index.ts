/** Province broadcasts: compose with a preview, approve, control, and the pass that sends them. */
export { createBroadcast, previewBroadcast, submitBroadcast } from './compose.js';
export {
  approveBroadcast,
  broadcastProgress,
  cancelBroadcast,
  getBroadcast,
  listBroadcasts,
  pauseBroadcast,
  resumeBroadcast,
} from './control.js';
export { runBroadcastPass, scheduleBroadcasts, type BroadcastPassResult } from './job.js';
export { broadcastPolicy, DEFAULT_BROADCAST_POLICY } from './policy.js';
export * from './types.js';
