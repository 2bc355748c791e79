import type { Cell } from './cell';
import type { NotebookId } from './ids';

/** Where a notebook came from: shipped in `cells/`, or made/imported by the user. */
export type NotebookOrigin = 'shipped' | 'user';

/**
 * How an imported notebook reached this browser. A notebook with `importedFrom` runs no code
 * cell until the user trusts it (the decision is remembered per notebook hash).
 */
export interface NotebookImport {
  readonly kind: 'file' | 'url' | 'bundle';
  /** The file name or URL it came from. */
  readonly name: string;
  /** Milliseconds since epoch of the import. */
  readonly at: number;
}

/** A notebook: a title and an ordered list of cells. */
export interface Notebook {
  readonly id: NotebookId;
  readonly title: string;
  readonly cells: readonly Cell[];
  readonly origin: NotebookOrigin;
  /** Milliseconds since epoch of the last saved edit (0 for an unedited shipped notebook). */
  readonly updatedAt: number;
  /** Set on notebooks imported from a file, a URL or a one-file bundle. */
  readonly importedFrom?: NotebookImport;
  /** Shown in the present view: text, inputs and outputs, code collapsed to its cell's name. A view setting, not an edit. */
  readonly presenting?: boolean;
}
