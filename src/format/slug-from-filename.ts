import { asNotebookId, type NotebookId } from '../model';

/** The id of a shipped notebook, from its file name: `cells/quick-start.md` → `quick-start`. */
export function slugFromFilename(path: string): NotebookId {
  const file = path.split('/').pop() ?? path;
  const slug = file
    .replace(/\.md$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!slug) throw new Error(`Cannot make a notebook id from the file name '${path}'`);
  return asNotebookId(slug);
}
