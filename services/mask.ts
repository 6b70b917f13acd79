/** Shows only the last four characters of an identifier: `•••• 1234`. */
export function maskTail(value: string | null | undefined): string {
  if (!value) return '';
  const digits = value.replace(/\s+/g, '');
  return `•••• ${digits.slice(-4)}`;
}

const SENSITIVE_KEY =
  /(national_?id|nationalId|idNumber|cccd|phone|account_?number|accountNumber|secret|token|password|key)$/i;
/**
 * Our own random ids (correlation and request ids, services/correlation.ts and miniapp/server.ts)
 * can hold nine digits in a row by chance, and masking them breaks the trail they exist for. They
 * pass through only under these keys and only in the exact shapes we generate.
 */
const OWN_ID_KEY = /^(correlationId|requestId)$/;
const OWN_ID_SHAPE = /^([0-9a-f]{16}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const DIGIT_RUN = /(?<![0-9])\+?[0-9][0-9 .-]{7,}[0-9](?![0-9])/g;

/** Replaces runs of 9+ digits (ID, phone, account numbers) in free text with a masked tail. */
export function maskDigits(text: string): string {
  return text.replace(DIGIT_RUN, (m) => {
    const digits = m.replace(/[^0-9]/g, '');
    return digits.length >= 9 ? maskTail(digits) : m;
  });
}

/** Deep copy of a log payload with personal data masked; one place, used by the logger's serializer. */
export function maskPersonalData(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[…]';
  if (typeof value === 'string') return maskDigits(value);
  if (Array.isArray(value)) return value.map((v) => maskPersonalData(v, depth + 1));
  if (value instanceof Error) {
    return {
      type: value.name,
      message: maskDigits(value.message),
      stack: value.stack ? maskDigits(value.stack) : undefined,
    };
  }
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (OWN_ID_KEY.test(k) && typeof v === 'string' && OWN_ID_SHAPE.test(v)) out[k] = v;
      else if (SENSITIVE_KEY.test(k) && (typeof v === 'string' || typeof v === 'number')) out[k] = maskTail(String(v));
      else out[k] = maskPersonalData(v, depth + 1);
    }
    return out;
  }
  return value;
}
