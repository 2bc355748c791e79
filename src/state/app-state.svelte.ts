import type { Endpoint, EndpointId, Notebook, NotebookId, ProviderFactory, Store } from '../model';
import { newEndpointId, newNotebookId, SIMULATED_ENDPOINT } from '../model';
import type { SandboxAsk, SandboxFactory } from '../sandbox/protocol';
import { parseNotebook } from '../format/parse-notebook';
import { NotebookState } from './notebook-state.svelte';

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
}

/** What the app is made of; chosen in main.ts. */
export interface AppDeps {
  readonly store: Store;
  readonly providerFactory: ProviderFactory;
  /** Notebooks bundled from cells/ at build time. */
  readonly shipped: readonly Notebook[];
  /** Makes the sandbox that evaluates a notebook's code cells (an iframe in the app, in-process in unit tests). */
  readonly sandbox: SandboxFactory;
  /** Answers what a sandbox asks of the page (e.g. the study's data, fetched by the page). */
  answer(ask: SandboxAsk): Promise<unknown>;
  /** The browser's storage estimate and persistence (navigator.storage), where available. */
  readonly storageEstimate?: () => Promise<{ usage: number | null; quota: number | null; persisted: boolean }>;
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

  constructor(readonly deps: AppDeps) {}

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
  }

  /** Opens a notebook: the user's saved edits win over the shipped version. */
  async open(id: NotebookId): Promise<NotebookState | null> {
    if (this.current?.notebook.id === id) return this.current;
    this.current?.dispose();
    this.current = null;
    const nb = (await this.deps.store.getNotebook(id)) ?? this.deps.shipped.find((n) => n.id === id);
    if (!nb) return null;
    const state = new NotebookState(nb, {
      store: this.deps.store,
      providerFactory: this.deps.providerFactory,
      sandbox: this.deps.sandbox,
      answer: (ask) => this.deps.answer(ask),
      endpoints: () => this.runnableEndpoints,
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

  /**
   * Stores a notebook that came from a file, a URL or a bundle, as a new notebook of the user's
   * marked with where it came from: its code does not run until the user trusts it.
   */
  async importNotebookText(text: string, from: { kind: 'file' | 'url' | 'bundle'; name: string }): Promise<NotebookId> {
    const parsed = parseNotebook(text, { id: newNotebookId(), origin: 'user' });
    const nb: Notebook = { ...parsed, updatedAt: Date.now(), importedFrom: { kind: from.kind, name: from.name, at: Date.now() } };
    await this.deps.store.putNotebook(nb);
    await this.refreshNotebooks();
    return nb.id;
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
    });
    await this.refreshEndpoints();
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
      const provider = this.deps.providerFactory({ baseURL: draft.baseURL.trim(), apiKey: draft.apiKey, timeoutMs: 15_000, maxRetries: 0 });
      return { ok: true, models: await provider.listModels() };
    } catch (error) {
      return { ok: false, error: (error as Error).message };
    }
  }
}

/** A positive limit, or nothing (the default applies); anything else is an error naming the field. */
function limit(field: 'rpm' | 'tpm' | 'timeoutSeconds', value: number | undefined): Record<string, number> {
  if (value === undefined || value === null || Number.isNaN(value)) return {};
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${field === 'timeoutSeconds' ? 'Timeout' : field.toUpperCase()} must be a positive number`);
  return { [field]: value };
}
