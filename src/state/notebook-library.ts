import type { Dataset, Notebook, NotebookId, NotebookImport, Store } from '../model';
import { isNotebookTrusted, trustNotebook } from './notebook-trust';
import { datasetId, newNotebookId } from '../model';
import { serializeNotebook } from '../format/serialize-notebook';
import { DataFileError } from '../data-files/data-file-error';
import { MAX_NOTEBOOK_FILE_BYTES, sizeProblem } from '../data-files/limits';
import { notebookFromBytes } from './notebook-import';

/** The notebook files a user manages: import from a file or URL, duplicate, rename, delete. */
export class NotebookLibrary {
  constructor(
    private readonly store: Store,
    private readonly shipped: readonly Notebook[],
  ) {}

  /** Checks and stores a notebook file's bytes; nothing is stored when a check fails. */
  async importBytes(bytes: Uint8Array, from: Omit<NotebookImport, 'at'>): Promise<NotebookId> {
    const nb = notebookFromBytes(bytes, from);
    await this.store.putNotebook(nb);
    return nb.id;
  }

  /** Fetches a notebook; an unchanged notebook from the same URL is not stored twice. */
  async importUrl(url: string, fetch: typeof globalThis.fetch): Promise<NotebookId> {
    const fail = (problem: string, cause?: unknown): never => {
      throw new DataFileError(url, problem, { cause });
    };
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch (error) {
      fail('it is not a valid URL', error);
    }
    if (parsed!.protocol !== 'https:' && parsed!.protocol !== 'http:') fail(`only http and https URLs can be opened, not ${parsed!.protocol}`);
    let response: Response;
    try {
      response = await fetch(url, { credentials: 'omit' });
    } catch (error) {
      return fail(`the request failed (${(error as Error).message}): the server may be unreachable or may not allow other sites to read it (CORS)`, error);
    }
    if (!response.ok) fail(`the server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
    const tooBig = sizeProblem(Number(response.headers.get('content-length') ?? 0), MAX_NOTEBOOK_FILE_BYTES);
    if (tooBig) fail(tooBig);
    const nb = notebookFromBytes(new Uint8Array(await response.arrayBuffer()), { kind: 'url', name: url });
    const text = serializeNotebook(nb);
    const same = (await this.store.listNotebooks()).find((n) => n.importedFrom?.kind === 'url' && n.importedFrom.name === url && serializeNotebook(n) === text);
    if (same) return same.id;
    await this.store.putNotebook(nb);
    return nb.id;
  }

  /** A user copy of a notebook and its imported tables (not its trials or runs), stored in one transaction. */
  async duplicate(nb: Notebook): Promise<NotebookId> {
    const id = newNotebookId();
    const copy: Notebook = { ...nb, id, title: `${nb.title} (copy)`, origin: 'user', updatedAt: Date.now() };
    const datasets: Dataset[] = (await this.store.listDatasets(nb.id)).map((d) => ({ ...d, id: datasetId(id, d.cellId), notebookId: id }));
    await carryTrust(nb, copy, this.store);
    await this.store.putNotebookWithDatasets(copy, datasets);
    return id;
  }

  async rename(nb: Notebook, title: string): Promise<void> {
    if (nb.origin === 'shipped') throw new Error(`“${nb.title}” is a shipped notebook: duplicate it to rename your copy`);
    const renamed = { ...nb, title: this.checkTitle(title), updatedAt: Date.now() };
    await carryTrust(nb, renamed, this.store);
    await this.store.putNotebook(renamed);
  }

  /** A title as stored: trimmed, not empty. */
  checkTitle(title: string): string {
    const t = title.replace(/\s+/g, ' ').trim();
    if (!t) throw new Error('A notebook needs a title');
    if (t.length > 200) throw new Error('A notebook title has at most 200 characters');
    return t;
  }

  async delete(nb: Notebook): Promise<void> {
    if (nb.origin === 'shipped' || this.shipped.some((s) => s.id === nb.id)) throw new Error(`“${nb.title}” is a shipped notebook: it cannot be deleted (duplicate it to make your own copy)`);
    await this.store.deleteNotebook(nb.id);
  }
}

/** The user's own rename or copy of a trusted imported notebook stays trusted (its hash changes with the title). */
async function carryTrust(from: Notebook, to: Notebook, store: Store): Promise<void> {
  if (to.importedFrom && (await isNotebookTrusted(from, store))) await trustNotebook(to, store);
}
