import { mount } from 'svelte';
import { DEFAULT_LIMITS, type Notebook, type ProviderConfig } from './model';
import type { SandboxAsk, SandboxTransport } from './sandbox/protocol';
import { createIframeSandbox } from './sandbox/iframe-transport';
import { createDexieStore, DATABASE_NAME } from './store/dexie-store';
import { withMemoryEndpoints } from './store/with-memory-endpoints';
import { forgetStoredKeys } from './store/forget-stored-keys';
import { requestPersistentStorage } from './store/request-persistent-storage';
import { createLazyOpenAIBatchProvider, createLazyOpenAIProvider } from './providers/lazy-openai';
import { withRetry } from './providers/with-retry';
import { withRateLimit } from './providers/with-rate-limit';
import { createRateLimiter, type RateLimiter } from './providers/rate-limiter';
import { createConcurrencyLimit, withConcurrency, type ConcurrencyLimit } from './providers/with-concurrency';
import { createSimulatedProvider, SIMULATED_BASE_URL } from './providers/simulated';
import { parseNotebook } from './format/parse-notebook';
import { slugFromFilename } from './format/slug-from-filename';
import { createParquetLoader } from './data-files/parquet-loader';
import type { ParquetWasmModule } from './data-files/parquet-codec';
import { sha256Hex } from './format/notebook-hash';
import { parseBundle, type NotebookBundle } from './format/notebook-bundle';
import { BUNDLE_ELEMENT_ID, BUNDLE_SLOT } from './format/embed-bundle';
import { installBundle } from './state/install-bundle';
import { AppState } from './state/app-state.svelte';
import { parseRoute, Router } from './state/router.svelte';
import App from './ui/App.svelte';
import { loadNotebookPage } from './ui/notebook/notebook-page-loader';
import './ui/app.css';
import './ui/small-screens.css';

// Composition root: the only place where concrete store and provider are chosen.

const files = import.meta.glob('../cells/*.md', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

function shippedNotebooks(): Notebook[] {
  const notebooks: Notebook[] = [];
  for (const [path, text] of Object.entries(files)) {
    try {
      notebooks.push(parseNotebook(text, { id: slugFromFilename(path.split('/').pop()!), origin: 'shipped' }));
    } catch (error) {
      console.error(`Shipped notebook ${path} does not parse: ${(error as Error).message}`);
    }
  }
  return notebooks;
}

/**
 * What the sandbox may ask of the page. Cell code has no network: `study.loadPaperData()` asks
 * here, and the page fetches only from the authors' repository.
 */
async function answerSandbox(ask: SandboxAsk): Promise<unknown> {
  // Loaded on the first ask: it brings Arquero, which the notebook list does not need.
  const { loadPaperData, PAPER_DATA_URL } = await import('./study/load-paper-data');
  if (ask.method !== 'loadPaperData') throw new Error(`The sandbox asked for something unknown: ${String((ask as { method?: unknown }).method)}`);
  if (ask.baseUrl !== undefined && ask.baseUrl.replace(/\/+$/, '') !== PAPER_DATA_URL) throw new Error(`study.loadPaperData() downloads only from ${PAPER_DATA_URL}`);
  return loadPaperData(window.fetch.bind(window));
}

// One sandbox made ahead while the notebook list is idle: the next notebook to open takes it with
// its code already parsed and run (about 1 s of work in the sandbox's process), instead of
// waiting for a new one. It is used by no notebook before that one, so each notebook still gets
// a frame of its own that no other notebook's code has touched.
let spare: SandboxTransport | null = null;
function takeSandbox(): SandboxTransport {
  const sandbox = spare ?? createIframeSandbox();
  spare = null;
  return sandbox;
}
/**
 * On the list, once the browser is idle, fetch and start what opening a notebook needs; `afterMs`
 * first, so that on a cold load this work (~50-200 ms of the page's thread) does not hold up the
 * list's first clicks.
 */
function warmForNextNotebook(afterMs = 0): void {
  const warm = () => {
    if (parseRoute(window.location.hash).page !== 'notebooks') return;
    spare ??= createIframeSandbox();
    // A load that fails here is tried again when a notebook opens.
    void Promise.all([loadNotebookPage(), import('./state/notebook-state.svelte')]).catch(() => undefined);
  };
  setTimeout(() => ('requestIdleCallback' in window ? requestIdleCallback(warm, { timeout: 2000 }) : warm()), afterMs);
}

/** One rate limiter per endpoint, shared by every run that calls it. */
const limiters = new Map<string, RateLimiter>();
function limiterFor(config: ProviderConfig): RateLimiter {
  const key = `${config.baseURL}|${config.rpm ?? ''}|${config.tpm ?? ''}`;
  let limiter = limiters.get(key);
  if (!limiter) limiters.set(key, (limiter = createRateLimiter({ rpm: config.rpm, tpm: config.tpm })));
  return limiter;
}

/** One cap on requests in flight per endpoint, shared by every run that calls it. */
const slots = new Map<string, ConcurrencyLimit>();
function slotsFor(config: ProviderConfig): ConcurrencyLimit {
  const key = `${config.baseURL}|${config.concurrency ?? DEFAULT_LIMITS.concurrency}`;
  let limit = slots.get(key);
  if (!limit) slots.set(key, (limit = createConcurrencyLimit(config.concurrency ?? DEFAULT_LIMITS.concurrency)));
  return limit;
}

// A one-file export: the notebook, trials and runs are embedded in this page (see embed-bundle.ts).
const bundleElement = document.getElementById(BUNDLE_ELEMENT_ID);
let bundle: NotebookBundle | null = null;
let bundleError: string | null = null;
try {
  bundle = bundleElement ? parseBundle(bundleElement.textContent ?? '') : null;
} catch (error) {
  bundleError = (error as Error).message;
}
/** This page's own HTML with its bundle taken out: a one-file copy can export again with no server. */
const standalone = [...document.head.childNodes].some((n) => n.nodeType === Node.COMMENT_NODE && `<!--${(n as Comment).data}-->` === BUNDLE_SLOT);
const ownTemplate = bundleElement || standalone
  ? `<!doctype html>\n${document.documentElement.outerHTML.replace(bundleElement?.outerHTML ?? BUNDLE_SLOT, BUNDLE_SLOT)}`
  : null;

/** The standalone build, fetched from next to this page (it is built with the app into dist/). */
async function standaloneHtml(): Promise<string> {
  if (ownTemplate) return ownTemplate;
  const response = await fetch(new URL('./standalone.html', window.location.href)).catch(() => null);
  const html = response?.ok ? await response.text() : '';
  // The dev server answers any path with index.html: only the standalone build has the slot.
  if (!html.includes(BUNDLE_SLOT)) throw new Error('Build the app (npm run build) to export one-file notebooks: the one-file template, standalone.html, is built with the app into dist/ and is not served here.');
  return html;
}

// Each bundle gets its own database, so opening several never mixes them with each other or with your own data.
const database = createDexieStore(bundle ? { name: `motivelab-bundle-${(await sha256Hex(`${bundle.notebookId}|${bundle.exportedAt}|${bundle.notebook}`)).slice(0, 16)}` } : {});
// Chromium gives every page opened from disk one shared IndexedDB, which any local HTML file can
// read: there, and in any one-file copy, keys stay in this page's memory. Keys that older copies
// stored are deleted, in this copy's database and, on file://, in every Motivelab database.
const fromDisk = window.location.protocol === 'file:';
const keysInMemory = fromDisk || bundleElement !== null;
if (keysInMemory) {
  await forgetStoredKeys(database, fromDisk ? indexedDB : null, (name) => name.startsWith(`${DATABASE_NAME}-bundle-`) || name === DATABASE_NAME).catch((error: Error) =>
    console.warn(`Could not delete keys stored by an older one-file copy: ${error.message}`),
  );
}
const store = keysInMemory ? withMemoryEndpoints(database) : database;
if (bundle) {
  const fileName = decodeURIComponent(window.location.pathname.split('/').pop() || 'notebook.html');
  const id = await installBundle(store, bundle, fileName).catch((error: Error) => ((bundleError = error.message), null));
  if (id && !/^#\/notebook\//.test(window.location.hash)) window.location.hash = `#/notebook/${encodeURIComponent(id)}`;
}
const app = new AppState({
  standaloneHtml,
  store,
  keysInMemory,
  providerFactory: (config) =>
    config.baseURL === SIMULATED_BASE_URL
      ? createSimulatedProvider()
      : withRetry(withConcurrency(withRateLimit(createLazyOpenAIProvider({ ...config, maxRetries: 0 }), limiterFor(config)), slotsFor(config)), { maxRetries: config.maxRetries ?? 6 }),
  batchProviderFactory: createLazyOpenAIBatchProvider,
  shipped: shippedNotebooks(),
  sandbox: takeSandbox,
  answer: answerSandbox,
  // A one-file copy leaves Parquet out (its 5 MB of wasm would triple the file); CSV, JSON and Arrow work there.
  loadParquet: createParquetLoader(
    import.meta.env.MODE === 'standalone'
      ? () => Promise.reject(new Error('a one-file notebook does not include it'))
      : async () => {
          // Only the wasm file's URL: it is fetched when a Parquet file is first read or written.
          const [parquet, wasm] = await Promise.all([import('parquet-wasm/esm'), import('parquet-wasm/esm/parquet_wasm_bg.wasm?url')]);
          await parquet.default({ module_or_path: wasm.default });
          return parquet as unknown as ParquetWasmModule;
        },
  ),
  storageEstimate: async () => {
    const estimate = await navigator.storage?.estimate?.();
    return { usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, persisted: (await navigator.storage?.persisted?.()) ?? false };
  },
});
void app.load().then(() => {
  if (bundleError) app.loadError = `Could not open the notebook embedded in this file: ${bundleError}`;
  warmForNextNotebook(1000);
});
window.addEventListener('hashchange', () => warmForNextNotebook());

// For the browser console and browser tests: a cell's status and value by name (a
// Promise; the value comes from the sandbox as plain data, tables as rows, elements as `<tag>`).
Object.defineProperty(window, 'motivelab', {
  value: Object.freeze({
    cell: async (name: string) => (await app.current?.cellByName(name)) ?? null,
  }),
});
void requestPersistentStorage();

// `?notebook=<url>` opens a notebook file from the web as a user notebook.
const notebookUrl = new URLSearchParams(window.location.search).get('notebook');
mount(App, { target: document.getElementById('app')!, props: { app, router: new Router(window), notebookUrl } });
