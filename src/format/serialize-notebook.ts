import { assertNever, type Cell, type Notebook } from '../model';
import { inputSpecText } from './input-spec';
import { MARKDOWN_SEPARATOR } from './parse-notebook';

/**
 * Writes a notebook in its canonical text form (see parseNotebook): front matter, then cells
 * separated by one blank line. `serializeNotebook(parseNotebook(t)) === t` for canonical text.
 */
export function serializeNotebook(notebook: Notebook): string {
  const parts: string[] = [`---\ntitle: ${notebook.title.replace(/\s+/g, ' ').trim()}\n---`];
  let previous: Cell | null = null;
  for (const cell of notebook.cells) {
    const text = cellText(cell);
    if (text === null) continue;
    if (cell.kind === 'markdown' && previous?.kind === 'markdown') parts.push(MARKDOWN_SEPARATOR);
    parts.push(text);
    previous = cell;
  }
  return `${parts.join('\n\n')}\n`;
}

function cellText(cell: Cell): string | null {
  switch (cell.kind) {
    case 'markdown': {
      const source = cell.source.replace(/^(?:[ \t]*\n)+/, '').replace(/(?:\n[ \t]*)+$/, '');
      return source.trim() === '' ? null : source;
    }
    case 'input':
      return fenced('input', cell.name, inputSpecText(cell.input));
    case 'experiment':
    case 'query':
    case 'plot':
    case 'data':
      return fenced(cell.kind, cell.name, cell.source);
    default:
      return assertNever(cell, 'cell');
  }
}

/** A fence one backtick longer than the longest backtick run at the start of a content line. */
function fenced(kind: string, name: string, source: string): string {
  const longest = Math.max(2, ...source.split('\n').map((l) => /^[ \t]*(`*)/.exec(l)![1].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${kind} ${name}\n${source}\n${fence}`;
}
