import { Router, type ErrorRequestHandler, type Response } from 'express';
import { AppError, handleError, type Localized } from '../../services/errors.js';
import { escapeHtml } from '../../services/format.js';
import {
  DOWNLOAD_WORDS,
  formatOf,
  openDownloadTicket,
  peekDownloadTicket,
  writeDownload,
  type DownloadWhat,
  type OpenedTicket,
  type TicketState,
} from '../../services/miniapp/downloads.js';
import { unreadableRequestStatus } from '../http/api-errors.js';
import { CONTENT_TYPES, communesIn, formatIn, oneIn, refsIn } from '../http/officer-input.js';
import type { MiniappHttpDeps } from './app-api.js';

const STATUS: Record<TicketState, number> = { used: 410, expired: 410, invalid: 404, not_officer: 403 };
const UNKNOWN_FILE: Localized = { vi: 'Không rõ tệp cần tải.', en: 'Unknown file to download.' };

/** What the page asks a download URL for (`POST /app/api/officer/downloads`), read from its JSON body. */
export function downloadIn(b: Record<string, unknown>): DownloadWhat {
  const communes = communesIn(b.communes);
  if (b.file === 'police_export')
    return { kind: 'police_export', format: formatIn(b.format), communes, accountRefs: refsIn(b.accountRefs) };
  if (b.file === 'missing_data_xlsx') return { kind: 'missing_data_xlsx', communes };
  if (b.file === 'late_report_xlsx')
    return {
      kind: 'late_report_xlsx',
      provinceCode: oneIn(b.province) ?? '',
      from: oneIn(b.from) ?? '',
      to: oneIn(b.to) ?? '',
    };
  throw new AppError('invalid_input', UNKNOWN_FILE);
}

// Telegram's client fetches the URL itself (no Accept-Language): the page says it in both languages.
function page(res: Response, status: number, words: { vi: string; en: string }): void {
  res
    .status(status)
    .set('cache-control', 'no-store')
    .type('html')
    .send(
      `<!doctype html><html lang="vi"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Tin An Sinh</title><p>${escapeHtml(words.vi)}</p><p lang="en">${escapeHtml(words.en)}</p></html>`,
    );
}

function fileHeaders(res: Response, t: OpenedTicket): Response {
  return res.set('cache-control', 'no-store').attachment(t.fileName).type(CONTENT_TYPES[formatOf(t.what)]);
}

/**
 * `/app/dl/:token`: an officer file by a single-use URL, for Telegram's `downloadFile` (its client
 * fetches without our session). The GET uses the ticket up, re-reads the officer, and makes the file
 * on the fly through the same services as the session routes (scope checks, audit, `verifying`).
 */
export function downloadRoutes(deps: Pick<MiniappHttpDeps, 'ctx' | 'log'>): Router {
  const r = Router();
  // Express answers HEAD with the GET route unless told: that would use the ticket and export for nothing.
  r.head('/app/dl/:token', async (req, res) => {
    const t = await peekDownloadTicket(String(req.params.token), deps.ctx);
    if (typeof t === 'string') return void res.status(STATUS[t]).set('cache-control', 'no-store').end();
    fileHeaders(res, t).status(200).end();
  });

  r.get('/app/dl/:token', async (req, res) => {
    const t = await openDownloadTicket(String(req.params.token), deps.ctx);
    if (typeof t === 'string') return page(res, STATUS[t], DOWNLOAD_WORDS[t]);
    const { rows } = await writeDownload(t, fileHeaders(res, t), deps.ctx.sealer);
    res.locals.log?.info({ rows, kind: t.what.kind }, 'officer download by ticket');
    if (!res.writableEnded) res.end();
  });

  // Refused before the first byte: a short page; midway: cut off, so the file is broken, never wrong.
  const pageErrors: ErrorRequestHandler = (err, _req, res, _next) => {
    // A link whose token is not even a readable path (a broken %-escape) is a wrong link.
    if (unreadableRequestStatus(err) !== null) return page(res, STATUS.invalid, DOWNLOAD_WORDS.invalid);
    const outcome = handleError(err, res.locals.log ?? deps.log);
    if (res.headersSent) return void res.destroy();
    res.removeHeader('content-disposition');
    page(res, outcome.status, { vi: outcome.message, en: outcome.messageEn ?? outcome.message });
  };
  r.use('/app/dl', pageErrors);
  return r;
}
