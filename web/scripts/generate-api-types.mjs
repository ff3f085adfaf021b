// Writes src/api/schema.d.ts from the server's OpenAPI document, so the screens
// type-check against the contract: a build fails when they disagree.
//
// loadDocument() is the one place that knows where the document comes from:
// today it starts the built server (dist/, from `npm run build:server`) on a
// free port with an embedded SQLite database in a temporary folder and fetches
// /api/docs-json. When the root script that writes the document without a
// server lands, replace loadDocument() with a read of that file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const webDir = fileURLToPath(new URL('..', import.meta.url));
const rootDir = join(webDir, '..');
const target = join(webDir, 'src', 'api', 'schema.d.ts');

async function loadDocument() {
  const dist = (path) => pathToFileURL(join(rootDir, 'dist', 'src', path)).href;
  const { createApp } = await import(dist('bootstrap.js'));
  const { loadConfig } = await import(dist('config/app-config.js'));
  const dataDir = mkdtempSync(join(tmpdir(), 'gongwen-api-types-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    AUTH_SECRET: 'api-types-only-'.padEnd(40, 'x'),
    DEMO_PASSWORD: 'api-types-only',
    OUTBOX_POLL_MS: '0',
    SCHEDULER_POLL_MS: '0',
  });
  const app = await createApp({ config, logger: false });
  try {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address();
    const res = await fetch(`http://127.0.0.1:${port}/api/docs-json`);
    if (!res.ok) throw new Error(`GET /api/docs-json answered ${res.status}`);
    return await res.json();
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const document = await loadDocument();
const ast = await openapiTS(document, { alphabetize: true });
const header =
  "// Generated from the server's OpenAPI document by web/scripts/generate-api-types.mjs: do not edit.\n// Regenerate with `npm run web:api-types` at the root after changing the API.\n\n";
writeFileSync(target, header + astToString(ast));
console.log(`wrote ${target}: ${Object.keys(document.paths ?? {}).length} paths`);
