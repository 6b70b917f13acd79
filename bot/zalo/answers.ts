import { linkedRecords, unlink } from '../../services/linking/link.js';
import { setChatLanguage } from '../../services/linking/language.js';
import type { ChatRef, ChatState } from '../../services/linking/chats.js';
import type { LinkingContext } from '../../services/linking/policy.js';
import type { Logger } from '../../services/log.js';
import type { Lang } from '../../services/messages/common.js';
import { link as linkTexts } from '../../services/messages/link.js';
import { officer as officerTexts } from '../../services/messages/officer.js';
import { start as startTexts } from '../../services/messages/start.js';
import { renderStatus } from '../../services/messages/status.js';
import { taskTexts } from '../../services/messages/tasks.js';
import { web as webTexts } from '../../services/messages/web.js';
import { zaloTexts } from '../../services/messages/zalo.js';
import type { MiniappContext } from '../../services/miniapp/policy.js';
import { issueWebLink } from '../../services/miniapp/web-links.js';
import { scopeOfChat } from '../../services/officers/identity.js';
import { officerMenu } from '../../services/officers/menu.js';
import { SCOPE_WORDS } from '../../services/officers/scope.js';
import { completeTaskFromChat } from '../../services/reminders/done-from-chat.js';
import { paymentStatus } from '../../services/status/payment-status.js';
import { languageButtons, mainMenu, officerButtons, statusButtons, unlinkButtons } from './menus.js';
import type { ZaloButton, ZaloReply } from './replies.js';

/** What the conversation needs from the process: the linking services' context and what web links need. */
export type ZaloConversationDeps = {
  linking: LinkingContext;
  web: Pick<MiniappContext, 'sealer' | 'policy' | 'publicUrl' | 'now'>;
};

/**
 * One event's turn of the conversation: the chat as read at its start, its language, and the
 * replies gathered so far (sent together once the turn ends, so a turn that fails sends nothing).
 */
export type Turn = {
  deps: ZaloConversationDeps;
  ref: ChatRef;
  chat: ChatState;
  lang: Lang;
  log: Logger;
  out: ZaloReply[];
  /** This message just got the warning about sensitive numbers (it counts as an answer). */
  warned: boolean;
};

/** Adds a text reply with buttons under it. */
export function say(turn: Turn, text: string, buttons?: ZaloButton[]): void {
  turn.out.push({ kind: 'text', text, ...(buttons?.length ? { buttons } : {}) });
}

/** The greeting and main menu; an officer's chat gets the officer menu. */
export async function greet(turn: Turn): Promise<void> {
  if (turn.chat.officerId && (await showOfficerMenu(turn))) return;
  say(turn, startTexts[turn.lang].greeting, mainMenu(turn.lang));
}

/** Zalo's request-information card: pressing it shares the person's own Zalo phone number with the OA. */
export function askToShare(turn: Turn): void {
  const t = zaloTexts[turn.lang];
  turn.out.push({ kind: 'request_info', title: t.shareTitle, subtitle: t.shareSubtitle });
}

/** The help text and main menu. */
export function showHelp(turn: Turn): void {
  say(turn, startTexts[turn.lang].help, mainMenu(turn.lang));
}

/** `/lang`: the two languages as buttons. */
export function chooseLanguage(turn: Turn): void {
  say(turn, startTexts[turn.lang].chooseLanguage, languageButtons());
}

/** Switches the chat's language; the rest of the turn speaks it. */
export async function setLanguage(turn: Turn, lang: string): Promise<void> {
  turn.lang = await setChatLanguage(turn.ref, lang);
  say(turn, startTexts[turn.lang].languageSet, mainMenu(turn.lang));
}

/** One page of the payment status (a new message: Zalo cannot edit one already sent). */
export async function showStatus(turn: Turn, page: number): Promise<void> {
  const view = await paymentStatus({ now: turn.deps.linking.now, log: turn.log }, turn.ref, page, turn.chat);
  say(turn, renderStatus(view, turn.lang), statusButtons(view, turn.lang));
}

/** A single-use link to the mini-app in a browser, for this chat's records. */
export async function sendWebLink(turn: Turn): Promise<void> {
  if (!(await linkedRecords(turn.ref)).length) return say(turn, linkTexts[turn.lang].noLinks, mainMenu(turn.lang));
  const { url, expiresAt } = await issueWebLink({ kind: 'chat', ...turn.ref }, 'bot', turn.deps.web);
  say(turn, webTexts[turn.lang].link(url, expiresAt));
}

/** One button per linked record; pressing one unlinks it. */
export async function askUnlink(turn: Turn): Promise<void> {
  const records = await linkedRecords(turn.ref);
  if (!records.length) return say(turn, linkTexts[turn.lang].noLinks, mainMenu(turn.lang));
  say(turn, linkTexts[turn.lang].chooseUnlink, unlinkButtons(records));
}

/** Removes one link (an unlink button). */
export async function unlinkOne(turn: Turn, beneficiaryId: string): Promise<void> {
  const removed = await unlink(turn.ref, beneficiaryId);
  const t = linkTexts[turn.lang];
  say(turn, removed ? t.unlinked(removed.fullName) : t.notLinked);
}

/** The officer menu (after `intro`); false when the chat is not an active officer's. */
export async function showOfficerMenu(turn: Turn, intro?: string): Promise<boolean> {
  const menu = await officerMenu(turn.ref, turn.deps.linking.now);
  if (!menu) return false;
  const body = officerTexts[turn.lang].menu(menu);
  say(turn, intro ? `${intro}\n\n${body}` : body, officerButtons(menu, turn.lang));
  return true;
}

/** `/canbo` and the officer menu's buttons; anyone else is told politely that they are for officers. */
export async function officerAction(turn: Turn, action: 'menu' | 'web' | 'status'): Promise<void> {
  const refuse = () => say(turn, officerTexts[turn.lang].notOfficer);
  if (!(await scopeOfChat(turn.ref))) return refuse();
  if (action === 'menu') return void ((await showOfficerMenu(turn)) || refuse());
  if (action === 'status') return showStatus(turn, 0);
  const { url, expiresAt } = await issueWebLink({ kind: 'chat', ...turn.ref }, 'bot', turn.deps.web);
  say(turn, officerTexts[turn.lang].webLink(url, expiresAt));
}

/** The Done button of a task reminder. */
export async function taskDone(turn: Turn, taskId: string): Promise<void> {
  const outcome = await completeTaskFromChat(turn.ref, taskId, turn.deps.linking.now);
  if (outcome.kind === 'not_officer') return say(turn, SCOPE_WORDS.notOfficer[turn.lang]);
  say(turn, taskTexts[turn.lang].done(outcome.row, outcome.justNow));
}
