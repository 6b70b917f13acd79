import { createHash } from 'node:crypto';
import { broadcastDrafts, type StoredBroadcastDraft } from '../../models/broadcast-draft.js';
import { communes } from '../../models/commune.js';
import { cancelBroadcast, createBroadcast, submitBroadcast } from '../broadcasts/index.js';
import { AppError } from '../errors.js';
import { broadcastChat } from '../messages/broadcast.js';
import type { Lang } from '../messages/common.js';
import { reaches, type Acting } from '../officers/scope.js';
import type { Screen } from './screen.js';

/** How long a half-composed announcement waits for its author. */
const DRAFT_TTL_MS = 30 * 60_000;
const WHO = ['beneficiaries', 'officers', 'both'] as const;
type Who = (typeof WHO)[number];

/**
 * The bot's guided broadcast flow (audience → text → preview → send): each step one conditional
 * write of the chat's draft; the broadcast itself is made and checked by services/broadcasts, so the
 * bot refuses exactly what the mini-app and the API refuse. `draftId` is the chat's id.
 */
export const broadcastFlow = {
  async start(acting: Acting, draftId: string, lang: Lang): Promise<Screen> {
    await broadcastDrafts.start({
      id: draftId,
      step: 'who',
      who: null,
      communeCodes: [],
      broadcastId: null,
      expiresAt: expiry(acting),
    });
    const t = broadcastChat[lang];
    return {
      text: t.askWho,
      buttons: [...WHO.map((w) => [{ label: t.who[w], data: `bc:who:${w}` }]), [cancelButton(lang)]],
    };
  },

  async chooseWho(acting: Acting, draftId: string, who: Who, lang: Lang): Promise<Screen> {
    const t = broadcastChat[lang];
    const scope = acting.scope;
    const mine = scope.role === 'commune_officer' ? scope.communeCodes : [];
    if (scope.role === 'commune_officer' && mine.length === 1) {
      const d = await advance(acting, draftId, ['who'], { who, step: 'text', communeCodes: [...mine] });
      return askText(d, lang);
    }
    await advance(acting, draftId, ['who'], { who, step: 'area' });
    if (scope.role === 'commune_officer') {
      const named = await communes.byCodes(mine);
      return {
        text: t.askArea,
        buttons: [
          [{ label: t.allMyCommunes, data: 'bc:area:all' }],
          ...named.map((c) => [{ label: c.name, data: `bc:area:${c.code}` }]),
          [cancelButton(lang)],
        ],
      };
    }
    return {
      text: t.askArea,
      buttons: [
        [{ label: t.wholeProvince, data: 'bc:area:all' }],
        [{ label: t.pickCommunes, data: 'bc:area:pick' }],
        [cancelButton(lang)],
      ],
    };
  },

  /** `all` (the province, or all of a commune officer's communes), `pick` (codes typed next) or one commune's code. */
  async chooseArea(acting: Acting, draftId: string, area: string, lang: Lang): Promise<Screen> {
    if (area === 'pick') {
      await advance(acting, draftId, ['area'], { step: 'communes' });
      return { text: broadcastChat[lang].askCommuneCodes, buttons: [[cancelButton(lang)]] };
    }
    const codes = area === 'all' ? [] : await checkedCodes(acting, [area]);
    return askText(await advance(acting, draftId, ['area'], { step: 'text', communeCodes: codes }), lang);
  },

  /**
   * A text message while the chat composes: commune codes, the announcement, or a corrected
   * announcement at the preview. Null when the chat composes nothing (other handlers answer it).
   */
  async receiveText(acting: Acting, draftId: string, text: string, lang: Lang): Promise<Screen[] | null> {
    const now = acting.now();
    const d = await broadcastDrafts.live(draftId, now);
    if (!d) return null;
    const t = broadcastChat[lang];
    if (d.step === 'who' || d.step === 'area') return [{ text: t.waitButtons, buttons: [] }];
    if (d.step === 'communes') {
      const codes = await checkedCodes(acting, text.split(/[\s,;]+/).filter(Boolean));
      return [await askText(await advance(acting, draftId, ['communes'], { step: 'text', communeCodes: codes }), lang)];
    }
    const { title, body } = splitText(text);
    const { broadcast, preview } = await createBroadcast(acting, {
      // The same text sent twice (a resent update) finds the broadcast made the first time.
      requestKey: `bot:${draftId}:${d.expiresAt.getTime()}:${digest(text)}`,
      communeCodes: d.communeCodes,
      who: d.who ?? 'beneficiaries',
      message: { vi: { title, body } },
      draft: true,
    });
    const moved = await broadcastDrafts.advance(
      draftId,
      ['text', 'preview'],
      { step: 'preview', broadcastId: broadcast.id, expiresAt: expiry(acting) },
      now,
    );
    if (!moved) throw new AppError('conflict', { vi: broadcastChat.vi.expired, en: broadcastChat.en.expired });
    if (d.broadcastId && d.broadcastId !== broadcast.id) await dropQuietly(acting, d.broadcastId);
    const rendered = lang === 'en' && preview.rendered.en ? preview.rendered.en : preview.rendered.vi;
    return [
      { text: `${t.preview(preview)}\n\n${t.renderedBelow}`, buttons: [] },
      {
        text: rendered.text,
        buttons: [
          [
            { label: t.send, data: `bc:send:${broadcast.id}` },
            { label: t.drop, data: `bc:drop:${broadcast.id}` },
          ],
        ],
      },
    ];
  },

  /** The author sends the previewed draft on (to approval or to sending). */
  async send(acting: Acting, draftId: string, broadcastId: string, lang: Lang): Promise<Screen> {
    const { broadcast } = await submitBroadcast(acting, broadcastId);
    await broadcastDrafts.remove(draftId);
    return { text: broadcastChat[lang].sent(broadcast), buttons: [] };
  },

  /** Discards the previewed draft. */
  async drop(acting: Acting, draftId: string, broadcastId: string, lang: Lang): Promise<Screen> {
    await cancelBroadcast(acting, broadcastId);
    await broadcastDrafts.remove(draftId);
    return { text: broadcastChat[lang].dropped, buttons: [] };
  },

  /** Stops composing; a draft already previewed is discarded too. */
  async abort(acting: Acting, draftId: string, lang: Lang): Promise<Screen> {
    const d = await broadcastDrafts.live(draftId, acting.now());
    if (d?.broadcastId) await dropQuietly(acting, d.broadcastId);
    await broadcastDrafts.remove(draftId);
    return { text: broadcastChat[lang].flowCancelled, buttons: [] };
  },
};

/** Whether the chat is at a step that takes typed text (commune codes, the announcement). */
export async function isComposing(draftId: string, now: Date): Promise<boolean> {
  const d = await broadcastDrafts.live(draftId, now);
  return d !== null && d.step !== 'who' && d.step !== 'area';
}

const expiry = (acting: Acting) => new Date(acting.now().getTime() + DRAFT_TTL_MS);
const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);
const cancelButton = (lang: Lang) => ({ label: broadcastChat[lang].cancelFlow, data: 'bc:abort' });

async function advance(
  acting: Acting,
  draftId: string,
  from: StoredBroadcastDraft['step'][],
  set: Partial<Omit<StoredBroadcastDraft, 'id'>>,
): Promise<StoredBroadcastDraft> {
  const d = await broadcastDrafts.advance(draftId, from, { ...set, expiresAt: expiry(acting) }, acting.now());
  if (!d) throw new AppError('conflict', { vi: broadcastChat.vi.expired, en: broadcastChat.en.expired });
  return d;
}

async function askText(d: StoredBroadcastDraft, lang: Lang): Promise<Screen> {
  const t = broadcastChat[lang];
  const area = d.communeCodes.length
    ? t.areaCommunes((await communes.byCodes(d.communeCodes)).map((c) => c.name))
    : t.areaProvince;
  return { text: t.askText(area), buttons: [[cancelButton(lang)]] };
}

/** Commune codes that exist and lie in the officer's scope; refused, naming the others, in the chat's language. */
async function checkedCodes(acting: Acting, raw: string[]): Promise<string[]> {
  const codes = [...new Set(raw.map((c) => c.trim()))];
  const found = new Map((await communes.byCodes(codes.filter((c) => /^\d{5}$/.test(c)))).map((c) => [c.code, c]));
  const bad = codes.filter((c) => {
    const commune = found.get(c);
    return !commune || !reaches(acting.scope, { provinceCode: commune.provinceCode, communeCode: c });
  });
  if (bad.length || !codes.length)
    throw new AppError('invalid_input', {
      vi: broadcastChat.vi.badCommuneCodes(bad),
      en: broadcastChat.en.badCommuneCodes(bad),
    });
  return codes;
}

/**
 * First line the title, the rest the body; one line alone is the body under the word "Thông báo" (the
 * text is the Vietnamese one). A title too long is refused by the broadcast's own checks, never cut.
 */
function splitText(text: string): { title: string; body: string } {
  const lines = text.trim().split('\n');
  if (lines.length < 2) return { title: broadcastChat.vi.noTitle, body: text.trim() };
  return { title: lines[0]!.trim(), body: lines.slice(1).join('\n').trim() };
}

async function dropQuietly(acting: Acting, id: string): Promise<void> {
  await cancelBroadcast(acting, id).catch((err: unknown) => {
    if (!(err instanceof AppError)) throw err;
  });
}
