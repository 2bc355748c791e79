import type { Cell, CellId } from '../model';
import { isNamedCell } from '../model';

/**
 * The experiment cells a cell reads, directly or through other cells (by the names each cell's
 * code refers to), in notebook order. A judge reading `execution.filter(…)` depends on `execution`.
 */
export function upstreamExperiments(cells: readonly Cell[], inputs: ReadonlyMap<CellId, readonly string[]>, id: CellId): CellId[] {
  const byName = new Map(cells.filter(isNamedCell).map((c) => [c.name, c]));
  const seen = new Set<CellId>();
  const visit = (cellId: CellId) => {
    for (const name of inputs.get(cellId) ?? []) {
      const cell = byName.get(name);
      if (!cell || seen.has(cell.id)) continue;
      seen.add(cell.id);
      visit(cell.id);
    }
  };
  visit(id);
  return cells.filter((c) => c.kind === 'experiment' && c.id !== id && seen.has(c.id)).map((c) => c.id);
}
