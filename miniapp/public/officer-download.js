/* Mini-app: the officer section's file downloads (police export, missing-data workbook, late-communes report): Telegram's own download inside Telegram, a fetched blob elsewhere. */
(function (T) {
  'use strict';

  var h = T.h;

  /**
   * Downloads an officer file. Telegram's phone apps do not save blob downloads, so inside Telegram
   * (Bot API 8.0+) the page asks for a single-use URL and lets Telegram's client fetch and save it;
   * elsewhere (or if Telegram refuses the call) it fetches the file itself.
   */
  T.download = async function download(method, path, body) {
    var tg = T.tg();
    var ticket = ticketFor(path, body);
    if (ticket && tg && typeof tg.downloadFile === 'function' && tg.isVersionAtLeast && tg.isVersionAtLeast('8.0')) {
      var got = await viaTelegram(tg, ticket);
      if (got) return got;
    }
    return fetchDownload(method, path, body);
  };

  /** What the server's single-use URL should give, for the downloads the section offers. */
  function ticketFor(path, body) {
    if (path === '/export')
      return {
        file: 'police_export',
        format: body.format,
        communes: body.communes || [],
        accountRefs: body.accountRefs || [],
      };
    var m = /^\/missing\.xlsx(?:\?commune=([^&]*))?$/.exec(path);
    if (m) return { file: 'missing_data_xlsx', communes: m[1] ? [decodeURIComponent(m[1])] : [] };
    var late = /^\/late-communes\.xlsx\?from=([^&]*)&to=([^&]*)$/.exec(path);
    if (late) return { file: 'late_report_xlsx', from: decodeURIComponent(late[1]), to: decodeURIComponent(late[2]) };
    return null;
  }

  /** Telegram's own download: the officer confirms its popup; null when the client refuses the call (fall back). */
  async function viaTelegram(tg, ticket) {
    var r = await T.officerCall('POST', '/downloads', ticket);
    if (!r) return { ok: false };
    if (r.status !== 200) return { ok: false, message: T.failText(r) };
    return new Promise(function (resolve) {
      try {
        tg.downloadFile({ url: r.data.url, file_name: r.data.fileName }, function (accepted) {
          // Cancelled by the officer: nothing to say, and the unused URL expires by itself.
          resolve(accepted ? { ok: true, name: r.data.fileName } : { ok: false });
        });
      } catch (e) {
        resolve(null);
      }
    });
  }

  /** Fetches a file (with the session and CSRF headers) and hands it to the browser as a download. */
  async function fetchDownload(method, path, body) {
    var res;
    try {
      res = await T.request(method, '/officer' + path, body);
    } catch (e) {
      return { ok: false, message: T.t().network };
    }
    if (res.status === 401) {
      T.showUnauthorized();
      return { ok: false };
    }
    if (!res.ok) {
      if (res.status === 403) await T.refreshCsrf();
      var data = await res.json().catch(function () {
        return {};
      });
      return { ok: false, message: data.message || T.t().failed };
    }
    var name = fileNameOf(res.headers.get('content-disposition')) || 'tai-ve';
    var blob = await res.blob();
    var url = URL.createObjectURL(blob);
    var a = h('a', { href: url, download: name, class: 'visually-hidden', text: name });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () {
      URL.revokeObjectURL(url);
      a.remove();
    }, 60000);
    return { ok: true, name: name };
  }

  function fileNameOf(cd) {
    if (!cd) return null;
    var star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
    if (star) {
      try {
        return decodeURIComponent(star[1]);
      } catch (e) {
        /* fall back to the plain name */
      }
    }
    var plain = /filename="?([^";]+)"?/i.exec(cd);
    return plain ? plain[1] : null;
  }
})(window.TAS);
