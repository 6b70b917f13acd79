import { accountPlaces } from '../../models/account-places.js';
import { beneficiaries } from '../../models/beneficiary.js';

const BATCH = 1000;

/**
 * Copies the record's name and place onto account details stored before accounts carried them
 * (the officers' queue filters by them). Runs with the register-figures job; once every account
 * has them it costs one query that finds nothing. Returns how many it filled.
 */
export async function backfillAccountPlaces(): Promise<number> {
  let filled = 0;
  for (;;) {
    const rows = await accountPlaces.missing(BATCH);
    if (!rows.length) return filled;
    const records = await beneficiaries.existing(rows.map((r) => r.beneficiaryId));
    const places = rows.flatMap((r) => {
      const b = records.get(r.beneficiaryId);
      return b
        ? [
            {
              accountId: r.id,
              place: { fullName: b.fullName, communeCode: b.communeCode, provinceCode: b.provinceCode },
            },
          ]
        : [];
    });
    await accountPlaces.set(places);
    filled += places.length;
    // Details whose record is gone would be found again on every round.
    if (places.length < rows.length) return filled;
  }
}
