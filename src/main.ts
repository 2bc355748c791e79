import { mount } from 'svelte';
import * as aq from 'arquero';
import * as Plot from '@observablehq/plot';
import * as stats from './analysis';
import * as studyKit from './study';
import type { Notebook, ProviderConfig } from './model';
import { createDexieStore } from './store/dexie-store';
import { requestPersistentStorage } from './store/request-persistent-storage';
import { createOpenAIBatchProvider, createOpenAIProvider } from './providers/openai';
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

/** The study helpers with the browser's fetch bound, so a cell can call `study.loadPaperData()`. */
function studyScope() {
  return {
    ...studyKit,
    loadPaperData: (options?: { baseUrl?: string; signal?: AbortSignal }) =>
      studyKit.loadPaperData(window.fetch.bind(window), options),
  };
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
  batchProviderFactory: createOpenAIBatchProvider,
  shipped: shippedNotebooks(),
  scope: { aq, op: aq.op, Plot, stats, study: studyScope() },
  storageEstimate: async () => {
    const estimate = await navigator.storage?.estimate?.();
    return { usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, persisted: (await navigator.storage?.persisted?.()) ?? false };
  },
});
void app.load();

// Read-only, for the browser console and browser tests: a cell's status and value by name, tables as rows.
Object.defineProperty(window, 'motivelab', {
  value: Object.freeze({
    cell(name: string) {
      const c = app.current?.cellByName(name);
      if (!c) return null;
      const v = c.value as { objects?: () => unknown[] } | null;
      return { ...c, value: v instanceof Element ? `<${v.tagName.toLowerCase()}>` : typeof v?.objects === 'function' ? v.objects() : v };
    },
  }),
});
void requestPersistentStorage();

mount(App, { target: document.getElementById('app')!, props: { app, router: new Router(window) } });
