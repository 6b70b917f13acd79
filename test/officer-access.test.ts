import mongoose from 'mongoose';
import { linkCodes } from '../models/link-code.js';
import { officers } from '../models/officer.js';
import { chatIdFor, openChat } from '../services/linking/chats.js';
import { CODE_ALPHABET, codeIdFor, issueLinkCode } from '../services/linking/codes.js';
import { redeemCode } from '../services/linking/link.js';
import { listOfficers, removeOfficer } from '../services/officers/roster.js';
import { aBeneficiary, register } from './support/register.js';
import { refusal, startOfficerKit } from './support/officers.js';

let kit: Awaited<ReturnType<typeof startOfficerKit>>;
let srv: typeof kit.srv, linking: typeof kit.linking, clock: typeof kit.clock;
let operator: typeof kit.operator, as: typeof kit.as, invite: typeof kit.invite;
let officerInChat: typeof kit.officerInChat, nextPhone: typeof kit.nextPhone, nextChat: typeof kit.nextChat;
const HOUR = 3_600_000;

beforeAll(async () => {
  kit = await startOfficerKit(100);
  ({ srv, linking, clock, operator, as, invite, officerInChat, nextPhone, nextChat } = kit);
});
afterAll(async () => {
  await kit.srv.stop();
});

describe('inviting officers', () => {
  test('when the operator invites a commune officer, then the officer exists and an 8-character code is stored only as its hash', async () => {
    const made = await invite(operator, { communeCodes: ['00004', '00008'] });
    expect(made.created).toBe(true);
    expect(made.code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{8}$`));
    expect(made.expiresAt.getTime() - clock.now.getTime()).toBe(72 * HOUR);
    expect(await officers.byId(made.officerId)).toMatchObject({
      role: 'commune_officer',
      provinceCode: '01',
      communeCodes: ['00004', '00008'],
      removedAt: null,
    });
    expect(await linkCodes.byId(codeIdFor(linking, made.code))).toMatchObject({ officerId: made.officerId });
    const stored = JSON.stringify(await mongoose.connection.db!.collection('link_codes').find({}).toArray());
    expect(stored).not.toContain(made.code);
  });

  test('when the same phone is invited for another commune, then the scope widens; another role is a clear conflict', async () => {
    const phone = nextPhone();
    const first = await invite(operator, { phone });
    const again = await invite(operator, { phone, communeCodes: ['00008'] });
    expect(again).toMatchObject({ officerId: first.officerId, created: false });
    expect((await officers.byId(first.officerId))!.communeCodes).toEqual(['00004', '00008']);
    const err = await refusal(
      invite(operator, { phone, role: 'province_admin', provinceCode: '01', communeCodes: [] }),
    );
    expect(err.code).toBe('conflict');
    expect(err.message).toContain('cán bộ xã (Hà Nội)');
  });

  test.each([
    ['an unknown role', { role: 'mayor' }, 'Vai trò phải là'],
    [
      'an unknown province',
      { role: 'province_admin', provinceCode: '99', communeCodes: [] },
      'Không có tỉnh/thành phố mã 99',
    ],
    ['an unknown commune', { communeCodes: ['99999'] }, 'Không có xã/phường mã 99999'],
    [
      'a commune outside the given province',
      { provinceCode: '79', communeCodes: ['00004'] },
      'Phường Ba Đình (00004) không thuộc Hồ Chí Minh',
    ],
    ['communes of two provinces', { communeCodes: ['00004', '26734'] }, 'không thuộc Hà Nội'],
    ['no commune for a commune officer', { communeCodes: [] }, 'Cán bộ xã cần ít nhất một xã/phường'],
    [
      'communes for a province administrator',
      { role: 'province_admin', provinceCode: '01', communeCodes: ['00004'] },
      'không ghi xã/phường',
    ],
    ['a bad phone', { phone: '12345' }, 'Số điện thoại'],
    ['an empty name', { name: '  ' }, 'Họ tên cán bộ'],
  ])('when an invitation has %s, then it is refused saying «%s»', async (_label, input, words) => {
    const err = await refusal(invite(operator, input));
    expect(err.code).toBe('invalid_input');
    expect(err.message).toContain(words);
    expect(err.en).toBeTruthy();
  });

  test('when a commune officer invites, lists or removes, then each is refused (403)', async () => {
    const { scope, phone } = await officerInChat();
    for (const p of [invite(as(scope), {}), listOfficers(as(scope)), removeOfficer(as(scope), phone, srv.rt)])
      expect((await refusal(p)).status).toBe(403);
  });

  test('when a province administrator acts on another province, then invite and remove are refused; in their own they work', async () => {
    const admin = await officerInChat({ role: 'province_admin', provinceCode: '01', communeCodes: [] });
    const saigon = await invite(operator, { communeCodes: ['26734'] });
    const saigonPhone = (await officers.byId(saigon.officerId))!.phone;
    expect(saigonPhone.last4).toHaveLength(4);
    expect((await refusal(invite(as(admin.scope), { communeCodes: ['26734'] }))).status).toBe(403);
    expect(
      (await refusal(invite(as(admin.scope), { role: 'province_admin', provinceCode: '79', communeCodes: [] }))).status,
    ).toBe(403);
    const own = await invite(as(admin.scope), { communeCodes: ['00008'] });
    expect(own.created).toBe(true);
    const rows = await listOfficers(as(admin.scope));
    expect(rows.every((r) => r.provinceCode === '01')).toBe(true);
    expect(rows.map((r) => r.id)).toContain(own.officerId);
    expect(rows.map((r) => r.id)).not.toContain(saigon.officerId);
    expect(rows.every((r) => /^•••• \d{4}$/.test(r.phone))).toBe(true);
  });

  test('when a province administrator removes an officer of another province, then it is refused and the officer stays', async () => {
    const admin = await officerInChat({ role: 'province_admin', provinceCode: '01', communeCodes: [] });
    const phone = nextPhone();
    const saigon = await invite(operator, { phone, communeCodes: ['26734'] });
    const err = await refusal(removeOfficer(as(admin.scope), phone, srv.rt));
    expect(err.status).toBe(403);
    expect((await officers.byId(saigon.officerId))!.removedAt).toBeNull();
  });
});

describe('invite codes', () => {
  test('when an invite code is redeemed twice, then the second time it is a wrong code', async () => {
    const made = await invite(operator, {});
    expect(await redeemCode(linking, nextChat(), made.code)).toMatchObject({ kind: 'officer' });
    expect(await redeemCode(linking, nextChat(), made.code)).toMatchObject({ kind: 'rejected' });
  });

  test('when 72 hours have passed, then the code no longer works; a minute before, it does', async () => {
    const start = clock.now;
    const late = await invite(operator, {});
    const onTime = await invite(operator, {});
    try {
      clock.now = new Date(start.getTime() + 72 * HOUR - 60_000);
      expect(await redeemCode(linking, nextChat(), onTime.code)).toMatchObject({ kind: 'officer' });
      clock.now = new Date(start.getTime() + 72 * HOUR);
      expect(await redeemCode(linking, nextChat(), late.code)).toMatchObject({ kind: 'rejected' });
    } finally {
      clock.now = start;
    }
  });

  test('when a chat has used up its tries on wrong beneficiary codes, then a good invite is locked out too, until the hour ends', async () => {
    const start = clock.now;
    const ref = nextChat();
    const made = await invite(operator, {});
    try {
      const outcomes = [];
      for (let i = 0; i < 5; i++) outcomes.push((await redeemCode(linking, ref, 'WWWWWWWW')).kind);
      expect(outcomes).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'locked']);
      expect(await redeemCode(linking, ref, made.code)).toMatchObject({ kind: 'locked' });
      clock.now = new Date(start.getTime() + HOUR + 60_000);
      expect(await redeemCode(linking, ref, made.code)).toMatchObject({ kind: 'officer' });
    } finally {
      clock.now = start;
    }
  });

  test('when a chat is locked by wrong codes, then a good beneficiary link code is refused as well', async () => {
    const ref = nextChat();
    const lan = aBeneficiary();
    await register(srv.rt.sealer, [lan]);
    const good = await issueLinkCode(linking, lan.nationalId, 'test');
    for (let i = 0; i < 4; i++) await redeemCode(linking, ref, 'XXXXXXXX');
    expect(await redeemCode(linking, ref, 'YYYYYYYY')).toMatchObject({ kind: 'locked' });
    expect(await redeemCode(linking, ref, good.code)).toMatchObject({ kind: 'locked' });
  });

  test('when an invite is redeemed, then the chat is the officer’s and the audit names the officer and the entry point', async () => {
    const { officerId, ref } = await officerInChat();
    expect((await openChat(ref)).officerId).toBe(officerId);
    expect((await officers.byId(officerId))!.chats).toEqual([ref]);
    const entries = await mongoose.connection
      .db!.collection('audit_log')
      .find({ actor: `officer:${officerId}` })
      .toArray();
    expect(entries).toContainEqual(
      expect.objectContaining({ entryPoint: 'bot', action: 'link', entity: 'chat', entityIds: [chatIdFor(ref)] }),
    );
    const invited = await mongoose.connection
      .db!.collection('audit_log')
      .findOne({ action: 'invite', entityIds: officerId });
    expect(invited).toMatchObject({ entryPoint: 'cli', actor: 'cli', entity: 'officer' });
  });
});

describe('a chat changing hands', () => {
  test('when a second officer’s invite is redeemed in a chat, then the chat is theirs and the first officer no longer has it', async () => {
    const first = await officerInChat();
    const second = await invite(operator, {});
    expect(await redeemCode(linking, first.ref, second.code)).toMatchObject({ kind: 'officer' });
    expect((await openChat(first.ref)).officerId).toBe(second.officerId);
    expect((await officers.byId(first.officerId))!.chats).toEqual([]);
    expect((await officers.byId(second.officerId))!.chats).toEqual([first.ref]);
  });
});
