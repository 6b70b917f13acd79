import { PAYMENT_STATUSES, VERIFICATION_RESULTS } from '../services/validation/codes.js';
import { COLUMNS } from '../services/imports/columns.js';
import { startMiniappServer, type MiniappServer } from './support/miniapp.js';

let srv: MiniappServer;

beforeAll(async () => {
  srv = await startMiniappServer({ API_MAX_ROWS: '1234' });
}, 60_000);
afterAll(async () => {
  await srv.stop();
});

type Schema = {
  properties?: Record<string, Schema>;
  anyOf?: Schema[];
  enum?: string[];
  required?: string[];
  maxItems?: number;
  items?: { $ref?: string };
};
type Document = {
  openapi: string;
  paths: Record<
    string,
    Record<string, { requestBody?: { content: Record<string, { schema: Schema }> }; security?: unknown[] }>
  >;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, { scheme: string }> };
};

const enumOf = (s: Schema | undefined) => s?.anyOf?.find((a) => a.enum)?.enum;

describe('the machine API document', () => {
  test('when the OpenAPI document is fetched without a key, then it lists every machine path, with schemas generated from the zod ones', async () => {
    const res = await fetch(`${srv.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Document;
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/beneficiaries',
      '/api/v1/broadcasts',
      '/api/v1/broadcasts/preview',
      '/api/v1/broadcasts/{id}',
      '/api/v1/broadcasts/{id}/submit',
      '/api/v1/payments',
      '/api/v1/verification-results',
    ]);
    const { PaymentRow, VerificationResultRow, BeneficiaryRow } = doc.components.schemas;
    expect(enumOf(PaymentRow!.properties!.status)).toEqual([...PAYMENT_STATUSES]);
    expect(enumOf(VerificationResultRow!.properties!.result)).toEqual([...VERIFICATION_RESULTS]);
    // The columns are the file import's: required ones required, every one named.
    expect(PaymentRow!.required!.sort()).toEqual([...COLUMNS.payments.required].sort());
    expect(Object.keys(BeneficiaryRow!.properties!).sort()).toEqual(
      [...COLUMNS.beneficiaries.required, ...COLUMNS.beneficiaries.optional].sort(),
    );
    const body = doc.paths['/api/v1/payments']!.post!.requestBody!.content['application/json']!.schema;
    expect(body.properties!.rows!.maxItems).toBe(1234);
    expect(body.properties!.rows!.items!.$ref).toBe('#/components/schemas/PaymentRow');
    expect(doc.components.securitySchemes.apiKey!.scheme).toBe('bearer');
    expect(doc.paths['/api/v1/payments']!.post!.security).toEqual([{ apiKey: [] }]);
    expect(doc.components.schemas.BroadcastRequest!.properties!.who!.enum).toEqual([
      'beneficiaries',
      'officers',
      'both',
    ]);
  });

  test('when the docs page is opened, then Swagger UI comes from our own origin with no inline script, under the strict policy', async () => {
    const page = await fetch(`${srv.url}/api/v1/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, inner] of scripts) {
      expect(inner!.trim()).toBe('');
      const src = /src="([^"]+)"/.exec(attrs!)![1]!;
      const asset = await fetch(`${srv.url}${src}`);
      expect([src, asset.status]).toEqual([src, 200]);
      expect(asset.headers.get('content-type')).toContain('javascript');
    }
    expect(await (await fetch(`${srv.url}/api/v1/docs/init.js`)).text()).toContain('/api/v1/openapi.json');
    expect((await fetch(`${srv.url}/api/v1/docs/swagger-ui.css`)).status).toBe(200);
    expect((await fetch(`${srv.url}/api/v1/docs/index.html`)).status).toBe(404);
  });
});
