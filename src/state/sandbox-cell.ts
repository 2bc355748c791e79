import type { NamedCell } from '../model';
import { assertNever } from '../model';
import type { SandboxCell } from '../sandbox/protocol';

/** What the sandbox needs of a named cell: its name and its code (or an input's value). */
export function sandboxCell(cell: NamedCell): SandboxCell {
  switch (cell.kind) {
    case 'input':
      return { kind: 'input', name: cell.name, value: cell.input.value };
    case 'query':
    case 'plot':
    case 'experiment':
      return { kind: cell.kind, name: cell.name, source: cell.source };
    default:
      return assertNever(cell, 'cell');
  }
}
