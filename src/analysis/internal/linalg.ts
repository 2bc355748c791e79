import { EigenvalueDecomposition, Matrix, SingularValueDecomposition, inverse } from 'ml-matrix';

export type Mat = number[][];

export const transpose = (a: Mat): Mat => a[0].map((_, j) => a.map((r) => r[j]));
export const matmul = (a: Mat, b: Mat): Mat => a.map((r) => b[0].map((_, j) => r.reduce((s, v, k) => s + v * b[k][j], 0)));
export const identity = (n: number): Mat => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
export const invert = (a: Mat): Mat => inverse(new Matrix(a)).to2DArray();

/** Eigen decomposition of a symmetric matrix, eigenvalues descending, eigenvectors as columns. */
export function symmetricEigen(a: Mat): { values: number[]; vectors: Mat } {
  const evd = new EigenvalueDecomposition(new Matrix(a), { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const v = evd.eigenvectorMatrix.to2DArray();
  const order = values.map((_, i) => i).sort((i, j) => values[j] - values[i]);
  return { values: order.map((i) => values[i]), vectors: v.map((row) => order.map((i) => row[i])) };
}

/** Thin SVD: a = u diag(d) vᵀ. */
export function svd(a: Mat): { u: Mat; d: number[]; v: Mat } {
  const s = new SingularValueDecomposition(new Matrix(a), { autoTranspose: true });
  return { u: s.leftSingularVectors.to2DArray(), d: s.diagonal, v: s.rightSingularVectors.to2DArray() };
}
