import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stableId } from '../models/ids.js';
import { createSealer, resolveMasterKey } from '../services/crypto.js';
import { createLogger } from '../services/log.js';
import { maskDigits, maskTail } from '../services/mask.js';
import { formatDate, formatDateTime, formatVnd, previousPeriods } from '../services/format.js';

const sealer = createSealer(crypto.randomBytes(32));

describe('encryption at rest', () => {
  test('when a number is sealed, then it opens to the same value and the ciphertext differs each time', () => {
    const a = sealer.seal('001234567890');
    const b = sealer.seal('001234567890');
    expect(a).not.toBe(b);
    expect(a).not.toContain('001234567890');
    expect(sealer.open(a)).toBe('001234567890');
  });

  test('when many values are sealed, then every IV is new, also across refills of the IV buffer', () => {
    const fresh = createSealer(crypto.randomBytes(32));
    const sealed = Array.from({ length: 600 }, () => fresh.seal('001234567890'));
    expect(new Set(sealed.map((s) => s.split('.')[1])).size).toBe(600);
    expect(sealed.every((s) => fresh.open(s) === '001234567890')).toBe(true);
  });

  test('when a sealed value is tampered with or opened with another key, then opening fails', () => {
    const sealed = sealer.seal('001234567890');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('xxxxxxxxxxxx').toString('base64url');
    expect(() => sealer.open(parts.join('.'))).toThrow();
    expect(() => createSealer(crypto.randomBytes(32)).open(sealed)).toThrow();
  });

  test('when the same value is indexed twice, then the blind index matches; other domains and keys differ', () => {
    expect(sealer.index('national_id', '001234567890')).toBe(sealer.index('national_id', '001234567890'));
    expect(sealer.index('phone', '001234567890')).not.toBe(sealer.index('national_id', '001234567890'));
    expect(createSealer(crypto.randomBytes(32)).index('national_id', '001234567890')).not.toBe(
      sealer.index('national_id', '001234567890'),
    );
    expect(sealer.secretId('beneficiary', '001234567890')).toMatch(/^[0-9a-f]{24}$/);
    expect(stableId('payment', 'a', '2026-11')).toBe(stableId('payment', 'a', '2026-11'));
  });

  test('when ids and blind indexes are derived, then they follow the published formulas, so stored records keep their ids across versions', () => {
    const master = Buffer.alloc(32, 7);
    const macKey = Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), 'tin-an-sinh/blind-index/v1', 32));
    const hmac = (text: string) => crypto.createHmac('sha256', macKey).update(text).digest('hex');
    const fixed = createSealer(master);
    expect(fixed.index('national_id', '001234567890')).toBe(hmac('national_id\u0000001234567890'));
    expect(fixed.secretId('beneficiary', '001234567890')).toBe(hmac('id:beneficiary\u0000001234567890').slice(0, 24));
    expect(stableId('payment', 'a', '2026-11')).toBe(
      crypto.createHash('sha256').update('payment\u0000a\u00002026-11').digest('hex').slice(0, 24),
    );
  });

  test('when no key is configured outside production, then one is generated once and reused', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tas-key-'));
    const log = createLogger('silent');
    const first = resolveMasterKey({ dataDir: dir, production: false, log });
    const second = resolveMasterKey({ dataDir: dir, production: false, log });
    expect(first.equals(second)).toBe(true);
    expect(fs.statSync(path.join(dir, 'encryption.key')).mode & 0o777).toBe(0o600);
    expect(() => resolveMasterKey({ dataDir: dir, production: true, log })).toThrow(/required in production/);
  });
});

/** A logger at info whose JSON lines are kept, as written. */
function capturedLogger() {
  const lines: string[] = [];
  const log = createLogger('info', { write: (s: string) => void lines.push(s) });
  return { log, lines };
}

describe('masking and formatting', () => {
  test('when identifiers are shown, then only the last four digits remain', () => {
    expect(maskTail('001234567890')).toBe('•••• 7890');
    expect(maskDigits('Gọi 0912 345 678 hoặc CCCD 001234567890, mã 1234')).toBe(
      'Gọi •••• 5678 hoặc CCCD •••• 7890, mã 1234',
    );
  });

  test('when the logger receives personal data in fields or messages, then nothing is written in clear', () => {
    const { log, lines } = capturedLogger();
    log.info(
      { nationalId: '001234567890', user: { phone: '+84912345678' }, accountNumber: 123456789012 },
      'looked up 001234567890 for %s',
      '0912345678',
    );
    log.error({ err: new Error('duplicate key national_id 001234567890') }, 'failed');
    const out = lines.join('');
    expect(out).not.toMatch(/001234567890|912345678|123456789012/);
    expect(out).toContain('•••• 7890');
    expect(out).toContain('•••• 5678');
  });

  test('when a correlation or request id happens to hold nine digits in a row, then the logger keeps it whole', () => {
    const { log, lines } = capturedLogger();
    const correlationId = '7c1234567896063f';
    const requestId = '12345678-1234-4234-8234-123456789012';
    log.info({ correlationId, requestId, note: 'CCCD 001234567890' }, 'done');
    // Under its own key but not in our shape, a number is still masked.
    log.info({ correlationId: '001234567890' }, 'forged');
    const [first, second] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(first).toMatchObject({ correlationId, requestId, note: 'CCCD •••• 7890' });
    expect(second?.correlationId).toBe('•••• 7890');
  });

  test('when money, dates and periods are formatted, then Vietnamese conventions are used whatever the server time zone', () => {
    expect(formatVnd(500000)).toBe('500.000 ₫');
    expect(formatVnd(1250000)).toBe('1.250.000 ₫');
    expect(formatDate('2026-11-05')).toBe('05/11/2026');
    expect(formatDate(new Date('2026-11-30T18:30:00Z'))).toBe('01/12/2026');
    expect(formatDateTime(new Date('2026-11-30T18:30:00Z'))).toBe('01/12/2026 01:30');
    expect(previousPeriods('2026-02', 3)).toEqual(['2026-02', '2026-01', '2025-12']);
  });
});
