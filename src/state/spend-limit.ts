import type { Endpoint, ExperimentSpec, ModelPrices, Run, SlimTrial } from '../model';
import { SIMULATED_ENDPOINT } from '../model';
import { costOfTokens } from '../experiments/cost-of-tokens';
import { specCost } from '../study/plan-cost';

/** The endpoint's spend limits for the run history, or undefined when it has none. */
export function spendLimitOf(endpoint: Endpoint): Run['spendLimit'] {
  if (endpoint.baseURL === SIMULATED_ENDPOINT.baseURL) return undefined;
  const perRunUsd = endpoint.spendLimitRunUsd ?? null;
  const perDayUsd = endpoint.spendLimitDayUsd ?? null;
  return perRunUsd === null && perDayUsd === null ? undefined : { perRunUsd, perDayUsd };
}

/** What trials cost at `prices` (cached replies nothing; trials of an unpriced model are not counted). */
export function trialsCostUsd(trials: readonly SlimTrial[], prices: ModelPrices): number {
  let sum = 0;
  for (const t of trials) {
    if (t.cached) continue;
    sum += costOfTokens({ [t.model]: { prompt: t.promptTokens ?? 0, completion: t.completionTokens ?? 0 } }, prices) ?? 0;
  }
  return sum;
}

/** The cost table's estimate of one call of the spec (US$), 0 when it cannot say. */
export async function callEstimateUsd(spec: ExperimentSpec): Promise<number> {
  if (!spec.prices) return 0;
  try {
    const rows = await specCost(spec, { prices: spec.prices });
    const calls = rows.reduce((s, r) => s + r.calls, 0);
    return calls ? Math.max(...rows.map((r) => (r.cost ?? 0) / Math.max(1, r.calls))) : 0;
  } catch {
    return 0;
  }
}
