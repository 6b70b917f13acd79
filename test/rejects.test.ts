import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readRows } from '../services/imports/table-reader.js';
import { rejectsPathFor, writeRejects } from '../services/imports/rejects.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tin-an-sinh-rejects-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the rejects file', () => {
  test('when rejected rows hold separators, quotes, line breaks and dates, then importing the file reads back the same values', async () => {
    const input = path.join(dir, 'xa.xlsx');
    const tricky = { code: '00004', name: 'Phường "Ba Đình", Hà Nội; cũ\nmới', province_code: 1 };
    const dated = { code: '00007', name: new Date(Date.UTC(2026, 10, 5)), province_code: true };
    const file = await writeRejects(
      input,
      'communes',
      [
        { line: 3, column: 'province_code', columnLabel: 'Mã tỉnh', reason: 'sai' },
        { line: 3, column: 'name', columnLabel: 'Tên xã', reason: 'quá dài' },
        { line: 9, column: 'code', columnLabel: 'Mã xã', reason: 'trùng' },
      ],
      [
        { line: 3, values: tricky },
        { line: 9, values: dated },
      ],
    );

    expect(file).toBe(rejectsPathFor(input));
    expect(file.endsWith('xa.rejects.csv')).toBe(true);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.startsWith('\uFEFFline,reason,code,name,province_code')).toBe(true);
    const rows = [];
    for await (const row of readRows(file, 'communes')) rows.push(row.values);
    expect(rows).toEqual([
      { code: '00004', name: tricky.name, province_code: '1', legacy_district: '', address: '', office_hours: '' },
      { code: '00007', name: '2026-11-05', province_code: 'true', legacy_district: '', address: '', office_hours: '' },
    ]);
    expect(text).toContain('3,Mã tỉnh: sai | Tên xã: quá dài,');
  });
});
