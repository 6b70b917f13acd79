import { communes, type Commune } from '../../models/commune.js';

/**
 * Commune names and provinces as officer pages show them, remembered for ten minutes per process:
 * communes change only when the list is imported, and every page of the queue, the dashboard and the
 * missing-data report names them, so remembering saves one database command per request (the queue's
 * target is three). A renamed commune shows its old name for at most ten minutes.
 */
const TTL_MS = 10 * 60_000;
const known = new Map<string, { commune: Commune; until: number }>();

/** The communes with these codes that exist, by code. */
export async function communesByCode(codes: readonly string[], now = Date.now()): Promise<Map<string, Commune>> {
  const out = new Map<string, Commune>();
  const missing: string[] = [];
  for (const code of new Set(codes)) {
    const hit = known.get(code);
    if (hit && hit.until > now) out.set(code, hit.commune);
    else missing.push(code);
  }
  if (missing.length)
    for (const c of await communes.byCodes(missing)) {
      known.set(c.code, { commune: c, until: now + TTL_MS });
      out.set(c.code, c);
    }
  return out;
}

/** Forgets what was remembered (after this process imported communes). */
export function forgetCommunes(): void {
  known.clear();
}
