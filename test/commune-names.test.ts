import { communes } from '../models/commune.js';
import { communesByCode } from '../services/register/commune-names.js';
import { communeIdFor, saveCommunes } from '../services/register/communes.js';
import { emptyDatabase, startTestRuntime } from './support/runtime.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
const ctx = () => ({ sealer: rt.sealer, entryPoint: 'cli' as const, actor: 'test' });
const BA_DINH = { code: '00004', name: 'Phường Ba Đình', provinceCode: '01', legacyDistrict: null };

beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => {
  await rt.stop();
});
beforeEach(async () => {
  await emptyDatabase();
  await saveCommunes([BA_DINH], ctx());
});

describe('commune names officer pages show, remembered ten minutes', () => {
  test('when a commune changes behind this process, then the old name stands for ten minutes and the new one after', async () => {
    const t0 = Date.now();
    expect((await communesByCode(['00004', '99999'], t0)).get('00004')?.name).toBe('Phường Ba Đình');
    // Another process renames it (straight through the repository: this process is not told).
    await communes.update({
      ...BA_DINH,
      id: communeIdFor('00004'),
      name: 'Phường Ba Đình mới',
      address: null,
      officeHours: null,
    });
    expect((await communesByCode(['00004'], t0 + 9 * 60_000)).get('00004')?.name).toBe('Phường Ba Đình');
    expect((await communesByCode(['00004'], t0 + 11 * 60_000)).get('00004')?.name).toBe('Phường Ba Đình mới');
  });

  test('when this process imports communes, then the next read shows them at once', async () => {
    const t0 = Date.now();
    await communesByCode(['00004'], t0);
    await saveCommunes([{ ...BA_DINH, name: 'Phường Ba Đình (đổi tên)' }], ctx());
    expect((await communesByCode(['00004'], t0 + 1)).get('00004')?.name).toBe('Phường Ba Đình (đổi tên)');
  });

  test('when a code is unknown, then it is left out and asked again next time (it may be imported meanwhile)', async () => {
    const t0 = Date.now();
    expect((await communesByCode(['00008'], t0)).has('00008')).toBe(false);
    await communes.insertMany([
      {
        ...BA_DINH,
        code: '00008',
        id: communeIdFor('00008'),
        name: 'Phường Ngọc Hà',
        address: null,
        officeHours: null,
      },
    ]);
    expect((await communesByCode(['00008'], t0 + 1)).get('00008')?.name).toBe('Phường Ngọc Hà');
  });
});
