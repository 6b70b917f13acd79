import { auditLog } from '../../models/audit.js';
import { actorOf, type Acting } from './scope.js';

/**
 * Records an officer's read of personal data or change, naming the officer and the entry point;
 * never the personal values themselves (ids of records, names of fields).
 */
export async function auditOfficer(
  acting: Acting,
  entry: { action: string; entity: string; entityIds: string[]; fields?: string[]; note?: string },
): Promise<void> {
  await auditLog.append([
    {
      entryPoint: acting.entryPoint,
      actor: actorOf(acting.scope),
      ...entry,
      ...(acting.via ? { via: acting.via } : {}),
    },
  ]);
}
