import type { CellId } from './ids';

/** Prose, rendered as Markdown. Has no name and produces no value. */
export interface MarkdownCell {
  readonly kind: 'markdown';
  readonly id: CellId;
  readonly source: string;
}

/**
 * A declarative experiment: `source` is a JavaScript object expression evaluated to an
 * {@link ExperimentSpec} (it may read other cells by name, e.g. an input cell for repetitions).
 * Its value is the table of its stored trials. Running it is an explicit user action.
 */
export interface ExperimentCell {
  readonly kind: 'experiment';
  readonly id: CellId;
  readonly name: string;
  readonly source: string;
}

/** JavaScript with `aq`, `op` and the statistics in scope; returns an Arquero table or a value. */
export interface QueryCell {
  readonly kind: 'query';
  readonly id: CellId;
  readonly name: string;
  readonly source: string;
}

/** JavaScript with `Plot` (and `aq`, `op`) in scope; returns a Plot element. */
export interface PlotCell {
  readonly kind: 'plot';
  readonly id: CellId;
  readonly name: string;
  readonly source: string;
}

/**
 * A table imported from a file (CSV, JSON, Arrow or Parquet) and stored in this browser, keyed by
 * notebook and cell like an experiment's trials. `source` is a JSON object naming the file and the
 * columns an import must have; the value is the stored table.
 */
export interface DataCell {
  readonly kind: 'data';
  readonly id: CellId;
  readonly name: string;
  readonly source: string;
}

/** A widget whose current value is a named cell, as in Observable Inputs. */
export interface InputCell {
  readonly kind: 'input';
  readonly id: CellId;
  readonly name: string;
  readonly input: InputSpec;
}

/** The widget of an input cell and its current value. */
export type InputSpec =
  | { readonly type: 'range'; readonly label?: string; readonly min: number; readonly max: number; readonly step?: number; readonly value: number }
  | { readonly type: 'number'; readonly label?: string; readonly min?: number; readonly max?: number; readonly step?: number; readonly value: number }
  | { readonly type: 'select'; readonly label?: string; readonly options: readonly string[]; readonly value: string }
  | {
      readonly type: 'text'; readonly label?: string; readonly value: string;
      /** Picked from a figure: clicking a point of the plot cell `from` sets the value to its tip's `field` line. */
      readonly from?: string; readonly field?: string;
    };

/** Any notebook cell, a tagged union on `kind`. */
export type Cell = MarkdownCell | ExperimentCell | QueryCell | PlotCell | InputCell | DataCell;

/** The kinds of cell, in the order the "add cell" menu offers them. */
export const CELL_KINDS = ['markdown', 'experiment', 'query', 'plot', 'input', 'data'] as const;
export type CellKind = Cell['kind'];

/** A cell that defines a named value other cells can read. */
export type NamedCell = Exclude<Cell, MarkdownCell>;

export function isNamedCell(cell: Cell): cell is NamedCell {
  return cell.kind !== 'markdown';
}
