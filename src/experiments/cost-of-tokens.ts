import type { ModelPrices } from '../model';

/** Tokens one model used: prompt (input) and completion (output). */
export interface ModelTokens {
  readonly prompt: number;
  readonly completion: number;
}

/**
 * US$ for the tokens used so far at `prices` (per million tokens). Null when a model that used
 * tokens has no price, so a partial sum is never shown as the cost of the run.
 */
export function costOfTokens(tokensByModel: Readonly<Record<string, ModelTokens>>, prices: ModelPrices | undefined): number | null {
  let cost = 0;
  for (const [model, t] of Object.entries(tokensByModel)) {
    if (t.prompt === 0 && t.completion === 0) continue;
    const price = prices?.[model];
    if (!price) return null;
    cost += (t.prompt * price.input + t.completion * price.output) / 1e6;
  }
  return cost;
}
