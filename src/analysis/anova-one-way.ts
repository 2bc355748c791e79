import { pfUpper } from './internal/distributions';
import { assertFiniteArray, assertSameLength } from './internal/validate';

/** A one-way ANOVA F test with eta squared. */
export interface AnovaOneWayResult {
  readonly F: number;
  readonly df1: number;
  readonly df2: number;
  readonly p: number;
  readonly eta2: number;
}

/** One-way ANOVA of `values` by `groups`: F = (SSB/(g − 1)) / (SSW/(N − g)), η² = SSB/SST (Fisher 1925). */
export function anovaOneWay(values: readonly number[], groups: readonly (string | number)[]): AnovaOneWayResult {
  assertFiniteArray(values, 'values');
  const n = assertSameLength({ values, groups });
  const by = new Map<string | number, number[]>();
  values.forEach((v, i) => {
    const list = by.get(groups[i]) ?? [];
    list.push(v);
    by.set(groups[i], list);
  });
  const g = by.size;
  if (g < 2) throw new Error(`groups must have at least 2 levels, got ${g}`);
  if (n <= g) throw new Error(`anovaOneWay needs more observations (${n}) than groups (${g})`);
  const grand = values.reduce((a, b) => a + b, 0) / n;
  let ssb = 0;
  let ssw = 0;
  for (const list of by.values()) {
    const m = list.reduce((a, b) => a + b, 0) / list.length;
    ssb += list.length * (m - grand) ** 2;
    for (const v of list) ssw += (v - m) ** 2;
  }
  if (ssw === 0) throw new Error('values do not vary within groups: the F test is undefined');
  const df1 = g - 1;
  const df2 = n - g;
  const F = ssb / df1 / (ssw / df2);
  return { F, df1, df2, p: pfUpper(F, df1, df2), eta2: ssb / (ssb + ssw) };
}
