import type { Cell } from './cell';
import type { NotebookId } from './ids';

/** Where a notebook came from: shipped in `cells/`, or made/imported by the user. */
export type NotebookOrigin = 'shipped' | 'user';

/** A notebook: a title and an ordered list of cells. */
export interface Notebook {
  readonly id: NotebookId;
  readonly title: string;
  readonly cells: readonly Cell[];
  readonly origin: NotebookOrigin;
  /** Milliseconds since epoch of the last saved edit (0 for an unedited shipped notebook). */
  readonly updatedAt: number;
}
