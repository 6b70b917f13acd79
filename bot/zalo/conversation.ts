import { AppError } from '../../services/errors.js';
import { intentOf, type Intent } from '../../services/conversation/intents.js';
import { claimNumbersWarning } from '../../services/conversation/numbers-warning.js';
import { sensitiveNumberIn } from '../../services/conversation/sensitive-numbers.js';
import { markChatBlocked, openChat, type ChatRef } from '../../services/linking/chats.js';
import { acceptContact, answerText, redeemCode } from '../../services/linking/link.js';
import type { Logger } from '../../services/log.js';
import { conversation as convTexts } from '../../services/messages/conversation.js';
import { link as linkTexts, renderLinkOutcome } from '../../services/messages/link.js';
import { start as startTexts } from '../../services/messages/start.js';
import { zaloTexts } from '../../services/messages/zalo.js';
import {
  askToShare,
  askUnlink,
  chooseLanguage,
  greet,
  officerAction,
  say,
  sendWebLink,
  setLanguage,
  showHelp,
  showOfficerMenu,
  showStatus,
  taskDone,
  unlinkOne,
  type Turn,
  type ZaloConversationDeps,
} from './answers.js';
import type { ZaloEvent } from './events.js';
import { appButtons, mainMenu } from './menus.js';
import type { ZaloReply } from './replies.js';

export type { ZaloConversationDeps };

type Step = (turn: Turn, arg: string) => Promise<void> | void;

/** Button payloads (the same data as the Telegram bot's callback queries) and what each does. */
const BUTTONS: [RegExp, Step][] = [
  [/^menu:link$/, askToShare],
  [/^menu:status$/, (t) => showStatus(t, 0)],
  [/^menu:help$/, showHelp],
  [/^lang:(vi|en)$/, setLanguage],
  [/^status:(\d{1,2})$/, (t, page) => showStatus(t, Number(page))],
  [/^web:open$/, sendWebLink],
  [/^unlink:([0-9a-f]{24})$/, unlinkOne],
  [/^officer:(menu|web|status)$/, (t, a) => officerAction(t, a as 'menu' | 'web' | 'status')],
  [/^task:done:([0-9a-f]{24})$/, taskDone],
];

/** Typed commands: the help text names them, and people who know the Telegram bot type them here too. */
const COMMANDS: Record<string, Step> = {
  start: startCommand,
  status: (t) => showStatus(t, 0),
  help: showHelp,
  lang: chooseLanguage,
  web: sendWebLink,
  unlink: askUnlink,
  canbo: (t) => officerAction(t, 'menu'),
  officer: (t) => officerAction(t, 'menu'),
};

const linked = (t: Turn): boolean => t.chat.beneficiaryIds.length > 0;
const linkFirst = (t: Turn) => say(t, linkTexts[t.lang].noLinks, mainMenu(t.lang));

/** Each typed question answered as its button would answer it. */
const ANSWERS: Record<Intent, (t: Turn) => Promise<void> | void> = {
  payment_status: (t) => (linked(t) ? showStatus(t, 0) : linkFirst(t)),
  open_app: (t) => (linked(t) ? say(t, convTexts[t.lang].openApp, appButtons(t.lang)) : linkFirst(t)),
  help: showHelp,
  unlink: askUnlink,
  thanks: (t) => say(t, convTexts[t.lang].thanks, mainMenu(t.lang)),
  greeting: (t) => say(t, linked(t) ? convTexts[t.lang].hello : startTexts[t.lang].greeting, mainMenu(t.lang)),
};

/** `/start` greets; `/start CODE` redeems a link code or an officer invite. */
async function startCommand(turn: Turn, code: string): Promise<void> {
  if (!code) return greet(turn);
  const outcome = await redeemCode(turn.deps.linking, turn.ref, code);
  const text = renderLinkOutcome(outcome, turn.lang);
  if (outcome.kind === 'officer' && (await showOfficerMenu(turn, text))) return;
  say(turn, text, mainMenu(turn.lang));
}

/**
 * A text: a button's payload first (the person did not type it: an id in it is no sensitive number),
 * then the sensitive-number warning (it sees every typed message), a command, a linking answer or
 * code, a typed question, and last the hint for anything else.
 */
async function onText(turn: Turn, text: string): Promise<void> {
  const trimmed = text.trim();
  for (const [pattern, step] of BUTTONS) {
    const m = pattern.exec(trimmed);
    if (m) return step(turn, m[1] ?? '');
  }
  if (sensitiveNumberIn(text) && (await claimNumbersWarning(turn.ref, turn.deps.linking.now()))) {
    say(turn, convTexts[turn.lang].numbersWarning);
    turn.warned = true;
  }
  const command = /^\/([a-z]+)(?:\s+([\s\S]*))?$/i.exec(trimmed);
  const step = command ? COMMANDS[command[1]!.toLowerCase()] : undefined;
  if (step) return step(turn, (command![2] ?? '').trim());

  const outcome = await answerText(turn.deps.linking, turn.ref, text);
  if (outcome.kind !== 'not_for_me') {
    const reply = renderLinkOutcome(outcome, turn.lang);
    if (outcome.kind === 'officer' && (await showOfficerMenu(turn, reply))) return;
    const menu = outcome.kind === 'linked' || outcome.kind === 'locked' ? mainMenu(turn.lang) : undefined;
    return say(turn, reply, menu);
  }
  const intent = intentOf(text);
  if (intent) return ANSWERS[intent](turn);
  if (!turn.warned) say(turn, startTexts[turn.lang].unknown, mainMenu(turn.lang));
}

/** The phone number Zalo's request-information form shared: always the person's own Zalo number. */
async function onSharedPhone(turn: Turn, userId: string, phone: string | null): Promise<void> {
  if (!phone) return say(turn, zaloTexts[turn.lang].noPhone, mainMenu(turn.lang));
  const outcome = await acceptContact(turn.deps.linking, turn.ref, { senderId: userId, contactUserId: userId, phone });
  say(turn, renderLinkOutcome(outcome, turn.lang));
}

/**
 * One event's turn: what to answer, from the same services as the Telegram bot; only the
 * rendering is Zalo's. An expected failure (AppError) is answered in the chat's language; any
 * other error is thrown, and the event is tried again (nothing was sent).
 */
export async function converse(deps: ZaloConversationDeps, event: ZaloEvent, log: Logger): Promise<ZaloReply[]> {
  const ref: ChatRef = { channel: 'zalo', chatId: event.userId };
  if (event.kind === 'unfollow') {
    await markChatBlocked(ref, deps.linking.now());
    return [];
  }
  const chat = await openChat(ref);
  const turn: Turn = { deps, ref, chat, lang: chat.lang, log, out: [], warned: false };
  try {
    if (event.kind === 'follow') await greet(turn);
    else if (event.kind === 'text') await onText(turn, event.text);
    else if (event.kind === 'shared_info') await onSharedPhone(turn, event.userId, event.phone);
    else say(turn, convTexts[turn.lang].media(event.media), mainMenu(turn.lang));
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    log.info({ code: err.code }, 'expected failure: %s', err.message);
    say(turn, turn.lang === 'en' && err.en ? err.en : err.message);
  }
  return turn.out;
}
