import type { NamedCell } from '../model';
import type { SandboxCell } from '../sandbox/protocol';

/** Why a cell is not run after a restart of the sandbox. */
export const SKIPPED_MESSAGE =
  'Skipped: this cell was running when the sandbox stopped responding (out of memory or an endless loop). Edit it, or press ▶, to run it again.';

/**
 * What the sandbox is given, after a restart, in place of the cell that was running when it
 * stopped: a cell of the same name that fails at once with SKIPPED_MESSAGE, so the restart does
 * not stop again and the cells that read it show why they have no value.
 */
export function skippedCell(cell: NamedCell): SandboxCell {
  return { kind: 'query', name: cell.name, source: `{ throw new Error(${JSON.stringify(SKIPPED_MESSAGE)}); }` };
}
