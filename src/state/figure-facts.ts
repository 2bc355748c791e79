import type { CellId } from '../model';
import type { NotebookState } from './notebook-state.svelte';
import { upstreamExperiments } from './upstream-experiments';

/** What a downloaded figure says about where it came from: the notebook, when its data were collected, and how many answered trials. */
export interface FigureFacts {
  readonly notebookTitle: string;
  /** The cell's name, for the file name. */
  readonly name: string;
  /** The day (UTC, YYYY-MM-DD) of the latest trial the figure reads, or null when it reads none. */
  readonly runDate: string | null;
  /** Answered trials (status ok) of the current plans of the experiments the figure reads, or null when it reads none (or a plan it reads is still being expanded: no count rather than a wrong one). */
  readonly n: number | null;
}

/** The facts of a figure cell, from the trials of the experiments it reads (directly or through other cells). */
export function figureFacts(nb: NotebookState, id: CellId): FigureFacts {
  const cells = nb.notebook.cells;
  const cell = cells.find((c) => c.id === id);
  const name = cell && 'name' in cell ? cell.name : 'figure';
  const experiments = upstreamExperiments(cells, nb.identity.host.inputs, id);
  if (experiments.length === 0) return { notebookTitle: nb.notebook.title, name, runDate: null, n: null };
  const splits = experiments.map((e) => nb.identity.trials(e));
  if (splits.some((s) => s.expanding)) return { notebookTitle: nb.notebook.title, name, runDate: null, n: null };
  const trials = splits.flatMap((s) => s.current);
  const latest = trials.reduce((t, x) => Math.max(t, x.endedAt), 0);
  return {
    notebookTitle: nb.notebook.title,
    name,
    runDate: latest > 0 ? new Date(latest).toISOString().slice(0, 10) : null,
    n: trials.filter((t) => t.status === 'ok').length,
  };
}
