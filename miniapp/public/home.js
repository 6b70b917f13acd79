/* The landing page, for a province administrator signed in to the mini-app: the province's figures at a glance and the way to the dashboard. The session cookie belongs to /app, so the page asks /app for them; anyone else gets a refusal and sees nothing more. */
(function () {
  'use strict';

  var box = document.getElementById('officer-headline');
  if (!box || !window.fetch) return;

  var FIGURES = [
    ['deliveredToday', 'Thông báo đã gửi hôm nay', 'Notices delivered today'],
    ['queue', 'Hồ sơ chờ xác thực', 'Waiting for verification'],
    ['lateCommunes', 'Xã/phường chậm hạn tháng này', 'Late communes this month'],
    ['missingAny', 'Hồ sơ thiếu thông tin', 'Records missing data'],
    ['verificationsThisMonth', 'Kết quả xác thực tháng này', 'Verification results this month'],
  ];

  function el(tag, text, attrs) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    return e;
  }

  function day(iso) {
    return iso.slice(8, 10) + '/' + iso.slice(5, 7) + '/' + iso.slice(0, 4);
  }

  function show(f) {
    box.appendChild(el('h2', 'Tỉnh/thành phố của anh/chị: ' + f.provinceName));
    box.appendChild(el('p', 'Số liệu ngày ' + day(f.day) + ' / Figures of ' + day(f.day)));
    var list = el('dl', undefined, { class: 'figures' });
    FIGURES.forEach(function (item) {
      var v = f[item[0]];
      var row = el('div', undefined, { class: 'figure' });
      var dt = el('dt', item[1] + ' ');
      dt.appendChild(el('span', '/ ' + item[2], { lang: 'en' }));
      row.appendChild(dt);
      row.appendChild(
        el('dd', v === null ? 'Chưa có số liệu' : Number(v).toLocaleString('vi-VN'), { 'data-figure': item[0] }),
      );
      list.appendChild(row);
    });
    box.appendChild(list);
    var link = el('a', 'Bảng điều khiển cán bộ', { href: '/app', class: 'button' });
    link.appendChild(el('span', ' / Officer dashboard', { lang: 'en' }));
    box.appendChild(el('p')).appendChild(link);
    box.hidden = false;
  }

  fetch('/app/api/officer/dashboard/headline', {
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'Accept-Language': 'vi' },
  })
    .then(function (r) {
      return r.status === 200 ? r.json() : null;
    })
    .then(function (f) {
      if (f) show(f);
    })
    .catch(function () {
      // The public figures stand on their own.
    });
})();
