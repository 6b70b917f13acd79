import { officers, type OfficerRole } from '../../models/officer.js';
import { miniappContext } from '../../miniapp/wiring.js';
import { officerIdFor } from '../../services/officers/identity.js';
import { openSession, type OpenedSession } from '../../services/miniapp/sessions.js';
import { issueWebLink } from '../../services/miniapp/web-links.js';
import { saveCommunes } from '../../services/register/communes.js';
import { sealNumber } from '../../services/register/sealing.js';
import type { Runtime } from '../../services/runtime.js';

let serial = 0;

/** An active officer stored as an accepted invite leaves it; a commune officer of 00004 (Hà Nội) unless told. */
export async function anOfficer(
  rt: Runtime,
  opts: { role?: OfficerRole; provinceCode?: string; communeCodes?: string[]; name?: string } = {},
): Promise<{ officerId: string; phone: string; name: string }> {
  serial++;
  const phone = `+8498${String(1_000_000 + serial).slice(-7)}`;
  const role = opts.role ?? 'commune_officer';
  const officerId = officerIdFor(rt.sealer, phone);
  const name = opts.name ?? `Cán bộ Thử ${serial}`;
  await officers.insertIfAbsent({
    id: officerId,
    name,
    phone: sealNumber(rt.sealer, 'phone', phone),
    role,
    provinceCode: opts.provinceCode ?? '01',
    communeCodes: role === 'province_admin' ? [] : (opts.communeCodes ?? ['00004']),
  });
  return { officerId, phone, name };
}

/** A mini-app session for the officer, as its web link opens one. */
export function officerSession(rt: Runtime, officerId: string): Promise<OpenedSession> {
  return openSession({ kind: 'officer', officerId }, 'web', miniappContext(rt.config, rt.sealer));
}

/** The officer's single-use web link (what `officers web-link` prints). */
export async function officerWebLink(rt: Runtime, officerId: string): Promise<string> {
  return (await issueWebLink({ kind: 'officer', officerId }, 'test', miniappContext(rt.config, rt.sealer))).url;
}

/** Communes beside the server's 00004: another of Hà Nội and one of Hồ Chí Minh City. */
export async function moreCommunes(rt: Runtime): Promise<void> {
  await saveCommunes(
    [
      { code: '00008', name: 'Phường Ngọc Hà', provinceCode: '01', legacyDistrict: null },
      { code: '26734', name: 'Phường Sài Gòn', provinceCode: '79', legacyDistrict: null },
    ],
    { sealer: rt.sealer, entryPoint: 'import', actor: 'test' },
  );
}
