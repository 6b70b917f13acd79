import { Writable } from 'node:stream';
import fc from 'fast-check';
import { accounts } from '../models/account.js';
import { VERIFICATION_STATES, type VerificationState } from '../models/account-details.js';
import { accountIdFor } from '../models/ids.js';
import { changeAccount } from '../services/accounts/change-account.js';
import { confirmAccount } from '../services/accounts/confirm-account.js';
import { periodOf } from '../services/format.js';
import { requireOfficer } from '../services/officers/identity.js';
import type { Acting } from '../services/officers/scope.js';
import { exportForPolice } from '../services/verification/export.js';
import { importVerificationResults } from '../services/verification/results.js';
import { saveCommunes } from '../services/register/communes.js';
import { anOfficer } from './support/officer-sessions.js';
import { onlyAppErrors } from './support/properties.js';
import { aBeneficiary, register } from './support/register.js';
import { startTestRuntime } from './support/runtime.js';

/*
 * The account-verification machine (models/account-details.ts) under random sequences of the real
 * operations: the officer's police export, the police's results uploaded by the officer (any of the
 * three answers, whatever the state), the person changing or confirming their details. Each step
 * may only take the transitions its operation is allowed: only the export moves `submitted` to
 * `verifying`; only a result moves `verifying` to an answer; a change (and only a change) restarts
 * at `submitted` with a new version.
 */

type Op = 'export' | 'verified' | 'mismatch' | 'rejected' | 'change' | 'confirm';
const FINAL: readonly VerificationState[] = ['verified', 'mismatch', 'rejected'];
/** What each operation may do to the state (staying put is always allowed: a refusal). */
const ALLOWED: Record<Op, (from: VerificationState, to: VerificationState) => boolean> = {
  export: (from, to) => from === 'submitted' && to === 'verifying',
  verified: (from, to) => from === 'verifying' && to === 'verified',
  mismatch: (from, to) => from === 'verifying' && to === 'mismatch',
  rejected: (from, to) => from === 'verifying' && to === 'rejected',
  change: (_from, to) => to === 'submitted',
  confirm: () => false,
};

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let officer: Acting;
const now = () => new Date();
const nowhere = () =>
  new Writable({
    write(_chunk, _enc, done) {
      done();
    },
  });

beforeAll(async () => {
  rt = await startTestRuntime();
  await saveCommunes([{ code: '00004', name: 'Phường Ba Đình', provinceCode: '01', legacyDistrict: null }], {
    sealer: rt.sealer,
    entryPoint: 'import',
    actor: 'test',
  });
  const { officerId } = await anOfficer(rt, { role: 'province_admin' });
  officer = { scope: await requireOfficer({ kind: 'officer', officerId }), entryPoint: 'miniapp', now };
});
afterAll(async () => rt.stop());

function resultsCsv(nationalId: string, result: 'verified' | 'mismatch' | 'rejected'): Buffer {
  const fields = result === 'mismatch' ? 'full_name' : '';
  const reason = result === 'rejected' ? 'Sai số tài khoản' : '';
  return Buffer.from(`national_id,result,mismatched_fields,reason\n${nationalId},${result},${fields},${reason}\n`);
}

describe('the account verification state machine', () => {
  it('when the officer exports and uploads results and the person changes or confirms details in any order, then each step takes only its own transition', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<Op>('export', 'verified', 'mismatch', 'rejected', 'change', 'confirm'), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.stringMatching(/^\d{10,14}$/),
        async (steps, accountNumber) => {
          const b = aBeneficiary();
          const [beneficiaryId] = await register(rt.sealer, [b]);
          const accountId = accountIdFor(beneficiaryId!);
          const viewer = {
            subject: { kind: 'beneficiary' as const, beneficiaryId: beneficiaryId! },
            entry: 'web' as const,
          };
          const ctx = { sealer: rt.sealer, now, period: () => periodOf(now()) };
          let before = (await accounts.byId(accountId))!;
          for (const step of steps) {
            await onlyAppErrors(async () => {
              if (step === 'export')
                await exportForPolice(officer, { accountRefs: [accountId] }, 'csv', nowhere(), rt.sealer);
              else if (step === 'change')
                await changeAccount(
                  viewer,
                  beneficiaryId!,
                  { type: 'bank', providerCode: '970436', accountNumber, holderName: b.fullName, owner: 'self' },
                  ctx,
                );
              else if (step === 'confirm') await confirmAccount(viewer, beneficiaryId!, ctx);
              else
                await importVerificationResults(
                  officer,
                  { buffer: resultsCsv(b.nationalId, step), fileName: 'ket-qua.csv' },
                  rt.sealer,
                );
            });
            const after = (await accounts.byId(accountId))!;
            const [from, to] = [before.verification.state, after.verification.state];
            expect(VERIFICATION_STATES).toContain(to);
            const taken = { step, from, to, allowed: from === to || ALLOWED[step](from, to) };
            expect(taken).toEqual({ ...taken, allowed: true });
            // New details, and only new details, get a new version, and they start again at `submitted`.
            if (step === 'change') expect(after.version).toBe(before.version + 1);
            else expect(after.version).toBe(before.version);
            if (step === 'change') expect(to).toBe('submitted');
            if (FINAL.includes(to)) expect(after.verification.at).toBeInstanceOf(Date);
            before = after;
          }
        },
      ),
      { numRuns: 30 },
    );
  }, 120_000);
});
