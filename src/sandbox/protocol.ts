import type { EndpointBaseURLs, ExperimentSpec, InputSpec, TrialColumns } from '../model';
import type { ResultSummary } from '../analysis/summarize';
import type { DataCellTable } from '../data-files/data-cell-value';

/**
 * The messages between the page and the sandbox that evaluates cell code. Everything here is
 * plain, structured-cloneable data: the page never receives a live value of cell code, and the
 * sandbox never receives a key, a store or a provider.
 */

/** A named cell as the sandbox needs it: what to evaluate, never its notebook or its runs. */
export type SandboxCell =
  | { readonly kind: 'input'; readonly name: string; readonly value: InputSpec['value'] }
  | { readonly kind: 'query' | 'plot' | 'experiment'; readonly name: string; readonly source: string }
  /** A data cell: its body and the table imported into it (null: none yet). */
  | { readonly kind: 'data'; readonly name: string; readonly source: string; readonly table: DataCellTable | null };

/** What the page shows of a cell's value. */
export type ValueView =
  | { readonly kind: 'undefined' }
  /** An Arquero table: its columns, its first rows (for display) and how many rows it has; `numColumns` when not all columns are sent. */
  | { readonly kind: 'table'; readonly columns: readonly string[]; readonly rows: readonly Record<string, unknown>[]; readonly numRows: number; readonly numColumns?: number }
  /**
   * A DOM element (a Plot chart …) as HTML; the page sanitises it before inserting it. `tips`: for
   * a chart with `tip` marks, the lines of the tip of each element tagged `data-tip="n"` (n indexes
   * this list), as text the page shows on hover.
   */
  | { readonly kind: 'dom'; readonly html: string; readonly tips?: readonly (readonly TipLine[])[] }
  /** A statistics result: its headline numbers and its APA sentence. */
  | { readonly kind: 'stat'; readonly summary: ResultSummary; readonly apa: string }
  /** An analysis that cannot compute yet (a StudyNote): one plain sentence saying what it needs. */
  | { readonly kind: 'note'; readonly text: string }
  /** Anything else, as an indented JSON preview. */
  | { readonly kind: 'json'; readonly text: string }
  /** A value too big to show (see VIEW_LIMITS), and why, in plain words. */
  | { readonly kind: 'limit'; readonly message: string };

/** One line of a chart's tip: its label (a channel's name) and its value, both plain text. */
export type TipLine = readonly [label: string, value: string];

/** A cell's error as shown in place. Lines and columns are 1-based, relative to the cell source. */
export interface CellErrorData {
  readonly message: string;
  readonly kind?: string;
  readonly line?: number;
  readonly column?: number;
}

/** The page's requests that the sandbox cannot serve itself (it has no network). */
export type SandboxAsk = { readonly method: 'loadPaperData'; readonly baseUrl?: string };

/** Page → sandbox. */
export type ToSandbox =
  /** Adds or replaces a cell; `names` are every named cell of the notebook (a cell's name wins over a global). */
  | { readonly type: 'define'; readonly id: string; readonly cell: SandboxCell; readonly names: readonly string[] }
  | { readonly type: 'delete'; readonly id: string }
  /**
   * Trials of an experiment cell: appended to what the sandbox has, or replacing it; the cell recomputes.
   * As columns (see TrialColumns), whose buffers move; slim (no messages or params): the sandbox
   * takes the messages from its plan by key. `more`: further slices of the same trials follow (the
   * page sends a large set in slices), so the cell recomputes only with the last.
   */
  | { readonly type: 'trials'; readonly id: string; readonly columns: TrialColumns; readonly replace: boolean; readonly more?: boolean }
  /** Which endpoint each name means (base URLs, never keys): experiment cells recompute, their table the trials of their plan for it. */
  | { readonly type: 'endpoints'; readonly baseURLs: EndpointBaseURLs }
  /**
   * Answered (`settled`) once every cell has settled; with `ids`, once those cells and the cells
   * they read have (Run all waits for the next experiment's design, not for every analysis).
   */
  | { readonly type: 'settle'; readonly requestId: number; readonly ids?: readonly string[] }
  /** A named cell's current value as plain data (tables as rows), for the console and tests. */
  | { readonly type: 'inspect'; readonly requestId: number; readonly name: string }
  | { readonly type: 'answer'; readonly requestId: number; readonly ok: true; readonly value: unknown }
  | { readonly type: 'answer'; readonly requestId: number; readonly ok: false; readonly error: string }
  /** The page's heartbeat: the sandbox answers `pong` at once unless cell code holds it (a loop) or it crashed. */
  | { readonly type: 'ping'; readonly seq: number };

/** Sandbox → page. */
export type FromSandbox =
  | { readonly type: 'pending'; readonly id: string }
  | { readonly type: 'fulfilled'; readonly id: string; readonly view: ValueView }
  | { readonly type: 'rejected'; readonly id: string; readonly error: CellErrorData }
  /** An experiment cell's source evaluated to this (validated) spec; the page runs it. */
  | { readonly type: 'spec'; readonly id: string; readonly spec: ExperimentSpec }
  /** The names of other cells a cell's code reads, once it is defined. */
  | { readonly type: 'inputs'; readonly id: string; readonly names: readonly string[] }
  | { readonly type: 'settled'; readonly requestId: number }
  | { readonly type: 'inspected'; readonly requestId: number; readonly value: unknown }
  | { readonly type: 'ask'; readonly requestId: number; readonly ask: SandboxAsk }
  /** The answer to a `ping`. */
  | { readonly type: 'pong'; readonly seq: number }
  /** A cell's code starts to run now (the likely culprit if the sandbox then stops answering). */
  | { readonly type: 'running'; readonly id: string };

/** How the page and a sandbox exchange messages: an iframe in the browser, a direct call in unit tests. */
export interface SandboxTransport {
  /** `transfer`: buffers of the message to move rather than copy (they are detached afterwards). */
  post(message: ToSandbox, transfer?: Transferable[]): void;
  onMessage(handler: (message: FromSandbox) => void): void;
  dispose(): void;
}

/** Makes a fresh sandbox for one open notebook. */
export type SandboxFactory = () => SandboxTransport;
