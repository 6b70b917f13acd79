import { accounts } from '../../models/account.js';
import { beneficiaries } from '../../models/beneficiary.js';
import type { BroadcastCursor, StoredBroadcast } from '../../models/broadcast.js';
import { chatLinks, type StoredChatLink } from '../../models/chat-link.js';
import { chats, type Lang, type SendTarget } from '../../models/chat.js';
import { accountIdFor, paymentIdFor } from '../../models/ids.js';
import { officers } from '../../models/officer.js';
import { payments } from '../../models/payment.js';
import { chatIdFor, type ChatRef } from '../linking/chats.js';

/** Who a broadcast is for, as stored. */
export type AudienceSpec = Pick<StoredBroadcast, 'provinceCode' | 'communeCodes' | 'who' | 'filters'>;

/** One person's copy: the chat it goes to. */
export type Recipient = { chat: SendTarget; kind: 'beneficiary' | 'officer' };

/** One page of the audience: its people (one chat each, no chat twice), those only reachable through blocked chats, and where the next page starts. */
export type AudiencePage = { recipients: Recipient[]; blocked: SendTarget[]; next: BroadcastCursor };

export const START_CURSOR: BroadcastCursor = { phase: 'beneficiaries', afterId: null, done: false };

/**
 * The audience page by page from `cursor`: the province's records in `_id` order (one stream, `pageSize`
 * records a command), each page's links, chats and filter values read with one `$in` each; then the
 * officers in one page. The last page always carries a cursor marked done (it may be empty).
 */
export async function* audiencePages(
  spec: AudienceSpec,
  cursor: BroadcastCursor,
  pageSize: number,
): AsyncGenerator<AudiencePage> {
  if (cursor.done) return;
  const officersToo = spec.who !== 'beneficiaries';
  if (cursor.phase === 'beneficiaries' && spec.who !== 'officers') {
    const stream = beneficiaries.streamInArea(
      { provinceCode: spec.provinceCode, communeCodes: spec.communeCodes, categories: spec.filters.categories ?? [] },
      cursor.afterId,
      pageSize,
    );
    let page: string[] = [];
    for await (const r of stream) {
      page.push(String(r._id));
      if (page.length < pageSize) continue;
      yield {
        ...(await beneficiaryPage(spec, page)),
        next: { phase: 'beneficiaries', afterId: page.at(-1)!, done: false },
      };
      page = [];
    }
    const last = page.at(-1) ?? cursor.afterId;
    if (page.length || !officersToo) {
      const resolved = page.length ? await beneficiaryPage(spec, page) : { recipients: [], blocked: [] };
      yield {
        ...resolved,
        next: officersToo
          ? { phase: 'officers', afterId: null, done: false }
          : { phase: 'beneficiaries', afterId: last, done: true },
      };
    }
  }
  if (officersToo) yield { ...(await officerPage(spec)), next: { phase: 'officers', afterId: null, done: true } };
}

/** A person's chat: the last used of those not blocked; blocked (and counted so) when all of them are. */
function choose(candidates: SendTarget[]): { chat: SendTarget; blocked: boolean } | null {
  const sorted = [...candidates].sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
  const open = sorted.find((c) => !c.blockedAt);
  if (open) return { chat: open, blocked: false };
  return sorted[0] ? { chat: sorted[0], blocked: true } : null;
}

/** People to chats: one copy per chat (a guardian of two records), the language filter on the chosen chat. */
function collect(
  people: SendTarget[][],
  kind: Recipient['kind'],
  lang: Lang | undefined,
): { recipients: Recipient[]; blocked: SendTarget[] } {
  const recipients = new Map<string, Recipient>();
  const blocked = new Map<string, SendTarget>();
  for (const candidates of people) {
    const chosen = choose(candidates);
    if (!chosen || (lang && chosen.chat.lang !== lang)) continue;
    if (chosen.blocked) blocked.set(chosen.chat.id, chosen.chat);
    else recipients.set(chosen.chat.id, { chat: chosen.chat, kind });
  }
  for (const id of recipients.keys()) blocked.delete(id);
  return { recipients: [...recipients.values()], blocked: [...blocked.values()] };
}

const refOf = (l: { channel: string; chatId: string }) =>
  chatIdFor({ channel: l.channel as ChatRef['channel'], chatId: l.chatId });

/**
 * One page of records: the verification and payment filters, then each record's linked chats grouped
 * by relation. Chats linked to the same record with the same relation (self, authorized, or unknown
 * for code links) are one person, whatever the channel.
 */
async function beneficiaryPage(
  spec: AudienceSpec,
  ids: string[],
): Promise<{ recipients: Recipient[]; blocked: SendTarget[] }> {
  const { verification, paymentStatus, period, lang } = spec.filters;
  const [states, paid] = await Promise.all([
    verification?.length ? accounts.verificationStates(ids.map(accountIdFor)) : null,
    paymentStatus?.length && period ? payments.byIds(ids.map((id) => paymentIdFor(id, period, 'monthly'))) : null,
  ]);
  let kept = ids;
  if (states && verification) {
    const wanted = new Set<string>(verification);
    kept = kept.filter((id) => wanted.has(states.get(id) ?? 'none'));
  }
  if (paid && paymentStatus) {
    const wanted = new Set<string>(paymentStatus);
    const statusOf = new Map(paid.map((p) => [String(p.beneficiaryId), p.status]));
    kept = kept.filter((id) => wanted.has(statusOf.get(id) ?? 'none'));
  }
  if (!kept.length) return { recipients: [], blocked: [] };
  const links = await chatLinks.forBeneficiaries(kept);
  if (!links.length) return { recipients: [], blocked: [] };
  const targets = new Map((await chats.sendTargets(links.map(refOf))).map((t) => [t.id, t]));
  const groups = new Map<string, SendTarget[]>();
  for (const l of links as StoredChatLink[]) {
    const t = targets.get(refOf(l));
    if (!t) continue;
    const key = `${l.beneficiaryId}\u0000${l.relation ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  return collect([...groups.values()], 'beneficiary', lang);
}

/**
 * The officers in the area: every active officer of the province for a whole-province broadcast,
 * otherwise the commune officers of the chosen communes. One officer is one person.
 */
async function officerPage(spec: AudienceSpec): Promise<{ recipients: Recipient[]; blocked: SendTarget[] }> {
  const all = await officers.list({ provinceCode: spec.provinceCode });
  const chosen = new Set(spec.communeCodes);
  const inArea = spec.communeCodes.length
    ? all.filter((o) => o.role === 'commune_officer' && o.communeCodes.some((c) => chosen.has(c)))
    : all;
  const targets = new Map((await chats.sendTargets(inArea.flatMap((o) => o.chats.map(refOf)))).map((t) => [t.id, t]));
  const people = inArea.map((o) => o.chats.map((c) => targets.get(refOf(c))).filter((t): t is SendTarget => !!t));
  return collect(people, 'officer', spec.filters.lang);
}
