import type { NotebookId, Store } from '../model';
import { notebookOfBundle, type NotebookBundle } from '../format/notebook-bundle';
import { keyTrialsByEndpoint } from '../experiments/key-trials-by-endpoint';

/**
 * Puts an opened one-file export's notebook, trials and runs into the store, the first time the
 * file is opened; later openings keep what the viewer did since (edits, re-runs). The file
 * itself never changes. Returns the notebook's id.
 */
export async function installBundle(store: Store, bundle: NotebookBundle, fileName: string): Promise<NotebookId> {
  const notebook = notebookOfBundle(bundle, fileName);
  if (await store.getNotebook(notebook.id)) return notebook.id;
  // A file exported before keys named their endpoint carries trials keyed the old way.
  await store.putTrials(keyTrialsByEndpoint(bundle.trials, bundle.runs));
  for (const run of bundle.runs) await store.putRun(run);
  // The notebook last: a bundle whose trials could not be stored is installed again next time.
  await store.putNotebook(notebook);
  return notebook.id;
}
