import { correlation } from './internal/describe';
import { assertFiniteArray, assertMinLength, assertNotConstant, assertSameLength } from './internal/validate';

/** Pearson correlation matrix of named columns (or an array of columns), in the given order. */
export function correlationMatrix(columns: Readonly<Record<string, readonly number[]>> | readonly (readonly number[])[]): number[][] {
  const entries = Array.isArray(columns) ? columns.map((c, i) => [`column ${i}`, c] as const) : Object.entries(columns);
  if (entries.length < 2) throw new Error(`correlationMatrix needs at least 2 columns, got ${entries.length}`);
  entries.forEach(([name, c]) => {
    assertFiniteArray(c, name);
    assertNotConstant(c, name);
  });
  const n = assertSameLength(Object.fromEntries(entries));
  assertMinLength(n, 3, 'correlationMatrix columns');
  return entries.map(([, a], i) => entries.map(([, b], j) => (i === j ? 1 : correlation(a, b))));
}
