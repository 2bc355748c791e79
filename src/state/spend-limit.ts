import type { Endpoint, ExperimentSpec, ModelPrices, Run, Trial } from '../model';
import { SIMULATED_ENDPOINT } from '../model';
import { costOfTokens } from '../experiments/cost-of-tokens';
import { planCost } from '../study/plan-cost';
import type { SpendCheck } from '../runner/spend-meter';

/** US$ in words: cents from a dollar up, else two significant digits, so a small limit reads as set (0.035, not 0.04). */
export function usd(n: number): string {
  return `US$ ${n >= 1 ? n.toFixed(2) : String(Number(n.toPrecision(2)))}`;
}

/** The endpoint's spend limits for the run history, or undefined when it has none. */
export function spendLimitOf(endpoint: Endpoint): Run['spendLimit'] {
  if (endpoint.baseURL === SIMULATED_ENDPOINT.baseURL) return undefined;
  const perRunUsd = endpoint.spendLimitRunUsd ?? null;
  const perDayUsd = endpoint.spendLimitDayUsd ?? null;
  return perRunUsd === null && perDayUsd === null ? undefined : { perRunUsd, perDayUsd };
}

/**
 * The check a run on the named endpoint makes before each call. The limits are read again each
 * time, so a limit raised in Settings lets a paused run go on when resumed. `dayOthersUsd` is what
 * the endpoint has spent today apart from this run (other runs, other tabs, as stored); the run's
 * own spend comes from the runner.
 */
export function spendCheck(endpointNow: () => Endpoint | undefined, dayOthersUsd: () => number): SpendCheck {
  return (committed, next) => {
    const dayBeforeUsd = dayOthersUsd();
    const endpoint = endpointNow();
    if (!endpoint) return null;
    const { spendLimitRunUsd: perRun, spendLimitDayUsd: perDay } = endpoint;
    if (perRun !== undefined && committed + next > perRun) {
      return `Paused: the next call could pass the spend limit of ${usd(perRun)} per run on “${endpoint.name}” (this run has spent ${usd(committed)}). Raise the limit in Settings and Resume, or Cancel; nothing stored is lost.`;
    }
    if (perDay !== undefined && dayBeforeUsd + committed + next > perDay) {
      return `Paused: the next call could pass the spend limit of ${usd(perDay)} per day on “${endpoint.name}” (spent today: ${usd(dayBeforeUsd + committed)}). Raise the limit in Settings and Resume, or Cancel; nothing stored is lost.`;
    }
    return null;
  };
}

/** What trials cost at `prices` (cached replies nothing; trials of an unpriced model are not counted). */
export function trialsCostUsd(trials: readonly Trial[], prices: ModelPrices): number {
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
    const rows = await planCost(spec, { prices: spec.prices });
    const calls = rows.reduce((s, r) => s + r.calls, 0);
    return calls ? Math.max(...rows.map((r) => (r.cost ?? 0) / Math.max(1, r.calls))) : 0;
  } catch {
    return 0;
  }
}
