import { validateSpec } from '../experiments/validate-spec';
import { expandPlan } from '../experiments/expand-plan';
import type { ExperimentSpec, Measure, ModelPrices, PlannedTrial } from '../model';
import { endpointIdentity } from '../model';
import { round } from './rows';
import { groupCalls } from '../runner/group-calls';

/** List prices in US$ per million tokens. */
export type Prices = ModelPrices;

/** Calls, tokens and cost of one experiment for one model, before it runs. */
export interface CostRow {
  readonly model: string;
  /** Requests: responses that share a request (`n` > 1) count once, as its prompt is paid once. */
  readonly calls: number;
  /** Responses (trials) the requests return. */
  readonly responses: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** US$ at the given prices, null when the model has no price. */
  readonly cost: number | null;
  /** US$ through the provider's Batch API (list price times the batch discount), null when the model has no price. */
  readonly batchCost: number | null;
}

/** What the Batch API charges relative to live calls (OpenAI: half price). */
export const BATCH_PRICE_FACTOR = 0.5;

/**
 * Estimates an experiment design before any call: the plan's calls per model, prompt tokens
 * counted with a real tokenizer (gpt-tokenizer, o200k as GPT-4o uses; up to 300 plans are
 * counted and the rest extrapolated), expected completion tokens per measure, and the cost at
 * `prices`, live and through the Batch API (`batchPriceFactor` of it, default half). A dependent design (continues/evaluates) is estimated from its `upstream` design,
 * with each upstream answer assumed to be of the expected length.
 */
export async function planCost(design: unknown, options: { prices?: Prices; upstream?: unknown; upstreamConditions?: readonly string[]; batchPriceFactor?: number } = {}): Promise<CostRow[]> {
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
