import type { Notebook, NotebookImport } from '../model';
import { newNotebookId } from '../model';
import { parseNotebook } from '../format/parse-notebook';
import { DataFileError } from '../data-files/data-file-error';
import { MAX_NOTEBOOK_FILE_BYTES, sizeProblem } from '../data-files/limits';
import { sniffContent } from '../data-files/sniff-content';

/** Extensions a notebook text file may have. */
export const NOTEBOOK_FILE_ACCEPT = '.md,.markdown,.txt';

/**
 * A new user notebook from the bytes of a notebook file or URL: size, type (by extension for
 * files, by content always) and the text format are checked; a DataFileError names the file and
 * the problem (with the line for a malformed or truncated notebook).
 */
export function notebookFromBytes(bytes: Uint8Array, from: Omit<NotebookImport, 'at'>, now = Date.now()): Notebook {
  const fail = (problem: string, cause?: unknown): never => {
    throw new DataFileError(from.name, problem, { cause });
  };
  const tooBig = sizeProblem(bytes.length, MAX_NOTEBOOK_FILE_BYTES);
  if (tooBig) fail(tooBig);
  if (from.kind === 'file' && !/\.(md|markdown|txt)$/i.test(from.name)) fail('a notebook file is Markdown text ending in .md');
  if (bytes.length === 0) fail('the file is empty');
  const content = sniffContent(bytes);
  if (content.kind !== 'text') fail(`it is ${content.kind === 'other' ? content.description : `a ${content.kind === 'parquet' ? 'Parquet' : 'Arrow'} data file (use Import data in a notebook)`}, not a notebook text file`);
  const text = new TextDecoder().decode(bytes);
  try {
    const nb = parseNotebook(text, { id: newNotebookId(), origin: 'user', updatedAt: now });
    return { ...nb, importedFrom: { kind: from.kind, name: from.name, at: now } };
  } catch (error) {
    return fail(`it is not a valid notebook: ${(error as Error).message}`, error);
  }
}
