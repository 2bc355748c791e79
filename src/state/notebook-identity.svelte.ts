import type { Cell, CellId, Endpoint, EndpointBaseURLs, EndpointIdentity, ExperimentSpec, SlimTrial } from '../model';
import { endpointIdentity, SIMULATED_ENDPOINT } from '../model';
import { expandPlan } from '../experiments/expand-plan';
import { expandPlanInChunks } from '../experiments/expand-plan-chunked';
import { planSize } from '../experiments/plan-size';
import { planFacts, type PlanFacts } from '../experiments/plan-facts';
import { TrialSplitter } from './split-trials';
import type { CellState } from './cell-state.svelte';
import type { SandboxClient } from './sandbox-client';
import { endpointBaseURLs } from './endpoint-identities';
import { upstreamExperiments } from './upstream-experiments';

/** What the endpoint identity of a notebook's trials needs from the notebook. */
export interface IdentityHost {
  cells(): readonly Cell[];
  endpoints(): readonly Endpoint[];
  cellState(id: CellId): CellState;
  readonly trials: ReadonlyMap<CellId, readonly SlimTrial[]>;
  /** The names each cell reads (reactive), for what reads an experiment transitively. */
  readonly inputs: ReadonlyMap<CellId, readonly string[]>;
  sandbox(): SandboxClient | null;
}

/** An experiment cell's stored trials: those of its current plan, and the rest (kept, browsable, never analysed). */
export interface CellTrials {
  readonly current: readonly SlimTrial[];
  readonly others: readonly SlimTrial[];
  /** True while a large plan is still being expanded: its trials are not sorted into current and other yet (both empty). */
  readonly expanding?: boolean;
}

/**
 * Plans of more calls than this are expanded on the page in slices between which the page
 * breathes, not in one task: the study's designs at full size (28,710 calls each, rendered and
 * hashed) held the page's main thread for 8 s when they were expanded at once on opening.
 */
export const PLAN_SYNC_CALLS = 1_000;

/**
 * Which endpoint each experiment cell's plan is for, resolved on the page (names to base URLs,
 * never keys), and what follows: the current plan, the trials that answer it versus other
 * trials of the cell, and which cells show simulated data.
 */
export class NotebookIdentity {
  /** Normalised base URL per endpoint name, as last sent to the sandbox. */
  baseURLs = $state.raw<EndpointBaseURLs>({});

  constructor(readonly host: IdentityHost) {}

  /** Resolves names again (endpoints added, edited or deleted; trials loaded) and tells the sandbox when that changed anything. */
  sync(force = false): void {
    const next = endpointBaseURLs(this.host.endpoints(), this.host.trials.values());
    if (!force && JSON.stringify(next) === JSON.stringify(this.baseURLs)) return;
    this.baseURLs = next;
    this.host.sandbox()?.setEndpoints(next);
  }

  /** The endpoint an experiment named `name` is for. */
  of(name: string): EndpointIdentity {
    return endpointIdentity(name, this.baseURLs);
  }

  // Every figure's facts, the experiment panel and "run all" ask for the same plans and trials:
  // expanded and matched once per design (and endpoint) and per stored trials, not on every ask.
  // Only the plan's facts are kept (keys, counts, the preview's calls), not its calls' messages.
  // A plan still being expanded in slices is there with `plan: null`.
  readonly #plans = new WeakMap<ExperimentSpec, { baseURL: string; plan: PlanFacts | null }>();
  /** Bumped when a sliced expansion ends, so that whatever read a plan that was still expanding reads it again. */
  #expanded = $state(0);

  /**
   * The facts of the cell's current plan (its keys, counts and preview); null while it has no
   * valid design, or while a large one is being expanded (see `expanding`; readers are told
   * again when it is ready).
   */
  plan(id: CellId): PlanFacts | null {
    const spec = this.host.cellState(id).spec;
    if (!spec) return null;
    const identity = this.of(spec.endpoint);
    const known = this.#plans.get(spec);
    if (known?.baseURL === identity.baseURL) {
      if (!known.plan) void this.#expanded;
      return known.plan;
    }
    if (planSize(spec) <= PLAN_SYNC_CALLS) {
      const plan = planFacts(expandPlan(spec, identity));
      this.#plans.set(spec, { baseURL: identity.baseURL, plan });
      return plan;
    }
    this.#plans.set(spec, { baseURL: identity.baseURL, plan: null });
    void this.#expanded;
    void this.#expandInSlices(id, spec, identity);
    return null;
  }

  /** True while the cell's current design is being expanded in slices (its trials not yet split). */
  expanding(id: CellId): boolean {
    const spec = this.host.cellState(id).spec;
    return spec !== null && this.plan(id) === null;
  }

  async #expandInSlices(id: CellId, spec: ExperimentSpec, identity: EndpointIdentity): Promise<void> {
    // The design may change (or the notebook close) while it is expanded: then stop, and leave it for whoever asks again.
    const stale = () => this.host.cellState(id).spec !== spec || this.of(spec.endpoint).baseURL !== identity.baseURL;
    const pause = () => new Promise<void>((resolve, reject) => setTimeout(() => (stale() ? reject(new StaleDesign()) : resolve()), 0));
    try {
      const plan = await expandPlanInChunks(spec, identity, pause, 10);
      this.#plans.set(spec, { baseURL: identity.baseURL, plan: planFacts(plan) });
    } catch (error) {
      this.#plans.delete(spec);
      if (!(error instanceof StaleDesign)) throw error;
      return;
    }
    this.#expanded++;
  }

  /** The cell's trials of its current plan (latest outcome per key), and every other stored trial of it; `plan` when the caller has it already. */
  trials(id: CellId, plan: PlanFacts | null = this.plan(id)): CellTrials {
    const all = this.host.trials.get(id) ?? [];
    if (!plan) return this.expanding(id) ? { current: [], others: [], expanding: true } : { current: [], others: all };
    let splitter = this.#splitters.get(id);
    if (!splitter) this.#splitters.set(id, (splitter = new TrialSplitter()));
    return splitter.split(all, plan.keys);
  }

  // Plain on purpose: a cache of the last split per cell, not state.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #splitters = new Map<CellId, TrialSplitter>();

  /** How many calls of the cell's current plan have no outcome yet (what a run would send), or null without a design. */
  pendingCalls(id: CellId): number | null {
    const spec = this.host.cellState(id).spec;
    if (!spec) return null;
    const stored = this.host.trials.get(id);
    const known = this.#pending.get(spec);
    if (known && known.stored === stored) return known.count;
    const plan = this.plan(id);
    // Until a large plan is expanded, every call of it counts as still to send.
    if (!plan) return planSize(spec);
    const count = plan.keys.length - this.trials(id, plan).current.filter((t) => t.status !== 'failed').length;
    this.#pending.set(spec, { stored, count });
    return count;
  }

  // Expanding a large plan is not free; "run all" asks on every progress update while the design and the trials stay the same.
  readonly #pending = new WeakMap<object, { stored: readonly SlimTrial[] | undefined; count: number }>();

  /** True when the cell is an experiment on the simulated participant, or reads one (directly or through other cells). */
  simulated(id: CellId): boolean {
    const cells = this.host.cells();
    const onSimulated = (cellId: CellId) => {
      const spec = this.host.cellState(cellId).spec;
      return spec !== null && this.of(spec.endpoint).baseURL === SIMULATED_ENDPOINT.baseURL;
    };
    const cell = cells.find((c) => c.id === id);
    if (cell?.kind === 'experiment' && onSimulated(id)) return true;
    return upstreamExperiments(cells, this.host.inputs, id).some(onSimulated);
  }
}

/** A sliced expansion given up because its design changed meanwhile. */
class StaleDesign extends Error {}
