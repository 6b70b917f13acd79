import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { AppError } from '../../services/errors.js';
import { issueDownloadTicket, missingDataFileName } from '../../services/miniapp/downloads.js';
import { officerDashboard } from '../../services/officers/dashboard.js';
import { inviteOfficer } from '../../services/officers/invites.js';
import { markDeceased, markMovedOut } from '../../services/officers/life-events.js';
import { missingDataList, missingDataReport } from '../../services/officers/missing-data.js';
import { writeMissingDataXlsx } from '../../services/officers/missing-data-xlsx.js';
import { listOfficers } from '../../services/officers/roster.js';
import { exportForPolice, policeExportFileName } from '../../services/verification/export.js';
import { verificationQueue } from '../../services/verification/queue.js';
import { revealAccountNumber } from '../../services/verification/reveal.js';
import { importVerificationResults } from '../../services/verification/results.js';
import { apiErrors } from '../http/api-errors.js';
import {
  CONTENT_TYPES,
  communesIn,
  formatIn,
  intIn,
  oneIn,
  OFFICER_INPUT_WORDS,
  refParam,
  refsIn,
  statesIn,
  textIn,
} from '../http/officer-input.js';
import { say } from '../http/lang.js';
import { officerGuards } from '../http/officer-guards.js';
import type { MiniappHttpDeps } from './app-api.js';
import { downloadIn } from './downloads.js';

/** The largest results file taken: a commune's answer from the police is a few hundred rows. */
const UPLOAD_LIMIT = '5mb';
const UPLOAD_TYPES = [
  'text/csv',
  'text/plain',
  'application/csv',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
];
const PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 50;

/**
 * The officer section's API under /app/api/officer: every route needs a live session whose subject is
 * an active officer (read on every request, so a removal bites at once), and writes repeat the CSRF
 * token. The routes only translate HTTP to the officer services, which check the scope and audit.
 */
export function officerApi(deps: MiniappHttpDeps): Router {
  const r = Router();
  const json = express.json({ limit: '64kb' });
  const upload = express.raw({ type: UPLOAD_TYPES, limit: UPLOAD_LIMIT });
  const { read, write, actingIn } = officerGuards(deps);
  const body = (req: Request): Record<string, unknown> =>
    req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body) ? (req.body as Record<string, unknown>) : {};
  const noStore = (res: Response) => res.set('cache-control', 'no-store');

  r.get('/app/api/officer/dashboard', ...read, async (_req, res) => {
    noStore(res).json(await officerDashboard(actingIn(res)));
  });

  r.get('/app/api/officer/queue', ...read, async (req, res) => {
    const q = req.query;
    const states = statesIn(q.state);
    const page = await verificationQueue(actingIn(res), {
      communes: communesIn(q.commune),
      ...(states.length ? { states } : {}),
      page: intIn(q.page, 1),
      pageSize: intIn(q.pageSize, PAGE_SIZE, MAX_PAGE_SIZE),
    });
    noStore(res).json(page);
  });

  // A POST: showing a full number is an audited act, not a read a prefetch or a shared link may trigger.
  r.post('/app/api/officer/queue/:ref/reveal', ...write, async (req, res) => {
    noStore(res).json(await revealAccountNumber(actingIn(res), refParam(req), deps.ctx.sealer));
  });

  // A POST with the CSRF token, read by fetch into a file: exported records become `verifying`.
  r.post('/app/api/officer/export', ...write, json, async (req, res) => {
    const b = body(req);
    const format = formatIn(b.format);
    const communes = communesIn(b.communes);
    const accountRefs = refsIn(b.accountRefs);
    const acting = actingIn(res);
    noStore(res).attachment(policeExportFileName(format, communes, acting.now()));
    res.type(CONTENT_TYPES[format]);
    const { rows } = await exportForPolice(
      acting,
      { ...(communes.length ? { communes } : {}), ...(accountRefs.length ? { accountRefs } : {}) },
      format,
      res,
      deps.ctx.sealer,
    );
    res.locals.log?.info({ rows, format }, 'police export');
    if (!res.writableEnded) res.end();
  });

  // A single-use URL to one of the files above, for Telegram's downloadFile (its client fetches without our session).
  r.post('/app/api/officer/downloads', ...write, json, async (req, res) => {
    noStore(res).json(await issueDownloadTicket(actingIn(res), downloadIn(body(req)), deps.ctx));
  });

  r.post('/app/api/officer/results', ...write, upload, async (req, res) => {
    const buffer = Buffer.isBuffer(req.body) ? req.body : null;
    if (!buffer?.length) throw new AppError('invalid_input', OFFICER_INPUT_WORDS.noFile);
    const fileName = (oneIn(req.query.name) ?? '').slice(0, 200) || fallbackName(req);
    const report = await importVerificationResults(actingIn(res), { buffer, fileName }, deps.ctx.sealer);
    noStore(res).json({
      rowsRead: report.rowsRead,
      created: report.created,
      updated: report.updated,
      unchanged: report.unchanged,
      rejected: report.rejected,
      rejects: report.rejects.map((x) => ({ line: x.line, columnLabel: x.columnLabel, reason: x.reason })),
    });
  });

  r.get('/app/api/officer/missing', ...read, async (req, res) => {
    noStore(res).json(await missingDataReport(actingIn(res), { communes: communesIn(req.query.commune) }));
  });

  r.get('/app/api/officer/missing/list', ...read, async (req, res) => {
    const commune = communesIn(req.query.commune)[0];
    const field = oneIn(req.query.field);
    noStore(res).json(
      await missingDataList(actingIn(res), {
        ...(commune ? { commune } : {}),
        ...(field ? { field } : {}),
        page: intIn(req.query.page, 1),
        pageSize: intIn(req.query.pageSize, PAGE_SIZE, MAX_PAGE_SIZE),
      }),
    );
  });

  // A GET: nothing changes, and the scope and audit are the service's.
  r.get('/app/api/officer/missing.xlsx', ...read, async (req, res) => {
    const communes = communesIn(req.query.commune);
    noStore(res).attachment(missingDataFileName(communes, actingIn(res).now()));
    res.type(CONTENT_TYPES.xlsx);
    await writeMissingDataXlsx(actingIn(res), { communes }, res);
    if (!res.writableEnded) res.end();
  });

  r.post('/app/api/officer/records/:ref/deceased', ...write, json, async (req, res) => {
    const dateOfDeath = textIn(body(req).dateOfDeath);
    await markDeceased(actingIn(res), refParam(req), { dateOfDeath });
    noStore(res).json({ ok: true });
  });

  r.post('/app/api/officer/records/:ref/moved-out', ...write, json, async (req, res) => {
    const b = body(req);
    const [toCommuneCode] = communesIn(b.toCommuneCode);
    const toProvinceCode = /^\d{2}$/.test(textIn(b.toProvinceCode)) ? textIn(b.toProvinceCode) : undefined;
    await markMovedOut(actingIn(res), refParam(req), {
      ...(toCommuneCode ? { toCommuneCode } : {}),
      ...(toProvinceCode ? { toProvinceCode } : {}),
    });
    noStore(res).json({ ok: true });
  });

  r.get('/app/api/officer/officers', ...read, async (_req, res) => {
    noStore(res).json({ officers: await listOfficers(actingIn(res)) });
  });

  r.post('/app/api/officer/invites', ...write, json, async (req, res) => {
    const b = body(req);
    const acting = actingIn(res);
    const invite = await inviteOfficer(
      acting,
      {
        role: textIn(b.role),
        provinceCode: acting.scope.provinceCode ?? '',
        communeCodes: communesIn(b.communeCodes),
        name: textIn(b.name).trim(),
        phone: textIn(b.phone).trim(),
      },
      { sealer: deps.ctx.sealer },
    );
    noStore(res).json({ code: invite.code, expiresAt: invite.expiresAt, created: invite.created });
  });

  const fileTooLarge: ErrorRequestHandler = (err, req, res, next) => {
    if ((err as { type?: string }).type !== 'entity.too.large') return next(err);
    res.status(413).json({ error: 'too_large', message: say(req, OFFICER_INPUT_WORDS.fileTooLarge) });
  };
  r.use('/app/api/officer/results', fileTooLarge);
  r.use('/app/api/officer', apiErrors(deps.log));
  return r;
}

function fallbackName(req: Request): string {
  return /spreadsheetml|excel/.test(req.get('content-type') ?? '') ? 'ket-qua.xlsx' : 'ket-qua.csv';
}
