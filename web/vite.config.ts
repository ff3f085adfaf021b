/// <reference types="vitest/config" />
import vue from '@vitejs/plugin-vue';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/**
 * Writes a brotli (.br) and a gzip (.gz) copy beside each text file of the build, once,
 * at the strongest levels: the server sends them to browsers that accept them
 * (src/web/web-app.ts) instead of compressing on every request, or not at all.
 */
function precompress(): Plugin {
  return {
    name: 'gongwen-precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir ?? '';
      const texts = Object.keys(bundle).filter((name) => /\.(?:js|css|html|svg|json)$/.test(name));
      await Promise.all(
        texts.map(async (name) => {
          const path = join(dir, name);
          const data = await readFile(path);
          if (data.length < 1024) return;
          const br = await brotli(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } });
          await writeFile(`${path}.br`, br);
          await writeFile(`${path}.gz`, await gzipped(data, { level: 9 }));
        }),
      );
    },
  };
}

// Built into the server's output: the NestJS app serves dist/web at `/` (src/web/web-app.ts).
export default defineConfig({
  plugins: [vue(), precompress()],
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
      // The roles and other pure workflow facts come from the server's own files, not copies.
      '@workflows': fileURLToPath(new URL('../workflows', import.meta.url)),
    },
  },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
  },
  server: {
    // `npm run dev` in web/ with the API running on :3000 (`npm start` at the root).
    proxy: { '/api': 'http://localhost:3000' },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.spec.ts'],
    // A mounted strategy-table form holds dozens of Element Plus date pickers, each rendering its panel:
    // seconds in happy-dom on a busy two-core machine, not a hang.
    testTimeout: 30_000,
  },
});
