import { DataFileError } from '../../data-files/data-file-error';
import { sizeProblem } from '../../data-files/limits';

/** A file the user picked or dropped, as a name and its bytes. */
export interface PickedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Reads a File's bytes, refusing one over `limit` before reading it into memory. */
export async function readPickedFile(file: File, limit: number): Promise<PickedFile> {
  const tooBig = sizeProblem(file.size, limit);
  if (tooBig) throw new DataFileError(file.name, tooBig);
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/** True for a file name a notebook is read from (.md, .markdown, .txt). */
export function isNotebookFileName(name: string): boolean {
  return /\.(md|markdown|txt)$/i.test(name);
}
