import mongoose from 'mongoose';
import { officers } from '../models/officer.js';
import { miniappContext } from '../miniapp/wiring.js';
import { chatIdFor, openChat, type ChatRef } from '../services/linking/chats.js';
import { redeemCode } from '../services/linking/link.js';
import { consumeWebLink, issueOfficerWebLink } from '../services/miniapp/web-links.js';
import { notifyOfficersOfAccountChange } from '../services/notifications/triggers.js';
import { SAMPLE_VARS } from '../services/notifications/templates/samples.js';
import { scopeOfChat } from '../services/officers/identity.js';
import { listOfficers, removeOfficer } from '../services/officers/roster.js';
import { aBeneficiary, register } from './support/register.js';
import { telegramInitData } from './support/miniapp.js';
import { refusal, startOfficerKit } from './support/officers.js';

let kit: Awaited<ReturnType<typeof startOfficerKit>>;
let srv: typeof kit.srv, linking: typeof kit.linking, clock: typeof kit.clock, now: typeof kit.now;
let operator: typeof kit.operator, as: typeof kit.as, invite: typeof kit.invite;
let officerInChat: typeof kit.officerInChat, nextPhone: typeof kit.nextPhone;

beforeAll(async () => {
  kit = await startOfficerKit(600);
  ({ srv, linking, clock, now, operator, as, invite, officerInChat, nextPhone } = kit);
});
afterAll(async () => {
  await kit.srv.stop();
});

describe('removal', () => {
  test('when an officer is removed, then chats, officer web sessions and waiting work notices end at once', async () => {
    const o = await officerInChat();
    const ctx = { ...miniappContext(srv.rt.config, srv.rt.sealer), now };
    const link = await issueOfficerWebLink(operator, o.phone, ctx);
    const opened = await consumeWebLink(link.url.split('/').at(-1)!, ctx);
    if (typeof opened === 'string') throw new Error(opened);
    const sessionsBefore = await mongoose.connection
      .db!.collection('web_sessions')
      .countDocuments({ 'subject.officerId': o.officerId });
    expect(sessionsBefore).toBe(1);
    const lan = aBeneficiary();
    const [beneficiaryId] = await register(srv.rt.sealer, [lan]);
    await notifyOfficersOfAccountChange(
      {
        accountId: 'acc-removal',
        version: 1,
        beneficiaryId: beneficiaryId!,
        communeCode: '00004',
        vars: SAMPLE_VARS.account_change_submitted,
      },
      clock.now,
    );
    const waiting = { chatRef: chatIdFor(o.ref), template: 'account_change_submitted' };
    expect(await mongoose.connection.db!.collection('notifications').findOne(waiting)).toMatchObject({
      status: 'created',
    });

    await removeOfficer(operator, o.phone, srv.rt);

    expect(await scopeOfChat(o.ref)).toBeNull();
    expect((await openChat(o.ref)).officerId).toBeNull();
    expect(
      await mongoose.connection.db!.collection('web_sessions').countDocuments({ 'subject.officerId': o.officerId }),
    ).toBe(0);
    expect(await mongoose.connection.db!.collection('notifications').findOne(waiting)).toMatchObject({
      status: 'cancelled',
    });
    expect((await refusal(removeOfficer(operator, o.phone, srv.rt))).code).toBe('not_found');
    expect((await listOfficers(operator)).map((r) => r.id)).not.toContain(o.officerId);
    const audit = await mongoose.connection
      .db!.collection('audit_log')
      .findOne({ action: 'remove', entityIds: o.officerId });
    expect(audit).toMatchObject({ entryPoint: 'cli', actor: 'cli', entity: 'officer' });
  });

  test('when a removed officer is invited again as something else, then they come back with only the new scope', async () => {
    const o = await officerInChat({ communeCodes: ['00004', '00008'] });
    await removeOfficer(operator, o.phone, srv.rt);
    const back = await invite(operator, {
      phone: o.phone,
      role: 'province_admin',
      provinceCode: '01',
      communeCodes: [],
    });
    expect(back).toMatchObject({ officerId: o.officerId, created: false });
    expect(await officers.byId(o.officerId)).toMatchObject({
      role: 'province_admin',
      communeCodes: [],
      removedAt: null,
    });
  });
});

describe('/app/api/me for officers', () => {
  let userSeq = 8_200_000;
  async function me(token: string) {
    const res = await fetch(`${srv.url}/app/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as { officer: unknown; records: unknown[] };
  }

  test('when an officer’s Telegram chat signs in, then /me carries the officer block; after removal it is null', async () => {
    const userId = ++userSeq;
    const ref: ChatRef = { channel: 'telegram', chatId: String(userId) };
    const phone = nextPhone();
    const made = await invite(operator, { phone, communeCodes: ['00008', '00004'], name: 'Lê Văn Khoa' });
    await redeemCode(linking, ref, made.code);
    const res = await fetch(`${srv.url}/app/api/session/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ initData: telegramInitData({ id: userId }) }),
    });
    const { sessionToken } = (await res.json()) as { sessionToken: string };
    expect((await me(sessionToken)).officer).toEqual({
      name: 'Lê Văn Khoa',
      role: 'commune_officer',
      provinceCode: '01',
      provinceName: 'Hà Nội',
      communes: [
        { code: '00004', name: 'Phường Ba Đình' },
        { code: '00008', name: 'Phường Ngọc Hà' },
      ],
    });
    await removeOfficer(operator, phone, srv.rt);
    expect((await me(sessionToken)).officer).toBeNull();
  });

  test('when an officer opens their web link, then /me carries the officer block and no records; after removal the session is gone', async () => {
    const phone = nextPhone();
    await invite(operator, {
      phone,
      role: 'province_admin',
      provinceCode: '01',
      communeCodes: [],
      name: 'Vũ Minh Quang',
    });
    const ctx = miniappContext(srv.rt.config, srv.rt.sealer);
    const opened = await consumeWebLink((await issueOfficerWebLink(operator, phone, ctx)).url.split('/').at(-1)!, ctx);
    if (typeof opened === 'string') throw new Error(opened);
    const body = await me(opened.sessionToken);
    expect(body.records).toEqual([]);
    expect(body.officer).toEqual({
      name: 'Vũ Minh Quang',
      role: 'province_admin',
      provinceCode: '01',
      provinceName: 'Hà Nội',
      communes: [],
    });
    await removeOfficer(operator, phone, srv.rt);
    const after = await fetch(`${srv.url}/app/api/me`, { headers: { authorization: `Bearer ${opened.sessionToken}` } });
    expect(after.status).toBe(401);
  });

  test('when a beneficiary’s chat signs in, then /me says officer: null', async () => {
    const userId = ++userSeq;
    const res = await fetch(`${srv.url}/app/api/session/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ initData: telegramInitData({ id: userId }) }),
    });
    const { sessionToken } = (await res.json()) as { sessionToken: string };
    expect((await me(sessionToken)).officer).toBeNull();
  });

  test('when an officer asks for a web link for another officer, then it is refused; for themselves it works', async () => {
    const a = await officerInChat({ role: 'province_admin', provinceCode: '01', communeCodes: [] });
    const b = await officerInChat();
    const ctx = miniappContext(srv.rt.config, srv.rt.sealer);
    expect((await refusal(issueOfficerWebLink(as(a.scope), b.phone, ctx))).status).toBe(403);
    expect((await issueOfficerWebLink(as(a.scope), a.phone, ctx)).url).toContain('/app/w/');
  });
});
