/* Tin An Sinh mini-app: the dashboard charts' words, Vietnamese first, English second (added to officer-texts.js's). */
(function (TEXT) {
  'use strict';

  TEXT.vi.officer.charts = {
    title: 'Biểu đồ',
    range: function (from, to, m1, m2) {
      return 'Theo ngày: ' + from + ' – ' + to + '. Theo tháng: ' + m1 + ' – ' + m2 + '.';
    },
    noData: 'Chưa có số liệu',
    failed: 'Không tải được biểu đồ. Các số liệu ở trên vẫn đúng.',
    delivered: {
      title: 'Thông báo đã gửi tới người hưởng, theo ngày',
      latest: function (day, total, parts) {
        return 'Ngày ' + day + ': ' + total + ' thông báo (' + parts + ').';
      },
    },
    late: {
      title: 'Xã/phường chậm hạn, theo tháng',
      series: 'Xã/phường chậm hạn',
      latest: function (month, late, all) {
        return 'Tháng ' + month + ': ' + late + ' trong ' + all + ' xã/phường chậm hạn.';
      },
    },
    missing: {
      title: 'Hồ sơ thiếu thông tin bắt buộc, theo ngày',
      series: 'Hồ sơ thiếu thông tin',
      latest: function (day, n, active) {
        return 'Ngày ' + day + ': ' + n + ' trong ' + active + ' hồ sơ đang hưởng thiếu thông tin.';
      },
    },
    verification: {
      title: 'Kết quả xác thực của công an, theo tháng',
      latest: function (month, parts) {
        return 'Tháng ' + month + ': ' + parts + '.';
      },
    },
    channels: { telegram: 'Telegram', zalo: 'Zalo', zns: 'Tin nhắn Zalo (ZNS)' },
    states: { verified: 'Đã xác thực', mismatch: 'Sai lệch thông tin', rejected: 'Từ chối' },
    day: 'Ngày',
    month: 'Tháng',
  };

  TEXT.en.officer.charts = {
    title: 'Charts',
    range: function (from, to, m1, m2) {
      return 'Daily: ' + from + ' – ' + to + '. Monthly: ' + m1 + ' – ' + m2 + '.';
    },
    noData: 'No figures yet',
    failed: 'The charts could not be loaded. The figures above are still right.',
    delivered: {
      title: 'Notices delivered to beneficiaries, per day',
      latest: function (day, total, parts) {
        return day + ': ' + total + ' notices (' + parts + ').';
      },
    },
    late: {
      title: 'Late communes, per month',
      series: 'Late communes',
      latest: function (month, late, all) {
        return month + ': ' + late + ' of ' + all + ' communes late.';
      },
    },
    missing: {
      title: 'Records missing required data, per day',
      series: 'Records missing data',
      latest: function (day, n, active) {
        return day + ': ' + n + ' of ' + active + ' active records missing data.';
      },
    },
    verification: {
      title: 'Police verification results, per month',
      latest: function (month, parts) {
        return month + ': ' + parts + '.';
      },
    },
    channels: { telegram: 'Telegram', zalo: 'Zalo', zns: 'Zalo messages (ZNS)' },
    states: { verified: 'Verified', mismatch: 'Mismatch', rejected: 'Rejected' },
    day: 'Day',
    month: 'Month',
  };
})(window.TAS_TEXT);
