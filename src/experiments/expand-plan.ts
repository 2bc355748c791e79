import type { ChatMessage, Condition, Criterion, EndpointIdentity, ExperimentSpec, Measure, PlannedTrial, ResponseScale, SamplingParams, SourceTrial, Task } from '../model';
import { SIMULATED_ENDPOINT } from '../model';
import { seededRandom } from '../analysis/seeded-random';
import { renderPrompt, type PromptValues } from './render-prompt';
import { stableHash } from './stable-hash';
import { endpointSegment, withoutEndpoint } from './endpoint-key';
import { NO_CONDITION } from './validate-spec';
import { SameCall } from './same-call';

/** One conversation to have, before models are crossed in. */
export interface Conversation {
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

/** What every trial of one plan shares, worked out once per plan rather than per trial. */
export interface PlanContext {
  readonly measure: Measure;
  readonly simulation: ExperimentSpec['simulation'];
  readonly simulationHash: string;
  readonly endpointPart: string;
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
 * The conversations and their trials are made by the functions below, which `indexedPlan` also
 * uses to build one trial of the plan alone.
 */
export function expandPlan(spec: ExperimentSpec, endpoint: EndpointIdentity): PlannedTrial[] {
  const context = planContext(spec, endpoint);
  const plan: PlannedTrial[] = [];
  // With n > 1 the repetitions of one call share their messages (SameCall), and so their hash.
  const sameCall = new SameCall();
  const hashes: HashMemo = new WeakMap();
  const add = (c: Conversation) => {
    for (const trial of conversationTrials(spec, context, c, hashes)) plan.push(trial);
  };
  if (spec.from) {
    const allowed = new Set(spec.models);
    for (let r = 1; r <= spec.repetitions; r++) {
      for (const source of spec.from.trials) {
        if (spec.from.mode === 'continue' && spec.models.length && !allowed.has(source.model)) continue;
        add(dependentConversation(spec, source, r, (make) => sameCall.messages(r, callOf(spec, r), make)));
      }
    }
  } else {
    const conditions = spec.conditions ?? [NO_CONDITION];
    for (let repetition = 1; repetition <= spec.repetitions; repetition++) {
      const call = callOf(spec, repetition);
      for (const task of spec.tasks) {
        for (const condition of conditions) add(freshConversation(spec, context.measure, task, condition, repetition, (make) => sameCall.messages(repetition, call, make)));
      }
    }
  }
  return plan;
}

/** The measure, simulation and endpoint segment the trials of `spec` share at `endpoint`. */
export function planContext(spec: ExperimentSpec, endpoint: EndpointIdentity): PlanContext {
  // Simulation parameters matter only to the built-in simulated endpoint.
  const simulation = endpoint.baseURL === SIMULATED_ENDPOINT.baseURL ? spec.simulation : undefined;
  return {
    measure: spec.measure ?? { kind: 'rating' },
    simulation,
    simulationHash: simulation ? simulationHash(simulation) : '',
    endpointPart: endpointSegment(endpoint.baseURL),
  };
}

// A plan expanded in slices (and one built trial by trial) makes a context per slice: the
// simulation's hash, a JSON of every parameter, is worked out once per simulation object.
const simulationHashes = new WeakMap<object, string>();
function simulationHash(simulation: NonNullable<ExperimentSpec['simulation']>): string {
  let hash = simulationHashes.get(simulation);
  if (hash === undefined) simulationHashes.set(simulation, (hash = stableHash(JSON.stringify(simulation))));
  return hash;
}

/** The last key hash made for a messages array shared by the repetitions of one call. */
type HashMemo = WeakMap<readonly ChatMessage[], { seed: number | undefined; parentKey: string | null; hash: string }>;

/** How a conversation's messages are made: at once, or through a SameCall that shares them between the repetitions of one call. */
type MessagesOf = (make: () => ChatMessage[]) => ChatMessage[];
const madeNow: MessagesOf = (make) => make();

/** The planned trials of one conversation: one per model of the spec, or the one model that continues it. */
export function conversationTrials(spec: ExperimentSpec, context: PlanContext, c: Conversation, hashes?: HashMemo): PlannedTrial[] {
  const { measure, simulation, simulationHash, endpointPart } = context;
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
  // Shared messages with the same seed and source hash the same (the rest of the hashed text is the plan's own).
  const known = hashes?.get(c.messages);
  const hash = known !== undefined && known.seed === c.seed && known.parentKey === c.parentKey ? known.hash : stableHash(JSON.stringify([c.messages, params, spec.scale, measure.kind === 'rating' ? null : measure, simulationHash || null, ...evaluated]));
  hashes?.set(c.messages, { seed: c.seed, parentKey: c.parentKey, hash });
  return (c.model ? [c.model] : spec.models).map((model) => ({
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
  }));
}

/** The fresh conversation of one task and condition at one repetition of an independent spec. */
export function freshConversation(spec: ExperimentSpec, measure: Measure, task: Task, condition: Condition, repetition: number, messagesOf: MessagesOf = madeNow): Conversation {
  const call = callOf(spec, repetition);
  const seed = spec.seed !== undefined ? spec.seed + call - 1 : undefined;
  const messages = messagesOf(() => {
    const values: PromptValues = { ...task.vars, task: task.text, prefix: prefixFor(condition, measure, task), min: spec.scale.min, max: spec.scale.max };
    const criteria = criteriaValues(spec, `${task.id}|${condition.name}|${call}`);
    return opening(spec, renderPrompt(spec.prompt, { ...values, ...criteria }));
  });
  return { taskId: task.id, task: task.text, condition: condition.name, repetition, seed, parentKey: null, messages };
}

/**
 * The `r`-th conversation a dependent spec builds on one source trial (whether a `continue`
 * spec takes the source's model at all is the caller's to check).
 */
export function dependentConversation(spec: ExperimentSpec, source: SourceTrial, r: number, messagesOf: MessagesOf = madeNow): Conversation {
  const mode = spec.from!.mode;
  const repetition = (source.repetition - 1) * spec.repetitions + r;
  const seed = spec.seed !== undefined ? spec.seed + callOf(spec, repetition) - 1 : undefined;
  const messages = messagesOf((): ChatMessage[] => {
    const values = { task: source.task, answer: source.raw, prefix: '', min: spec.scale.min, max: spec.scale.max, ...criteriaValues(spec, `${withoutEndpoint(source.key)}|${callOf(spec, r)}`) };
    const prompt = renderPrompt(spec.prompt, values);
    return mode === 'continue' ? [...source.messages, { role: 'assistant', content: source.raw }, { role: 'user', content: prompt }] : opening(spec, prompt);
  });
  const base = { taskId: source.taskId, task: source.task, condition: source.condition, repetition, seed, parentKey: source.key };
  return mode === 'continue' ? { ...base, model: source.model, messages } : { ...base, messages };
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
