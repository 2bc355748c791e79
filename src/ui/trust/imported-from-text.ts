import type { NotebookImport } from '../../model';

/** Where an imported notebook came from, in words: "the URL https://…", "the file x.md". */
export function importedFromText(from: NotebookImport): string {
  return from.kind === 'url' ? `the URL ${from.name}` : from.kind === 'bundle' ? `the one-file copy ${from.name}` : `the file ${from.name}`;
}
