import type { NamedCell } from '../model';
import { assertNever } from '../model';
import type { SandboxCell } from '../sandbox/protocol';
import type { DataCellTable } from '../data-files/data-cell-value';

/**
 * What the sandbox needs of a named cell: its name and its code (or an input's value, or a data
 * cell's stored table, from `dataTable`).
 */
export function sandboxCell(cell: NamedCell, dataTable: (cell: NamedCell) => DataCellTable | null = () => null): SandboxCell {
  switch (cell.kind) {
    case 'input':
      return { kind: 'input', name: cell.name, value: cell.input.value };
    case 'query':
    case 'plot':
    case 'experiment':
      return { kind: cell.kind, name: cell.name, source: cell.source };
    case 'data':
      return { kind: 'data', name: cell.name, source: cell.source, table: dataTable(cell) };
    default:
      return assertNever(cell, 'cell');
  }
}
