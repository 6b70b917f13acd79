/* Mini-app: Telegram's colours (made readable), ready/expand and the BackButton; all optional. */
(function (T) {
  'use strict';

  var S = T.S,
    hash = T.hash,
    tg = T.tg;

  // ---- theme: Telegram's colours, made readable when a pair falls short of WCAG AA ----
  function rgb(hex) {
    if (typeof hex !== 'string' || !/^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(hex)) return null;
    var s = hex.length === 4 ? hex.replace(/[0-9a-f]/gi, '$&$&') : hex;
    var n = parseInt(s.slice(1), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  function lum(c) {
    var a = c.map(function (v) {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * a[0] + 0.7152 * a[1] + 0.0722 * a[2];
  }
  function ratio(a, b) {
    var x = lum(a),
      y = lum(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  }
  function readable(c, against) {
    var target = lum(against) > 0.179 ? 0 : 255;
    for (var i = 0; i < 40 && ratio(c, against) < 4.5; i++)
      c = c.map(function (v) {
        return Math.round(v + (target - v) * 0.15);
      });
    return c;
  }
  function css(c) {
    return 'rgb(' + c.join(',') + ')';
  }

  function applyTheme(p) {
    if (!p || typeof p !== 'object') return;
    var bg = rgb(p.bg_color),
      text = rgb(p.text_color);
    if (!bg || !text) return;
    var root = document.documentElement.style;
    root.setProperty('--c-bg', css(bg));
    root.setProperty('--c-text', css(readable(text, bg)));
    var hint = rgb(p.hint_color);
    if (hint) root.setProperty('--c-hint', css(readable(hint, bg)));
    var btn = rgb(p.button_color),
      btnText = rgb(p.button_text_color);
    if (btn && btnText) {
      root.setProperty('--c-btn', css(readable(btn, btnText)));
      root.setProperty('--c-btn-text', css(btnText));
    }
    root.colorScheme = lum(bg) < 0.179 ? 'dark' : 'light';
  }
  T.applyTheme = applyTheme;

  T.readHashTheme = function readHashTheme() {
    try {
      return JSON.parse(hash.get('tgWebAppThemeParams') || 'null');
    } catch (e) {
      return null;
    }
  };

  T.telegramReady = function telegramReady() {
    var wa = tg();
    if (!wa || S.entry !== 'telegram' || wa.tasReady) return;
    wa.tasReady = true;
    try {
      wa.ready();
      wa.expand();
      if (!hash.get('tgWebAppThemeParams')) applyTheme(wa.themeParams);
      if (wa.onEvent)
        wa.onEvent('themeChanged', function () {
          applyTheme(wa.themeParams);
        });
    } catch (e) {
      /* an old client without these calls still shows the page */
    }
  };

  // T.leaveForm is one function for the page's life, so offClick removes what onClick added.
  T.backButton = function backButton(on) {
    var wa = tg();
    if (!wa || S.entry !== 'telegram' || !wa.BackButton) return;
    if (wa.isVersionAtLeast && !wa.isVersionAtLeast('6.1')) return;
    wa.BackButton.offClick(T.leaveForm);
    if (on) {
      wa.BackButton.onClick(T.leaveForm);
      wa.BackButton.show();
    } else wa.BackButton.hide();
  };
})(window.TAS);
