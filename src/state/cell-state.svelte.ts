import type { ExperimentSpec } from '../model';

/** Where a cell's computation stands. */
export type CellStatus = 'idle' | 'pending' | 'fulfilled' | 'rejected';

/** An error shown in place on a cell. Lines and columns are 1-based, relative to the cell source. */
export interface CellErrorInfo {
  readonly message: string;
  readonly kind?: string;
  readonly line?: number;
  readonly column?: number;
}

/** Reactive view of one cell's computation, fed by the runtime's observer callbacks. */
export class CellState {
  status = $state<CellStatus>('idle');
  /** The cell's value; raw because tables and DOM nodes must not be proxied. */
  value = $state.raw<unknown>(undefined);
  error = $state.raw<CellErrorInfo | null>(null);
  /** Editor text not yet run (null when the editor shows the saved source). */
  draft = $state<string | null>(null);
  /** How many times the cell has computed a value since the page opened. */
  computeCount = $state(0);
  /** The spec an experiment cell last evaluated to. */
  spec = $state.raw<ExperimentSpec | null>(null);

  /** The observer the runtime speaks to. */
  readonly observer = {
    pending: () => {
      this.status = 'pending';
    },
    fulfilled: (value: unknown) => {
      this.status = 'fulfilled';
      this.value = value;
      this.error = null;
      this.computeCount += 1;
    },
    rejected: (error: unknown) => {
      this.status = 'rejected';
      this.value = undefined;
      // A design that no longer validates must not be run from its last good version.
      this.spec = null;
      this.error = toErrorInfo(error);
    },
  };
}

function toErrorInfo(error: unknown): CellErrorInfo {
  if (error instanceof Error) {
    const e = error as Error & { kind?: string; line?: number; column?: number };
    return { message: e.message, kind: e.kind, line: e.line, column: e.column };
  }
  return { message: String(error) };
}
