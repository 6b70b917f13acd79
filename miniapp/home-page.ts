import { fileURLToPath } from 'node:url';
import { escapeHtml, formatDateTime, formatPeriod } from '../services/format.js';
import type { RegisterStats } from '../models/stats.js';
import { MISSING_LABELS } from '../services/register/missing-fields.js';

const DB_LABEL: Record<string, string> = {
  mongodb: 'MongoDB',
  'mongodb-memory-server': 'MongoDB (mongod cục bộ / local mongod)',
  ferretdb: 'FerretDB trên SQLite / FerretDB on SQLite',
  embedded: 'CongoDB nhúng — chỉ để thử / embedded CongoDB — demo only',
};
const PAYMENT_LABEL: Record<string, string> = {
  scheduled: 'Chờ chi trả / scheduled',
  paid: 'Đã chuyển khoản / paid',
  failed: 'Chuyển khoản không thành công / failed',
  returned: 'Bị hoàn trả / returned',
  cash_ready: 'Nhận tiền mặt tại bưu điện / cash ready',
  cash_collected: 'Đã nhận tiền mặt / cash collected',
};
const MISSING_LABEL: Record<string, string> = Object.fromEntries(
  Object.entries(MISSING_LABELS).map(([k, l]) => [k, `${l.vi} / ${l.en}`]),
);

/** Where /home.js lives: beside the mini-app's own scripts. */
export const HOME_SCRIPT_DIR = fileURLToPath(new URL('./public', import.meta.url));

/** The landing page's styles, served at /home.css (the Content-Security-Policy allows no inline styles). */
export const HOME_CSS = `body{font:17px/1.5 system-ui,sans-serif;max-width:44rem;margin:1rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.5rem}table{border-collapse:collapse;width:100%;margin-bottom:1rem}td{border-bottom:1px solid #ccc;padding:.3rem}
td.n{text-align:right}.warn{background:#fff4d6;padding:.5rem;border-left:4px solid #b35c00}a{color:#0b57d0}
#officer-headline{border:2px solid #0b57d0;border-radius:.5rem;padding:0 1rem 1rem;margin:1rem 0}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.5rem;margin:.5rem 0}
.figure{border:1px solid #767676;border-radius:.5rem;padding:.5rem .75rem}.figure dd{margin:0;font-size:1.75rem;font-weight:700}
a.button{display:inline-block;min-height:3rem;line-height:3rem;padding:0 1rem;background:#0b57d0;color:#fff;border-radius:.5rem;font-weight:700}`;

const rows = (entries: [string, number][]) =>
  entries.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td class="n">${v.toLocaleString('vi-VN')}</td></tr>`).join('');

/**
 * The landing page: what runs, on which database, and the register's figures. With the mini-app on,
 * an empty, hidden box that /home.js fills with a province's headline figures when the visitor is that
 * province's administrator signed in to the mini-app (the session cookie is /app's, so the page asks
 * /app/api/officer/dashboard/headline; anyone else is refused there and the box stays hidden).
 */
export function homePage(p: { databaseKind: string; stats: RegisterStats; officerHeadline?: boolean }): string {
  const s = p.stats;
  const period = s.latestPeriod ? `Kỳ chi trả tháng ${formatPeriod(s.latestPeriod)}` : 'Chưa có kỳ chi trả nào';
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tin An Sinh</title>
<link rel="stylesheet" href="/home.css">${p.officerHeadline ? '\n<script src="/home.js" defer></script>' : ''}</head>
<body><h1>Tin An Sinh — Trợ cấp xã hội hằng tháng</h1>
${p.officerHeadline ? '<section id="officer-headline" aria-live="polite" hidden></section>' : ''}
<p>Dịch vụ đang chạy. / The service is running.</p>
<p>Cơ sở dữ liệu / Database: <strong>${escapeHtml(DB_LABEL[p.databaseKind] ?? p.databaseKind)}</strong></p>
${p.databaseKind === 'embedded' ? '<p class="warn">Cơ sở dữ liệu nhúng chỉ dùng để thử, không dùng cho dữ liệu thật. / The embedded database is for demos only.</p>' : ''}
<h2>Đối tượng / Beneficiaries: ${s.beneficiaries.toLocaleString('vi-VN')}</h2>
<h2>${escapeHtml(period)}</h2>
<table>${rows(Object.entries(s.paymentsByStatus).map(([k, v]) => [PAYMENT_LABEL[k] ?? k, v]))}</table>
<h2>Hồ sơ thiếu thông tin bắt buộc / Records missing required fields: ${s.recordsMissingAny.toLocaleString('vi-VN')}</h2>
<table>${rows(Object.entries(s.missing).map(([k, v]) => [MISSING_LABEL[k] ?? k, v]))}</table>
<p><small>Số liệu cập nhật lúc / figures as of ${formatDateTime(new Date(s.computedAt))} (giờ Việt Nam / Vietnam time)</small></p>
<p><a href="/app">Ứng dụng cho người hưởng / Mini-app</a> · <a href="/healthz">/healthz</a></p>
</body></html>`;
}
