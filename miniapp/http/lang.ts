import type { Request } from 'express';
import type { Localized } from '../../services/errors.js';

/** The language the page asked for (it sends `Accept-Language: vi` or `en`); Vietnamese by default. */
export function langOf(req: Request): 'vi' | 'en' {
  const asked = req.get('accept-language') ?? '';
  return /^\s*en\b/i.test(asked) ? 'en' : 'vi';
}

/** Picks the words in the request's language. */
export function say(req: Request, words: Localized): string {
  return words[langOf(req)];
}
