import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { API_OPERATIONS } from '../../models/api-key.js';
import { BROADCAST_STATES } from '../../services/broadcasts/index.js';
import { broadcastBody } from './broadcast-input.js';
import { errorBody, pushResult, rowsBody, PUSH_KINDS, type PushKind } from './machine-input.js';

const PUSH_DOCS: Record<PushKind, { path: string; operation: string; summary: string }> = {
  payments: {
    path: '/payments',
    operation: 'payments',
    summary: 'Trạng thái chi trả (như tệp import payments) / payment statuses, as the payments file import',
  },
  beneficiaries: {
    path: '/beneficiaries',
    operation: 'beneficiaries',
    summary: 'Biến động đối tượng (như tệp import beneficiaries) / beneficiary changes, as the file import',
  },
  verifications: {
    path: '/verification-results',
    operation: 'verifications',
    summary:
      'Kết quả xác thực của công an xã (như tệp import account-verifications; chỉ hồ sơ đang chờ công an) / police verification results',
  },
};

const BROADCAST_REQUEST = broadcastBody.meta({ id: 'BroadcastRequest' });

const idempotencyHeader = z.object({
  'idempotency-key': z.string().min(1).max(200).optional().meta({
    description:
      'Khuyến nghị. Cùng khóa và cùng nội dung: trả lại đúng câu trả lời đã lưu (24 giờ), không ghi lần hai; cùng khóa, nội dung khác: 409; khi yêu cầu đầu còn đang xử lý: 409. / Recommended: same key and body replays the stored answer; another body or still in flight: 409.',
  }),
});

const errors = (extra: Record<number, string> = {}) =>
  Object.fromEntries(
    Object.entries({
      400: 'Nội dung sai cấu trúc hoặc không phải JSON / malformed body',
      401: 'Thiếu khóa, khóa sai hoặc đã thu hồi / missing, unknown or revoked key',
      403: 'Khóa không có quyền thao tác này / the key lacks this operation',
      409: 'Idempotency-Key dùng cho nội dung khác, hoặc đang xử lý / Idempotency-Key conflict',
      429: 'Quá giới hạn yêu cầu mỗi phút của khóa / rate limited',
      ...extra,
    }).map(([status, description]) => [
      status,
      { description, content: { 'application/json': { schema: errorBody } } },
    ]),
  );

/**
 * The machine API's OpenAPI document, generated from the very zod schemas the routes validate with
 * (rows per import kind, the broadcast body), so the document cannot drift from what is accepted.
 */
export function machineOpenApi(opts: { maxRows: number; publicUrl: string }): object {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: `Khóa API của tỉnh: "tas_<id>_<bí mật>". Quyền: ${API_OPERATIONS.join(', ')}.`,
  });
  for (const name of Object.keys(PUSH_KINDS) as PushKind[]) {
    const { kind } = PUSH_KINDS[name];
    const doc = PUSH_DOCS[name];
    registry.registerPath({
      method: 'post',
      path: `/api/v1${doc.path}`,
      summary: doc.summary,
      description: `Quyền cần có: \`${doc.operation}\`. Các dòng đi qua đúng quy trình của tệp nhập (kiểm tra, lỗi từng dòng, thông báo); dòng về hồ sơ hay xã của tỉnh khác bị từ chối. \`errors[].row\` đếm từ 1.`,
      security: [{ [bearer.name]: [] }],
      request: {
        headers: idempotencyHeader,
        body: { required: true, content: { 'application/json': { schema: rowsBody(kind, opts.maxRows) } } },
      },
      responses: {
        200: {
          description: 'Đã xử lý; các dòng lỗi nằm trong errors / done',
          content: { 'application/json': { schema: pushResult } },
        },
        ...errors({ 413: `Quá ${opts.maxRows} dòng hoặc nội dung quá lớn / too many rows` }),
      },
    });
  }
  const created = z.looseObject({
    id: z.string(),
    broadcast: z.looseObject({ id: z.string(), state: z.enum(BROADCAST_STATES) }),
    preview: z.looseObject({ people: z.int(), approvalRequired: z.boolean() }),
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/broadcasts',
    summary: 'Tạo thông báo của tỉnh (bản nháp với draft: true) / create a province broadcast',
    description:
      'Quyền: `broadcasts`. Trên ngưỡng phê duyệt, thông báo chờ một quản trị viên tỉnh duyệt; khóa API không tự duyệt.',
    security: [{ [bearer.name]: [] }],
    request: {
      headers: idempotencyHeader,
      body: { required: true, content: { 'application/json': { schema: BROADCAST_REQUEST } } },
    },
    responses: {
      201: { description: 'Đã tạo / created', content: { 'application/json': { schema: created } } },
      ...errors(),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/broadcasts/preview',
    summary: 'Xem trước, không lưu gì / preview, nothing stored',
    security: [{ [bearer.name]: [] }],
    request: { body: { required: true, content: { 'application/json': { schema: BROADCAST_REQUEST } } } },
    responses: {
      200: {
        description: 'Bản xem trước / the preview',
        content: { 'application/json': { schema: z.looseObject({ preview: z.looseObject({}) }) } },
      },
      ...errors(),
    },
  });
  const id = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/) });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/broadcasts/{id}/submit',
    summary: 'Gửi bản nháp đi / submit a draft',
    security: [{ [bearer.name]: [] }],
    request: { params: id, headers: idempotencyHeader },
    responses: {
      200: { description: 'Đã gửi / submitted', content: { 'application/json': { schema: created } } },
      ...errors({ 404: 'Không tìm thấy / not found' }),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/broadcasts/{id}',
    summary: 'Thông báo và tiến độ gửi / a broadcast and its progress',
    security: [{ [bearer.name]: [] }],
    request: { params: id },
    responses: {
      200: {
        description: 'Thông báo / the broadcast',
        content: {
          'application/json': {
            schema: z.looseObject({ id: z.string(), broadcast: z.looseObject({}), progress: z.looseObject({}) }),
          },
        },
      },
      ...errors({ 404: 'Không tìm thấy / not found' }),
    },
  });
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Tin An Sinh — API cho hệ thống / machine API',
      version: '1',
      description:
        'Đẩy trạng thái chi trả, biến động đối tượng, kết quả xác thực và tạo thông báo thay cho gửi tệp. Khóa API do quản trị viên tỉnh cấp. / Push payment statuses, beneficiary changes and verification results instead of files; create broadcasts.',
    },
    servers: [{ url: opts.publicUrl }],
  });
}
