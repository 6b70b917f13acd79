import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from './log.js';

/** Encrypts personal identifiers at rest and derives blind indexes for exact lookup. */
export interface Sealer {
  /** AES-256-GCM with a random IV; the output is self-describing (`v1.<iv>.<tag>.<ciphertext>`). */
  seal(plain: string): string;
  /** Decrypts what `seal` produced; throws when the data was tampered with or the key is wrong. */
  open(sealed: string): string;
  /** Keyed HMAC of a value within a domain ("national_id", "phone"…): equal inputs give equal indexes. */
  index(domain: string, value: string): string;
  /** A deterministic 24-hex ObjectId derived from a secret natural key (the same key always gives the same id). */
  secretId(domain: string, value: string): string;
  /** Whether a stored string has the shape `seal` gives (it may still be sealed under another key). */
  looksSealed(value: string): boolean;
}

const SEALED = /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]*$/;

/**
 * Builds a sealer from a 32-byte master key; encryption and indexing use separate derived keys.
 * `indexKey` (DATA_INDEX_KEY) keeps blind indexes and derived ids on an earlier key after the
 * encryption key was rotated: they are ids other records point to (docs/deploy.md).
 */
export function createSealer(masterKey: Buffer, indexKey: Buffer = masterKey): Sealer {
  if (masterKey.length !== 32) throw new Error('DATA_ENCRYPTION_KEY must be 32 bytes');
  if (indexKey.length !== 32) throw new Error('DATA_INDEX_KEY must be 32 bytes');
  const deriveIndex = (info: string) => Buffer.from(crypto.hkdfSync('sha256', indexKey, Buffer.alloc(0), info, 32));
  const derive = (info: string) => Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), info, 32));
  // Both keys stay Buffers: createHmac with a KeyObject was slower per call (bench/README.md), and
  // an import computes several blind indexes and seals two or three numbers per row.
  const encKey = derive('tin-an-sinh/aes-256-gcm/v1');
  const macKey = deriveIndex('tin-an-sinh/blind-index/v1');
  const index = (domain: string, value: string) =>
    crypto.createHmac('sha256', macKey).update(`${domain}\u0000${value}`).digest('hex');
  const nextIv = ivSource();
  return {
    seal(plain) {
      const iv = nextIv();
      const cipher = crypto.createCipheriv('aes-256-gcm', encKey, iv);
      const ct = cipher.update(plain, 'utf8');
      cipher.final(); // GCM is a stream mode: final() only computes the tag and returns no bytes
      return `v1.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${ct.toString('base64url')}`;
    },
    open(sealed) {
      const [v, iv, tag, ct] = sealed.split('.');
      if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('not a sealed value');
      const decipher = crypto.createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
    },
    looksSealed: (value) => SEALED.test(value),
    index,
    secretId: (domain, value) => index(`id:${domain}`, value).slice(0, 24),
  };
}

/**
 * Random 96-bit IVs, cut from a buffer filled 256 at a time: an import seals hundreds of
 * thousands of values, and one call into the random generator per value was a visible share of
 * its CPU. Every IV is still fresh randomness, used once.
 */
function ivSource(): () => Buffer {
  const IV = 12;
  let pool = Buffer.alloc(0);
  let at = 0;
  return () => {
    if (at + IV > pool.length) {
      pool = crypto.randomBytes(IV * 256);
      at = 0;
    }
    at += IV;
    return pool.subarray(at - IV, at);
  };
}

/** Decodes a configured key (64 hex or 44 base64 characters). */
export function decodeKey(text: string): Buffer {
  return /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
}

/**
 * The master key: from configuration when given; outside production, generated once and kept
 * in the data folder so a developer's encrypted data survives restarts.
 */
export function resolveMasterKey(opts: {
  configured?: string;
  dataDir: string;
  production: boolean;
  log: Logger;
}): Buffer {
  if (opts.configured) return decodeKey(opts.configured);
  if (opts.production) throw new Error('DATA_ENCRYPTION_KEY is required in production');
  const file = path.join(opts.dataDir, 'encryption.key');
  if (fs.existsSync(file)) return decodeKey(fs.readFileSync(file, 'utf8').trim());
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const key = crypto.randomBytes(32);
  fs.writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600 });
  opts.log.warn({ file }, 'DATA_ENCRYPTION_KEY not set: generated a development key in the data folder');
  return key;
}
