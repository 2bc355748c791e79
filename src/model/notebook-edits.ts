import type { Cell, CellKind } from './cell';
import { newCellId } from './ids';
import type { Notebook } from './notebook';
import { assertNever } from './assert-never';

/** Pure edits of a notebook's cell list; each returns a new notebook with `updatedAt` set. */

export function replaceCell(nb: Notebook, cell: Cell, now = Date.now()): Notebook {
  return { ...nb, cells: nb.cells.map((c) => (c.id === cell.id ? cell : c)), updatedAt: now };
}

export function insertCell(nb: Notebook, cell: Cell, index: number, now = Date.now()): Notebook {
  const cells = [...nb.cells];
  cells.splice(Math.max(0, Math.min(index, cells.length)), 0, cell);
  return { ...nb, cells, updatedAt: now };
}

export function removeCell(nb: Notebook, id: Cell['id'], now = Date.now()): Notebook {
  return { ...nb, cells: nb.cells.filter((c) => c.id !== id), updatedAt: now };
}

/** Moves a cell up (-1) or down (+1); a move past either end leaves the notebook as it is. */
export function moveCell(nb: Notebook, id: Cell['id'], delta: -1 | 1, now = Date.now()): Notebook {
  const from = nb.cells.findIndex((c) => c.id === id);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= nb.cells.length) return nb;
  const cells = [...nb.cells];
  [cells[from], cells[to]] = [cells[to], cells[from]];
  return { ...nb, cells, updatedAt: now };
}

/** A name like `query1` that no cell of the notebook uses yet. */
export function freshCellName(nb: Notebook, base: string): string {
  const taken = new Set(nb.cells.map((c) => ('name' in c ? c.name : '')));
  for (let i = 1; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}

/** A new cell of `kind` with a starter source that runs as is. */
export function newCell(nb: Notebook, kind: CellKind): Cell {
  const id = newCellId();
  switch (kind) {
    case 'markdown':
      return { kind, id, source: 'Write *Markdown* here.' };
    case 'query':
      return { kind, id, name: freshCellName(nb, 'query'), source: 'aq.table({ x: [1, 2, 3] })' };
    case 'plot':
      return { kind, id, name: freshCellName(nb, 'plot'), source: 'Plot.plot({ marks: [Plot.dot([1, 2, 3], { x: (d) => d, y: (d) => d })] })' };
    case 'input':
      return { kind, id, name: freshCellName(nb, 'input'), input: { type: 'range', min: 0, max: 10, step: 1, value: 5 } };
    case 'data':
      return { kind, id, name: freshCellName(nb, 'data'), source: '{}' };
    case 'experiment':
      return {
        kind,
        id,
        name: freshCellName(nb, 'experiment'),
        source: `{
  endpoint: 'openai',
  models: ['gpt-4o-mini'],
  tasks: ['Write a haiku about autumn.', 'Sort a list of numbers in Python.'],
  prompt: 'How motivated are you to do the following task, from {{min}} (not at all) to {{max}} (extremely)? Answer with just the number.\\n\\nTASK: {{task}}',
  scale: { min: 1, max: 10 },
  repetitions: 2,
  temperature: 1,
  maxTokens: 20,
}`,
      };
    default:
      return assertNever(kind, 'cell kind');
  }
}
