import { collectionNames, readDocument, scanDocuments, setIfUnchanged } from '../../models/db/raw-documents.js';
import type { Sealer } from '../crypto.js';
import type { Logger } from '../log.js';

/** What a rotation pass did, per the whole database. */
export type RotationReport = {
  collections: number;
  documentsScanned: number;
  documentsResealed: number;
  fieldsResealed: number;
  /** Already under the new key: a second run, or a resumed one, counts them here. */
  fieldsAlreadyNew: number;
  /** Sealed-looking values neither key opens: left as they are, and reported. */
  fieldsUnreadable: number;
};

type Found = { path: string; value: string };

/** Every string in a document that has the sealed shape, with its dotted path (array positions included). */
function sealedStrings(sealer: Sealer, value: unknown, at: string, out: Found[]): Found[] {
  if (typeof value === 'string') {
    if (sealer.looksSealed(value)) out.push({ path: at, value });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => sealedStrings(sealer, v, `${at}.${i}`, out));
  } else if (value && typeof value === 'object' && value.constructor === Object) {
    for (const [k, v] of Object.entries(value)) sealedStrings(sealer, v, at ? `${at}.${k}` : k, out);
  }
  return out;
}

const opens = (sealer: Sealer, value: string): string | null => {
  try {
    return sealer.open(value);
  } catch {
    return null;
  }
};

/**
 * Re-seals every sealed value in the database from `from` (the old key) to `to` (the new one). It
 * finds sealed values by their shape, so a field added later is covered without a list to keep up.
 * Each document is changed in one conditional update (all its fields at once, only if they still
 * hold what was read), so a run stopped anywhere can be run again: values the new key already
 * opens are skipped, and a second run changes nothing. Blind indexes and derived ids are not
 * touched: they stay on the old key through DATA_INDEX_KEY (docs/deploy.md says why).
 */
export async function rotateSealedValues(opts: { from: Sealer; to: Sealer; log: Logger }): Promise<RotationReport> {
  const report: RotationReport = {
    collections: 0,
    documentsScanned: 0,
    documentsResealed: 0,
    fieldsResealed: 0,
    fieldsAlreadyNew: 0,
    fieldsUnreadable: 0,
  };
  for (const collection of await collectionNames()) {
    report.collections++;
    for await (const scanned of scanDocuments(collection)) {
      report.documentsScanned++;
      let doc: Record<string, unknown> | null = scanned;
      // A document another process rewrote between the read and the update is read again.
      for (let attempt = 0; doc && attempt < 5; attempt++) {
        const changes: { path: string; was: string; now: string }[] = [];
        let alreadyNew = 0;
        let unreadable = 0;
        for (const { path, value } of sealedStrings(opts.from, doc, '', [])) {
          if (path === '_id') continue;
          const plain = opens(opts.from, value);
          if (plain !== null) changes.push({ path, was: value, now: opts.to.seal(plain) });
          else if (opens(opts.to, value) !== null) alreadyNew++;
          else unreadable++;
        }
        if (!changes.length || (await setIfUnchanged(collection, doc._id, changes))) {
          report.fieldsAlreadyNew += alreadyNew;
          report.fieldsUnreadable += unreadable;
          if (unreadable)
            opts.log.warn({ collection, id: String(doc._id), unreadable }, 'sealed values neither key opens');
          if (changes.length) {
            report.documentsResealed++;
            report.fieldsResealed += changes.length;
          }
          break;
        }
        doc = await readDocument(collection, doc._id);
      }
    }
  }
  return report;
}
