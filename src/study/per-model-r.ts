import { pearson } from '../analysis/pearson';

type Means = ReadonlyMap<string, { readonly mean: number }>;

/**
 * Pearson r per model between two sets of `model|taskId` means, over the sub-tasks both have
 * (at least 3). A model whose ratings are constant has no correlation and is left out.
 */
export function perModelR(a: Means, b: Means, models: Iterable<string>): { model: string; r: number; n: number }[] {
  const out: { model: string; r: number; n: number }[] = [];
  for (const model of models) {
    const keys = [...a.keys()].filter((k) => k.startsWith(`${model}|`) && b.has(k));
    if (keys.length < 3) continue;
    try {
      out.push({ model, r: pearson(keys.map((k) => a.get(k)!.mean), keys.map((k) => b.get(k)!.mean)).r, n: keys.length });
    } catch {
      // Constant ratings (a model that always says 50, a judge that always says 7): no r.
    }
  }
  return out;
}
