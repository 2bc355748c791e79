import type { EndpointIdentity, ExperimentSpec, PlannedTrial, SourceTrial } from '../model';
import { conversationTrials, dependentConversation, freshConversation, planContext } from './expand-plan';
import { NO_CONDITION } from './validate-spec';

/**
 * Trials read by position: `at(i)` builds the i-th alone, and its model and repetition are known
 * without building it (no prompt rendered, no key hashed).
 */
export interface TrialList<T> {
  readonly length: number;
  at(i: number): T;
  modelAt(i: number): string;
  repetitionAt(i: number): number;
}

/** Trials already in memory, as a TrialList. */
export function trialList<T extends { readonly model: string; readonly repetition: number }>(items: readonly T[]): TrialList<T> {
  return { length: items.length, at: (i) => items[i], modelAt: (i) => items[i].model, repetitionAt: (i) => items[i].repetition };
}

/**
 * `expandPlan(spec, endpoint)` read by position: `at(i)` is the plan's i-th trial (same key,
 * messages and parameters), made by expandPlan's own functions without making the others, so a
 * few trials of a plan of millions cost a few renderings. A dependent spec's source trials may be
 * given as a TrialList (e.g. another plan read by position) in place of `spec.from.trials`.
 */
export function indexedPlan(spec: ExperimentSpec, endpoint: EndpointIdentity, sources: TrialList<SourceTrial> = trialList(spec.from?.trials ?? [])): TrialList<PlannedTrial> {
  const context = planContext(spec, endpoint);
  const models = spec.models;
  if (!spec.from) {
    // expandPlan's loops: repetition, task, condition, model (the fastest).
    const conditions = spec.conditions ?? [NO_CONDITION];
    const perRepetition = spec.tasks.length * conditions.length * models.length;
    return {
      length: perRepetition * spec.repetitions,
      modelAt: (i) => models[i % models.length],
      repetitionAt: (i) => Math.floor(i / perRepetition) + 1,
      at(i) {
        const cell = Math.floor(i / models.length);
        const task = spec.tasks[Math.floor(cell / conditions.length) % spec.tasks.length];
        const condition = conditions[cell % conditions.length];
        const c = freshConversation(spec, context, task, condition, Math.floor(i / perRepetition) + 1);
        return conversationTrials(spec, context, c)[i % models.length];
      },
    };
  }
  // expandPlan's loops: repetition, source (those a `continue` spec's models take), then model.
  const continues = spec.from.mode === 'continue';
  const allowed = new Set(models);
  const taken = continues && models.length ? Array.from({ length: sources.length }, (_, s) => s).filter((s) => allowed.has(sources.modelAt(s))) : null;
  const sourceCount = taken ? taken.length : sources.length;
  const perSource = continues ? 1 : models.length;
  const perRepetition = sourceCount * perSource;
  const sourceOf = (i: number) => {
    const s = Math.floor(i / perSource) % sourceCount;
    return taken ? taken[s] : s;
  };
  return {
    length: perRepetition * spec.repetitions,
    modelAt: (i) => (continues ? sources.modelAt(sourceOf(i)) : models[i % perSource]),
    repetitionAt: (i) => (sources.repetitionAt(sourceOf(i)) - 1) * spec.repetitions + Math.floor(i / perRepetition) + 1,
    at(i) {
      const c = dependentConversation(spec, context, sources.at(sourceOf(i)), Math.floor(i / perRepetition) + 1);
      return conversationTrials(spec, context, c)[i % perSource];
    },
  };
}
