import { symmetricEigen } from './internal/linalg';

/** Eigenvalues of a symmetric matrix in descending order (e.g. of a correlation matrix, for a scree plot). */
export function eigenvalues(symmetricMatrix: readonly (readonly number[])[]): number[] {
  const n = symmetricMatrix.length;
  symmetricMatrix.forEach((row, i) => {
    if (row.length !== n) throw new Error(`symmetricMatrix must be square: row ${i} has ${row.length} values, expected ${n}`);
    row.forEach((v, j) => {
      if (!Number.isFinite(v)) throw new Error(`symmetricMatrix has a non-finite value at [${i}][${j}]`);
      if (Math.abs(v - symmetricMatrix[j][i]) > 1e-10 * Math.max(1, Math.abs(v))) throw new Error(`symmetricMatrix is not symmetric at [${i}][${j}]`);
    });
  });
  return symmetricEigen(symmetricMatrix.map((r) => [...r])).values;
}
