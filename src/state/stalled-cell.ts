import type { Cell, CellId } from '../model';
import type { CellState } from './cell-state.svelte';

/**
 * The cell whose code started last and still runs: when the sandbox stops answering, the likely
 * cause (a loop or an allocation that never returns holds the sandbox in the last code started).
 */
export function stalledCell(cells: readonly Cell[], stateOf: (id: CellId) => CellState | undefined): CellId | null {
  let found: { id: CellId; since: number } | null = null;
  for (const c of cells) {
    const s = stateOf(c.id);
    if (s?.status === 'pending' && s.runningSince !== null && (!found || s.runningSince > found.since)) found = { id: c.id, since: s.runningSince };
  }
  return found?.id ?? null;
}
