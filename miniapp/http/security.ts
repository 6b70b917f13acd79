import helmet from 'helmet';
import { rateLimit } from 'express-rate-limit';
import type { Request, RequestHandler, Response } from 'express';
import { SIGN_IN_WORDS } from '../../services/miniapp/words.js';
import { say } from './lang.js';

/**
 * Helmet's headers with a Content-Security-Policy that lets in only our own scripts and Telegram's
 * WebApp script. Telegram Web and Zalo show mini-apps in a frame, so frame-ancestors names them
 * (X-Frame-Options cannot, so it is off). No referrer: a web link's token must not leak onwards.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", 'https://telegram.org'],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        frameAncestors: ["'self'", 'https://web.telegram.org', 'https://*.zalo.me', 'https://*.zdn.vn'],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    frameguard: false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/** A per-minute limit with our JSON refusal; `key` picks whom it counts (IP by default). */
export function perMinute(limit: number, key?: (req: Request, res: Response) => string): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    ...(key ? { keyGenerator: (req: Request, res: Response) => key(req, res) } : {}),
    handler: (req, res) => {
      res.status(429).json({ error: 'rate_limited', message: say(req, SIGN_IN_WORDS.rateLimited) });
    },
  });
}
