import { auditLog } from '../models/audit.js';
import { broadcasts } from '../models/broadcast.js';
import { createBroadcast, previewBroadcast, submitBroadcast } from '../services/broadcasts/compose.js';
import {
  approveBroadcast,
  broadcastProgress,
  cancelBroadcast,
  listBroadcasts,
  pauseBroadcast,
  resumeBroadcast,
} from '../services/broadcasts/control.js';
import { runBroadcastPass } from '../services/broadcasts/job.js';
import { estimateFinish } from '../services/broadcasts/preview.js';
import { chatIdFor } from '../services/linking/chats.js';
import { parseQuietHours } from '../services/notifications/quiet-hours.js';
import type { Scope } from '../services/officers/scope.js';
import {
  acting,
  anOfficerWithChat,
  broadcastCommunes,
  linkChat,
  MESSAGE,
  noticesOf,
  testBroadcastPolicy,
  touchChat,
} from './support/broadcasts.js';
import { refusal } from './support/officers.js';
import { aBeneficiary, aPayment, register, verifyAccount } from './support/register.js';
import { emptyDatabase, startTestRuntime } from './support/runtime.js';
import { chats } from '../models/chat.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
const clock = { now: new Date('2026-11-20T03:00:00Z') }; // 10:00 in Vietnam
const now = () => clock.now;
let adminA: Scope;
let adminB: Scope;
let officerBaDinh: Scope;
let adminHcm: Scope;
const policy = testBroadcastPolicy();

beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => rt.stop());
beforeEach(async () => {
  await emptyDatabase();
  clock.now = new Date('2026-11-20T03:00:00Z');
  await broadcastCommunes(rt.sealer);
  adminA = (await anOfficerWithChat('admin-a', 'province_admin', '01', [], '9001')).scope;
  adminB = (await anOfficerWithChat('admin-b', 'province_admin', '01', [], '9002')).scope;
  officerBaDinh = (await anOfficerWithChat('ba-dinh', 'commune_officer', '01', ['00004'], '9003')).scope;
  await anOfficerWithChat('ngoc-ha', 'commune_officer', '01', ['00008'], '9004');
  adminHcm = (await anOfficerWithChat('admin-hcm', 'province_admin', '79', [], '9005')).scope;
});

const tg = (chatId: string) => ({ channel: 'telegram' as const, chatId });
const zalo = (chatId: string) => ({ channel: 'zalo' as const, chatId });
const addresses = async (id: string) => (await noticesOf(id)).map((n) => `${n.channel}:${n.address}`).sort();

/** Creates as `scope` and runs passes until the expansion is done; returns the broadcast id. */
async function sendNow(scope: Scope, input: Record<string, unknown>): Promise<string> {
  const { broadcast } = await createBroadcast(acting(scope, now), { message: MESSAGE, ...input }, policy);
  await runBroadcastPass(clock.now, policy);
  return broadcast.id;
}

describe('the audience', () => {
  test('when filters are given, then only records matching all of them get a copy, never an ended record or another province', async () => {
    const people = [
      aBeneficiary({ category: 'social_assistance' }), // 0: matches everything below
      aBeneficiary({ category: 'child' }), // 1: other category
      aBeneficiary({ category: 'social_assistance' }), // 2: account verified, not mismatch
      aBeneficiary({ category: 'social_assistance' }), // 3: payment paid, not failed
      aBeneficiary({ category: 'social_assistance', status: 'deceased' }), // 4: ended
      aBeneficiary({ category: 'social_assistance', communeCode: '00008' }), // 5: other commune, same province
      aBeneficiary({ category: 'social_assistance', provinceCode: '79', communeCode: '26734' }), // 6: other province
    ];
    const ids = await register(
      rt.sealer,
      people,
      people.map((p, i) => aPayment(p.nationalId, { status: i === 3 ? 'paid' : 'failed' })),
    );
    for (const i of [0, 1, 3, 4, 5, 6])
      await verifyAccount(rt.sealer, people[i]!.nationalId, 'mismatch', ['full_name']);
    await verifyAccount(rt.sealer, people[2]!.nationalId, 'verified');
    for (const [i, id] of ids.entries()) await linkChat(id, tg(String(100 + i)), 'self');

    const filters = { categories: ['social_assistance'], verification: ['mismatch'], paymentStatus: ['failed'] };
    const whole = await sendNow(adminA, { who: 'beneficiaries', filters });
    expect(await addresses(whole)).toEqual(['telegram:100', 'telegram:105']);
    const oneCommune = await sendNow(adminA, { who: 'beneficiaries', filters, communeCodes: ['00004'] });
    expect(await addresses(oneCommune)).toEqual(['telegram:100']);
    const everyone = await sendNow(adminA, { who: 'beneficiaries' });
    expect(await addresses(everyone)).toEqual(['100', '101', '102', '103', '105'].map((c) => `telegram:${c}`));
  });

  test('when the language filter is English, then only chats that chose English get it, in English when there is English text', async () => {
    const ids = await register(rt.sealer, [aBeneficiary(), aBeneficiary()]);
    await linkChat(ids[0]!, tg('200'), 'self', 'en');
    await linkChat(ids[1]!, tg('201'), 'self', 'vi');
    const en = { title: 'December payment dates', body: 'The December allowance is paid from 05/12.' };
    const id = await sendNow(adminA, { who: 'beneficiaries', filters: { lang: 'en' }, message: { ...MESSAGE, en } });
    expect(await noticesOf(id)).toEqual([expect.objectContaining({ address: '200', lang: 'en' })]);
    const both = await sendNow(adminA, { who: 'beneficiaries' }); // no English text: everyone reads Vietnamese
    expect((await noticesOf(both)).map((n) => n.lang)).toEqual(['vi', 'vi']);
  });

  test('when officers are the audience, then a whole-province broadcast reaches every officer of the province and a commune one its officers only', async () => {
    const all = await sendNow(adminA, { who: 'officers' });
    expect(await addresses(all)).toEqual(['9001', '9002', '9003', '9004'].map((c) => `telegram:${c}`));
    const commune = await sendNow(adminA, { who: 'officers', communeCodes: ['00008'] });
    expect(await addresses(commune)).toEqual(['telegram:9004']);
  });

  test('when a person has chats on two channels and a guardian follows two records, then each gets one copy, on the last-used chat', async () => {
    const ids = await register(rt.sealer, [aBeneficiary(), aBeneficiary(), aBeneficiary()]);
    // Record 0: the beneficiary on Telegram and on Zalo (Zalo used last) — one person.
    await linkChat(ids[0]!, tg('300'), 'self');
    await linkChat(ids[0]!, zalo('300z'), 'self');
    // Records 1 and 2: one guardian's chat linked to both, and record 1's own chat used before it.
    await linkChat(ids[1]!, tg('301'), 'self');
    await linkChat(ids[1]!, tg('302'), 'authorized');
    await linkChat(ids[2]!, tg('302'), 'authorized');
    // Record 0's Telegram chat becomes the last used: the copy moves there.
    const { preview } = await createBroadcast(acting(adminA, now), { who: 'beneficiaries', message: MESSAGE }, policy);
    expect(preview).toMatchObject({ people: 3, chats: { telegram: 2, zalo: 1 }, blocked: 0 });
    await touchChat(chatIdFor(tg('300')));
    const id = await sendNow(adminA, { who: 'beneficiaries' });
    expect(await addresses(id)).toEqual(['telegram:300', 'telegram:301', 'telegram:302']);
  });

  test('when a person’s only chat blocked the bot, then they are counted as blocked and get no copy', async () => {
    const ids = await register(rt.sealer, [aBeneficiary(), aBeneficiary()]);
    await linkChat(ids[0]!, tg('400'), 'self');
    const blocked = await linkChat(ids[1]!, tg('401'), 'self');
    await chats.markBlocked(blocked, new Date());
    const { broadcast, preview } = await createBroadcast(
      acting(adminA, now),
      { who: 'beneficiaries', message: MESSAGE },
      policy,
    );
    expect(preview).toMatchObject({ people: 1, blocked: 1 });
    await runBroadcastPass(clock.now, policy);
    expect(await addresses(broadcast.id)).toEqual(['telegram:400']);
    expect(await broadcastProgress(acting(adminA, now), broadcast.id)).toMatchObject({
      pending: 1,
      blocked: 1,
      total: 2,
    });
  });
});

describe('scope', () => {
  test('when a commune officer broadcasts, then only their own communes are reached, and others are refused in Vietnamese', async () => {
    const ids = await register(rt.sealer, [aBeneficiary(), aBeneficiary({ communeCode: '00008' })]);
    await linkChat(ids[0]!, tg('500'), 'self');
    await linkChat(ids[1]!, tg('501'), 'self');
    const own = await sendNow(officerBaDinh, { who: 'beneficiaries' });
    expect((await broadcasts.byId(own))!.communeCodes).toEqual(['00004']);
    expect(await addresses(own)).toEqual(['telegram:500']);
    const err = await refusal(
      createBroadcast(
        acting(officerBaDinh, now),
        { who: 'beneficiaries', communeCodes: ['00008'], message: MESSAGE },
        policy,
      ),
    );
    expect(err).toMatchObject({ code: 'forbidden', message: 'Xã/phường này không thuộc địa bàn anh/chị phụ trách.' });
  });

  test('when a province administrator names another province or its commune, then it is refused', async () => {
    const other = await refusal(
      createBroadcast(acting(adminA, now), { who: 'both', provinceCode: '79', message: MESSAGE }, policy),
    );
    expect(other.code).toBe('forbidden');
    const commune = await refusal(
      createBroadcast(acting(adminA, now), { who: 'both', communeCodes: ['26734'], message: MESSAGE }, policy),
    );
    expect(commune.code).toBe('forbidden');
  });

  test('when officers of another province look, then the broadcast is neither listed nor reachable', async () => {
    await register(rt.sealer, [aBeneficiary()]);
    const id = await sendNow(adminA, { who: 'officers' });
    expect(await listBroadcasts(acting(adminHcm, now))).toEqual([]);
    expect((await refusal(broadcastProgress(acting(adminHcm, now), id))).code).toBe('forbidden');
    expect((await refusal(cancelBroadcast(acting(adminHcm, now), id))).code).toBe('forbidden');
    expect((await listBroadcasts(acting(adminB, now))).map((b) => b.id)).toEqual([id]);
  });
});

describe('composing', () => {
  test('when the text is missing, too long or the link is not http, then it is refused naming the problem in Vietnamese', async () => {
    const bad = async (input: Record<string, unknown>) =>
      refusal(createBroadcast(acting(adminA, now), { who: 'officers', message: MESSAGE, ...input }, policy));
    expect((await bad({ message: { vi: { title: ' ', body: 'x' } } })).message).toBe(
      'Xin nhập tiêu đề tiếng Việt (1–120 ký tự).',
    );
    expect((await bad({ message: { vi: { title: 'x', body: 'y'.repeat(3001) } } })).message).toBe(
      'Xin nhập nội dung tiếng Việt (1–3.000 ký tự).',
    );
    expect(
      (await bad({ message: { ...MESSAGE, button: { kind: 'link', url: 'javascript:alert(1)' } } })).message,
    ).toMatch(/^Nút bấm phải là một liên kết http\/https/);
    expect((await bad({ who: 'officers', filters: { categories: ['child'] } })).message).toMatch(
      /chỉ dùng khi gửi cho người hưởng/,
    );
    expect((await bad({ scheduledAt: '2026-11-19T00:00:00Z' })).message).toMatch(/Thời điểm gửi đã qua/);
  });

  test('when a record has a Zalo chat, then a text over Zalo’s 2,000 characters is refused, while Telegram alone takes it', async () => {
    const ids = await register(rt.sealer, [aBeneficiary()]);
    await linkChat(ids[0]!, tg('600'), 'self');
    const long = { vi: { title: 'Thông báo dài', body: 'Nội dung. '.repeat(250) } };
    const ok = await previewBroadcast(acting(adminA, now), { who: 'beneficiaries', message: long }, policy);
    expect(ok.rendered.vi.text.length).toBeGreaterThan(2000);
    await linkChat(ids[0]!, zalo('600z'), 'self');
    const err = await refusal(previewBroadcast(acting(adminA, now), { who: 'beneficiaries', message: long }, policy));
    expect(err.message).toMatch(/quá giới hạn 2\.000 ký tự của Zalo/);
  });

  test('when the same request key is sent twice, then one broadcast is stored and returned both times', async () => {
    const input = { who: 'officers', message: MESSAGE, requestKey: 'form-1' };
    const a = await createBroadcast(acting(adminA, now), input, policy);
    const b = await createBroadcast(acting(adminA, now), input, policy);
    expect(b.broadcast.id).toBe(a.broadcast.id);
    expect(await listBroadcasts(acting(adminA, now))).toHaveLength(1);
  });

  test('when a draft is previewed and then submitted, then nothing goes before the submit, and the preview shows the message as it will look', async () => {
    const ids = await register(rt.sealer, [aBeneficiary()]);
    await linkChat(ids[0]!, tg('700'), 'self');
    const { broadcast, preview } = await createBroadcast(
      acting(adminA, now),
      { who: 'beneficiaries', draft: true, message: { ...MESSAGE, button: { kind: 'miniapp' } } },
      policy,
    );
    expect(broadcast.state).toBe('draft');
    expect(preview.rendered.vi.text).toBe(
      '📢 Thông báo của Sở Y tế Hà Nội\nLịch chi trả tháng 12\n\nTiền trợ cấp tháng 12 được chi từ ngày 05/12. Xin mang theo CCCD.',
    );
    expect(preview.rendered.vi.buttons).toEqual([
      { kind: 'open_app', section: 'beneficiary', label: '📱 Mở ứng dụng Tin An Sinh' },
    ]);
    await runBroadcastPass(clock.now, policy);
    expect(await noticesOf(broadcast.id)).toEqual([]);
    expect((await refusal(submitBroadcast(acting(adminB, now), broadcast.id, policy))).code).toBe('forbidden');
    expect((await submitBroadcast(acting(adminA, now), broadcast.id, policy)).broadcast.state).toBe('scheduled');
    await runBroadcastPass(clock.now, policy);
    expect(await addresses(broadcast.id)).toEqual(['telegram:700']);
  });

  test('when scheduled for later, then nothing is created before its time and everything at it', async () => {
    const ids = await register(rt.sealer, [aBeneficiary()]);
    await linkChat(ids[0]!, tg('800'), 'self');
    const { broadcast } = await createBroadcast(
      acting(adminA, now),
      { who: 'beneficiaries', message: MESSAGE, scheduledAt: '2026-11-20T05:00:00Z' },
      policy,
    );
    expect(await runBroadcastPass(new Date('2026-11-20T04:59:00Z'), policy)).toMatchObject({ expanded: 0 });
    expect(await runBroadcastPass(new Date('2026-11-20T05:00:00Z'), policy)).toMatchObject({
      expanded: 1,
      notices: 1,
    });
    expect(await addresses(broadcast.id)).toEqual(['telegram:800']);
  });
});

describe('approval', () => {
  const strict = testBroadcastPolicy({ approvalThreshold: 2 });

  test('when more people than the threshold would get it, then a second province administrator must approve, never the author', async () => {
    const ids = await register(rt.sealer, [aBeneficiary(), aBeneficiary(), aBeneficiary()]);
    for (const [i, id] of ids.entries()) await linkChat(id, tg(String(900 + i)), 'self');
    const { broadcast, preview } = await createBroadcast(
      acting(adminA, now),
      { who: 'beneficiaries', message: MESSAGE, urgent: true },
      strict,
    );
    expect(preview).toMatchObject({ people: 3, approvalRequired: true, threshold: 2 });
    expect(broadcast).toMatchObject({ state: 'awaiting_approval', urgent: false, urgentRequested: true });
    await runBroadcastPass(clock.now, strict);
    expect(await noticesOf(broadcast.id)).toEqual([]);

    const own = await refusal(approveBroadcast(acting(adminA, now), broadcast.id, {}, strict));
    expect(own).toMatchObject({ code: 'forbidden' });
    expect(own.message).toMatch(/Người soạn không tự duyệt/);
    expect((await refusal(approveBroadcast(acting(officerBaDinh, now), broadcast.id, {}, strict))).code).toBe(
      'forbidden',
    );
    const approved = await approveBroadcast(acting(adminB, now), broadcast.id, { urgent: true }, strict);
    expect(approved).toMatchObject({ state: 'scheduled', urgent: true, approvedBy: `officer:${adminB.officerId}` });
    expect((await refusal(approveBroadcast(acting(adminB, now), broadcast.id, {}, strict))).code).toBe('conflict');
    await runBroadcastPass(clock.now, strict);
    const made = await noticesOf(broadcast.id);
    expect(made).toHaveLength(3);
    expect(made.every((n) => n.urgent === true)).toBe(true);
    const actions = (await auditLog.recent()).filter((e) => e.entity === 'broadcast').map((e) => e.action);
    expect(actions.sort()).toEqual(['broadcast_approve_urgent', 'broadcast_create']);
  });

  test('when at most the threshold would get it, then it is scheduled at once, urgent as the author asked', async () => {
    const ids = await register(rt.sealer, [aBeneficiary(), aBeneficiary()]);
    for (const [i, id] of ids.entries()) await linkChat(id, tg(String(950 + i)), 'self');
    const { broadcast } = await createBroadcast(
      acting(adminA, now),
      { who: 'beneficiaries', message: MESSAGE, urgent: true },
      strict,
    );
    expect(broadcast).toMatchObject({ state: 'scheduled', urgent: true });
  });
});

describe('expansion', () => {
  test('when the worker dies after inserting a page and before storing its cursor, then a re-run after the lease creates every copy exactly once', async () => {
    const people = Array.from({ length: 7 }, () => aBeneficiary());
    const ids = await register(rt.sealer, people);
    for (const [i, id] of ids.entries()) await linkChat(id, tg(String(1000 + i)), 'self');
    const { broadcast } = await createBroadcast(acting(adminA, now), { who: 'both', message: MESSAGE }, policy);
    const dying = {
      afterPage: (page: number) => {
        if (page === 2) throw new Error('worker killed');
      },
    };
    await expect(runBroadcastPass(clock.now, policy, dying)).rejects.toThrow('worker killed');
    const partial = (await noticesOf(broadcast.id)).length;
    expect(partial).toBe(4); // two pages of two records inserted; the second page's cursor never stored
    // Another worker cannot take it over while the lease holds...
    expect(await runBroadcastPass(new Date(clock.now.getTime() + 1000), policy)).toMatchObject({ expanded: 0 });
    // ...and does once it has expired, from the first page's cursor.
    const later = new Date(clock.now.getTime() + policy.leaseMs + 1000);
    expect(await runBroadcastPass(later, policy)).toMatchObject({ expanded: 1, notices: 7 });
    const all = await addresses(broadcast.id);
    expect(all).toHaveLength(11); // 7 records and 4 officers
    expect(new Set(all).size).toBe(11);
    expect((await broadcasts.byId(broadcast.id))!.cursor).toMatchObject({ done: true });
    expect(await runBroadcastPass(later, policy)).toMatchObject({ expanded: 0 });
  });

  test('when paused during the expansion, then nothing more is created and what exists is held; resume finishes it', async () => {
    const ids = await register(
      rt.sealer,
      Array.from({ length: 5 }, () => aBeneficiary()),
    );
    for (const [i, id] of ids.entries()) await linkChat(id, tg(String(1100 + i)), 'self');
    const { broadcast } = await createBroadcast(
      acting(adminA, now),
      { who: 'beneficiaries', message: MESSAGE },
      policy,
    );
    const pausing = {
      afterPage: async (page: number) => {
        if (page === 1) await pauseBroadcast(acting(adminA, now), broadcast.id);
      },
    };
    await runBroadcastPass(clock.now, policy, pausing);
    expect(await noticesOf(broadcast.id)).toHaveLength(2);
    const { notifications } = await import('../models/notification.js');
    expect(await notifications.due('bulk', new Date('2030-01-01'), 100, ['telegram'])).toEqual([]);
    expect(await runBroadcastPass(clock.now, policy)).toMatchObject({ expanded: 0 });
    await resumeBroadcast(acting(adminA, now), broadcast.id);
    await runBroadcastPass(clock.now, policy);
    expect(await addresses(broadcast.id)).toHaveLength(5);
    expect(await notifications.due('bulk', new Date(clock.now.getTime() + 60_000), 100, ['telegram'])).toHaveLength(5);
  });

  test('when a dispatcher hands a copy back after the pause, then the next pass holds it again', async () => {
    const ids = await register(rt.sealer, [aBeneficiary(), aBeneficiary()]);
    for (const [i, id] of ids.entries()) await linkChat(id, tg(String(1150 + i)), 'self');
    const { broadcast } = await createBroadcast(
      acting(adminA, now),
      { who: 'beneficiaries', message: MESSAGE },
      policy,
    );
    await runBroadcastPass(clock.now, policy);
    const { notifications } = await import('../models/notification.js');
    const later = new Date(clock.now.getTime() + 60_000);
    const [one] = await notifications.due('bulk', later, 1, ['telegram']);
    expect(await notifications.claim([one!], 'a-dispatcher', clock.now)).toHaveLength(1);
    await pauseBroadcast(acting(adminA, now), broadcast.id);
    await notifications.release([one!.id], 'a-dispatcher', clock.now); // e.g. the chat's interval had not passed
    expect(await notifications.due('bulk', later, 10, ['telegram'])).toHaveLength(1);
    await runBroadcastPass(clock.now, policy);
    expect(await notifications.due('bulk', later, 10, ['telegram'])).toEqual([]);
  });

  test('when cancelled, then every copy not yet sent is cancelled in one go and the expansion stops', async () => {
    const ids = await register(
      rt.sealer,
      Array.from({ length: 5 }, () => aBeneficiary()),
    );
    for (const [i, id] of ids.entries()) await linkChat(id, tg(String(1200 + i)), 'self');
    const { broadcast } = await createBroadcast(
      acting(adminA, now),
      { who: 'beneficiaries', message: MESSAGE },
      policy,
    );
    const cancelling = {
      afterPage: async (page: number) => {
        if (page === 1) await cancelBroadcast(acting(adminB, now), broadcast.id);
      },
    };
    await runBroadcastPass(clock.now, policy, cancelling);
    expect((await noticesOf(broadcast.id)).map((n) => n.status)).toEqual(['cancelled', 'cancelled']);
    expect(await broadcastProgress(acting(adminA, now), broadcast.id)).toMatchObject({
      state: 'cancelled',
      cancelled: 2,
      pending: 0,
      sent: 0,
    });
    expect((await refusal(resumeBroadcast(acting(adminA, now), broadcast.id))).code).toBe('conflict');
  });
});

describe('the estimate', () => {
  const quiet = parseQuietHours('21:00-07:00');
  test('when sending would run into quiet hours, then it pauses at 21:00 and resumes at 07:00', () => {
    // 20:30 in Vietnam, two hours of sending: 30 minutes tonight, the rest from 07:00.
    const e = estimateFinish(new Date('2026-11-20T13:30:00Z'), 7200, quiet);
    expect(e.pausesForQuietHours).toBe(true);
    expect(e.finishesAt).toEqual(new Date('2026-11-21T01:30:00Z')); // 08:30 the next morning
  });
  test('when started in quiet hours, then sending starts at 07:00; urgent (no quiet hours) starts at once', () => {
    const start = new Date('2026-11-20T16:00:00Z'); // 23:00
    expect(estimateFinish(start, 60, quiet).finishesAt).toEqual(new Date('2026-11-21T00:01:00Z'));
    expect(estimateFinish(start, 60, null)).toMatchObject({ pausesForQuietHours: false, seconds: 60 });
  });
});
