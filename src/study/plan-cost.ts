import { NO_CONDITION, validateSpec } from '../experiments/validate-spec';
import { indexedPlan, type TrialList } from '../experiments/indexed-plan';
import type { ExperimentSpec, Measure, ModelPrices, PlannedTrial, SourceTrial } from '../model';
import { endpointIdentity } from '../model';
import { round } from './rows';
import { planCalls } from '../runner/plan-calls';

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
 * with each upstream answer assumed to be of the expected length. The plan is not expanded: the
 * calls are counted from the design's shape and only the sampled calls' prompts are made
 * (runner/plan-calls.ts), the same figures as grouping the whole plan would give.
 */
export async function planCost(design: unknown, options: { prices?: Prices; upstream?: unknown; upstreamConditions?: readonly string[]; batchPriceFactor?: number } = {}): Promise<CostRow[]> {
  return costOf(planOf(design, options), options);
}

/**
 * planCost for a design already validated (the spec a run is about to send, a dependent design
 * with its source trials in `from`): validating it again as raw input would refuse it (a choice
 * task's pair is in `vars`; `from` is no design field), and a caller that reads a refusal as
 * "no cost" would let a spend limit through.
 */
export async function specCost(spec: ExperimentSpec, options: { prices?: Prices; batchPriceFactor?: number } = {}): Promise<CostRow[]> {
  return costOf({ spec, plan: indexedPlan(spec, endpointIdentity(spec.endpoint, {})) }, options);
}

async function costOf({ spec, plan }: { spec: ExperimentSpec; plan: TrialList<PlannedTrial> }, options: { prices?: Prices; batchPriceFactor?: number }): Promise<CostRow[]> {
  const { countTokens } = await import('gpt-tokenizer');
  const calls = planCalls(spec, plan);
  const expected = expectedOutput(spec.measure ?? { kind: 'rating' }, spec.maxTokens);
  const total = [...calls.perModel.values()].reduce((s, m) => s + m.calls, 0);
  // Every k-th call of each model is counted (per model, so no model is skipped by the stride).
  const stride = Math.max(1, Math.ceil(total / 300));
  // Sampled calls repeat messages (a continued conversation's answer and question): each text is counted once.
  const counted = new Map<string, number>();
  const tokensOf = (text: string) => counted.get(text) ?? counted.set(text, countTokens(text)).get(text)!;
  const sampled = new Map<string, { calls: number; tokens: number }>();
  for (const p of calls.everyNth(stride)) {
    const m = sampled.get(p.model) ?? { calls: 0, tokens: 0 };
    sampled.set(p.model, m);
    m.calls += 1;
    m.tokens += 4 + p.messages.reduce((s, msg) => s + 4 + tokensOf(msg.content), 0);
  }
  return [...calls.perModel].map(([model, m]) => {
    const sample = sampled.get(model);
    const promptTokens = Math.round(sample ? (sample.tokens / sample.calls) * m.calls : 0);
    const completion = m.responses * expected;
    const price = options.prices?.[model];
    const exact = price ? (promptTokens * price.input + completion * price.output) / 1e6 : null;
    const cost = exact === null ? null : round(exact, 4);
    const batchCost = exact === null ? null : round(exact * (options.batchPriceFactor ?? BATCH_PRICE_FACTOR), 4);
    return { model, calls: m.calls, responses: m.responses, promptTokens, completionTokens: Math.round(completion), cost, batchCost };
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

/**
 * The design's spec and its plan read by position. A dependent design with an `upstream` reads
 * its source trials from the upstream's plan (those of `upstreamConditions`), each answered at
 * the expected length, without making the sources it does not sample.
 */
function planOf(design: unknown, options: { upstream?: unknown; upstreamConditions?: readonly string[] }): { spec: ExperimentSpec; plan: TrialList<PlannedTrial> } {
  const d = design as Record<string, unknown>;
  // Calls and tokens do not depend on which endpoint answers: the plans are for the name as given.
  const planFor = (spec: ExperimentSpec, sources?: TrialList<SourceTrial>) => indexedPlan(spec, endpointIdentity(spec.endpoint, {}), sources);
  if (!options.upstream || (d.continues === undefined && d.evaluates === undefined)) {
    const spec = validateSpec(design);
    return { spec, plan: planFor(spec) };
  }
  const up: ExperimentSpec = validateSpec(options.upstream);
  const answerTokens = expectedOutput(up.measure ?? { kind: 'rating' }, up.maxTokens);
  const filler = 'word '.repeat(Math.round(answerTokens * 0.75));
  const upstream = planFor(onlyConditions(up, options.upstreamConditions));
  const sources: TrialList<SourceTrial> = {
    length: upstream.length,
    modelAt: upstream.modelAt,
    repetitionAt: upstream.repetitionAt,
    at(i) {
      const p = upstream.at(i);
      return { key: p.key, model: p.model, taskId: p.taskId, task: p.task, condition: p.condition, repetition: p.repetition, messages: p.messages, raw: filler };
    },
  };
  const field = d.continues !== undefined ? 'continues' : 'evaluates';
  // The sources are given apart: validating the design checks its own fields, not theirs.
  const spec = validateSpec({ ...d, [field]: [] });
  return { spec, plan: planFor(spec, sources) };
}

/** The spec whose plan is `spec`'s trials of the named conditions only, in the same order with the same keys. */
function onlyConditions(spec: ExperimentSpec, names: readonly string[] | undefined): ExperimentSpec {
  if (!names) return spec;
  if (spec.from) return { ...spec, from: { ...spec.from, trials: spec.from.trials.filter((t) => names.includes(t.condition)) } };
  return { ...spec, conditions: (spec.conditions ?? [NO_CONDITION]).filter((c) => names.includes(c.name)) };
}
