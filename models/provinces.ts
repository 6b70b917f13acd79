import fs from 'node:fs';

/** One of the 34 provinces and centrally-run cities since 1 July 2025. */
export type Province = { code: string; name: string; kind: 'province' | 'city'; formedFrom: string[] };

const CSV = new URL('./data/provinces-2025.csv', import.meta.url);

function load(): Province[] {
  const [, ...lines] = fs.readFileSync(CSV, 'utf8').trim().split(/\r?\n/);
  return lines.map((line) => {
    const [code = '', name = '', kind = '', formed = ''] = line.split(',');
    return { code, name, kind: kind === 'city' ? 'city' : 'province', formedFrom: formed.split(';').filter(Boolean) };
  });
}

const PROVINCES: readonly Province[] = load();
const BY_CODE = new Map(PROVINCES.map((p) => [p.code, p]));

/** The official 2025 list (Decision 19/2025/QĐ-TTg), shipped with the code. */
export function allProvinces(): readonly Province[] {
  return PROVINCES;
}

/** The province with this two-digit code, if it exists today. */
export function provinceByCode(code: string): Province | undefined {
  return BY_CODE.get(code);
}

/** Maps a former (pre-2025) province name, as legacy records carry it, to today's province. */
export function provinceFormedFrom(formerName: string): Province | undefined {
  const wanted = formerName.normalize('NFC').trim().toLowerCase();
  return PROVINCES.find((p) => p.formedFrom.some((f) => f.toLowerCase() === wanted));
}
