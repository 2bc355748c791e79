import { asCellId, type Cell, type CellId, type Notebook, type NotebookId, type NotebookOrigin } from '../model';
import { cellNameProblem } from './cell-name';
import { toInputSpec } from './input-spec';
import { NotebookFormatError } from './notebook-format-error';
import { parseDataSpec } from '../data-files/data-spec';

/** Kinds written as fenced blocks; anything else in a fence belongs to a markdown cell. */
export const CODE_CELL_KINDS = ['experiment', 'query', 'plot', 'input', 'data'] as const;
/** The line that separates two adjacent markdown cells. */
export const MARKDOWN_SEPARATOR = '<!-- cell -->';
/**
 * The most cells a notebook may have. A page of this many cells opens in a few seconds; far
 * more (thousands, from a hostile link) would keep the page busy for minutes before any trust.
 */
export const MAX_CELLS = 500;

export interface ParseOptions {
  readonly id: NotebookId;
  readonly origin: NotebookOrigin;
  readonly updatedAt?: number;
  /**
   * The notebook this text replaces (re-import, or a shipped notebook the user edited): cells
   * matched by name, and markdown cells by position, keep their ids so stored trials stay attached.
   */
  readonly previous?: Notebook;
}

const CELL_FENCE = /^(`{3,})([a-z]+)(?:[ \t]+(\S*))?[ \t]*$/;
const OTHER_FENCE = /^(`{3,}|~{3,})/;

/**
 * Reads a notebook from its text form: a front matter with `title:`, then Markdown in which
 * fences with the info string `<kind> <name>` are code cells; every other run of text is a
 * markdown cell, and `<!-- cell -->` splits two adjacent ones. Throws NotebookFormatError.
 */
export function parseNotebook(text: string, options: ParseOptions): Notebook {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const { title, bodyStart } = frontMatter(lines);
  const cells: Cell[] = [];
  const names = new Map<string, number>();
  const ids = idAllocator(options.previous);
  let markdown: string[] = [];
  const flush = () => {
    while (markdown.length && markdown[0].trim() === '') markdown.shift();
    while (markdown.length && markdown[markdown.length - 1].trim() === '') markdown.pop();
    if (markdown.length) cells.push({ kind: 'markdown', id: ids.markdown(), source: markdown.join('\n') });
    markdown = [];
  };

  for (let i = bodyStart; i < lines.length; i++) {
    const line = lines[i];
    const cell = CELL_FENCE.exec(line);
    if (cell && (CODE_CELL_KINDS as readonly string[]).includes(cell[2])) {
      flush();
      const [, fence, kind, name] = cell;
      const lineNo = i + 1;
      if (!name) throw new NotebookFormatError(`the ${kind} cell needs a name after its kind, like \`\`\`${kind} myName`, lineNo);
      const problem = cellNameProblem(name);
      if (problem) throw new NotebookFormatError(problem, lineNo);
      if (names.has(name)) throw new NotebookFormatError(`the name '${name}' is already used by the cell on line ${names.get(name)}`, lineNo);
      names.set(name, lineNo);
      const end = closingFence(lines, i + 1, fence.length);
      if (end < 0) throw new NotebookFormatError(`the ${kind} cell '${name}' has no closing ${fence}`, lineNo);
      const source = lines.slice(i + 1, end).join('\n');
      cells.push(codeCell(kind as (typeof CODE_CELL_KINDS)[number], ids.named(name), name, source, lineNo));
      i = end;
    } else if (OTHER_FENCE.test(line)) {
      const fence = OTHER_FENCE.exec(line)![1];
      const end = closingFence(lines, i + 1, fence.length, fence[0]);
      const stop = end < 0 ? lines.length - 1 : end;
      markdown.push(...lines.slice(i, stop + 1));
      i = stop;
    } else if (line.trim() === MARKDOWN_SEPARATOR) {
      flush();
    } else {
      markdown.push(line);
    }
  }
  flush();
  if (cells.length > MAX_CELLS) {
    throw new NotebookFormatError(`it has ${cells.length.toLocaleString('en-US')} cells, over the limit of ${MAX_CELLS.toLocaleString('en-US')}; split it into smaller notebooks`);
  }
  return { id: options.id, title, cells, origin: options.origin, updatedAt: options.updatedAt ?? 0 };
}

function frontMatter(lines: readonly string[]): { title: string; bodyStart: number } {
  if (lines[0] !== '---') throw new NotebookFormatError('a notebook starts with a front matter: ---, title: …, ---', 1);
  let title: string | null = null;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '---') {
      if (title === null) throw new NotebookFormatError('the front matter needs a title: line', i + 1);
      return { title, bodyStart: i + 1 };
    }
    if (lines[i].trim() === '') break;
    const m = /^([A-Za-z][\w-]*):[ \t]*(.*)$/.exec(lines[i]);
    if (!m) throw new NotebookFormatError(`expected "key: value" in the front matter, got "${lines[i]}"`, i + 1);
    if (m[1] !== 'title') throw new NotebookFormatError(`unknown front matter key '${m[1]}' (only title is read)`, i + 1);
    title = m[2].trim();
    if (!title) throw new NotebookFormatError('the title is empty', i + 1);
  }
  throw new NotebookFormatError('the front matter is not closed with ---', 1);
}

/** Index of the line closing a fence opened with `length` backticks (CommonMark: at least as long). */
function closingFence(lines: readonly string[], from: number, length: number, char = '`'): number {
  const re = char === '`' ? /^(`{3,})[ \t]*$/ : /^(~{3,})[ \t]*$/;
  for (let i = from; i < lines.length; i++) {
    const m = re.exec(lines[i]);
    if (m && m[1].length >= length) return i;
  }
  return -1;
}

function codeCell(kind: (typeof CODE_CELL_KINDS)[number], id: CellId, name: string, source: string, line: number): Cell {
  switch (kind) {
    case 'input': {
      let json: unknown;
      try {
        json = JSON.parse(source);
      } catch (error) {
        throw new NotebookFormatError(`the input cell '${name}' does not hold valid JSON: ${(error as Error).message}`, line);
      }
      try {
        return { kind, id, name, input: toInputSpec(json) };
      } catch (error) {
        throw new NotebookFormatError(`the input cell '${name}': ${(error as Error).message}`, line);
      }
    }
    case 'data':
      try {
        parseDataSpec(source);
      } catch (error) {
        throw new NotebookFormatError(`the data cell '${name}': ${(error as Error).message}`, line);
      }
      return { kind, id, name, source };
    default:
      return { kind, id, name, source };
  }
}

function idAllocator(previous: Notebook | undefined) {
  const byName = new Map<string, CellId>();
  const markdownIds: CellId[] = [];
  for (const c of previous?.cells ?? []) {
    if (c.kind === 'markdown') markdownIds.push(c.id);
    else byName.set(c.name, c.id);
  }
  let ordinal = 0;
  return {
    named: (name: string) => byName.get(name) ?? asCellId(`c_${name}`),
    markdown: () => markdownIds[ordinal++] ?? asCellId(`c_md${ordinal}`),
  };
}
