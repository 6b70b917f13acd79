import { scopeOfChat } from '../officers/identity.js';
import type { Acting } from '../officers/scope.js';
import type { ChatRef } from '../linking/chats.js';
import { describeTasks, type TaskRow } from './task-list.js';
import { completeTask } from './tasks.js';

/** What pressing a task reminder's Done button in a chat did. `justNow`: this press closed it. */
export type DoneFromChat = { kind: 'not_officer' } | { kind: 'done'; row: TaskRow; justNow: boolean };

/**
 * The Done button of a task reminder, from any chat platform: the chat's officer closes the
 * commune's task (an AppError when the task is unknown or outside the officer's communes).
 */
export async function completeTaskFromChat(ref: ChatRef, taskId: string, now: () => Date): Promise<DoneFromChat> {
  const scope = await scopeOfChat(ref);
  if (!scope) return { kind: 'not_officer' };
  const at = now();
  const acting: Acting = { scope, entryPoint: 'bot', via: ref.channel, now: () => at };
  const task = await completeTask(acting, taskId, ref.channel);
  const [row] = await describeTasks([task]);
  return { kind: 'done', row: row!, justNow: task.status === 'done' && task.completedAt?.getTime() === at.getTime() };
}
