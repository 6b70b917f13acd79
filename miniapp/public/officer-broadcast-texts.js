/* Tin An Sinh mini-app: the broadcasts tab's words, Vietnamese first, English second (added to officer-texts.js's). */
(function (TEXT) {
  'use strict';

  TEXT.vi.officer.bc = {
    newButton: 'Soạn thông báo mới',
    recentTitle: 'Thông báo gần đây',
    recentEmpty: 'Chưa có thông báo nào.',
    awaitingTitle: 'Chờ anh/chị duyệt',
    composeTitle: 'Soạn thông báo',
    whereLegend: 'Gửi đến xã/phường',
    wholeProvince: function (p) {
      return 'Toàn tỉnh ' + p;
    },
    someCommunes: 'Chọn một số xã/phường',
    whoLegend: 'Người nhận',
    who: {
      beneficiaries: 'Người hưởng trợ cấp',
      officers: 'Cán bộ',
      both: 'Cả người hưởng và cán bộ',
    },
    filtersLegend: 'Lọc người hưởng (có thể bỏ trống)',
    categoriesLabel: 'Nhóm đối tượng',
    categories: {
      social_assistance: 'Bảo trợ xã hội',
      meritorious: 'Người có công',
      poor_household: 'Hộ nghèo',
      near_poor_household: 'Hộ cận nghèo',
      child: 'Trẻ em',
      other: 'Khác',
    },
    verificationLabel: 'Trạng thái xác thực tài khoản',
    verification: {
      none: 'Chưa khai tài khoản',
      submitted: 'Đã gửi, chờ xác thực',
      verifying: 'Công an đang xác thực',
      verified: 'Đã xác thực',
      mismatch: 'Sai lệch thông tin',
      rejected: 'Không được chấp nhận',
    },
    paymentLabel: 'Trạng thái chi trả kỳ này',
    payment: {
      none: 'Chưa có khoản chi',
      scheduled: 'Đã lên lịch',
      paid: 'Đã chi',
      failed: 'Chi không thành công',
      returned: 'Bị trả lại',
      cash_ready: 'Chờ nhận tiền mặt',
      cash_collected: 'Đã nhận tiền mặt',
    },
    langLabel: 'Ngôn ngữ người nhận',
    langAny: 'Mọi ngôn ngữ',
    langs: { vi: 'Tiếng Việt', en: 'Tiếng Anh' },
    titleVi: 'Tiêu đề (tiếng Việt)',
    bodyVi: 'Nội dung (tiếng Việt)',
    titleEn: 'Tiêu đề tiếng Anh (không bắt buộc)',
    bodyEn: 'Nội dung tiếng Anh (không bắt buộc)',
    enHint: 'Người chọn tiếng Anh nhận bản này; để trống thì họ nhận bản tiếng Việt.',
    chars: function (n) {
      return n + ' ký tự';
    },
    buttonLegend: 'Nút bấm dưới tin nhắn',
    buttons: { none: 'Không có nút', link: 'Mở một liên kết', miniapp: 'Mở ứng dụng Tin An Sinh' },
    urlLabel: 'Địa chỉ liên kết (https://…)',
    labelLabel: 'Chữ trên nút (không bắt buộc)',
    whenLegend: 'Thời điểm gửi',
    now: 'Gửi ngay',
    later: 'Hẹn giờ',
    atLabel: 'Ngày giờ gửi (giờ Việt Nam)',
    atMissing: 'Xin chọn ngày giờ gửi.',
    urgentAsk: 'Khẩn: gửi cả trong giờ yên lặng (21:00–07:00)',
    previewButton: 'Xem trước',
    previewTitle: 'Xem trước',
    people: 'Số người nhận',
    chatsTelegram: 'Tin nhắn Telegram',
    chatsZalo: 'Tin nhắn Zalo',
    blockedPeople: 'Đã chặn bot (không gửi được)',
    estimate: function (mins, end) {
      return 'Thời gian gửi ước tính: ' + mins + ' — xong khoảng ' + end + '.';
    },
    minutes: function (n) {
      return n < 1 ? 'dưới 1 phút' : n + ' phút';
    },
    quietPause: 'Việc gửi sẽ tạm dừng trong giờ yên lặng (21:00–07:00) và tiếp tục lúc 07:00.',
    needsApproval: function (n) {
      return 'Trên ' + n + ' người nhận: cần một quản trị viên cấp tỉnh khác duyệt trước khi gửi.';
    },
    renderedVi: 'Tin nhắn tiếng Việt',
    renderedEn: 'Tin nhắn tiếng Anh',
    send: 'Gửi',
    sendForApproval: 'Gửi đi để duyệt',
    edit: 'Sửa lại',
    approve: 'Duyệt và gửi',
    urgentTick: 'Khẩn: gửi cả trong giờ yên lặng',
    approveNote: 'Người soạn không tự duyệt được thông báo của mình.',
    states: {
      draft: 'Bản nháp',
      awaiting_approval: 'Chờ duyệt',
      scheduled: 'Đã hẹn giờ',
      sending: 'Đang gửi',
      paused: 'Tạm dừng',
      done: 'Đã gửi xong',
      cancelled: 'Đã hủy',
    },
    progressTitle: 'Tiến độ',
    progress: {
      sent: 'Đã gửi',
      failed: 'Không gửi được',
      pending: 'Đang chờ gửi',
      blocked: 'Đã chặn bot',
      cancelled: 'Đã hủy, không gửi',
      total: 'Tổng số người',
    },
    scheduledFor: function (d) {
      return 'Gửi lúc ' + d;
    },
    urgentMark: 'Khẩn',
    pause: 'Tạm dừng',
    resume: 'Tiếp tục gửi',
    cancel: 'Hủy thông báo',
    cancelNote: 'Tin nhắn đang được gửi đúng lúc bấm hủy vẫn có thể đến người nhận.',
    back: '‹ Danh sách thông báo',
    show: 'Xem',
    done: {
      sent: 'Đã bắt đầu gửi.',
      awaiting: 'Đã gửi đi để duyệt. Một quản trị viên cấp tỉnh khác sẽ duyệt.',
      scheduled: 'Đã hẹn giờ gửi.',
      approved: 'Đã duyệt.',
      cancelled: 'Đã hủy thông báo.',
      paused: 'Đã tạm dừng.',
      resumed: 'Đã tiếp tục gửi.',
    },
  };

  TEXT.en.officer.bc = {
    newButton: 'Compose a new broadcast',
    recentTitle: 'Recent broadcasts',
    recentEmpty: 'No broadcasts yet.',
    awaitingTitle: 'Waiting for your approval',
    composeTitle: 'Compose a broadcast',
    whereLegend: 'Communes',
    wholeProvince: function (p) {
      return 'All of ' + p;
    },
    someCommunes: 'Some communes',
    whoLegend: 'Recipients',
    who: {
      beneficiaries: 'Beneficiaries',
      officers: 'Officers',
      both: 'Beneficiaries and officers',
    },
    filtersLegend: 'Narrow the beneficiaries (optional)',
    categoriesLabel: 'Category',
    categories: {
      social_assistance: 'Social assistance',
      meritorious: 'Meritorious people',
      poor_household: 'Poor household',
      near_poor_household: 'Near-poor household',
      child: 'Children',
      other: 'Other',
    },
    verificationLabel: 'Account verification state',
    verification: {
      none: 'No account given',
      submitted: 'Submitted, awaiting verification',
      verifying: 'Being verified by the police',
      verified: 'Verified',
      mismatch: 'Details do not match',
      rejected: 'Not accepted',
    },
    paymentLabel: "This period's payment status",
    payment: {
      none: 'No payment',
      scheduled: 'Scheduled',
      paid: 'Paid',
      failed: 'Failed',
      returned: 'Returned',
      cash_ready: 'Cash ready to collect',
      cash_collected: 'Cash collected',
    },
    langLabel: "Recipients' language",
    langAny: 'Any language',
    langs: { vi: 'Vietnamese', en: 'English' },
    titleVi: 'Title (Vietnamese)',
    bodyVi: 'Text (Vietnamese)',
    titleEn: 'English title (optional)',
    bodyEn: 'English text (optional)',
    enHint: 'People who chose English get this one; left empty, they get the Vietnamese text.',
    chars: function (n) {
      return n + ' characters';
    },
    buttonLegend: 'Button under the message',
    buttons: { none: 'No button', link: 'Open a link', miniapp: 'Open the Tin An Sinh mini-app' },
    urlLabel: 'Link address (https://…)',
    labelLabel: 'Button label (optional)',
    whenLegend: 'When to send',
    now: 'Now',
    later: 'At a time',
    atLabel: 'Date and time (Vietnam time)',
    atMissing: 'Please choose the date and time to send.',
    urgentAsk: 'Urgent: send during quiet hours too (21:00–07:00)',
    previewButton: 'Preview',
    previewTitle: 'Preview',
    people: 'People',
    chatsTelegram: 'Telegram messages',
    chatsZalo: 'Zalo messages',
    blockedPeople: 'Blocked the bot (cannot be sent)',
    estimate: function (mins, end) {
      return 'Estimated sending time: ' + mins + ' — done around ' + end + '.';
    },
    minutes: function (n) {
      return n < 1 ? 'under a minute' : n === 1 ? '1 minute' : n + ' minutes';
    },
    quietPause: 'Sending pauses during quiet hours (21:00–07:00) and resumes at 07:00.',
    needsApproval: function (n) {
      return (
        'More than ' +
        n +
        (n === 1 ? ' person' : ' people') +
        ': another province administrator must approve it before it is sent.'
      );
    },
    renderedVi: 'The Vietnamese message',
    renderedEn: 'The English message',
    send: 'Send',
    sendForApproval: 'Send for approval',
    edit: 'Edit',
    approve: 'Approve and send',
    urgentTick: 'Urgent: send during quiet hours too',
    approveNote: 'The author cannot approve their own broadcast.',
    states: {
      draft: 'Draft',
      awaiting_approval: 'Awaiting approval',
      scheduled: 'Scheduled',
      sending: 'Sending',
      paused: 'Paused',
      done: 'Done',
      cancelled: 'Cancelled',
    },
    progressTitle: 'Progress',
    progress: {
      sent: 'Sent',
      failed: 'Failed',
      pending: 'Waiting to be sent',
      blocked: 'Blocked the bot',
      cancelled: 'Cancelled, not sent',
      total: 'People in all',
    },
    scheduledFor: function (d) {
      return 'Sending at ' + d;
    },
    urgentMark: 'Urgent',
    pause: 'Pause',
    resume: 'Resume sending',
    cancel: 'Cancel the broadcast',
    cancelNote: 'A message being sent at the moment you cancel may still arrive.',
    back: '‹ Broadcasts',
    show: 'Show',
    done: {
      sent: 'Sending has started.',
      awaiting: 'Sent for approval. Another province administrator will approve it.',
      scheduled: 'Scheduled.',
      approved: 'Approved.',
      cancelled: 'The broadcast was cancelled.',
      paused: 'Paused.',
      resumed: 'Sending resumed.',
    },
  };
})(window.TAS_TEXT);
