/** One grouping factor of a mixed model: each observation's level index, and how many levels there are. */
export interface GroupingFactor {
  readonly name: string;
  readonly index: readonly number[];
  readonly levels: number;
}

/**
 * The sums the profiled REML deviance needs, taken in one pass over the data. The factor with the
 * most levels (`order[0]`) is eliminated in closed form; the other factors' levels and the fixed
 * effects form W = [Z_rest, X], whose r = qr + p columns are the dense unknowns.
 *
 * Eliminating a level l with m_l observations divides its sums by d_l = θ²m_l + 1, which depends
 * on l only through m_l. So levels with the same count are summed together here, once, and an
 * evaluation works on one group per distinct count (a handful in a study where most sub-tasks
 * have every response) instead of on every level (1,305 sub-tasks).
 */
export interface RemlStatistics {
  readonly n: number;
  readonly p: number;
  /** Factor indices, most levels first. */
  readonly order: number[];
  /** Where each remaining factor's levels start among the r columns of W. */
  readonly offsets: number[];
  readonly qr: number;
  readonly r: number;
  /** yᵀy. */
  readonly yy: number;
  /** Wᵀy, r values. */
  readonly wy: Float64Array;
  /** WᵀW, r × r row by row (lower triangle filled). */
  readonly ww: Float64Array;
  /** Per group of eliminated levels: their observation count m, and how many levels have it. */
  readonly counts: Float64Array;
  readonly sizes: Float64Array;
  /** Per group: Σ (level sum of y)² and Σ (level sum of y)(level sums of W), r values each. */
  readonly groupYY: Float64Array;
  readonly groupWY: Float64Array;
  /** Per group, Σ (level sums of W)(…)ᵀ, r × r (lower triangle); undefined for a group of fewer than r/4 levels. */
  readonly groupWW: readonly (Float64Array | undefined)[];
  /** Per group of fewer than r/4 levels, each level's sums of W (r per level); undefined for the others. */
  readonly groupRows: readonly (Float64Array | undefined)[];
}

/** The sums of `RemlStatistics` for y = Xβ + Σ_k Z_k b_k + ε, X given by its columns. */
export function remlStatistics(y: readonly number[], columns: readonly (readonly number[])[], factors: readonly GroupingFactor[]): RemlStatistics {
  const n = y.length;
  const p = columns.length;
  const order = factors.map((_, i) => i).sort((a, b) => factors[b].levels - factors[a].levels);
  const big = factors[order[0]];
  const rest = order.slice(1).map((i) => factors[i]);
  const offsets: number[] = [];
  let qr = 0;
  for (const f of rest) {
    offsets.push(qr);
    qr += f.levels;
  }
  const r = qr + p;
  const w = rest.length + p;
  const cols = new Int32Array(w);
  const vals = new Float64Array(w);
  const m0 = new Float64Array(big.levels);
  const g0y = new Float64Array(big.levels);
  const g0w = new Float64Array(big.levels * r);
  const ww = new Float64Array(r * r);
  const wy = new Float64Array(r);
  let yy = 0;
  for (let i = 0; i < n; i++) {
    // Row i of W: a 1 in each remaining factor's level column, then the fixed-effect values.
    for (let k = 0; k < rest.length; k++) {
      cols[k] = offsets[k] + rest[k].index[i];
      vals[k] = 1;
    }
    for (let j = 0; j < p; j++) {
      cols[rest.length + j] = qr + j;
      vals[rest.length + j] = columns[j][i];
    }
    const l = big.index[i];
    const yi = y[i];
    m0[l] += 1;
    g0y[l] += yi;
    yy += yi * yi;
    for (let a = 0; a < w; a++) {
      g0w[l * r + cols[a]] += vals[a];
      wy[cols[a]] += vals[a] * yi;
      // cols increase with a, so b ≤ a is the lower triangle.
      for (let b = 0; b <= a; b++) ww[cols[a] * r + cols[b]] += vals[a] * vals[b];
    }
  }

  const groupOf = new Map<number, number>();
  for (let l = 0; l < big.levels; l++) if (!groupOf.has(m0[l])) groupOf.set(m0[l], groupOf.size);
  const groups = groupOf.size;
  const counts = Float64Array.from(groupOf.keys());
  const sizes = new Float64Array(groups);
  for (let l = 0; l < big.levels; l++) sizes[groupOf.get(m0[l])!] += 1;
  const groupYY = new Float64Array(groups);
  const groupWY = new Float64Array(groups * r);
  // A summed r × r matrix is worth keeping for a group of at least r/4 levels; a smaller group
  // keeps its levels' sums (as many numbers as the matrix would take, or fewer).
  const groupWW = Array.from(sizes, (size) => (4 * size >= r ? new Float64Array(r * r) : undefined));
  const groupRows = Array.from(sizes, (size) => (4 * size >= r ? undefined : new Float64Array(size * r)));
  const filled = new Int32Array(groups);
  for (let l = 0; l < big.levels; l++) {
    const g = groupOf.get(m0[l])!;
    groupYY[g] += g0y[l] * g0y[l];
    const row = l * r;
    const sum = groupWW[g];
    if (!sum) groupRows[g]!.set(g0w.subarray(row, row + r), filled[g]++ * r);
    for (let a = 0; a < r; a++) {
      const ga = g0w[row + a];
      if (ga === 0) continue;
      groupWY[g * r + a] += g0y[l] * ga;
      if (sum) for (let b = 0; b <= a; b++) sum[a * r + b] += ga * g0w[row + b];
    }
  }
  return { n, p, order, offsets, qr, r, yy, wy, ww, counts, sizes, groupYY, groupWY, groupWW, groupRows };
}
