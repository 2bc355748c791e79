import type { BatchProviderFactory, Endpoint, EndpointId, Notebook, NotebookId, NotebookImport, ProviderFactory, Store } from '../model';
import { localDay, newEndpointId, newNotebookId, SIMULATED_ENDPOINT } from '../model';
import { withKeyRedaction } from '../providers/with-key-redaction';
import type { LoadParquet } from '../data-files/parquet-codec';
import type { SandboxAsk, SandboxFactory } from '../sandbox/protocol';
import type { NotebookState } from './notebook-state.svelte';
import { NotebookLibrary } from './notebook-library';

/** A row of the notebook list. */
export interface NotebookSummary {
  readonly id: NotebookId;
  readonly title: string;
  readonly origin: 'shipped' | 'user';
  readonly updatedAt: number;
  readonly cellCount: number;
}

/** A draft endpoint from the Settings form. */
export interface EndpointDraft {
  readonly id?: EndpointId;
  readonly name: string;
  readonly baseURL: string;
  readonly apiKey: string;
  readonly rpm?: number;
  readonly tpm?: number;
  readonly timeoutSeconds?: number;
  readonly concurrency?: number;
  /** Batch API input files hold one model each. */
  readonly batchOneModelPerFile?: boolean;
  /** Spend limits and the confirm-above threshold, US$ (see Endpoint). */
  readonly spendLimitDayUsd?: number;
  readonly spendLimitRunUsd?: number;
  readonly confirmAboveUsd?: number;
}

/** What the app is made of; chosen in main.ts. */
export interface AppDeps {
  readonly store: Store;
  readonly providerFactory: ProviderFactory;
  /** The Batch API of an endpoint. */
  readonly batchProviderFactory?: BatchProviderFactory;
  /** Notebooks bundled from cells/ at build time. */
  readonly shipped: readonly Notebook[];
  /** Makes the sandbox that evaluates a notebook's code cells (an iframe in the app, in-process in unit tests). */
  readonly sandbox: SandboxFactory;
  /** Answers what a sandbox asks of the page (e.g. the study's data, fetched by the page). */
  answer(ask: SandboxAsk): Promise<unknown>;
  /** The browser's storage estimate and persistence (navigator.storage), where available. */
  readonly storageEstimate?: () => Promise<{ usage: number | null; quota: number | null; persisted: boolean }>;
  /** Loads the Parquet codec on first use (lazily, it is a large wasm file). */
  readonly loadParquet?: LoadParquet;
  /** How notebooks are fetched by URL (`?notebook=<url>`); the browser's fetch by default. */
  readonly fetch?: typeof globalThis.fetch;
  /** The standalone build's HTML, the template of one-file exports. */
  readonly standaloneHtml?: () => Promise<string>;
  /** Endpoints and keys live only as long as the page (a one-file copy): Settings says so. */
  readonly keysInMemory?: boolean;
}

/** What this browser holds for Motivelab, for the Storage panel. */
export interface StorageReport {
  readonly trials: number;
  readonly cached: number;
  readonly usage: number | null;
  readonly quota: number | null;
  readonly persisted: boolean;
}

/** App-wide state: the notebook list, endpoints, and the open notebook. */
export class AppState {
  notebooks = $state.raw<NotebookSummary[]>([]);
  endpoints = $state.raw<Endpoint[]>([]);
  current = $state.raw<NotebookState | null>(null);
  loadError = $state<string | null>(null);

  readonly #library: NotebookLibrary;

  constructor(readonly deps: AppDeps) {
    this.#library = new NotebookLibrary(deps.store, deps.shipped);
  }

  async load(): Promise<void> {
    try {
      await Promise.all([this.refreshNotebooks(), this.refreshEndpoints()]);
    } catch (error) {
      this.loadError = `Could not open this browser's Motivelab storage: ${(error as Error).message}`;
    }
  }

  async refreshNotebooks(): Promise<void> {
    const stored = await this.deps.store.listNotebooks();
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
    const byId = new Map<string, Notebook>(this.deps.shipped.map((n) => [n.id, n]));
    for (const n of stored) byId.set(n.id, n);
    this.notebooks = [...byId.values()]
      .map((n) => ({ id: n.id, title: n.title, origin: n.origin, updatedAt: n.updatedAt, cellCount: n.cells.length }))
      .sort((a, b) => (a.origin === b.origin ? a.title.localeCompare(b.title) : a.origin === 'shipped' ? -1 : 1));
  }

  async refreshEndpoints(): Promise<void> {
    this.endpoints = await this.deps.store.listEndpoints();
    // An endpoint added, renamed or pointed elsewhere changes which trials the open notebook's cells show.
    this.current?.identity.sync();
  }

  /** Opens a notebook: the user's saved edits win over the shipped version. */
  async open(id: NotebookId): Promise<NotebookState | null> {
    if (this.current?.notebook.id === id) return this.current;
    this.current?.dispose();
    this.current = null;
    const shipped = this.deps.shipped.find((n) => n.id === id);
    const stored = await this.deps.store.getNotebook(id);
    // A shipped notebook stored unedited (only its view setting) opens as shipped now, with that setting.
    const nb = stored && shipped && stored.updatedAt === 0 ? { ...shipped, ...(stored.presenting && { presenting: true }) } : (stored ?? shipped);
    if (!nb) return null;
    // An open notebook's state (runner, data tables, sandbox client) is its own chunk: the list does not load it.
    const { NotebookState } = await import('./notebook-state.svelte');
    const state = new NotebookState(nb, {
      ...(shipped && { shipped }),
      store: this.deps.store,
      providerFactory: this.deps.providerFactory,
      sandbox: this.deps.sandbox,
      answer: (ask) => this.deps.answer(ask),
      endpoints: () => this.runnableEndpoints,
      ...(this.deps.batchProviderFactory && { batchProviderFactory: this.deps.batchProviderFactory }),
      ...(this.deps.loadParquet && { loadParquet: this.deps.loadParquet }),
      ...(this.deps.standaloneHtml && { standaloneHtml: this.deps.standaloneHtml }),
    });
    this.current = state;
    await state.open();
    return state;
  }

  close(): void {
    this.current?.dispose();
    this.current = null;
  }

  async createNotebook(): Promise<NotebookId> {
    const nb: Notebook = { id: newNotebookId(), title: 'Untitled notebook', cells: [], origin: 'user', updatedAt: Date.now() };
    await this.deps.store.putNotebook(nb);
    await this.refreshNotebooks();
    return nb.id;
  }

  /** Stores a notebook file's text as a new user notebook, marked as imported; returns its id. */
  async importNotebookText(text: string, from: Omit<NotebookImport, 'at'>): Promise<NotebookId> {
    return this.#afterChange(await this.#library.importBytes(new TextEncoder().encode(text), from));
  }

  /** Imports a notebook file the user picked or dropped (checked for size, type and format first). */
  async importNotebookFile(file: { readonly name: string; readonly bytes: Uint8Array }): Promise<NotebookId> {
    return this.#afterChange(await this.#library.importBytes(file.bytes, { kind: 'file', name: file.name }));
  }

  /** Fetches a notebook by URL and stores it as a user notebook; the same unchanged URL opens the earlier copy. */
  async openNotebookUrl(url: string): Promise<NotebookId> {
    return this.#afterChange(await this.#library.importUrl(url, this.deps.fetch ?? globalThis.fetch.bind(globalThis)));
  }

  /** Copies a notebook (shipped or yours) with its imported data tables as a new user notebook; trials are not copied. */
  async duplicateNotebook(id: NotebookId): Promise<NotebookId> {
    return this.#afterChange(await this.#library.duplicate(await this.#notebook(id)));
  }

  /** Renames a user notebook. */
  async renameNotebook(id: NotebookId, title: string): Promise<void> {
    if (this.current?.notebook.id === id) await this.current.setTitle(this.#library.checkTitle(title));
    else await this.#library.rename(await this.#notebook(id), title);
    await this.refreshNotebooks();
  }

  /** Deletes a user notebook with its trials, run history and imported tables. Shipped notebooks cannot be deleted. */
  async deleteNotebook(id: NotebookId): Promise<void> {
    const nb = await this.#notebook(id);
    if (this.current?.notebook.id === id) this.close();
    await this.#library.delete(nb);
    await this.refreshNotebooks();
  }

  async #notebook(id: NotebookId): Promise<Notebook> {
    const nb = (await this.deps.store.getNotebook(id)) ?? this.deps.shipped.find((n) => n.id === id);
    if (!nb) throw new Error(`There is no notebook “${id}” in this browser`);
    return nb;
  }

  async #afterChange(id: NotebookId): Promise<NotebookId> {
    await this.refreshNotebooks();
    return id;
  }

  /** True in a one-file copy, where keys are kept in memory until the page closes, never stored. */
  get keysInMemory(): boolean {
    return this.deps.keysInMemory ?? false;
  }

  /** What experiment cells can name: the built-in simulated participant, then the user's endpoints. */
  get runnableEndpoints(): readonly Endpoint[] {
    return [SIMULATED_ENDPOINT, ...this.endpoints];
  }

  async saveEndpoint(draft: EndpointDraft): Promise<void> {
    const name = draft.name.trim();
    if (!name) throw new Error('An endpoint needs a name');
    if (name === SIMULATED_ENDPOINT.name) throw new Error(`'${name}' is the built-in simulated participant; choose another name`);
    if (this.endpoints.some((e) => e.name === name && e.id !== draft.id)) throw new Error(`An endpoint named '${name}' exists already`);
    const prev = this.endpoints.find((e) => e.id === draft.id);
    await this.deps.store.putEndpoint({
      id: draft.id ?? newEndpointId(),
      name,
      baseURL: draft.baseURL.trim().replace(/\/+$/, ''),
      apiKey: draft.apiKey,
      createdAt: prev?.createdAt ?? Date.now(),
      ...limit('rpm', draft.rpm),
      ...limit('tpm', draft.tpm),
      ...limit('timeoutSeconds', draft.timeoutSeconds),
      ...limit('concurrency', draft.concurrency),
      ...(draft.batchOneModelPerFile && { batchOneModelPerFile: true }),
      ...money('spendLimitDayUsd', draft.spendLimitDayUsd),
      ...money('spendLimitRunUsd', draft.spendLimitRunUsd),
      ...money('confirmAboveUsd', draft.confirmAboveUsd),
    });
    await this.refreshEndpoints();
  }

  /** US$ the named endpoint has spent today (local day), as stored by its runs. */
  spentToday(name: string): Promise<number> {
    return this.deps.store.daySpend(name, localDay());
  }

  /** Trials, cached replies and the browser's storage use. */
  async storageReport(): Promise<StorageReport> {
    const [trials, cached, estimate] = await Promise.all([
      this.deps.store.countTrials(),
      this.deps.store.countCached(),
      this.deps.storageEstimate?.().catch(() => null) ?? Promise.resolve(null),
    ]);
    return { trials, cached, usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, persisted: estimate?.persisted ?? false };
  }

  /** Deletes every cached reply; trials are kept. Returns how many were deleted. */
  clearCache(): Promise<number> {
    return this.deps.store.clearCache();
  }

  async deleteEndpoint(id: EndpointId): Promise<void> {
    await this.deps.store.deleteEndpoint(id);
    await this.refreshEndpoints();
  }

  /** Lists the endpoint's models, or says in words why it could not. */
  async testEndpoint(draft: { baseURL: string; apiKey: string }): Promise<{ ok: true; models: string[] } | { ok: false; error: string }> {
    try {
      const provider = withKeyRedaction(this.deps.providerFactory({ baseURL: draft.baseURL.trim(), apiKey: draft.apiKey, timeoutMs: 15_000, maxRetries: 0 }), draft.apiKey);
      return { ok: true, models: await provider.listModels() };
    } catch (error) {
      return { ok: false, error: (error as Error).message };
    }
  }
}

/** A positive limit, or nothing (the default applies); anything else is an error naming the field. */
function limit(field: 'rpm' | 'tpm' | 'timeoutSeconds' | 'concurrency', value: number | undefined): Record<string, number> {
  if (value === undefined || value === null || Number.isNaN(value)) return {};
  const label = { rpm: 'RPM', tpm: 'TPM', timeoutSeconds: 'Timeout', concurrency: 'Concurrent requests' }[field];
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${label} must be a positive number`);
  if (field === 'concurrency' && (!Number.isInteger(value) || value > 64)) throw new Error(`${label} must be a whole number from 1 to 64`);
  return { [field]: value };
}

/** An amount in US$ (0 allowed: spend nothing, ask always), or nothing; anything else is an error naming the field. */
function money(field: 'spendLimitDayUsd' | 'spendLimitRunUsd' | 'confirmAboveUsd', value: number | undefined): Record<string, number> {
  if (value === undefined || value === null || Number.isNaN(value)) return {};
  const label = { spendLimitDayUsd: 'Spend limit per day', spendLimitRunUsd: 'Spend limit per run', confirmAboveUsd: 'Confirm above' }[field];
  if (!Number.isFinite(value) || value < 0) throw new Error(`${label} must be an amount in US$ of 0 or more`);
  return { [field]: value };
}
