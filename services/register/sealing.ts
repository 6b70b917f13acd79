import type { Sealer } from '../crypto.js';

/** Seals a number and keeps what lookups and masked display need. */
export function sealNumber(sealer: Sealer, domain: string, value: string) {
  return { sealed: sealer.seal(value), index: sealer.index(domain, value), last4: value.slice(-4) };
}

/** A keyed hash of a record's meaningful content: equal content, equal hash; reveals nothing. */
export function contentHash(sealer: Sealer, value: unknown): string {
  return sealer.index('content', JSON.stringify(value)).slice(0, 32);
}

/** The id of a beneficiary, derived from the national ID's blind index. */
export function beneficiaryIdFor(sealer: Sealer, nationalId: string): string {
  return sealer.secretId('beneficiary', nationalId);
}
