import type { Cell, CellId } from '../model';
import type { TipLine } from '../sandbox/protocol';

/** An input cell's new value, picked from a figure. */
export interface FigurePick {
  readonly id: CellId;
  readonly value: string;
}

/**
 * What a click on the figure of plot cell `figure` sets: each text input cell picking `from` it
 * takes the value of the line of the clicked point's tip labelled `field` (text, as the tip
 * shows it; a point whose tip has no such line leaves the input as it is).
 */
export function figurePicks(cells: readonly Cell[], figure: string, lines: readonly TipLine[]): FigurePick[] {
  const picks: FigurePick[] = [];
  for (const cell of cells) {
    if (cell.kind !== 'input' || cell.input.type !== 'text' || cell.input.from !== figure) continue;
    const { field, value } = cell.input;
    const line = lines.find(([label]) => label === field);
    if (line && line[1] !== value) picks.push({ id: cell.id, value: line[1] });
  }
  return picks;
}
