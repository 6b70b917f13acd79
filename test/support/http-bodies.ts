import fc from 'fast-check';

/*
 * What the HTTP fuzzer (test/fuzz-http.test.ts) sends: bodies, content types, path segments and
 * queries, with a dictionary of the field names the routes read, so objects reach past the parser.
 */

/** Field names the routes and services read, and names that trip naive code (`toString`, `__proto__`). */
const FIELDS = [
  'initData',
  'accessToken',
  'type',
  'providerCode',
  'accountNumber',
  'holderName',
  'owner',
  'communes',
  'communeCodes',
  'format',
  'kind',
  'dateOfDeath',
  'toCommuneCode',
  'toProvinceCode',
  'role',
  'name',
  'phone',
  'text',
  'title',
  'audience',
  'categories',
  'provinceCode',
  'days',
  'period',
  'note',
  'ids',
  'states',
  'toString',
  'valueOf',
  '__proto__',
  'constructor',
] as const;

const hostile = fc.constantFrom<unknown>(
  { toString: 1 },
  { valueOf: {} },
  [[]],
  -0,
  1e308,
  '\u0000',
  '%ZZ',
  'Ω'.repeat(300),
);
const leaf = fc.oneof(fc.jsonValue({ maxDepth: 1 }), hostile, fc.string({ unit: 'binary', maxLength: 30 }));
/** An object with the fields the routes read, holding anything. */
const fieldObject = fc.dictionary(fc.constantFrom(...FIELDS), fc.oneof(leaf, fc.array(leaf, { maxLength: 3 })), {
  maxKeys: 6,
});
/** A body that fast-check shows as its first bytes and its length, not as thousands of numbers. */
function body(bytes: Buffer | string): Buffer {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  const shown = `Buffer(${buf.length}: ${JSON.stringify(buf.subarray(0, 80).toString('latin1'))})`;
  return Object.assign(buf, { [fc.toStringMethod]: () => shown });
}
const nested = (depth: number, open: string, close: string) => body(open.repeat(depth) + close.repeat(depth));

/** Bodies: JSON of any shape, route-shaped objects, deep nesting, large strings, broken JSON and bytes that are not UTF-8. */
export const bodies: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 4, arbitrary: fieldObject.map((o) => body(JSON.stringify(o))) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => body(JSON.stringify(v) ?? 'null')) },
  fc.integer({ min: 100, max: 20_000 }).map((d) => nested(d, '[', ']')),
  fc.integer({ min: 100, max: 5_000 }).map((d) => nested(d, '{"a":', '}')),
  fc.constantFrom(10_000, 100_000, 2_000_000).map((n) => body(JSON.stringify({ name: 'x'.repeat(n) }))),
  fc.uint8Array({ maxLength: 300 }).map((a) => body(Buffer.from(a))),
  fc.constant(body(Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]))),
  fc.constantFrom('', '{', '{"a":', 'null', '"x"', '[]', '{"__proto__":{"polluted":1}}').map((s) => body(s)),
);

/** Content types, right, wrong and broken, sometimes with a content encoding the body does not have. */
export const contentTypes: fc.Arbitrary<Record<string, string>> = fc
  .tuple(
    fc.constantFrom(
      undefined,
      'application/json',
      'application/json; charset=utf-8',
      'application/json; charset=utf-16',
      'application/json; charset=koi8-r',
      'application/json; charset=nonsense',
      'text/plain',
      'text/csv',
      'application/octet-stream',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=----x',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/json; charset="',
      '*/*',
    ),
    fc.constantFrom(undefined, undefined, undefined, 'gzip', 'deflate', 'br', 'x-unknown'),
  )
  .map(([type, encoding]) => ({
    ...(type ? { 'content-type': type } : {}),
    ...(encoding ? { 'content-encoding': encoding } : {}),
  }));

/** What goes in a `:ref`, `:id` or `:token` part of a path: right-looking ids, junk, broken percent-escapes. */
export const pathSegment: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(/^[0-9a-f]{24}$/),
  fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
  fc.constantFrom('%ZZ', '%', '%C0%AF', '..%2F..%2Fetc', '%00', 'a'.repeat(5000), '%E2%82'),
);

/** Queries the routes read (`commune`, `page`…) with odd values, repeated keys and broken escapes. */
export const queryString: fc.Arbitrary<string> = fc.oneof(
  fc.constant(''),
  fc
    .array(
      fc.tuple(
        fc.constantFrom(
          'commune',
          'page',
          'pageSize',
          'field',
          'format',
          'state',
          'name',
          'from',
          'to',
          'lang',
          'x[y]',
        ),
        fc.oneof(
          fc.string({ maxLength: 12 }).map(encodeURIComponent),
          fc.constantFrom('00004', '-1', '1e9', 'NaN', '%ZZ', 'csv', 'xlsx', '00004,00008', '[]'),
        ),
      ),
      { maxLength: 4 },
    )
    .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`),
);

const anyOr = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: good }, leaf);
const tgUser = fc.record(
  { id: anyOr(fc.integer({ min: 1, max: 2 ** 40 })), is_bot: anyOr(fc.boolean()), first_name: anyOr(fc.string()) },
  { requiredKeys: [] },
);
const tgMessage = fc.record(
  {
    message_id: anyOr(fc.nat()),
    date: anyOr(fc.nat()),
    from: anyOr(tgUser),
    chat: anyOr(fc.record({ id: anyOr(fc.integer()), type: anyOr(fc.constantFrom('private', 'group', 'channel')) })),
    text: anyOr(fc.constantFrom('/start', '/status', '/help', '/web', 'trạng thái', '012345678901', 'x'.repeat(5000))),
    contact: anyOr(
      fc.record({ phone_number: anyOr(fc.string()), user_id: anyOr(fc.integer()), first_name: fc.string() }),
    ),
    entities: anyOr(
      fc.array(fc.record({ type: anyOr(fc.constantFrom('bot_command', 'url')), offset: leaf, length: leaf })),
    ),
  },
  { requiredKeys: [] },
);

/** Telegram updates: mostly the shape Telegram sends, with any field of the wrong type or missing. */
export const telegramUpdate: fc.Arbitrary<Buffer> = fc
  .record(
    {
      update_id: anyOr(fc.nat()),
      message: anyOr(tgMessage),
      callback_query: anyOr(
        fc.record(
          { id: anyOr(fc.string()), from: anyOr(tgUser), data: anyOr(fc.string()), message: anyOr(tgMessage) },
          { requiredKeys: [] },
        ),
      ),
    },
    { requiredKeys: [] },
  )
  .map((u) => body(JSON.stringify(u)));

/** Zalo OA events: the fields Zalo sends (a timestamp near now, so a signed one passes), with wrong types and missing parts. */
export const zaloEvent: fc.Arbitrary<Buffer> = fc
  .record(
    {
      app_id: anyOr(fc.constant('4200000000000000042')),
      event_name: anyOr(
        fc.constantFrom('user_send_text', 'follow', 'unfollow', 'user_submit_info', 'user_send_image', 'oa_send_text'),
      ),
      timestamp: fc.oneof(fc.constant(String(Date.now())), fc.constant(Date.now()), leaf),
      sender: anyOr(fc.record({ id: anyOr(fc.stringMatching(/^\d{1,19}$/)) })),
      follower: anyOr(fc.record({ id: anyOr(fc.stringMatching(/^\d{1,19}$/)) })),
      recipient: anyOr(fc.record({ id: leaf })),
      message: anyOr(
        fc.record({ msg_id: anyOr(fc.string()), text: anyOr(fc.string({ unit: 'binary' })) }, { requiredKeys: [] }),
      ),
      info: anyOr(fc.record({ phone: anyOr(fc.string()), name: leaf }, { requiredKeys: [] })),
      user_id_by_app: anyOr(fc.string()),
    },
    { requiredKeys: ['timestamp'] },
  )
  .map((e) => body(JSON.stringify(e)));
