import type { AppState } from '../../state/app-state.svelte';
import type { Router } from '../../state/router.svelte';
import { MAX_DATA_FILE_BYTES, MAX_NOTEBOOK_FILE_BYTES } from '../../data-files/limits';
import { isNotebookFileName, readPickedFile } from './picked-file';

/** A message for the top of the page. */
export interface Notice {
  readonly kind: 'info' | 'error';
  readonly text: string;
}

/**
 * Files picked or dropped on the page: notebook files (.md) become notebooks; on an open
 * notebook, any other file is imported as a data table into a new data cell.
 */
export async function importFiles(app: AppState, router: Router, files: readonly File[], show: (n: Notice) => void): Promise<void> {
  const done: string[] = [];
  for (const file of files) {
    try {
      if (!isNotebookFileName(file.name) && app.current && router.route.page === 'notebook') {
        const cell = await app.current.importData(await readPickedFile(file, MAX_DATA_FILE_BYTES));
        done.push(`Imported “${file.name}” as the table ${cell.name}.`);
      } else {
        const id = await app.importNotebookFile(await readPickedFile(file, MAX_NOTEBOOK_FILE_BYTES));
        done.push(`Imported the notebook “${file.name}”.`);
        router.go({ page: 'notebook', id });
      }
    } catch (error) {
      show({ kind: 'error', text: (error as Error).message });
      return;
    }
  }
  if (done.length) show({ kind: 'info', text: done.join(' ') });
}

/** `?notebook=<url>`: fetches and opens the notebook, then drops the parameter so a reload does not fetch again. */
export async function openNotebookFromUrl(app: AppState, router: Router, url: string, show: (n: Notice) => void): Promise<void> {
  const clean = () => history.replaceState(history.state, '', `${location.pathname}${location.hash}`);
  show({ kind: 'info', text: `Opening the notebook at ${url}…` });
  try {
    const id = await app.openNotebookUrl(URL.canParse(url, location.href) ? new URL(url, location.href).href : url);
    clean();
    router.go({ page: 'notebook', id });
    show({ kind: 'info', text: `Opened the notebook from ${url}.` });
  } catch (error) {
    clean();
    show({ kind: 'error', text: (error as Error).message });
  }
}
