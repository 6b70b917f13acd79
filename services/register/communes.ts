import { auditLog } from '../../models/audit.js';
import { communes, type Commune } from '../../models/commune.js';
import { stableId } from '../../models/ids.js';
import type { WriteContext } from './writer.js';
import { forgetCommunes } from './commune-names.js';

/** The id of a commune, from its official five-digit code. */
export function communeIdFor(code: string): string {
  return stableId('commune', code);
}

/** A commune row; an office address or hours left out (undefined) keeps what is stored. */
export type CommuneInput = Omit<Commune, 'id' | 'address' | 'officeHours'> &
  Partial<Pick<Commune, 'address' | 'officeHours'>>;

/** Stores communes by code: new ones are added, renamed, moved or re-described ones updated, the rest left alone. */
export async function saveCommunes(
  rows: CommuneInput[],
  ctx: WriteContext,
): Promise<{ created: number; updated: number; unchanged: number }> {
  const ids = rows.map((r) => communeIdFor(r.code));
  const existing = new Map((await communes.byIds(ids)).map((c) => [c.id, c]));
  const withIds: Commune[] = rows.map((r, i) => ({
    ...r,
    id: ids[i]!,
    address: r.address === undefined ? (existing.get(ids[i]!)?.address ?? null) : r.address,
    officeHours: r.officeHours === undefined ? (existing.get(ids[i]!)?.officeHours ?? null) : r.officeHours,
  }));
  const fresh = withIds.filter((r) => !existing.has(r.id));
  const changed = withIds.filter((r) => {
    const e = existing.get(r.id);
    return (
      e &&
      (e.name !== r.name ||
        e.provinceCode !== r.provinceCode ||
        e.legacyDistrict !== r.legacyDistrict ||
        e.address !== r.address ||
        e.officeHours !== r.officeHours)
    );
  });
  await communes.insertMany(fresh);
  for (const c of changed) await communes.update(c);
  // This process shows the new names at once; others within ten minutes (commune-names.ts).
  forgetCommunes();
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
