/** A bank (by its Napas/VietQR BIN), e-wallet or mobile-money provider an allowance can be paid to. */
export type Provider = { code: string; shortName: string; name: string; type: 'bank' | 'ewallet' | 'mobile_money' };

const BANKS: [string, string, string][] = [
  ['970436', 'Vietcombank', 'Ngân hàng TMCP Ngoại thương Việt Nam'],
  ['970415', 'VietinBank', 'Ngân hàng TMCP Công thương Việt Nam'],
  ['970418', 'BIDV', 'Ngân hàng TMCP Đầu tư và Phát triển Việt Nam'],
  ['970405', 'Agribank', 'Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam'],
  ['970407', 'Techcombank', 'Ngân hàng TMCP Kỹ thương Việt Nam'],
  ['970422', 'MBBank', 'Ngân hàng TMCP Quân đội'],
  ['970416', 'ACB', 'Ngân hàng TMCP Á Châu'],
  ['970432', 'VPBank', 'Ngân hàng TMCP Việt Nam Thịnh Vượng'],
  ['970403', 'Sacombank', 'Ngân hàng TMCP Sài Gòn Thương Tín'],
  ['970423', 'TPBank', 'Ngân hàng TMCP Tiên Phong'],
  ['970441', 'VIB', 'Ngân hàng TMCP Quốc tế Việt Nam'],
  ['970443', 'SHB', 'Ngân hàng TMCP Sài Gòn - Hà Nội'],
  ['970437', 'HDBank', 'Ngân hàng TMCP Phát triển TP. Hồ Chí Minh'],
  ['970448', 'OCB', 'Ngân hàng TMCP Phương Đông'],
  ['970426', 'MSB', 'Ngân hàng TMCP Hàng Hải Việt Nam'],
  ['970440', 'SeABank', 'Ngân hàng TMCP Đông Nam Á'],
  ['970449', 'LPBank', 'Ngân hàng TMCP Lộc Phát Việt Nam'],
  ['970431', 'Eximbank', 'Ngân hàng TMCP Xuất Nhập khẩu Việt Nam'],
  ['970428', 'NamABank', 'Ngân hàng TMCP Nam Á'],
  ['970409', 'BacABank', 'Ngân hàng TMCP Bắc Á'],
  ['970425', 'ABBANK', 'Ngân hàng TMCP An Bình'],
  ['970452', 'KienLongBank', 'Ngân hàng TMCP Kiên Long'],
  ['970412', 'PVcomBank', 'Ngân hàng TMCP Đại Chúng Việt Nam'],
  ['970419', 'NCB', 'Ngân hàng TMCP Quốc Dân'],
  ['970400', 'SaigonBank', 'Ngân hàng TMCP Sài Gòn Công Thương'],
  ['970446', 'COOPBANK', 'Ngân hàng Hợp tác xã Việt Nam'],
];
const OTHERS: Provider[] = [
  { code: 'MOMO', shortName: 'MoMo', name: 'Ví điện tử MoMo', type: 'ewallet' },
  { code: 'ZALOPAY', shortName: 'ZaloPay', name: 'Ví điện tử ZaloPay', type: 'ewallet' },
  { code: 'SHOPEEPAY', shortName: 'ShopeePay', name: 'Ví điện tử ShopeePay', type: 'ewallet' },
  { code: 'VIETTELMONEY', shortName: 'Viettel Money', name: 'Mobile Money Viettel Money', type: 'mobile_money' },
  { code: 'VNPTMONEY', shortName: 'VNPT Money', name: 'Mobile Money VNPT Money', type: 'mobile_money' },
  { code: 'MOBIFONEMONEY', shortName: 'MobiFone Money', name: 'Mobile Money MobiFone Money', type: 'mobile_money' },
];

const PROVIDERS: readonly Provider[] = [
  ...BANKS.map(([code, shortName, name]) => ({ code, shortName, name, type: 'bank' as const })),
  ...OTHERS,
];

/** Every provider, banks first. */
export function allProviders(): readonly Provider[] {
  return PROVIDERS;
}

/** Finds a provider by code (BIN for banks) or short name, ignoring case and spaces. */
export function findProvider(codeOrName: string): Provider | undefined {
  const key = codeOrName.replace(/\s+/g, '').toLowerCase();
  return PROVIDERS.find((p) => p.code.toLowerCase() === key || p.shortName.replace(/\s+/g, '').toLowerCase() === key);
}
