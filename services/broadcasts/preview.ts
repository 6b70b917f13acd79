import type { BroadcastMessage, BroadcastPreview } from '../../models/broadcast.js';
import type { Lang } from '../../models/chat.js';
import { provinceByCode } from '../../models/provinces.js';
import { AppError } from '../errors.js';
import type { ChatChannelName } from '../notifications/channel.js';
import { bulkAllowedFrom, type QuietHours } from '../notifications/quiet-hours.js';
import { renderTemplate, type TemplateVars } from '../notifications/templates/index.js';
import { audiencePages, START_CURSOR, type AudienceSpec, type Recipient } from './audience.js';
import type { BroadcastPolicy } from './types.js';

/** The longest text each channel takes in one message (Telegram's sendMessage; Zalo's OA text message). */
export const CHANNEL_TEXT_LIMITS: Record<ChatChannelName, number> = { telegram: 4096, zalo: 2000 };
const CHANNEL_NAMES: Record<ChatChannelName, string> = { telegram: 'Telegram', zalo: 'Zalo' };
/** A channel the configuration gives no rate runs at Telegram's default. */
const DEFAULT_RATE = 30;

/** The language a copy goes out in: English only to a chat that chose it, and only when there is English text. */
export function copyLang(message: BroadcastMessage, chatLang: Lang): Lang {
  return chatLang === 'en' && message.en ? 'en' : 'vi';
}

/** The announcement's values for one language. */
export function announcementVars(
  provinceCode: string,
  message: BroadcastMessage,
  lang: Lang,
): TemplateVars['announcement'] {
  const text = lang === 'en' && message.en ? message.en : message.vi;
  return {
    provinceName: provinceByCode(provinceCode)?.name ?? provinceCode,
    title: text.title,
    body: text.body,
    button: message.button,
  };
}

/**
 * Counts the audience (one pass over it, the chats seen kept to count a guardian of records on
 * different pages once), renders the message, checks its length on every channel it goes through,
 * and estimates when sending ends at the configured rates, with the quiet-hour pauses unless urgent.
 */
export async function computePreview(
  spec: AudienceSpec,
  message: BroadcastMessage,
  opts: { urgent: boolean; startsAt: Date; now: Date },
  policy: BroadcastPolicy,
): Promise<BroadcastPreview> {
  const rendered = {
    vi: renderTemplate('announcement', 'vi', announcementVars(spec.provinceCode, message, 'vi')),
    en: message.en ? renderTemplate('announcement', 'en', announcementVars(spec.provinceCode, message, 'en')) : null,
  };
  // Only chat ids are kept across pages (a guardian of records on two pages counts once); the counts grow as they are first seen.
  const seen = new Set<string>();
  const blocked = new Set<string>();
  const chats: Record<ChatChannelName, number> = { telegram: 0, zalo: 0 };
  const languages: Record<Lang, number> = { vi: 0, en: 0 };
  let officerCount = 0;
  const count = (r: Recipient) => {
    seen.add(r.chat.id);
    chats[r.chat.channel as ChatChannelName] = (chats[r.chat.channel as ChatChannelName] ?? 0) + 1;
    languages[copyLang(message, r.chat.lang)] += 1;
    if (r.kind === 'officer') officerCount += 1;
  };
  for await (const page of audiencePages(spec, START_CURSOR, policy.pageSize)) {
    for (const r of page.recipients) if (!seen.has(r.chat.id)) count(r);
    for (const b of page.blocked) blocked.add(b.id);
  }
  for (const id of seen) blocked.delete(id);
  checkLengths(rendered, chats);
  const seconds = Math.max(
    0,
    ...Object.entries(chats).map(([ch, n]) => n / (policy.ratePerSecond[ch as ChatChannelName] ?? DEFAULT_RATE)),
  );
  const people = seen.size;
  return {
    people,
    beneficiaries: people - officerCount,
    officers: officerCount,
    chats,
    blocked: blocked.size,
    languages,
    estimate: estimateFinish(opts.startsAt, Math.ceil(seconds), opts.urgent ? null : policy.quietHours),
    rendered: {
      vi: { text: rendered.vi.text, ...(rendered.vi.buttons ? { buttons: rendered.vi.buttons } : {}) },
      en: rendered.en
        ? { text: rendered.en.text, ...(rendered.en.buttons ? { buttons: rendered.en.buttons } : {}) }
        : null,
    },
    approvalRequired: people > policy.approvalThreshold,
    threshold: policy.approvalThreshold,
    computedAt: opts.now,
  };
}

/** Refuses a text longer than a channel that has recipients takes (Telegram always counts). */
function checkLengths(
  rendered: { vi: { text: string }; en: { text: string } | null },
  chats: Record<ChatChannelName, number>,
): void {
  for (const [channel, limit] of Object.entries(CHANNEL_TEXT_LIMITS) as [ChatChannelName, number][]) {
    if (channel !== 'telegram' && !chats[channel]) continue;
    for (const [lang, r] of [
      ['vi', rendered.vi],
      ['en', rendered.en],
    ] as const) {
      if (!r || r.text.length <= limit) continue;
      const what = lang === 'vi' ? 'tiếng Việt' : 'tiếng Anh';
      throw new AppError(
        'invalid_input',
        {
          vi: `Thông báo ${what} dài ${r.text.length.toLocaleString('vi-VN')} ký tự (kể cả phần đầu), quá giới hạn ${limit.toLocaleString('vi-VN')} ký tự của ${CHANNEL_NAMES[channel]}. Xin rút ngắn nội dung.`,
          en: `The ${lang === 'vi' ? 'Vietnamese' : 'English'} message is ${r.text.length} characters long (with its header), over ${CHANNEL_NAMES[channel]}'s limit of ${limit}. Please shorten it.`,
        },
        { field: `message.${lang}.body`, channel, limit, length: r.text.length },
      );
    }
  }
}

const DAY_MS = 86_400_000;

/**
 * When sending `seconds` of work from `startsAt` ends, pausing for quiet hours (none: urgent or
 * switched off): bulk work waits for the window's end and stops at its start.
 */
export function estimateFinish(startsAt: Date, seconds: number, quiet: QuietHours): BroadcastPreview['estimate'] {
  let t = bulkAllowedFrom(quiet, startsAt);
  let pauses = t > startsAt;
  let left = seconds * 1000;
  // Each turn sends until the next quiet window; a year of turns is far beyond any real broadcast.
  for (let turn = 0; quiet && turn < 400 && left > 0; turn++) {
    const until = nextQuietStart(quiet, t);
    if (t.getTime() + left <= until.getTime()) break;
    left -= until.getTime() - t.getTime();
    t = bulkAllowedFrom(quiet, until);
    pauses = true;
  }
  const finishesAt = new Date(t.getTime() + left);
  return {
    startsAt,
    finishesAt,
    seconds: Math.round((finishesAt.getTime() - startsAt.getTime()) / 1000),
    pausesForQuietHours: pauses,
  };
}

/** The next start of the quiet window at or after `t` (t itself outside the window). */
function nextQuietStart(quiet: NonNullable<QuietHours>, t: Date): Date {
  const minute = Math.floor(t.getTime() / 60000);
  const local = (minute + 7 * 60) % 1440;
  const wait = (quiet.startMin - local + 1440) % 1440 || 1440;
  const at = new Date((minute + wait) * 60000);
  return at.getTime() - t.getTime() > DAY_MS ? new Date(t.getTime() + DAY_MS) : at;
}
