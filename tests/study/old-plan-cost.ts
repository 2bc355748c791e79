/**
 * The cost table as it was computed before plan-cost.ts counted calls from the design's shape:
 * the whole plan expanded (expandPlan), grouped into calls (groupCalls), every stride-th call of
 * each model counted. Kept as the oracle of tests/study/plan-cost-equivalence.test.ts and of the
 * bench (scripts/bench/plan-cost.ts).
 */
import { validateSpec } from '../../src/experiments/validate-spec';
import { expandPlan } from '../../src/experiments/expand-plan';
import type { ExperimentSpec, Measure, PlannedTrial } from '../../src/model';
import { endpointIdentity } from '../../src/model';
import { round } from '../../src/study/rows';
import { groupCalls } from '../../src/runner/group-calls';
import type { CostRow, Prices } from '../../src/study/plan-cost';
import { BATCH_PRICE_FACTOR } from '../../src/study/plan-cost';

/** study.planCost as it was (same signature, same rows). */
export async function oldPlanCost(design: unknown, options: { prices?: Prices; upstream?: unknown; upstreamConditions?: readonly string[]; batchPriceFactor?: number } = {}): Promise<CostRow[]> {
  const { countTokens } = await import('gpt-tokenizer');
  const calls = groupCalls(planOf(design, options));
  const perModel = new Map<string, { calls: number; responses: number; sampled: number; prompt: number; completion: number }>();
  for (const call of calls) {
    const p = call[0];
    const m = perModel.get(p.model) ?? { calls: 0, responses: 0, sampled: 0, prompt: 0, completion: 0 };
    perModel.set(p.model, m);
    m.calls += 1;
    m.responses += call.length;
    m.completion += call.length * expectedOutput(p.measure, p.params.maxTokens);
  }
  // Every k-th call of each model is counted (per model, so no model is skipped by the stride).
  const stride = Math.max(1, Math.ceil(calls.length / 300));
  const seen = new Map<string, number>();
  for (const [p] of calls) {
    const i = seen.get(p.model) ?? 0;
    seen.set(p.model, i + 1);
    if (i % stride !== 0) continue;
    const m = perModel.get(p.model)!;
    m.sampled += 1;
    m.prompt += 4 + p.messages.reduce((s, msg) => s + 4 + countTokens(msg.content), 0);
  }
  return [...perModel].map(([model, m]) => {
    const promptTokens = Math.round(m.sampled ? (m.prompt / m.sampled) * m.calls : 0);
    const price = options.prices?.[model];
    const exact = price ? (promptTokens * price.input + m.completion * price.output) / 1e6 : null;
    const cost = exact === null ? null : round(exact, 4);
    const batchCost = exact === null ? null : round(exact * (options.batchPriceFactor ?? BATCH_PRICE_FACTOR), 4);
    return { model, calls: m.calls, responses: m.responses, promptTokens, completionTokens: Math.round(m.completion), cost, batchCost };
  });
}

/** Typical completion length per measure (JSON reports are short; execution fills much of its budget). */
function expectedOutput(measure: Measure, maxTokens: number | undefined): number {
  switch (measure.kind) {
    case 'rating':
      return 8;
    case 'json':
      return 12 + 8 * measure.fields.length + (measure.text ? 40 : 0);
    case 'choice':
      return 40;
    case 'text':
      return Math.min(maxTokens ?? 1000, 600);
  }
}

function planOf(design: unknown, options: { upstream?: unknown; upstreamConditions?: readonly string[] }): PlannedTrial[] {
  const d = design as Record<string, unknown>;
  // Calls and tokens do not depend on which endpoint answers: the plans are for the name as given.
  const planFor = (spec: ExperimentSpec) => expandPlan(spec, endpointIdentity(spec.endpoint, {}));
  if (!options.upstream || (d.continues === undefined && d.evaluates === undefined)) return planFor(validateSpec(design));
  const up: ExperimentSpec = validateSpec(options.upstream);
  const answerTokens = expectedOutput(up.measure ?? { kind: 'rating' }, up.maxTokens);
  const filler = 'word '.repeat(Math.round(answerTokens * 0.75));
  const sources = planFor(up)
    .filter((p) => !options.upstreamConditions || options.upstreamConditions.includes(p.condition))
    .map((p) => ({ key: p.key, model: p.model, taskId: p.taskId, task: p.task, condition: p.condition, repetition: p.repetition, messages: p.messages, raw: filler, status: 'ok' }));
  const field = d.continues !== undefined ? 'continues' : 'evaluates';
  return planFor(validateSpec({ ...d, [field]: sources }));
}
