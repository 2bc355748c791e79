/**
 * The plan expansion as it was before it was made faster (expand-plan.ts, render-prompt.ts and
 * stable-hash.ts at 26706cd), kept verbatim as the oracle the faster code must match key for key,
 * message for message. Used by tests/experiments/expand-plan-equivalence.test.ts and the
 * expand-plan bench (before/after in one run).
 */
import type { ChatMessage, Condition, Criterion, EndpointIdentity, ExperimentSpec, Measure, PlannedTrial, ResponseScale, SamplingParams, Task } from '../../src/model';
import { normalizeBaseURL, SIMULATED_ENDPOINT } from '../../src/model';
import { seededRandom } from '../../src/analysis/seeded-random';
import { NO_CONDITION } from '../../src/experiments/validate-spec';

type PromptValues = Readonly<Record<string, string | number>>;

const PLACEHOLDER = /\{\{\s*([A-Za-z_]\w*)\s*\}\}/g;

function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/** renderPrompt at 26706cd. */
export function oldRenderPrompt(template: string, values: PromptValues): string {
  for (const name of placeholders(template)) {
    if (!(name in values)) throw new Error(`Unknown placeholder {{${name}}} in the prompt (available: ${Object.keys(values).map((k) => `{{${k}}}`).join(', ')})`);
  }
  let text = template;
  for (const [name, value] of Object.entries(values)) {
    if (value === '') text = text.replace(new RegExp(String.raw`^[ \t]*\{\{\s*${name}\s*\}\}[ \t]*\n(?:[ \t]*\n)?`, 'gm'), '');
  }
  return text.replace(PLACEHOLDER, (_, name: string) => String(values[name]));
}

/** stableHash at 26706cd. */
export function oldStableHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

const renderPrompt = oldRenderPrompt;
const stableHash = oldStableHash;
const endpointSegment = (baseURL: string) => `e${stableHash(normalizeBaseURL(baseURL))}`;
const withoutEndpoint = (key: string) => key.replace(/\|e[0-9a-f]{8}$/, '');

/** One conversation to have, before models are crossed in. */
interface Conversation {
  readonly taskId: string;
  readonly task: string;
  readonly condition: string;
  readonly repetition: number;
  readonly messages: ChatMessage[];
  readonly seed: number | undefined;
  readonly parentKey: string | null;
  /** Set for dependent trials: the one model that continues the conversation. */
  readonly model?: string;
}

/**
 * Every planned call of an experiment. Independent experiments cross model × task × condition ×
 * repetition, each a fresh conversation (optional system message, then the prompt); repetition
 * is the outer loop, then task, condition and model, so a partial run covers every task early.
 * Dependent experiments (`from`) plan `repetitions` calls per source trial: `continue` goes on
 * with the source's conversation and model; `evaluate` starts a fresh one per model reading
 * `{{answer}}`. Keys are `model|taskId|condition|rN|hash|endpoint`, the hash over messages,
 * sampling parameters, scale and measure (and the simulation, for the simulated endpoint), the
 * last segment a hash of the endpoint's normalised base URL (`endpoint`, resolved from the
 * spec's endpoint name by the caller): an unchanged spec for the same endpoint re-expands to the
 * same keys; an edited spec, or another endpoint, to new keys. With a `seed`, repetition N gets
 * `seed + N - 1`; judge criteria are shuffled per trial by a generator seeded from the key.
 * With `n` > 1, repetitions 1..n (then n+1..2n …) form one call: they share the seed and the
 * criteria order, so their messages and parameters are identical and one request serves them.
 */
/** expandPlan at 26706cd. */
export function oldExpandPlan(spec: ExperimentSpec, endpoint: EndpointIdentity): PlannedTrial[] {
  const measure: Measure = spec.measure ?? { kind: 'rating' };
  const conversations = spec.from ? dependentConversations(spec) : freshConversations(spec, measure);
  // Simulation parameters matter only to the built-in simulated endpoint.
  const simulation = endpoint.baseURL === SIMULATED_ENDPOINT.baseURL ? spec.simulation : undefined;
  const simulationHash = simulation ? stableHash(JSON.stringify(simulation)) : '';
  const endpointPart = endpointSegment(endpoint.baseURL);
  const plan: PlannedTrial[] = [];
  for (const c of conversations) {
    const params: SamplingParams = {
      ...(spec.temperature !== undefined && { temperature: spec.temperature }),
      ...(spec.maxTokens !== undefined && { maxTokens: spec.maxTokens }),
      ...(c.seed !== undefined && { seed: c.seed }),
      ...(spec.stop?.length && { stop: [...spec.stop] }),
      ...(spec.n !== undefined && spec.n > 1 && { n: spec.n }),
    };
    // An evaluation is of one source trial: two identical answers (from two models) are two trials.
    // The source's endpoint is left out: the source trials of one plan share it, and judge keys
    // stored before keys named endpoints keep matching once migrated.
    const evaluated = spec.from?.mode === 'evaluate' && c.parentKey !== null ? [withoutEndpoint(c.parentKey)] : [];
    const hash = stableHash(JSON.stringify([c.messages, params, spec.scale, measure.kind === 'rating' ? null : measure, simulationHash || null, ...evaluated]));
    for (const model of c.model ? [c.model] : spec.models) {
      plan.push({
        key: `${model}|${c.taskId}|${c.condition}|r${c.repetition}|${hash}|${endpointPart}`,
        model,
        taskId: c.taskId,
        task: c.task,
        condition: c.condition,
        repetition: c.repetition,
        messages: c.messages,
        params,
        scale: spec.scale,
        measure,
        parentKey: c.parentKey,
        ...(simulation && { simulation }),
      });
    }
  }
  return plan;
}

function freshConversations(spec: ExperimentSpec, measure: Measure): Conversation[] {
  const out: Conversation[] = [];
  const conditions = spec.conditions ?? [NO_CONDITION];
  for (let repetition = 1; repetition <= spec.repetitions; repetition++) {
    for (const task of spec.tasks) {
      for (const condition of conditions) {
        const values: PromptValues = { ...task.vars, task: task.text, prefix: prefixFor(condition, measure, task), min: spec.scale.min, max: spec.scale.max };
        const call = callOf(spec, repetition);
        const seed = spec.seed !== undefined ? spec.seed + call - 1 : undefined;
        const criteria = criteriaValues(spec, `${task.id}|${condition.name}|${call}`);
        out.push({ taskId: task.id, task: task.text, condition: condition.name, repetition, seed, parentKey: null, messages: opening(spec, renderPrompt(spec.prompt, { ...values, ...criteria })) });
      }
    }
  }
  return out;
}

function dependentConversations(spec: ExperimentSpec): Conversation[] {
  const { mode, trials } = spec.from!;
  const out: Conversation[] = [];
  const allowed = new Set(spec.models);
  for (let r = 1; r <= spec.repetitions; r++) {
    for (const source of trials) {
      if (mode === 'continue' && spec.models.length && !allowed.has(source.model)) continue;
      const repetition = (source.repetition - 1) * spec.repetitions + r;
      const seed = spec.seed !== undefined ? spec.seed + callOf(spec, repetition) - 1 : undefined;
      const values = { task: source.task, answer: source.raw, prefix: '', min: spec.scale.min, max: spec.scale.max, ...criteriaValues(spec, `${withoutEndpoint(source.key)}|${callOf(spec, r)}`) };
      const prompt = renderPrompt(spec.prompt, values);
      const base = { taskId: source.taskId, task: source.task, condition: source.condition, repetition, seed, parentKey: source.key };
      if (mode === 'continue') out.push({ ...base, model: source.model, messages: [...source.messages, { role: 'assistant', content: source.raw }, { role: 'user', content: prompt }] });
      else out.push({ ...base, messages: opening(spec, prompt) });
    }
  }
  return out;
}

/** Which call (1, 2 …) a repetition belongs to when `n` responses come from one request. */
function callOf(spec: ExperimentSpec, repetition: number): number {
  return Math.ceil(repetition / Math.max(1, spec.n ?? 1));
}

function opening(spec: ExperimentSpec, prompt: string): ChatMessage[] {
  return [...(spec.system ? [{ role: 'system' as const, content: spec.system }] : []), { role: 'user', content: prompt }];
}

/** The choice wording names the manipulated task; other measures use the plain prefix. */
function prefixFor(condition: Condition, measure: Measure, task: Task): string {
  if (measure.kind === 'choice' && condition.choicePrefix !== undefined) return renderPrompt(condition.choicePrefix, { target: task.vars?.target ?? 'TASK 1' });
  return condition.prefix;
}

/**
 * The criteria in a seeded shuffled order: `{{criteria}}` one per line and `{{format}}` every
 * JSON key; `{{criteriaSpaced}}` separated by blank lines and `{{formatElided}}` naming the first
 * two and the last key with `...` between, as the study's judge prompt did.
 */
function criteriaValues(spec: { criteria?: readonly Criterion[]; seed?: number; scale: ResponseScale }, salt: string): PromptValues {
  const criteria = spec.criteria;
  if (!criteria?.length) return {};
  const random = seededRandom(parseInt(stableHash(`${spec.seed ?? 0}|${salt}`), 16));
  const order = [...criteria];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return {
    criteria: order.map((c, i) => `${i + 1}. ${c.text}`).join('\n'),
    format: `{${order.map((c) => `"${c.name}": <${spec.scale.min}-${spec.scale.max}>`).join(', ')}}`,
    criteriaSpaced: order.map((c, i) => `${i + 1}. ${c.text}`).join('\n\n'),
    formatElided: `{${[...order.slice(0, 2).map(described), ...(order.length > 2 ? ['...'] : []), ...order.slice(Math.max(2, order.length - 1)).map(described)].join(', ')}}`,
  };
  function described(c: Criterion): string {
    return `"${c.name}": a number from ${spec.scale.min} to ${spec.scale.max}`;
  }
}
