import crypto from 'node:crypto';
import type { Writable } from 'node:stream';
import { downloadTickets, type DownloadWhat } from '../../models/download-ticket.js';
import type { Sealer } from '../crypto.js';
import { AppError, type Localized } from '../errors.js';
import { todayInVietnam } from '../format.js';
import { scopeOfOfficer } from '../officers/identity.js';
import { areaFor } from '../officers/missing-data.js';
import { writeMissingDataXlsx } from '../officers/missing-data-xlsx.js';
import { SCOPE_WORDS, type Acting } from '../officers/scope.js';
import { checkLateReport } from '../reminders/late-report.js';
import { lateReportFileName, writeLateReportXlsx } from '../reminders/late-report-xlsx.js';
import { checkPoliceSelection, exportForPolice, policeExportFileName } from '../verification/export.js';
import type { MiniappContext } from './policy.js';

export type { DownloadWhat };

/** Telegram's client fetches the URL as soon as the officer confirms its popup: two minutes is plenty, and little to steal. */
export const TICKET_TTL_MS = 2 * 60_000;

/** Why a ticket's URL gives no file. */
export type TicketState = 'used' | 'expired' | 'invalid' | 'not_officer';

/** A ticket taken at download time: who acts (their scope read now, not when the ticket was made) and what to make. */
export type OpenedTicket = { acting: Acting; what: DownloadWhat; fileName: string };

export const DOWNLOAD_WORDS = {
  used: {
    vi: 'Đường dẫn tải tệp này đã được dùng một lần. Xin bấm nút tải tệp trong ứng dụng một lần nữa.',
    en: 'This download link has already been used. Please press the download button in the app again.',
  },
  expired: {
    vi: 'Đường dẫn tải tệp này đã hết hạn (chỉ dùng được trong 2 phút). Xin bấm nút tải tệp trong ứng dụng một lần nữa.',
    en: 'This download link has expired (it works for 2 minutes). Please press the download button in the app again.',
  },
  invalid: {
    vi: 'Đường dẫn tải tệp không đúng hoặc đã bị cắt mất một phần.',
    en: 'The download link is not correct, or part of it is missing.',
  },
  not_officer: SCOPE_WORDS.notOfficer,
  operator: {
    vi: 'Đường dẫn tải tệp chỉ dành cho cán bộ đăng nhập trong ứng dụng.',
    en: 'Download links are for officers signed in to the app.',
  },
} satisfies Record<TicketState | 'operator', Localized>;

// 256 random bits; the row's id is a keyed hash of them, so the database alone cannot rebuild a URL.
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const idOf = (sealer: Sealer, token: string): string => sealer.secretId('download-ticket', token);

/** The missing-data workbook's file name: where, and the day in Vietnam. */
export function missingDataFileName(communes: readonly string[], now: Date): string {
  return `thieu-du-lieu-${communes.join('-') || 'tat-ca'}-${todayInVietnam(now)}.xlsx`;
}

/** The format of the file a ticket makes. */
export function formatOf(what: DownloadWhat): 'csv' | 'xlsx' {
  return what.kind === 'police_export' ? what.format : 'xlsx';
}

function fileNameOf(what: DownloadWhat, now: Date): string {
  if (what.kind === 'police_export') return policeExportFileName(what.format, what.communes, now);
  if (what.kind === 'late_report_xlsx') return lateReportFileName(what.provinceCode, what.from, what.to);
  return missingDataFileName(what.communes, now);
}

/**
 * Refuses now what the download would refuse later (communes, picked records or a province outside
 * the scope; a bad range), so the page can say it; returns what to store, with the report's province filled in.
 */
async function checkedWhat(acting: Acting, what: DownloadWhat): Promise<DownloadWhat> {
  if (what.kind === 'police_export')
    await checkPoliceSelection(acting, {
      communes: what.communes,
      ...(what.accountRefs.length ? { accountRefs: what.accountRefs } : {}),
    });
  else if (what.kind === 'late_report_xlsx') {
    const { from, to } = what;
    const { provinceCode } = checkLateReport(acting, {
      ...(what.provinceCode ? { provinceCode: what.provinceCode } : {}),
      from,
      to,
    });
    return { kind: 'late_report_xlsx', provinceCode, from, to };
  } else await areaFor(acting.scope, what.communes);
  return what;
}

/**
 * Issues a single-use URL that downloads one officer file without the session (Telegram's
 * `downloadFile`: its client fetches the URL itself). Only a keyed hash of the token is stored, with
 * the officer and what to make; nothing is produced, and no record changes, until the URL is fetched.
 */
export async function issueDownloadTicket(
  acting: Acting,
  what: DownloadWhat,
  ctx: Pick<MiniappContext, 'sealer' | 'publicUrl'>,
): Promise<{ url: string; fileName: string; expiresAt: Date }> {
  const officerId = acting.scope.officerId;
  if (!officerId) throw new AppError('forbidden', DOWNLOAD_WORDS.operator);
  const checked = await checkedWhat(acting, what);
  const token = crypto.randomBytes(32).toString('base64url');
  const now = acting.now();
  const expiresAt = new Date(now.getTime() + TICKET_TTL_MS);
  const fileName = fileNameOf(checked, now);
  await downloadTickets.create({
    id: idOf(ctx.sealer, token),
    officerId,
    what: checked,
    fileName,
    via: acting.via ?? 'web',
    createdAt: now,
    expiresAt,
    usedAt: null,
  });
  return { url: `${ctx.publicUrl}/app/dl/${token}`, fileName, expiresAt };
}

async function opened(
  ticket: Awaited<ReturnType<typeof downloadTickets.consume>>,
  ctx: Pick<MiniappContext, 'now'>,
): Promise<OpenedTicket | TicketState> {
  if (typeof ticket === 'string') return ticket === 'unknown' ? 'invalid' : ticket;
  // The officer may have been removed, or their communes changed, since the ticket was made.
  const scope = await scopeOfOfficer(ticket.officerId);
  if (!scope) return 'not_officer';
  return {
    acting: { scope, entryPoint: 'miniapp', via: ticket.via, now: ctx.now },
    what: ticket.what,
    fileName: ticket.fileName,
  };
}

/** Uses the ticket (exactly once: one conditional update) and re-reads the officer's scope. */
export async function openDownloadTicket(
  token: string,
  ctx: Pick<MiniappContext, 'sealer' | 'now'>,
): Promise<OpenedTicket | TicketState> {
  if (!TOKEN.test(token)) return 'invalid';
  return opened(await downloadTickets.consume(idOf(ctx.sealer, token), ctx.now()), ctx);
}

/** What the ticket would give, without using it (a HEAD request some download managers send first). */
export async function peekDownloadTicket(
  token: string,
  ctx: Pick<MiniappContext, 'sealer' | 'now'>,
): Promise<OpenedTicket | TicketState> {
  if (!TOKEN.test(token)) return 'invalid';
  return opened(await downloadTickets.check(idOf(ctx.sealer, token), ctx.now()), ctx);
}

/** Makes the ticket's file on the fly into `out`; the services check the scope and audit, as for the session routes. */
export async function writeDownload(t: OpenedTicket, out: Writable, sealer: Sealer): Promise<{ rows: number }> {
  const { acting, what } = t;
  if (what.kind === 'missing_data_xlsx') return writeMissingDataXlsx(acting, { communes: what.communes }, out);
  // The report checks the scope read now: an officer moved to another province since gets a refusal, not the file.
  if (what.kind === 'late_report_xlsx')
    return writeLateReportXlsx(acting, { provinceCode: what.provinceCode, from: what.from, to: what.to }, out);
  return exportForPolice(
    acting,
    {
      ...(what.communes.length ? { communes: what.communes } : {}),
      ...(what.accountRefs.length ? { accountRefs: what.accountRefs } : {}),
    },
    what.format,
    out,
    sealer,
  );
}

/** Deletes tickets long expired (the mini-app cleanup job). */
export function removeExpiredDownloadTickets(now: Date): Promise<number> {
  return downloadTickets.removeExpired(now);
}
