import { mount } from 'svelte';
import { loadPaperData, PAPER_DATA_URL } from './study/load-paper-data';
import type { Notebook, ProviderConfig } from './model';
import type { SandboxAsk } from './sandbox/protocol';
import { createIframeSandbox } from './sandbox/iframe-transport';
import { createDexieStore } from './store/dexie-store';
import { requestPersistentStorage } from './store/request-persistent-storage';
import { createOpenAIProvider } from './providers/openai';
import { withRetry } from './providers/with-retry';
import { withRateLimit } from './providers/with-rate-limit';
import { createRateLimiter, type RateLimiter } from './providers/rate-limiter';
import { createSimulatedProvider, SIMULATED_BASE_URL } from './providers/simulated';
import { parseNotebook } from './format/parse-notebook';
import { slugFromFilename } from './format/slug-from-filename';
import { AppState } from './state/app-state.svelte';
import { Router } from './state/router.svelte';
import App from './ui/App.svelte';
import './ui/app.css';

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
  if (ask.method !== 'loadPaperData') throw new Error(`The sandbox asked for something unknown: ${String((ask as { method?: unknown }).method)}`);
  if (ask.baseUrl !== undefined && ask.baseUrl.replace(/\/+$/, '') !== PAPER_DATA_URL) throw new Error(`study.loadPaperData() downloads only from ${PAPER_DATA_URL}`);
  return loadPaperData(window.fetch.bind(window));
}

/** One rate limiter per endpoint, shared by every run that calls it. */
const limiters = new Map<string, RateLimiter>();
function limiterFor(config: ProviderConfig): RateLimiter {
  const key = `${config.baseURL}|${config.rpm ?? ''}|${config.tpm ?? ''}`;
  let limiter = limiters.get(key);
  if (!limiter) limiters.set(key, (limiter = createRateLimiter({ rpm: config.rpm, tpm: config.tpm })));
  return limiter;
}

const store = createDexieStore();
const app = new AppState({
  store,
  providerFactory: (config) =>
    config.baseURL === SIMULATED_BASE_URL
      ? createSimulatedProvider()
      : withRetry(withRateLimit(createOpenAIProvider({ ...config, maxRetries: 0 }), limiterFor(config)), { maxRetries: config.maxRetries ?? 6 }),
  shipped: shippedNotebooks(),
  sandbox: () => createIframeSandbox(),
  answer: answerSandbox,
  storageEstimate: async () => {
    const estimate = await navigator.storage?.estimate?.();
    return { usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, persisted: (await navigator.storage?.persisted?.()) ?? false };
  },
});
void app.load();

// For the browser console and browser tests: a cell's status and value by name (a
// Promise; the value comes from the sandbox as plain data, tables as rows, elements as `<tag>`).
Object.defineProperty(window, 'motivelab', {
  value: Object.freeze({
    cell: async (name: string) => (await app.current?.cellByName(name)) ?? null,
    /** Imports a notebook's text as if from a file: it opens untrusted (the files UI uses the same call). */
    importNotebookText: (text: string, from: { kind: 'file' | 'url' | 'bundle'; name: string }) => app.importNotebookText(text, from),
  }),
});
void requestPersistentStorage();

mount(App, { target: document.getElementById('app')!, props: { app, router: new Router(window) } });
