import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** One build, two pages: the console at /console/ and the storefront at /shop/ (assets under /console/assets). */
export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 400,
    rollupOptions: {
      input: {
        console: resolve(import.meta.dirname, 'index.html'),
        shop: resolve(import.meta.dirname, 'shop/index.html'),
      },
    },
  },
});
