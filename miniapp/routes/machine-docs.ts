import { Router } from 'express';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineOpenApi } from '../http/machine-openapi.js';
import { MACHINE_BASE } from './machine-api.js';

const SWAGGER_UI = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const VIEWER_FILES = new Set(['swagger-ui.css', 'swagger-ui-bundle.js']);
const INITIALIZER = fileURLToPath(new URL('../public/api-docs.js', import.meta.url));

const PAGE = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tin An Sinh — API cho hệ thống / machine API</title>
<link rel="stylesheet" href="${MACHINE_BASE}/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${MACHINE_BASE}/docs/swagger-ui-bundle.js"></script>
<script src="${MACHINE_BASE}/docs/init.js"></script>
</body>
</html>`;

/**
 * The machine API's OpenAPI document (generated once from the routes' zod schemas) and Swagger UI
 * to read it, served from our own origin: no key needed to read how to use a key.
 */
export function machineDocs(opts: { maxRows: number; publicUrl: string }): Router {
  const r = Router();
  const document = JSON.stringify(machineOpenApi(opts));
  r.get(`${MACHINE_BASE}/openapi.json`, (_req, res) => {
    res.set('cache-control', 'public, max-age=300').type('json').send(document);
  });
  r.get(`${MACHINE_BASE}/docs`, (_req, res) => {
    res.set('cache-control', 'public, max-age=300').type('html').send(PAGE);
  });
  r.get(`${MACHINE_BASE}/docs/init.js`, (_req, res) => {
    res.set('cache-control', 'public, max-age=300').sendFile(INITIALIZER);
  });
  // Only the viewer's two files: the package's own index.html would load a demo document from the internet.
  r.get(`${MACHINE_BASE}/docs/:file`, (req, res, next) => {
    const file = String(req.params.file);
    if (!VIEWER_FILES.has(file)) return next();
    res.sendFile(path.join(SWAGGER_UI, file), { maxAge: '1h' });
  });
  return r;
}
