import { cellNameProblem } from '../format/cell-name';

/** A cell name from a file name that none of `names` is: `human-ratings.csv` → `humanRatings`. */
export function cellNameFromFile(fileName: string, names: readonly string[]): string {
  const taken = new Set(names);
  const stem = (fileName.split(/[\\/]/).pop() ?? '').replace(/\.[^.]*$/, '');
  const words = stem.split(/[^A-Za-z0-9]+/).filter(Boolean);
  let base = words.map((w, i) => (i === 0 ? w[0].toLowerCase() + w.slice(1) : w[0].toUpperCase() + w.slice(1))).join('');
  if (!base || cellNameProblem(base)) base = /^[A-Za-z_$]/.test(base) && !cellNameProblem(`${base}Data`) ? `${base}Data` : 'data';
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}
