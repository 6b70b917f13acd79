/* Tin An Sinh mini-app: the words of API keys for other systems, Vietnamese first, English second (added to officer-texts.js's). */
(function (TEXT) {
  'use strict';

  TEXT.vi.officer.apiKeys = {
    title: 'Khóa API cho hệ thống khác',
    intro:
      'Hệ thống chi trả hoặc cổng thông tin của tỉnh dùng khóa này để gửi dữ liệu thay cho tệp. Chỉ tạo khóa khi bộ phận công nghệ thông tin đề nghị.',
    docs: 'Tài liệu API',
    nameLabel: 'Khóa dùng cho hệ thống nào',
    nameHint: 'Ví dụ: Hệ thống chi trả của Bộ',
    opsLegend: 'Khóa được phép',
    ops: {
      payments: 'Gửi trạng thái chi trả',
      beneficiaries: 'Gửi thay đổi danh sách đối tượng',
      verifications: 'Gửi kết quả xác thực của công an',
      broadcasts: 'Tạo thông báo của tỉnh',
    },
    create: 'Tạo khóa',
    secretTitle: 'Khóa mới, chỉ hiện một lần:',
    secretHint:
      'Sao chép ngay và trao trực tiếp cho bộ phận công nghệ thông tin. Không gửi khóa qua tin nhắn. Khi đóng trang, khóa không xem lại được.',
    listTitle: 'Các khóa của tỉnh',
    empty: 'Chưa có khóa nào.',
    active: 'Đang dùng',
    revoked: 'Đã thu hồi',
    made: function (day) {
      return 'Tạo ngày ' + day;
    },
    lastUsed: function (day) {
      return 'Dùng gần nhất: ' + day;
    },
    revoke: 'Thu hồi',
    revokeConfirm: 'Bấm lần nữa để thu hồi',
    revokedNote: 'Đã thu hồi khóa. Hệ thống dùng khóa này bị từ chối ngay từ lần gửi sau.',
  };
  TEXT.en.officer.apiKeys = {
    title: 'API keys for other systems',
    intro:
      "The payment system or the province's portal uses a key to send data instead of files. Make a key only when the IT department asks for one.",
    docs: 'API documentation',
    nameLabel: 'Which system the key is for',
    nameHint: "For example: the ministry's payment system",
    opsLegend: 'The key may',
    ops: {
      payments: 'Send payment statuses',
      beneficiaries: 'Send changes to the beneficiary list',
      verifications: "Send the police's verification results",
      broadcasts: 'Create province broadcasts',
    },
    create: 'Make the key',
    secretTitle: 'The new key, shown only once:',
    secretHint:
      'Copy it now and hand it to the IT department directly. Do not send it in a chat message. Once this page closes, it cannot be shown again.',
    listTitle: "The province's keys",
    empty: 'No keys yet.',
    active: 'In use',
    revoked: 'Revoked',
    made: function (day) {
      return 'Made on ' + day;
    },
    lastUsed: function (day) {
      return 'Last used: ' + day;
    },
    revoke: 'Revoke',
    revokeConfirm: 'Tap again to revoke',
    revokedNote: 'The key is revoked. A system using it is refused from its next request.',
  };
})(window.TAS_TEXT);
