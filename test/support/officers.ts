import { AppError } from '../../services/errors.js';
import type { ChatRef } from '../../services/linking/chats.js';
import { redeemCode } from '../../services/linking/link.js';
import { linkPolicy, type LinkingContext } from '../../services/linking/policy.js';
import { scopeOfChat } from '../../services/officers/identity.js';
import { inviteOfficer, type InviteInput } from '../../services/officers/invites.js';
import { OPERATOR, type Acting, type Scope } from '../../services/officers/scope.js';
import { saveCommunes } from '../../services/register/communes.js';
import { startMiniappServer } from './miniapp.js';

/**
 * The mini-app server with three communes (two in Hà Nội, one in Hồ Chí Minh), a clock the test
 * moves, and the moves officer tests make: invite, redeem in a fresh chat, act as someone.
 */
export async function startOfficerKit(firstPhone: number) {
  const srv = await startMiniappServer();
  const clock = { now: new Date('2026-11-03T02:00:00Z') };
  const now = () => clock.now;
  const linking: LinkingContext = { sealer: srv.rt.sealer, policy: linkPolicy(srv.rt.config), now };
  await saveCommunes(
    [
      { code: '00008', name: 'Phường Ngọc Hà', provinceCode: '01', legacyDistrict: null },
      { code: '26734', name: 'Phường Sài Gòn', provinceCode: '79', legacyDistrict: null },
    ],
    { sealer: srv.rt.sealer, entryPoint: 'import', actor: 'test' },
  );
  let phoneSeq = firstPhone;
  let chatSeq = firstPhone * 100;
  const nextPhone = () => `09120${String(++phoneSeq).padStart(5, '0')}`;
  const nextChat = (): ChatRef => ({ channel: 'telegram', chatId: String(++chatSeq) });
  const operator: Acting = { scope: OPERATOR, entryPoint: 'cli', now };
  const as = (scope: Scope): Acting => ({ scope, entryPoint: 'miniapp', via: 'telegram', now });
  const invite = (acting: Acting, input: Partial<InviteInput>) =>
    inviteOfficer(
      acting,
      { role: 'commune_officer', communeCodes: ['00004'], name: 'Trần Thu Hằng', phone: nextPhone(), ...input },
      { sealer: srv.rt.sealer },
    );
  /** An invited officer whose code was redeemed in a fresh chat, and its scope as the chat now has it. */
  async function officerInChat(input: Partial<InviteInput> = {}) {
    const phone = input.phone ?? nextPhone();
    const made = await invite(operator, { ...input, phone });
    const ref = nextChat();
    expect(await redeemCode(linking, ref, made.code)).toMatchObject({ kind: 'officer' });
    return { ...made, phone, ref, scope: (await scopeOfChat(ref))! };
  }
  return { srv, clock, now, linking, nextPhone, nextChat, operator, as, invite, officerInChat };
}

/** The AppError a promise is refused with (and a failed test when it is not refused). */
export async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}
