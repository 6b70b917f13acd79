/* Tin An Sinh mini-app: the officer section's words, Vietnamese first, English second (added to texts.js's). */
(function (TEXT) {
  'use strict';

  TEXT.vi.officer = {
    sectionButton: 'Công việc cán bộ',
    recordsButton: 'Hồ sơ của tôi',
    modeGroup: 'Chọn phần',
    tabsLabel: 'Các mục công việc',
    tabs: {
      dashboard: 'Tổng quan',
      queue: 'Chờ xác thực',
      results: 'Nhập kết quả',
      missing: 'Thiếu dữ liệu',
      late: 'Chậm hạn',
      broadcasts: 'Thông báo',
      officers: 'Cán bộ',
    },
    roles: { commune_officer: 'Cán bộ xã/phường', province_admin: 'Quản trị viên cấp tỉnh' },
    hello: function (name) {
      return 'Xin chào ' + name + '.';
    },
    scopeProvince: function (p) {
      return 'Phạm vi: toàn ' + p + '.';
    },
    scopeCommunes: function (list) {
      return 'Phạm vi: ' + list + '.';
    },
    dashTitle: function (p) {
      return 'Số liệu kỳ ' + p;
    },
    figures: {
      queue: 'Tài khoản chờ xác thực',
      awaitingPolice: 'Đang chờ công an trả lời',
      resultsThisMonth: 'Kết quả nhận trong tháng',
      missingAny: 'Hồ sơ thiếu dữ liệu',
      active: 'Hồ sơ đang hưởng',
    },
    perCommune: 'Theo xã/phường',
    allCommunes: 'Tất cả xã/phường',
    communeLabel: 'Xã/phường',
    stateLabel: 'Trạng thái',
    allStates: 'Cả hai trạng thái',
    states: { submitted: 'Đã gửi, chờ xác thực', verifying: 'Công an đang xác thực' },
    show: 'Xem',
    queueTitle: 'Tài khoản chờ xác thực',
    queueEmpty: 'Không có tài khoản nào chờ xác thực.',
    total: function (n) {
      return 'Có ' + n + ' hồ sơ.';
    },
    pageOf: function (p, n) {
      return 'Trang ' + p + ' / ' + n;
    },
    prev: '‹ Trang trước',
    next: 'Trang sau ›',
    select: 'Chọn hồ sơ này',
    submittedOn: 'Ngày gửi',
    changedBy: 'Người thay đổi',
    changedByWho: {
      self: 'Người hưởng tự khai',
      authorized: 'Người được ủy quyền khai',
      unknown: 'Không rõ',
      import: 'Cán bộ nhập từ tệp',
    },
    changedFields: 'Thông tin thay đổi',
    lastResult: 'Kết quả công an lần trước',
    inPopulationDb: 'theo CSDL dân cư',
    fieldNames: {
      provider: 'Ngân hàng/nhà cung cấp',
      number: 'Số tài khoản',
      holderName: 'Chủ tài khoản',
      owner: 'Tài khoản của ai',
      type: 'Loại tài khoản',
    },
    reveal: 'Xem số đầy đủ',
    revealNote: 'Việc xem số đầy đủ được ghi lại.',
    exportTitle: 'Tải danh sách gửi công an xã',
    exportNote: 'Hồ sơ đã tải sẽ chuyển sang «Công an đang xác thực».',
    formatLegend: 'Định dạng tệp',
    exportSelected: function (n) {
      return n ? 'Tải ' + n + ' hồ sơ đã chọn' : 'Chưa chọn hồ sơ nào';
    },
    exportAll: 'Tải tất cả hồ sơ chờ xác thực',
    exported: function (name) {
      return 'Đã tải tệp ' + name + '.';
    },
    lifeButton: 'Báo qua đời / chuyển đi',
    resultsTitle: 'Nhập kết quả xác thực của công an',
    resultsIntro: 'Chọn tệp kết quả (CSV hoặc XLSX) công an xã gửi lại, rồi bấm «Tải lên».',
    fileLabel: 'Tệp kết quả',
    upload: 'Tải lên',
    noFile: 'Xin chọn tệp trước.',
    reportTitle: 'Kết quả nhập',
    reportSummary: function (r) {
      return (
        'Đã đọc ' +
        r.rowsRead +
        ' dòng: ' +
        r.updated +
        ' cập nhật, ' +
        r.unchanged +
        ' không đổi, ' +
        r.rejected +
        ' bị từ chối.'
      );
    },
    rejectsTitle: 'Các dòng bị từ chối (sửa rồi tải lên lại):',
    line: function (n) {
      return 'Dòng ' + n;
    },
    allGood: 'Tất cả các dòng đều hợp lệ.',
    missingTitle: 'Hồ sơ thiếu dữ liệu',
    missingRank: 'Xếp theo số hồ sơ thiếu, nhiều nhất trước.',
    missingOf: function (n, all) {
      return n + ' / ' + all + ' hồ sơ thiếu dữ liệu';
    },
    missingFields: {
      national_id: 'Số định danh 12 số',
      id: 'Số định danh 12 số',
      gender: 'Giới tính',
      ethnicity: 'Dân tộc',
      decision: 'Số/ngày quyết định',
      decision_number: 'Số quyết định',
      decision_date: 'Ngày quyết định',
      account: 'Tài khoản nhận tiền',
      phone: 'Số điện thoại',
    },
    fieldLabel: 'Thiếu thông tin',
    anyField: 'Bất kỳ',
    missingList: 'Danh sách hồ sơ',
    missingEmpty: 'Không có hồ sơ nào thiếu dữ liệu.',
    missingXlsx: 'Tải báo cáo thiếu dữ liệu (XLSX)',
    lacks: 'Thiếu',
    lifeTitle: 'Báo thay đổi của hồ sơ',
    lifeFor: 'Hồ sơ của',
    lifeLegend: 'Điều gì đã xảy ra?',
    deceased: 'Người hưởng đã qua đời',
    movedOut: 'Người hưởng đã chuyển đi nơi khác',
    dateOfDeath: 'Ngày mất',
    dateHint: 'Ngày/tháng/năm.',
    toCommune: 'Mã xã/phường nơi chuyển đến (nếu biết)',
    toProvince: 'Mã tỉnh/thành phố nơi chuyển đến (nếu biết)',
    codeHint: 'Có thể để trống.',
    lifeConfirm: 'Xác nhận',
    lifeDone: 'Đã ghi nhận. Người thân đã liên kết sẽ nhận được thông báo.',
    back: 'Quay lại',
    inviteTitle: 'Mời cán bộ',
    roleLegend: 'Vai trò',
    communesLegend: 'Xã/phường phụ trách',
    nameLabel: 'Họ và tên cán bộ',
    phoneLabel: 'Số điện thoại',
    phoneHint: '10 chữ số, ví dụ 0912345678.',
    invite: 'Tạo mã mời',
    inviteCode: 'Mã mời (gửi cho cán bộ, dùng một lần):',
    inviteUntil: function (d) {
      return 'Dùng được đến ngày ' + d + '. Cán bộ gửi mã này cho bot Tin An Sinh.';
    },
    officersTitle: 'Cán bộ của tỉnh',
    officersEmpty: 'Chưa có cán bộ nào.',
    late: {
      from: 'Từ tháng',
      to: 'Đến tháng',
      rangeHint: 'Tối đa 12 tháng. Mặc định: 4 tháng gần nhất, đến tháng này.',
      xlsx: 'Tải Excel',
      month: 'Tháng',
      range: function (from, to, asOf) {
        return 'Từ tháng ' + from + ' đến tháng ' + to + ', tính đến ngày ' + asOf + '.';
      },
      workingDays: 'Số ngày trễ tính theo ngày làm việc (không kể thứ Bảy, Chủ nhật, ngày nghỉ).',
      tableLabel: 'Bảng chậm hạn theo xã/phường',
      empty: 'Chưa có công việc nào trong khoảng thời gian này.',
      states: { on_time: 'Đúng hạn', late: 'Trễ hạn', not_done: 'Chưa làm', not_applicable: 'Không áp dụng' },
      lateBy: function (n) {
        return 'Trễ ' + n + ' ngày làm việc';
      },
      overdue: function (n) {
        return 'Chưa làm, quá hạn ' + n + ' ngày làm việc';
      },
    },
    forbidden: 'Anh/chị không có quyền dùng chức năng này.',
  };

  TEXT.en.officer = {
    sectionButton: 'Officer work',
    recordsButton: 'My records',
    modeGroup: 'Choose a part',
    tabsLabel: 'Work sections',
    tabs: {
      dashboard: 'Overview',
      queue: 'To verify',
      results: 'Import results',
      missing: 'Missing data',
      late: 'Late communes',
      broadcasts: 'Broadcasts',
      officers: 'Officers',
    },
    roles: { commune_officer: 'Commune officer', province_admin: 'Province administrator' },
    hello: function (name) {
      return 'Hello, ' + name + '.';
    },
    scopeProvince: function (p) {
      return 'Scope: all of ' + p + '.';
    },
    scopeCommunes: function (list) {
      return 'Scope: ' + list + '.';
    },
    dashTitle: function (p) {
      return 'Figures for ' + p;
    },
    figures: {
      queue: 'Accounts waiting for verification',
      awaitingPolice: 'Waiting for the police',
      resultsThisMonth: 'Results received this month',
      missingAny: 'Records with missing data',
      active: 'Active records',
    },
    perCommune: 'By commune',
    allCommunes: 'All communes',
    communeLabel: 'Commune',
    stateLabel: 'State',
    allStates: 'Both states',
    states: { submitted: 'Submitted, awaiting verification', verifying: 'Being verified by the police' },
    show: 'Show',
    queueTitle: 'Accounts to verify',
    queueEmpty: 'No account is waiting for verification.',
    total: function (n) {
      return n + ' records.';
    },
    pageOf: function (p, n) {
      return 'Page ' + p + ' of ' + n;
    },
    prev: '‹ Previous page',
    next: 'Next page ›',
    select: 'Select this record',
    submittedOn: 'Submitted on',
    changedBy: 'Changed by',
    changedByWho: {
      self: 'The beneficiary',
      authorized: 'The authorized person',
      unknown: 'Unknown',
      import: 'An officer, from a file',
    },
    changedFields: 'What changed',
    lastResult: 'Previous police result',
    inPopulationDb: 'in the population database',
    fieldNames: {
      provider: 'Bank/provider',
      number: 'Account number',
      holderName: 'Account holder',
      owner: 'Whose account',
      type: 'Type of account',
    },
    reveal: 'Show full number',
    revealNote: 'Showing the full number is recorded.',
    exportTitle: 'Download the list for the commune police',
    exportNote: 'Downloaded records move to «Being verified by the police».',
    formatLegend: 'File format',
    exportSelected: function (n) {
      return n ? 'Download the ' + n + ' selected' : 'No record selected';
    },
    exportAll: 'Download all waiting for verification',
    exported: function (name) {
      return 'Downloaded ' + name + '.';
    },
    lifeButton: 'Report death / move',
    resultsTitle: "Import the police's verification results",
    resultsIntro: 'Choose the results file (CSV or XLSX) from the commune police, then press «Upload».',
    fileLabel: 'Results file',
    upload: 'Upload',
    noFile: 'Please choose a file first.',
    reportTitle: 'Import result',
    reportSummary: function (r) {
      return (
        'Read ' +
        r.rowsRead +
        ' rows: ' +
        r.updated +
        ' updated, ' +
        r.unchanged +
        ' unchanged, ' +
        r.rejected +
        ' rejected.'
      );
    },
    rejectsTitle: 'Rejected rows (correct them and upload again):',
    line: function (n) {
      return 'Row ' + n;
    },
    allGood: 'Every row was accepted.',
    missingTitle: 'Records with missing data',
    missingRank: 'Ranked by records missing data, most first.',
    missingOf: function (n, all) {
      return n + ' of ' + all + ' records missing data';
    },
    missingFields: {
      national_id: '12-digit ID number',
      id: '12-digit ID number',
      gender: 'Gender',
      ethnicity: 'Ethnicity',
      decision: 'Decision number/date',
      decision_number: 'Decision number',
      decision_date: 'Decision date',
      account: 'Account details',
      phone: 'Phone number',
    },
    fieldLabel: 'Missing',
    anyField: 'Anything',
    missingList: 'Records',
    missingEmpty: 'No record is missing data.',
    missingXlsx: 'Download the missing-data report (XLSX)',
    lacks: 'Missing',
    lifeTitle: 'Report a change to a record',
    lifeFor: 'Record of',
    lifeLegend: 'What happened?',
    deceased: 'The beneficiary has died',
    movedOut: 'The beneficiary has moved away',
    dateOfDeath: 'Date of death',
    dateHint: 'Day/month/year.',
    toCommune: 'Code of the new commune (if known)',
    toProvince: 'Code of the new province (if known)',
    codeHint: 'May be left empty.',
    lifeConfirm: 'Confirm',
    lifeDone: 'Recorded. Linked relatives will be told.',
    back: 'Back',
    inviteTitle: 'Invite an officer',
    roleLegend: 'Role',
    communesLegend: 'Communes served',
    nameLabel: "Officer's full name",
    phoneLabel: 'Phone number',
    phoneHint: '10 digits, for example 0912345678.',
    invite: 'Create an invite code',
    inviteCode: 'Invite code (give it to the officer; single use):',
    inviteUntil: function (d) {
      return 'Valid until ' + d + '. The officer sends this code to the Tin An Sinh bot.';
    },
    officersTitle: "The province's officers",
    officersEmpty: 'No officers yet.',
    late: {
      from: 'From month',
      to: 'To month',
      rangeHint: 'At most 12 months. By default: the last 4 months, up to this one.',
      xlsx: 'Download Excel',
      month: 'Month',
      range: function (from, to, asOf) {
        return 'From ' + from + ' to ' + to + ', as of ' + asOf + '.';
      },
      workingDays: 'Days late are working days (not Saturdays, Sundays or days off).',
      tableLabel: 'Late communes table',
      empty: 'No tasks in this range yet.',
      states: { on_time: 'On time', late: 'Late', not_done: 'Not done', not_applicable: 'Not applicable' },
      lateBy: function (n) {
        return 'Late by ' + n + (n === 1 ? ' working day' : ' working days');
      },
      overdue: function (n) {
        return 'Not done, ' + n + (n === 1 ? ' working day' : ' working days') + ' overdue';
      },
    },
    forbidden: 'You are not allowed to use this.',
  };
})(window.TAS_TEXT);
