import { phoneDirectory } from '../../models/phone-directory.js';
import type { Sealer } from '../crypto.js';

/** The directory entry id of a phone number in E.164 form (`+84…`). */
export function phoneEntryId(sealer: Sealer, phone: string): string {
  return sealer.secretId('phone', phone);
}

/** Records which beneficiaries a phone (their own or their guardian's) belongs to. */
export async function indexPhones(
  sealer: Sealer,
  rows: { beneficiaryId: string; phones: (string | null | undefined)[] }[],
): Promise<void> {
  const pairs = rows.flatMap((r) =>
    r.phones
      .filter((p): p is string => !!p)
      .map((p) => ({ id: phoneEntryId(sealer, p), beneficiaryId: r.beneficiaryId })),
  );
  await phoneDirectory.add(pairs);
}
