import type { Notebook, Store } from '../model';
import { notebookHash } from '../format/notebook-hash';

/**
 * Whether a notebook's code may run: shipped notebooks and the user's own always; one that came
 * from a file, a URL or a bundle only once the user trusted this exact content (by hash).
 */
export async function isNotebookTrusted(notebook: Notebook, store: Store): Promise<boolean> {
  if (!notebook.importedFrom) return true;
  return store.isTrusted(await notebookHash(notebook));
}

/** Remembers that the user trusts this exact content of the notebook. */
export async function trustNotebook(notebook: Notebook, store: Store): Promise<void> {
  await store.putTrust(await notebookHash(notebook));
}

/** Why a code cell of an untrusted notebook shows no value. */
export function notRunMessage(notebook: Notebook): string {
  const from = notebook.importedFrom;
  const where = !from ? 'elsewhere' : from.kind === 'url' ? `the URL ${from.name}` : from.kind === 'bundle' ? `the bundle ${from.name}` : `the file ${from.name}`;
  return `Not run: this notebook came from ${where}; Trust to run its code.`;
}
