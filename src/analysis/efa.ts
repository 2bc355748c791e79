import { correlationMatrix } from './correlation-matrix';
import { mlLoadings, minresLoadings } from './internal/factor-extraction';
import { oblimin, varimax } from './internal/rotation';

/** An exploratory factor analysis: loadings (items × factors), communalities, and φ for oblique rotations. */
export interface EfaResult {
  readonly items: readonly string[];
  readonly loadings: number[][];
  readonly communalities: number[];
  readonly phi?: number[][];
}

/**
 * Exploratory factor analysis of the items' correlation matrix, as `psych::fa`: minres or ML
 * extraction (see internal/factor-extraction), then none, varimax (Kaiser-normalised, as
 * `stats::varimax`) or oblimin (GPArotation's gradient projection, with φ). Columns are ordered
 * by the variance they explain and signed to positive sums, as psych does.
 */
export function efa(
  columns: Readonly<Record<string, readonly number[]>>,
  options: { nFactors: number; rotate?: 'none' | 'varimax' | 'oblimin'; method?: 'minres' | 'ml' },
): EfaResult {
  const items = Object.keys(columns);
  const { nFactors, rotate = 'oblimin', method = 'minres' } = options;
  if (items.length < 3) throw new Error(`efa needs at least 3 items, got ${items.length}`);
  if (!Number.isInteger(nFactors) || nFactors < 1 || nFactors >= items.length) throw new Error(`nFactors must be a whole number from 1 to ${items.length - 1} (fewer than the items), got ${nFactors}`);
  const r = correlationMatrix(columns);
  let loadings = method === 'minres' ? minresLoadings(r, nFactors) : method === 'ml' ? mlLoadings(r, nFactors) : unknownMethod(method);
  const communalities = loadings.map((row) => row.reduce((s, v) => s + v * v, 0));
  let phi: number[][] | undefined;
  if (rotate === 'varimax') loadings = varimax(loadings).loadings;
  else if (rotate === 'oblimin') ({ loadings, phi } = oblimin(loadings));
  else if (rotate !== 'none') throw new Error(`rotate must be "none", "varimax" or "oblimin", got "${rotate}"`);
  const order = loadings[0].map((_, j) => j).sort((a, b) => ss(loadings, b) - ss(loadings, a));
  const signs = order.map((j) => (loadings.reduce((s, row) => s + row[j], 0) < 0 ? -1 : 1));
  const out = loadings.map((row) => order.map((j, c) => row[j] * signs[c]));
  const phiOut = phi && order.map((i, a) => order.map((j, b) => phi![i][j] * signs[a] * signs[b]));
  return { items, loadings: out, communalities, ...(phiOut && { phi: phiOut }) };
}

const ss = (l: number[][], j: number) => l.reduce((s, row) => s + row[j] ** 2, 0);

function unknownMethod(method: string): never {
  throw new Error(`method must be "minres" or "ml", got "${method}"`);
}
