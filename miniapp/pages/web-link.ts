import { escapeHtml } from '../../services/format.js';
import type { WebLinkState } from '../../services/miniapp/web-links.js';

type Words = {
  title: string;
  lead: (minutes: number) => string;
  button: string;
  why: Record<Exclude<WebLinkState, 'ready'>, (minutes: number) => string>;
  gone: string;
  renew: string;
};

const WORDS: Record<'vi' | 'en', Words> = {
  vi: {
    title: 'Thông tin tài khoản nhận trợ cấp',
    lead: (m) =>
      `Bấm nút dưới đây để xem và xác nhận tài khoản nhận trợ cấp xã hội hằng tháng. Đường dẫn này chỉ dùng được một lần, trong ${m} phút.`,
    button: 'Mở thông tin tài khoản',
    gone: 'Đường dẫn này không dùng được nữa',
    why: {
      used: () => 'Đường dẫn đã được dùng một lần rồi.',
      expired: (m) => `Đường dẫn đã hết hạn (chỉ dùng được trong ${m} phút).`,
      invalid: () => 'Đường dẫn không đúng hoặc đã bị cắt mất một phần.',
    },
    renew:
      'Để nhận đường dẫn mới: mở bot Tin An Sinh, bấm nút «🌐 Mở trong trình duyệt» hoặc gửi lệnh /web. Hoặc xin cán bộ xã cấp đường dẫn mới.',
  },
  en: {
    title: 'Your allowance account details',
    lead: (m) =>
      `Press the button below to see and confirm the account your monthly social allowance is paid to. This link works once, for ${m} minutes.`,
    button: 'Open my account details',
    gone: 'This link can no longer be used',
    why: {
      used: () => 'The link has already been used once.',
      expired: (m) => `The link has expired (it works for ${m} minutes only).`,
      invalid: () => 'The link is not correct, or part of it is missing.',
    },
    renew:
      'To get a new link: open the Tin An Sinh bot and press «🌐 Open in a browser» or send the command /web. Or ask your commune officer for a new link.',
  },
};

function body(state: WebLinkState, token: string | undefined, minutes: number): string {
  const vi = WORDS.vi;
  const en = WORDS.en;
  if (state === 'ready' && token) {
    // A GET must never use up the link (chat apps fetch links for previews): only this POST does.
    const action = `/app/w/${encodeURIComponent(token)}`;
    return `<h1>${escapeHtml(vi.title)}</h1>
<p>${escapeHtml(vi.lead(minutes))}</p>
<p lang="en">${escapeHtml(en.lead(minutes))}</p>
<form method="post" action="${escapeHtml(action)}">
<button type="submit" class="btn">${escapeHtml(vi.button)}<br><span lang="en">${escapeHtml(en.button)}</span></button>
</form>`;
  }
  const why = state === 'ready' ? 'invalid' : state;
  return `<h1>${escapeHtml(vi.gone)}</h1>
<p>${escapeHtml(vi.why[why](minutes))}</p>
<p>${escapeHtml(vi.renew)}</p>
<h2 lang="en">${escapeHtml(en.gone)}</h2>
<p lang="en">${escapeHtml(en.why[why](minutes))}</p>
<p lang="en">${escapeHtml(en.renew)}</p>`;
}

/** The page behind a plain-web link: one button that opens the session, or why the link no longer works. Vietnamese first, English below. */
export function webLinkPage(opts: { state: WebLinkState; token?: string; lang: 'vi' | 'en'; minutes: number }): string {
  const title = opts.state === 'ready' && opts.token ? WORDS[opts.lang].title : WORDS[opts.lang].gone;
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} – Tin An Sinh</title>
<link rel="stylesheet" href="/app/assets/app.css">
</head>
<body>
<main>
<p class="brand">Tin An Sinh</p>
${body(opts.state, opts.token, opts.minutes)}
</main>
</body>
</html>
`;
}
