import { assertFiniteArray, assertNotConstant } from './validate';

/** Checks a response and named predictors and returns the design columns with an intercept first. */
export function designMatrix(y: readonly number[], predictors: Readonly<Record<string, readonly number[]>>, yArg = 'y'): { names: string[]; columns: number[][] } {
  assertFiniteArray(y, yArg);
  const names = Object.keys(predictors);
  if (names.length === 0) throw new Error('predictors must name at least one predictor');
  for (const name of names) {
    const x = predictors[name];
    assertFiniteArray(x, `predictor '${name}'`);
    if (x.length !== y.length) throw new Error(`Arrays of unequal length: ${yArg} has ${y.length} values but predictor '${name}' has ${x.length}`);
    assertNotConstant(x, `predictor '${name}'`);
  }
  return { names: ['(Intercept)', ...names], columns: [y.map(() => 1), ...names.map((n) => [...predictors[n]])] };
}
