import type { ExperimentSpec } from '../model';
import type { CellErrorData, ValueView } from '../sandbox/protocol';
import { limitView } from '../data-files/view-limits';
import { sameValue } from './same-value';

/** Where a cell's computation stands. */
export type CellStatus = 'idle' | 'pending' | 'fulfilled' | 'rejected';

/** An error shown in place on a cell. Lines and columns are 1-based, relative to the cell source. */
export type CellErrorInfo = CellErrorData;

/** Reactive view of one cell's computation, fed by the runtime's observer callbacks. */
export class CellState {
  status = $state<CellStatus>('idle');
  /** What the sandbox shows of the cell's value (the value itself stays in the sandbox). */
  value = $state.raw<ValueView | undefined>(undefined);
  error = $state.raw<CellErrorInfo | null>(null);
  /** Editor text not yet run (null when the editor shows the saved source). */
  draft = $state<string | null>(null);
  /** How many times the cell has computed a value since the page opened. */
  computeCount = $state(0);
  /** The spec an experiment cell last evaluated to. */
  spec = $state.raw<ExperimentSpec | null>(null);

  /** When (performance.now()) the cell's code last started to run, while it runs; null otherwise. */
  runningSince = $state<number | null>(null);

  /** Why the cell's code was not run (an imported notebook not trusted yet), or null. */
  notRun = $state<string | null>(null);

  /** The observer the sandbox speaks to (through the SandboxClient). */
  readonly observer = {
    pending: () => {
      this.status = 'pending';
      this.runningSince = null;
      // It runs now (trusted): a cell that never finishes must not keep saying it was not run.
      this.notRun = null;
    },
    fulfilled: (value: ValueView) => {
      this.status = 'fulfilled';
      this.runningSince = null;
      // Again here: what the sandbox sends is not trusted to respect the limits.
      this.value = limitView(value);
      this.error = null;
      this.notRun = null;
      this.computeCount += 1;
    },
    rejected: (error: CellErrorData) => {
      this.status = 'rejected';
      this.runningSince = null;
      this.value = undefined;
      // A design that no longer validates must not be run from its last good version.
      this.spec = null;
      this.notRun = null;
      this.error = { message: String(error.message), kind: error.kind, line: error.line, column: error.column };
    },
    running: () => {
      // Its code runs: pending, whatever was heard before (this word can come before 'pending').
      this.status = 'pending';
      this.notRun = null;
      this.runningSince = performance.now();
    },
    spec: (spec: ExperimentSpec | null) => {
      // The sandbox says the design again each time the cell's trials change during a run.
      if (spec && this.spec && sameValue(spec, this.spec)) return;
      this.spec = spec;
    },
  };
}
