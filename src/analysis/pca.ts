import { correlationMatrix } from './correlation-matrix';
import { symmetricEigen } from './internal/linalg';
import { varimax } from './internal/rotation';

/** Principal components: loadings (items × components) and the eigenvalues of the correlation matrix. */
export interface PcaResult {
  readonly items: readonly string[];
  readonly loadings: number[][];
  readonly eigenvalues: number[];
}

/**
 * Principal components of the correlation matrix with optional varimax, as `psych::principal`:
 * loadings = eigenvectors × √eigenvalues for the first `nFactors`, each column signed to a
 * positive sum, then R's Kaiser-normalised varimax. This is the factor analysis the study used.
 */
export function pca(columns: Readonly<Record<string, readonly number[]>>, options: { nFactors: number; rotate?: 'none' | 'varimax' }): PcaResult {
  const items = Object.keys(columns);
  const { nFactors, rotate = 'varimax' } = options;
  if (!Number.isInteger(nFactors) || nFactors < 1 || nFactors > items.length) throw new Error(`nFactors must be a whole number from 1 to the number of items (${items.length}), got ${nFactors}`);
  const { values, vectors } = symmetricEigen(correlationMatrix(columns));
  let loadings = vectors.map((row) => row.slice(0, nFactors).map((v, j) => v * Math.sqrt(Math.max(values[j], 0))));
  const signs = loadings[0].map((_, j) => (loadings.reduce((s, r) => s + r[j], 0) < 0 ? -1 : 1));
  loadings = loadings.map((r) => r.map((v, j) => v * signs[j]));
  if (rotate === 'varimax') loadings = varimax(loadings).loadings;
  else if (rotate !== 'none') throw new Error(`rotate must be "none" or "varimax", got "${rotate}"`);
  return { items, loadings, eigenvalues: values };
}
