import { auditLog } from '../../models/audit.js';
import { communes, type Commune } from '../../models/commune.js';
import { stableId } from '../../models/ids.js';
import type { WriteContext } from './writer.js';

/** The id of a commune, from its official five-digit code. */
export function communeIdFor(code: string): string {
  return stableId('commune', code);
}

/** Stores communes by code: new ones are added, renamed or moved ones updated, the rest left alone. */
export async function saveCommunes(
  rows: Omit<Commune, 'id'>[],
  ctx: WriteContext,
): Promise<{ created: number; updated: number; unchanged: number }> {
  const withIds = rows.map((r) => ({ ...r, id: communeIdFor(r.code) }));
  const existing = new Map((await communes.byIds(withIds.map((r) => r.id))).map((c) => [c.id, c]));
  const fresh = withIds.filter((r) => !existing.has(r.id));
  const changed = withIds.filter((r) => {
    const e = existing.get(r.id);
    return e && (e.name !== r.name || e.provinceCode !== r.provinceCode || e.legacyDistrict !== r.legacyDistrict);
  });
  await communes.insertMany(fresh);
  for (const c of changed) await communes.update(c);
  await auditLog.append([
    ...(fresh.length
      ? [
          {
            entryPoint: ctx.entryPoint,
            actor: ctx.actor,
            action: 'create',
            entity: 'commune',
            entityIds: fresh.map((c) => c.id),
          },
        ]
      : []),
    ...(changed.length
      ? [
          {
            entryPoint: ctx.entryPoint,
            actor: ctx.actor,
            action: 'update',
            entity: 'commune',
            entityIds: changed.map((c) => c.id),
          },
        ]
      : []),
  ]);
  return { created: fresh.length, updated: changed.length, unchanged: rows.length - fresh.length - changed.length };
}

/** Every registered commune by code (3,321 at most nationally: small enough to hold). */
export async function communesByCode(): Promise<Map<string, Commune>> {
  return new Map((await communes.all()).map((c) => [c.code, c]));
}
