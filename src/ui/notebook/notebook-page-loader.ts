import type NotebookPage from './NotebookPage.svelte';

let loading: Promise<typeof NotebookPage> | null = null;

/**
 * The notebook view with all that only an open notebook needs (code editors, Markdown, tables,
 * figures, the run panels): a chunk of its own, so the notebook list's first script stays small.
 * Loaded when a notebook first opens, or earlier when the list is idle (main.ts); a failed load
 * (e.g. the network dropped) is tried again on the next call.
 */
export function loadNotebookPage(): Promise<typeof NotebookPage> {
  loading ??= import('./NotebookPage.svelte').then(
    (m) => m.default,
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}
