import type { SlimTrial, TrialStatus } from '../../model';

/** One column of the replies grid: a model as one endpoint answered it. */
export interface GridColumn {
  readonly key: string;
  readonly endpointName: string;
  readonly model: string;
  /** The model, with its endpoint when the trials come from more than one. */
  readonly label: string;
}

/** One repetition in a grid cell, in repetition order. */
export interface GridReply {
  readonly id: SlimTrial['id'];
  readonly repetition: number;
  readonly status: TrialStatus;
  readonly value: number | null;
}

/** What one model replied to one task (and condition): every repetition, their mean and the first lines of a reply. */
export interface GridCell {
  readonly replies: readonly GridReply[];
  /** Mean of the parsed values (ok trials only), null when none parsed. */
  readonly mean: number | null;
  /** How many parsed values the mean is over. */
  readonly n: number;
  /** The first lines of the first repetition's reply (or its error), shortened. */
  readonly excerpt: string;
}

/** One row of the grid: a task, and its condition when the trials have more than one. */
export interface GridRow {
  readonly key: string;
  readonly taskId: string;
  readonly condition: string;
  readonly label: string;
  /** One entry per column, null where that model has no trial for this row. */
  readonly cells: readonly (GridCell | null)[];
  /** Largest minus smallest column mean: how much the models differ on this row (0 with fewer than two means). */
  readonly spread: number;
}

/** Tasks by models: the replies grid of the trial inspector. */
export interface TrialGrid {
  readonly columns: readonly GridColumn[];
  readonly rows: readonly GridRow[];
}

/** How the grid orders its rows: by task and condition, or the rows where the models differ most first. */
export type GridSort = 'task' | 'spread';

const EXCERPT_LINES = 2;
const EXCERPT_CHARS = 140;

/** The first lines of a text, at most EXCERPT_CHARS characters, so a cell stays a glance. */
function excerpt(text: string): string {
  const lines = text.trim().split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, EXCERPT_LINES).join('\n');
  return lines.length > EXCERPT_CHARS ? `${lines.slice(0, EXCERPT_CHARS - 1)}…` : lines;
}

// A separator no endpoint name, model, task id or condition contains in practice, and never a visible one.
const join = (...parts: string[]) => parts.join('\u0000');

/** Builds the replies grid from trials (already filtered): rows task × condition, columns endpoint × model. */
export function trialGrid(trials: readonly SlimTrial[], sort: GridSort = 'task'): TrialGrid {
  const endpoints = new Set(trials.map((t) => t.endpointName));
  const conditions = new Set(trials.map((t) => t.condition));
  const columns = new Map<string, GridColumn>();
  const rowKeys = new Map<string, { taskId: string; condition: string }>();
  const groups = new Map<string, SlimTrial[]>();
  for (const t of trials) {
    const col = join(t.endpointName, t.model);
    const row = join(t.taskId, t.condition);
    if (!columns.has(col)) columns.set(col, { key: col, endpointName: t.endpointName, model: t.model, label: endpoints.size > 1 ? `${t.model} (${t.endpointName})` : t.model });
    if (!rowKeys.has(row)) rowKeys.set(row, { taskId: t.taskId, condition: t.condition });
    const key = join(row, col);
    const group = groups.get(key);
    if (group) group.push(t);
    else groups.set(key, [t]);
  }
  const cols = [...columns.values()].sort((a, b) => a.endpointName.localeCompare(b.endpointName) || a.model.localeCompare(b.model));
  const rows = [...rowKeys].map(([key, { taskId, condition }]): GridRow => {
    const cells = cols.map((c) => {
      const group = groups.get(join(key, c.key));
      return group ? cell(group) : null;
    });
    const means = cells.flatMap((c) => (c?.mean == null ? [] : [c.mean]));
    return {
      key, taskId, condition,
      label: conditions.size > 1 ? `${taskId} · ${condition}` : taskId,
      cells,
      spread: means.length > 1 ? Math.max(...means) - Math.min(...means) : 0,
    };
  });
  rows.sort((a, b) => (sort === 'spread' ? b.spread - a.spread : 0) || a.taskId.localeCompare(b.taskId) || a.condition.localeCompare(b.condition));
  return { columns: cols, rows };
}

function cell(group: SlimTrial[]): GridCell {
  const sorted = [...group].sort((a, b) => a.repetition - b.repetition || a.startedAt - b.startedAt);
  const values = sorted.flatMap((t) => (t.status === 'ok' && t.value !== null ? [t.value] : []));
  const first = sorted[0];
  return {
    replies: sorted.map((t) => ({ id: t.id, repetition: t.repetition, status: t.status, value: t.value })),
    mean: values.length ? values.reduce((s, v) => s + v, 0) / values.length : null,
    n: values.length,
    excerpt: excerpt(first.raw ?? first.errorMessage ?? ''),
  };
}
