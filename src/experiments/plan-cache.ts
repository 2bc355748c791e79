import type { ChatMessage, EndpointIdentity, ExperimentSpec, SourceTrial } from '../model';
import { expandPlan } from './expand-plan';

/** What an experiment cell's table needs of its plan: each key's place, and each place's messages. */
export interface PlanIndex {
  readonly order: ReadonlyMap<string, number>;
  readonly messages: readonly (readonly ChatMessage[])[];
}

/**
 * One experiment cell's design and its expanded plan, kept while the design stays the same. An
 * input change recomputes every cell that reads it, but most designs come out the same: their
 * plan (hundreds of thousands of trials, each key a hash over its messages) is not expanded
 * again. "The same" is by content, cheaply: the spec as JSON except a dependent design's source
 * trials (the upstream table's rows, which would cost as much to serialise as to expand), which
 * are compared field by field, their messages by identity first (an unchanged upstream table
 * hands out the same message arrays).
 */
export class PlanCache {
  #spec: ExperimentSpec | null = null;
  #rest = '';
  #plan: { endpoint: string; index: PlanIndex } | null = null;

  /** Notes the design a cell evaluated to; true when it is the design noted last. */
  note(spec: ExperimentSpec): boolean {
    const rest = restOf(spec);
    const same = this.#spec !== null && rest === this.#rest && sameSources(this.#spec.from?.trials, spec.from?.trials);
    if (!same) {
      this.#rest = rest;
      this.#plan = null;
    }
    // The newest spec is kept either way: its sources are the ones a next compare meets by identity.
    this.#spec = spec;
    return same;
  }

  /** The plan of the design noted last, for this endpoint: expanded only when either changed. */
  plan(endpoint: EndpointIdentity): PlanIndex {
    if (!this.#spec) throw new Error('PlanCache.plan before a design was noted');
    const at = JSON.stringify(endpoint);
    if (this.#plan?.endpoint === at) return this.#plan.index;
    const plan = expandPlan(this.#spec, endpoint);
    const order = new Map<string, number>();
    const messages: (readonly ChatMessage[])[] = new Array(plan.length);
    for (let i = 0; i < plan.length; i++) {
      order.set(plan[i].key, i);
      messages[i] = plan[i].messages;
    }
    this.#plan = { endpoint: at, index: { order, messages } };
    return this.#plan.index;
  }
}

function restOf(spec: ExperimentSpec): string {
  const { from, ...rest } = spec;
  return JSON.stringify([rest, from?.mode ?? null, from?.trials.length ?? 0]);
}

function sameSources(a: readonly SourceTrial[] | undefined, b: readonly SourceTrial[] | undefined): boolean {
  if (!a || !b) return a === b;
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x.key !== y.key || x.raw !== y.raw || x.model !== y.model || x.taskId !== y.taskId || x.task !== y.task || x.condition !== y.condition || x.repetition !== y.repetition) return false;
    if (x.messages !== y.messages && !sameMessages(x.messages, y.messages)) return false;
  }
  return true;
}

function sameMessages(a: readonly ChatMessage[], b: readonly ChatMessage[]): boolean {
  return a.length === b.length && a.every((m, i) => m === b[i] || JSON.stringify(m) === JSON.stringify(b[i]));
}
