/// <reference types="vitest/config" />
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Built into the server's output: the NestJS app serves dist/web at `/` (src/web/web-app.ts).
export default defineConfig({
  plugins: [vue()],
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
