import { escapeHtml } from '../../services/format.js';

const LOADING = { vi: 'Đang tải…', en: 'Loading…' } as const;

/** The mini-app's scripts, in the order they must run: the words, then core.js (which sets up window.TAS), app.js (which starts the page) last; officer-*.js draw the officer section. */
const SCRIPTS = [
  'texts.js',
  'officer-texts.js',
  'officer-broadcast-texts.js',
  'officer-chart-texts.js',
  'officer-apikey-texts.js',
  'core.js',
  'telegram.js',
  'records.js',
  'account-form.js',
  'officer.js',
  'officer-charts.js',
  'officer-download.js',
  'officer-queue.js',
  'officer-results.js',
  'officer-missing.js',
  'officer-admin.js',
  'officer-apikeys.js',
  'officer-tasks.js',
  'officer-late.js',
  'officer-broadcasts.js',
  'officer-broadcast-compose.js',
  'officer-broadcast-preview.js',
  'app.js',
] as const;

/** The HTML of GET /app: no inline script or style (the CSP forbids both); the scripts draw everything inside `#app`. */
export function appShell(opts: { lang: 'vi' | 'en' }): string {
  const lang = opts.lang === 'en' ? 'en' : 'vi';
  const other = lang === 'en' ? 'vi' : 'en';
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Tin An Sinh</title>
<link rel="stylesheet" href="/app/assets/app.css">
<link rel="stylesheet" href="/app/assets/officer.css">
<script src="https://telegram.org/js/telegram-web-app.js" async></script>
${SCRIPTS.map((name) => `<script src="/app/assets/${name}" defer></script>`).join('\n')}
</head>
<body>
<main id="app">
<p class="loading">${escapeHtml(LOADING[lang])} <span lang="${other}">${escapeHtml(LOADING[other])}</span></p>
<noscript>
<p>Trang này cần bật JavaScript. Xin mở lại từ bot Tin An Sinh trong Telegram hoặc Zalo, hoặc dùng trình duyệt khác (Chrome, Cốc Cốc, Safari).</p>
<p lang="en">This page needs JavaScript. Please open it again from the Tin An Sinh bot in Telegram or Zalo, or use another browser (Chrome, Coc Coc, Safari).</p>
</noscript>
</main>
</body>
</html>
`;
}
