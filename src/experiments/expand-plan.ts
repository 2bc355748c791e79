import type { ChatMessage, Condition, EndpointIdentity, ExperimentSpec, Measure, PlannedTrial, SamplingParams, SourceTrial, Task } from '../model';
import { SIMULATED_ENDPOINT } from '../model';
import { filledPieces, renderPrompt, type PromptValues } from './render-prompt';
import { MessagesJson, type ValueParts } from './messages-json';
import { criteriaValues } from './criteria-values';
import { stableHash } from './stable-hash';
import { stableHashOfPieces } from './hash-pieces';
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
  /** JSON.stringify(messages) in pieces (MessagesJson), what the key hashes. */
  readonly json: readonly (string | Uint16Array)[];
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
  /** Repeated texts, escaped once for the keys' hashes. */
  readonly json: MessagesJson;
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
  const sameCall = new SameCall<Made>();
  const hashes: HashMemo = new WeakMap();
  const add = (c: Conversation) => {
    for (const trial of conversationTrials(spec, context, c, hashes)) plan.push(trial);
  };
  if (spec.from) {
    const allowed = new Set(spec.models);
    for (let r = 1; r <= spec.repetitions; r++) {
      for (const source of spec.from.trials) {
        if (spec.from.mode === 'continue' && spec.models.length && !allowed.has(source.model)) continue;
        add(dependentConversation(spec, context, source, r, (make) => sameCall.messages(r, callOf(spec, r), make)));
      }
    }
  } else {
    const conditions = spec.conditions ?? [NO_CONDITION];
    for (let repetition = 1; repetition <= spec.repetitions; repetition++) {
      const call = callOf(spec, repetition);
      for (const task of spec.tasks) {
        for (const condition of conditions) add(freshConversation(spec, context, task, condition, repetition, (make) => sameCall.messages(repetition, call, make)));
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
    json: MESSAGES_JSON,
  };
}

const MESSAGES_JSON = new MessagesJson();

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

/** A conversation's messages, and their JSON in pieces. */
interface Made {
  readonly messages: ChatMessage[];
  readonly json: readonly (string | Uint16Array)[];
}

/** How a conversation's messages are made: at once, or through a SameCall that shares them between the repetitions of one call. */
type MessagesOf = (make: () => Made) => Made;
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
  // The text hashed is JSON.stringify([messages, params, scale, measure, simulation, ...evaluated]), the messages' part in pieces.
  const hash = known !== undefined && known.seed === c.seed && known.parentKey === c.parentKey ? known.hash : stableHashOfPieces(['[', ...c.json, ',', JSON.stringify([params, spec.scale, measure.kind === 'rating' ? null : measure, simulationHash || null, ...evaluated]).slice(1)]);
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
export function freshConversation(spec: ExperimentSpec, context: PlanContext, task: Task, condition: Condition, repetition: number, messagesOf: MessagesOf = madeNow): Conversation {
  const call = callOf(spec, repetition);
  const seed = spec.seed !== undefined ? spec.seed + call - 1 : undefined;
  const { messages, json } = messagesOf(() => {
    const values: PromptValues = { ...task.vars, task: task.text, prefix: prefixFor(condition, context.measure, task), min: spec.scale.min, max: spec.scale.max };
    const criteria = criteriaValues(spec, `${task.id}|${condition.name}|${call}`);
    return opening(spec, context.json, { ...values, ...criteria.values }, criteria.parts);
  });
  return { taskId: task.id, task: task.text, condition: condition.name, repetition, seed, parentKey: null, messages, json };
}

/**
 * The `r`-th conversation a dependent spec builds on one source trial (whether a `continue`
 * spec takes the source's model at all is the caller's to check).
 */
export function dependentConversation(spec: ExperimentSpec, context: PlanContext, source: SourceTrial, r: number, messagesOf: MessagesOf = madeNow): Conversation {
  const mode = spec.from!.mode;
  const repetition = (source.repetition - 1) * spec.repetitions + r;
  const seed = spec.seed !== undefined ? spec.seed + callOf(spec, repetition) - 1 : undefined;
  const { messages, json } = messagesOf((): Made => {
    const criteria = criteriaValues(spec, `${withoutEndpoint(source.key)}|${callOf(spec, r)}`);
    const values = { task: source.task, answer: source.raw, prefix: '', min: spec.scale.min, max: spec.scale.max, ...criteria.values };
    const parts = { ...criteria.parts, answer: null };
    if (mode !== 'continue') return opening(spec, context.json, values, parts);
    const pieces = filledPieces(spec.prompt, values);
    const json: (string | Uint16Array)[] = ['['];
    for (const m of source.messages) json.push(context.json.message(m), ',');
    json.push(context.json.text('assistant', source.raw), ',', ...context.json.prompt('user', pieces, values, parts), ']');
    return { messages: [...source.messages, { role: 'assistant', content: source.raw }, { role: 'user', content: renderPrompt(spec.prompt, values) }], json };
  });
  const base = { taskId: source.taskId, task: source.task, condition: source.condition, repetition, seed, parentKey: source.key, json };
  return mode === 'continue' ? { ...base, model: source.model, messages } : { ...base, messages };
}

/** Which call (1, 2 …) a repetition belongs to when `n` responses come from one request. */
function callOf(spec: ExperimentSpec, repetition: number): number {
  return Math.ceil(repetition / Math.max(1, spec.n ?? 1));
}

/** A fresh conversation's messages (the system message, then the prompt) and their JSON; `parts` as MessagesJson.prompt. */
function opening(spec: ExperimentSpec, json: MessagesJson, values: PromptValues, parts: ValueParts): Made {
  const pieces = filledPieces(spec.prompt, values);
  const prompt = renderPrompt(spec.prompt, values);
  const user = json.prompt('user', pieces, values, parts);
  if (!spec.system) return { messages: [{ role: 'user', content: prompt }], json: ['[', ...user, ']'] };
  return { messages: [{ role: 'system', content: spec.system }, { role: 'user', content: prompt }], json: ['[', json.text('system', spec.system), ',', ...user, ']'] };
}

/** The choice wording names the manipulated task; other measures use the plain prefix. */
function prefixFor(condition: Condition, measure: Measure, task: Task): string {
  if (measure.kind === 'choice' && condition.choicePrefix !== undefined) return renderPrompt(condition.choicePrefix, { target: task.vars?.target ?? 'TASK 1' });
  return condition.prefix;
}
