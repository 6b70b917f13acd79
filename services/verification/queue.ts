// STUB (helper C, officer mini-app): helper B writes the real one; the lead keeps B's at merge.
import { areaOf, type Acting } from '../officers/scope.js';
import { communesByCode } from '../register/communes.js';

/** One account in the verification queue, masked. */
export type QueueItem = {
  ref: string;
  beneficiaryRef: string;
  fullName: string;
  communeCode: string;
  communeName: string;
  state: 'submitted' | 'verifying';
  submittedAt: string;
  changedBy: 'self' | 'authorized';
  changedFields: string[];
  numberMasked: string;
  providerName: string;
  owner: 'self' | 'authorized';
  holderName: string;
};

/** STUB: fixed data, scope-checked. */
export async function verificationQueue(
  acting: Acting,
  opts: { communes?: string[]; states?: ('submitted' | 'verifying')[]; page?: number; pageSize?: number } = {},
): Promise<{ items: QueueItem[]; total: number; page: number; pageSize: number }> {
  areaOf(acting.scope, opts.communes ?? [], await provinceOfCommunes());
  const items: QueueItem[] = [
    {
      ref: '000000000000000000000001',
      beneficiaryRef: '000000000000000000000002',
      fullName: 'Nguyễn Thị Lan',
      communeCode: '00004',
      communeName: 'Phường Ba Đình',
      state: 'submitted',
      submittedAt: new Date('2026-01-05T03:00:00Z').toISOString(),
      changedBy: 'self',
      changedFields: ['number'],
      numberMasked: '•••• 9012',
      providerName: 'Vietcombank',
      owner: 'self',
      holderName: 'Nguyễn Thị Lan',
    },
  ];
  return { items, total: items.length, page: opts.page ?? 1, pageSize: opts.pageSize ?? 20 };
}

/** STUB: fixed counts. */
export async function countQueue(_acting: Acting): Promise<{ submitted: number; verifying: number }> {
  return { submitted: 1, verifying: 0 };
}

async function provinceOfCommunes(): Promise<Map<string, string>> {
  return new Map([...(await communesByCode())].map(([code, c]) => [code, c.provinceCode]));
}
