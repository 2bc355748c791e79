import * as aq from 'arquero';
import { reservedColumnProblem } from './reserved-column-names';

/**
 * Rows of a CSV text whose field count differs from the header's, and header names used twice,
 * found with Arquero's own CSV tokenizer (it would silently drop extra fields and leave missing
 * ones empty), and header names Arquero cannot hold (see reservedColumnProblem). Returns the
 * problem in words, or null.
 */
export function csvShapeProblem(text: string): string | null {
  const header = aq.fromCSV(text, { header: false, autoType: false });
  const n = header.numCols();
  if (n === 0 || header.numRows() === 0) return null;
  const names = header.columnNames().map((c) => header.get(c, 0) as string | null);
  const reserved = reservedColumnProblem(names);
  if (reserved) return reserved;
  const seen = new Set<string>();
  const twice = [...new Set(names.filter((name) => name !== null && (seen.has(name) || !seen.add(name))))];
  if (twice.length) return `its header names the column${twice.length > 1 ? 's' : ''} ${twice.map((t) => `'${t}'`).join(', ')} more than once`;
  // Arquero reads as many fields per row as its first row has: a wider first row makes every field
  // visible, and a field a row does not have stays undefined (an empty one is null).
  const width = 2 * n + 8;
  const raw = aq.fromCSV(`${','.repeat(width - 1)}\n${text}`, { header: false, autoType: false });
  const columns = raw.columnNames().map((c) => raw.array(c) as ArrayLike<unknown>);
  const bad: string[] = [];
  let count = 0;
  for (let r = 2; r < raw.numRows(); r++) {
    let fields = 0;
    for (let i = width - 1; i >= 0; i--) {
      if (columns[i][r] !== undefined) {
        fields = i + 1;
        break;
      }
    }
    const blank = fields === 1 && columns[0][r] === null;
    if (fields === n || blank) continue;
    count++;
    if (bad.length < 3) bad.push(`row ${r - 1} has ${fields === width ? `at least ${fields}` : fields} field${fields === 1 ? '' : 's'}`);
  }
  if (!count) return null;
  return `the header names ${n} column${n === 1 ? '' : 's'}, but ${bad.join(', ')}${count > bad.length ? ` (and ${count - bad.length} more rows)` : ''}: rows with missing or extra fields`;
}
