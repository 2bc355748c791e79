import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { readFileSync } from 'node:fs';
import { singleFilePlugin } from './scripts/single-file-plugin.ts';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * `vite build` makes the static site in dist/. `vite build --mode standalone` then adds
 * dist/standalone.html: the whole app in one file (no code splitting, every asset inlined), the
 * template of one-file notebook exports.
 */
export default defineConfig(({ mode }) => ({
  base: './',
  plugins: mode === 'standalone' ? [svelte(), singleFilePlugin('standalone.html', new URL('./public', import.meta.url).pathname)] : [svelte()],
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  build:
    mode === 'standalone'
      ? {
          target: 'es2022',
          chunkSizeWarningLimit: 20_000,
          emptyOutDir: false,
          copyPublicDir: false,
          modulePreload: false,
          assetsInlineLimit: Number.MAX_SAFE_INTEGER,
          cssCodeSplit: false,
          rolldownOptions: { output: { codeSplitting: false } },
        }
      : { target: 'es2022', chunkSizeWarningLimit: 2000 },
  server: { host: '127.0.0.1' },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
}));
