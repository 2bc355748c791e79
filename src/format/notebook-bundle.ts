import type { Cell, Notebook, NotebookId, Run, Trial } from '../model';
import { asCellId, asNotebookId } from '../model';
import { parseNotebook } from './parse-notebook';
import { serializeNotebook } from './serialize-notebook';
import { provenanceOf, type ProvenanceDocument } from './provenance-of';

/**
 * What a one-file notebook export embeds: the notebook in its text format, the ids of its cells
 * (so the trials stay attached), its trials and runs with their provenance. Holds no API key.
 */
export interface NotebookBundle {
  readonly format: 'motivelab-bundle';
  readonly version: 1;
  readonly appVersion: string;
  readonly exportedAt: number;
  readonly notebookId: string;
  readonly title: string;
  readonly notebook: string;
  readonly cellIds: readonly { readonly name: string | null; readonly id: string }[];
  readonly trials: readonly Trial[];
  readonly runs: readonly Run[];
  readonly provenance: ProvenanceDocument;
  /** The notebook was in its present view when exported: a shared copy opens in it. Absent in older files. */
  readonly presenting?: boolean;
}

/** The bundle of a notebook with its trials and runs, as exported now. */
export function makeBundle(notebook: Notebook, trials: readonly Trial[], runs: readonly Run[], appVersion: string, exportedAt: number): NotebookBundle {
  return {
    format: 'motivelab-bundle',
    version: 1,
    appVersion,
    exportedAt,
    notebookId: notebook.id,
    title: notebook.title,
    notebook: serializeNotebook(notebook),
    cellIds: notebook.cells.map((c) => ({ name: c.kind === 'markdown' ? null : c.name, id: c.id })),
    trials,
    runs,
    provenance: provenanceOf(runs),
    ...(notebook.presenting && { presenting: true }),
  };
}

/** Reads a bundle's JSON, or throws an error saying what is wrong with it. */
export function parseBundle(json: string): NotebookBundle {
  let value: Partial<NotebookBundle>;
  try {
    value = JSON.parse(json) as Partial<NotebookBundle>;
  } catch (error) {
    throw new Error(`The embedded notebook is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (value?.format !== 'motivelab-bundle') throw new Error('The embedded data is not a Motivelab notebook bundle');
  if (value.version !== 1) throw new Error(`This notebook bundle has version ${String(value.version)}; this Motivelab reads version 1`);
  if (typeof value.notebook !== 'string' || !Array.isArray(value.trials) || !Array.isArray(value.runs) || !Array.isArray(value.cellIds)) {
    throw new Error('The notebook bundle is incomplete: it needs the notebook text, cell ids, trials and runs');
  }
  return value as NotebookBundle;
}

/** The bundle's notebook, with the cell ids its trials refer to, marked as imported from a bundle. */
export function notebookOfBundle(bundle: NotebookBundle, name: string): Notebook {
  const id: NotebookId = asNotebookId(bundle.notebookId);
  const previous: Notebook = {
    id,
    title: bundle.title,
    origin: 'user',
    updatedAt: 0,
    cells: bundle.cellIds.map((c): Cell => (c.name === null ? { kind: 'markdown', id: asCellId(c.id), source: '' } : { kind: 'query', id: asCellId(c.id), name: c.name, source: '' })),
  };
  const nb = parseNotebook(bundle.notebook, { id, origin: 'user', updatedAt: bundle.exportedAt, previous });
  return { ...nb, importedFrom: { kind: 'bundle', name, at: bundle.exportedAt }, ...(bundle.presenting === true && { presenting: true }) };
}
