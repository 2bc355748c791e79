import { defineConfig } from 'vitest/config';
import { build, type Plugin, type Rollup } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { readFileSync } from 'node:fs';
import { singleFilePlugin } from './scripts/single-file-plugin.ts';
import { pageCspPlugin } from './scripts/page-csp.ts';
import { lazyLibraries } from './scripts/lazy-libraries.ts';
import { fileURLToPath } from 'node:url';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/** The sandbox's inline scripts (the relay's and the cell frame's) as the last build made them: the page's CSP allows them by hash, since srcdoc frames inherit it. */
const sandboxScripts = new Map<string, string>();

const SANDBOX_ENTRY = fileURLToPath(new URL('./src/sandbox/sandbox-main.ts', import.meta.url));
const RELAY_ENTRY = fileURLToPath(new URL('./src/sandbox/relay-main.ts', import.meta.url));
/** What the sandbox carries as text and runs on first use (scripts/lazy-libraries.ts). */
const SANDBOX_LAZY_LIBRARIES = {
  compromise: { entry: fileURLToPath(new URL('./src/sandbox/lazy/compromise-library.ts', import.meta.url)), functions: ['default'] },
  'gpt-tokenizer': { entry: fileURLToPath(new URL('./src/sandbox/lazy/tokenizer-library.ts', import.meta.url)), functions: ['countTokens'] },
};

// CPU profiles name functions as written when the build is not minified (`npm run bench -- scale` with SCALE_PROFILE).
const READABLE = process.env.MOTIVELAB_READABLE_BUILD === '1';

/**
 * `virtual:sandbox-code`: the sandbox (src/sandbox/sandbox-main.ts with the runtime, Arquero,
 * Plot, the statistics and the study helpers) bundled into one IIFE string, which the page puts
 * inline in the sandboxed iframe's srcdoc. Inline, so the sandbox loads with no network, from
 * any static host and from file://. `virtual:sandbox-relay-code` is the small relay
 * (src/sandbox/relay-main.ts) that holds the page's port in the outer frame and runs that code in
 * an inner frame of its own (see DEVELOPERS.md, "The sandbox").
 */
function sandboxCode(id = 'virtual:sandbox-code', entry = SANDBOX_ENTRY): Plugin {
  return {
    name: `motivelab-${id.slice('virtual:'.length)}`,
    resolveId: (source) => (source === id ? `\0${id}` : null),
    async load(resolved) {
      if (resolved !== `\0${id}`) return null;
      const out = (await build({
        configFile: false,
        logLevel: 'warn',
        plugins: entry === SANDBOX_ENTRY ? [lazyLibraries(SANDBOX_LAZY_LIBRARIES)] : [],
        build: {
          write: false,
          target: 'es2022',
          minify: !READABLE,
          lib: { entry, formats: ['iife'], name: 'motivelabSandbox', fileName: () => 'sandbox.js' },
        },
      })) as Rollup.RollupOutput | Rollup.RollupOutput[];
      const chunk = (Array.isArray(out) ? out[0] : out).output.find((o): o is Rollup.OutputChunk => o.type === 'chunk')!;
      for (const file of chunk.moduleIds ?? []) if (!file.startsWith('\0')) this.addWatchFile(file);
      // The code sits inside a <script> element: no "</script" may end it early, and no "<!--" or
      // "<script" may switch the HTML parser into its escaped states. They occur only in string
      // and template literals (gpt-tokenizer's vocabulary), where \x3C means the same "<".
      const script = chunk.code.replace(/<(!--|\/?script)/gi, '\\x3C$1');
      sandboxScripts.set(id, script);
      return `export default ${JSON.stringify(script)};`;
    },
  };
}

/**
 * `vite build` makes the static site in dist/. `vite build --mode standalone` then adds
 * dist/standalone.html: the whole app in one file (no code splitting, every asset inlined), the
 * template of one-file notebook exports.
 */
export default defineConfig(({ mode }) => ({
  base: './',
  plugins: [
    svelte(),
    sandboxCode(),
    sandboxCode('virtual:sandbox-relay-code', RELAY_ENTRY),
    pageCspPlugin(() => (sandboxScripts.size === 2 ? [...sandboxScripts.values()] : null)),
    ...(mode === 'standalone' ? [singleFilePlugin('standalone.html', new URL('./public', import.meta.url).pathname)] : []),
  ],
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
      : { target: 'es2022', chunkSizeWarningLimit: 2000, ...(READABLE && { minify: false }) },
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
