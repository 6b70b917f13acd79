/**
 * Tin An Sinh inside Zalo. This package holds no page of its own: it hands the shared front end a
 * way to get the person's Zalo access token, then loads the same HTML shell, app.css and scripts
 * the server serves at <PUBLIC_URL>/app, so the three entry points (Telegram, Zalo, plain web)
 * can never drift apart.
 *
 * Contract with the shared front end (miniapp/public/*.js):
 * - window.TAS_ZALO_ACCESS_TOKEN(): Promise<string> — present only inside Zalo; the front end posts the
 *   token to POST <TAS_API_BASE>/app/api/session/zalo and then sends `Authorization: Bearer` (a
 *   cookie would be third-party here, the page's origin is Zalo's, not ours).
 * - window.TAS_API_BASE: string — the origin API calls go to (PUBLIC_URL); '' on our own pages.
 * - window.TAS_ZALO_CLOSE(): closes the Mini App (the page's "Close" button when nothing is linked).
 */
import { closeApp, getAccessToken } from 'zmp-sdk/apis';

const PUBLIC_URL = String(import.meta.env.VITE_TAS_PUBLIC_URL ?? '').replace(/\/+$/, '');
const SHELL_URL = `${PUBLIC_URL}/app`;

window.TAS_API_BASE = PUBLIC_URL;
// Asked afresh each time: Zalo's tokens expire, and zmp-sdk returns a valid one without a prompt (SDK ≥ 2.35, id only).
window.TAS_ZALO_ACCESS_TOKEN = () => getAccessToken();
window.TAS_ZALO_CLOSE = () => {
  void closeApp();
};

/** The loading line. Zalo does not upload index.html (it builds its own page from app-config.json's lists), so it is made here when missing. */
function statusLine() {
  const found = document.getElementById('tas-zalo-status');
  if (found) return found;
  const p = document.body.appendChild(document.createElement('p'));
  p.id = 'tas-zalo-status';
  p.setAttribute('role', 'status');
  p.textContent = 'Đang tải… / Loading…';
  return p;
}

/** Resolves once the element's resource has loaded; rejects if it could not. */
function loaded(el) {
  return new Promise((resolve, reject) => {
    el.addEventListener('load', () => resolve(), { once: true });
    el.addEventListener('error', () => reject(new Error(`could not load ${el.src || el.href}`)), { once: true });
  });
}

/** Copies the server's shell into this document: its markup and data blocks, then its stylesheets and scripts from PUBLIC_URL. */
async function mountSharedFrontEnd(status) {
  if (!/^https?:\/\//.test(PUBLIC_URL)) throw new Error('VITE_TAS_PUBLIC_URL is not set');
  const res = await fetch(SHELL_URL, { credentials: 'omit', headers: { Accept: 'text/html' } });
  if (!res.ok) throw new Error(`the shell answered HTTP ${res.status}`);
  const shell = new DOMParser().parseFromString(await res.text(), 'text/html');

  document.documentElement.lang = shell.documentElement.lang || 'vi';
  if (shell.title) document.title = shell.title;

  const styles = [...shell.querySelectorAll('link[rel="stylesheet"][href]')].map((link) => {
    const el = document.createElement('link');
    el.rel = 'stylesheet';
    el.href = new URL(link.getAttribute('href'), SHELL_URL).href;
    document.head.append(el);
    return loaded(el);
  });

  // Scripts parsed by DOMParser never run, so they are rebuilt below; JSON data blocks are kept as they are.
  const scripts = [...shell.querySelectorAll('script[src]')];
  for (const s of scripts) s.remove();
  status.remove();
  document.body.append(...[...shell.body.childNodes].map((n) => document.importNode(n, true)));
  await Promise.all(styles);

  for (const s of scripts) {
    const src = new URL(s.getAttribute('src'), SHELL_URL);
    if (src.hostname === 'telegram.org') continue; // Telegram's WebApp script has nothing to do inside Zalo
    const el = document.createElement('script');
    if (s.type) el.type = s.type;
    el.src = src.href;
    document.body.append(el);
    await loaded(el); // in order, as the shell lists them
  }
}

function start() {
  const status = statusLine();
  mountSharedFrontEnd(status).catch(() => {
    const p = status.isConnected ? status : document.body.appendChild(document.createElement('p'));
    p.setAttribute('role', 'alert');
    p.textContent =
      'Không tải được trang. Vui lòng kiểm tra kết nối mạng và mở lại. / The page could not be loaded. Please check your connection and open it again.';
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.textContent = 'Thử lại / Try again';
    retry.addEventListener('click', () => window.location.reload());
    p.after(retry);
  });
}

// The script may run before <body> exists (Zalo decides where its listed scripts go).
if (document.body) start();
else document.addEventListener('DOMContentLoaded', start, { once: true });
