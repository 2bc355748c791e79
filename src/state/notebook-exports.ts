import type { NotebookState } from './notebook-state.svelte';
import { makeBundle } from '../format/notebook-bundle';
import { embedBundle } from '../format/embed-bundle';
import { provenanceOf } from '../format/provenance-of';
import { exportStem } from './export-stem';

/** A file to download: its name, content and media type. */
export interface ExportFile {
  readonly filename: string;
  readonly content: string;
  readonly type: string;
}

/** The provenance of every run of the notebook, as `<title>-provenance.json`. */
export async function provenanceFile(nb: NotebookState): Promise<ExportFile> {
  const doc = provenanceOf(await nb.runHistory());
  return { filename: `${exportStem(nb.notebook.title)}-provenance.json`, content: `${JSON.stringify(doc, null, 2)}\n`, type: 'application/json' };
}

/**
 * The notebook as one self-contained HTML file: the standalone app (from `deps.standaloneHtml`)
 * with the notebook, its trials and its runs (with provenance) embedded.
 */
export async function oneFileExport(nb: NotebookState): Promise<ExportFile> {
  const load = nb.deps.standaloneHtml;
  if (!load) throw new Error('One-file export is not available here: build the app (npm run build) and open it from dist/');
  const experiments = nb.notebook.cells.filter((c) => c.kind === 'experiment');
  // Whole trials from the store: the page holds them without their prompts, which the copy carries.
  const [template, runs, perCell] = await Promise.all([load(), nb.runHistory(), Promise.all(experiments.map((c) => nb.deps.store.trialsForCell(nb.notebook.id, c.id)))]);
  const trials = perCell.flat();
  const bundle = makeBundle(nb.notebook, trials, [...runs].reverse(), __APP_VERSION__, Date.now());
  return { filename: `${exportStem(nb.notebook.title)}.html`, content: embedBundle(template, bundle), type: 'text/html' };
}
