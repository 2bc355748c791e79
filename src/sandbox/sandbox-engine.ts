import type { EndpointBaseURLs, ExperimentSpec } from '../model';
import { endpointIdentity } from '../model';
import { CellGraph } from '../runtime/cell-graph';
import type { CellError } from '../runtime/cell-error';
import { trialTable } from '../experiments/trial-table';
import { ColumnTrials } from '../experiments/column-trials';
import { PlanCache, type PlanIndex } from '../experiments/plan-cache';
import { cellDefinition } from './cell-definition';
import type { CellErrorData, FromSandbox, SandboxAsk, ToSandbox } from './protocol';
import { plainValue, valueView } from './value-view';

/** Asks the page for what the sandbox cannot do itself (network), answered by message. */
export type AskPage = (ask: SandboxAsk) => Promise<unknown>;

/**
 * The notebook's cell graph as it lives in the sandbox: it evaluates cell code, holds the
 * trials the page sends, and speaks to the page only in `FromSandbox` messages (views of
 * values, errors, experiment specs).
 */
export class SandboxEngine {
  /** The cell whose code starts next waits for this: one at a time (see define). */
  #turn: Promise<void> = Promise.resolve();
  readonly #graph = new CellGraph();
  /** Each experiment cell's trials as columns, and a count of the batches received (its table's version). */
  readonly #trials = new Map<string, { readonly columns: ColumnTrials; batches: number }>();
  /** Each experiment cell's last design and its plan, and the table it made last (see #experimentValue). */
  readonly #plans = new Map<string, PlanCache>();
  readonly #tables = new Map<string, { readonly plan: PlanIndex; readonly batches: number; readonly fields: string; readonly table: unknown }>();
  /** Experiment cells whose current design the page has been told (it forgets it when the cell fails). */
  readonly #specSaid = new Set<string>();
  readonly #values = new Map<string, unknown>();
  readonly #ids = new Map<string, string>();
  #names = new Set<string>();
  #baseURLs: EndpointBaseURLs = {};
  /** Experiment cells, which recompute when the endpoints change. */
  readonly #experiments = new Set<string>();
  readonly #asks = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  #nextAsk = 1;
  readonly #scope: Readonly<Record<string, unknown>>;

  constructor(
    readonly post: (message: FromSandbox) => void,
    makeScope: (ask: AskPage) => Readonly<Record<string, unknown>>,
  ) {
    this.#scope = makeScope((ask) => this.#ask(ask));
  }

  /** Handles one message from the page. */
  handle(m: ToSandbox): void {
    switch (m.type) {
      case 'define':
        this.#names = new Set(m.names);
        this.#ids.set(m.cell.name, m.id);
        // A redefined cell may be a new cell on the page, with no design yet.
        this.#specSaid.delete(m.id);
        this.#define(m.id, m);
        return;
      case 'delete':
        this.#experiments.delete(m.id);
        this.#values.delete(m.id);
        this.#trials.delete(m.id);
        this.#plans.delete(m.id);
        this.#tables.delete(m.id);
        this.#specSaid.delete(m.id);
        this.#graph.delete(m.id);
        return;
      case 'trials': {
        // Appended as a batch of columns: a live run sends only its new trials.
        const kept = this.#trials.get(m.id);
        const stored = m.replace || !kept ? { columns: new ColumnTrials(), batches: (kept?.batches ?? 0) + 1 } : kept;
        if (stored === kept) stored.batches++;
        stored.columns.append(m.columns);
        this.#trials.set(m.id, stored);
        this.#graph.invalidate(m.id);
        return;
      }
      case 'endpoints':
        this.#baseURLs = m.baseURLs;
        for (const id of this.#experiments) this.#graph.invalidate(id);
        return;
      case 'settle':
        void this.#graph.settled(settleIds(m.ids)).then(() => this.post({ type: 'settled', requestId: m.requestId }));
        return;
      case 'inspect': {
        const id = this.#ids.get(m.name);
        this.post({ type: 'inspected', requestId: m.requestId, value: id === undefined ? null : plainValue(this.#values.get(id)) });
        return;
      }
      case 'ping':
        this.post({ type: 'pong', seq: m.seq });
        return;
      case 'answer': {
        const pending = this.#asks.get(m.requestId);
        this.#asks.delete(m.requestId);
        if (m.ok) pending?.resolve(m.value);
        else pending?.reject(new Error(m.error));
        return;
      }
      default:
        return assertNeverMessage(m);
    }
  }

  #define(id: string, m: Extract<ToSandbox, { type: 'define' }>): void {
    if (m.cell.kind === 'experiment') this.#experiments.add(id);
    else this.#experiments.delete(id);
    const host = {
      scope: this.#scope,
      // A cell's name wins over a global of the same name (name, status …).
      isGlobal: (name: string) => !this.#names.has(name) && name in globalThis,
      experimentValue: (spec: ExperimentSpec) => this.#experimentValue(id, spec),
    };
    const defined = cellDefinition(m.cell, host);
    // Said before the code runs: if it never returns (a loop, out of memory), the page knows which cell.
    const definition = {
      ...defined,
      compute: (...args: Parameters<typeof defined.compute>) => {
        // One cell at a time says it starts, then its code runs in the next task: a message leaves
        // only when its task ends, and the word must leave before code that may never return, and
        // be the last word if it does not.
        const started = this.#turn.then(async () => {
          this.post({ type: 'running', id });
          await tellPageRunning(id);
          return { result: defined.compute(...args) };
        });
        this.#turn = started.then(() => undefined, () => undefined);
        return started.then((r) => r.result);
      },
    };
    this.post({ type: 'inputs', id, names: definition.inputs });
    this.#graph.define(id, definition, {
      pending: () => this.post({ type: 'pending', id }),
      fulfilled: (value) => {
        this.#values.set(id, value);
        this.post({ type: 'fulfilled', id, view: valueView(value) });
      },
      rejected: (error) => {
        this.#values.delete(id);
        // The page drops a failed cell's design: the next one, even if the same, must be said again.
        this.#specSaid.delete(id);
        this.post({ type: 'rejected', id, error: errorData(error) });
      },
    });
  }

  /**
   * An experiment cell's value: the table of the trials of its current plan, for the endpoint the
   * spec names now (trials of an earlier design, model list or endpoint stay stored but are never
   * mixed in). A design the same as last time is not said to the page again (a dependent one
   * embeds the upstream table's rows), nor expanded again; with the same trials too, the table is
   * the one made last (readers that cache by table, like rowsOf, keep their work).
   */
  #experimentValue(id: string, spec: ExperimentSpec): unknown {
    let plans = this.#plans.get(id);
    if (!plans) this.#plans.set(id, (plans = new PlanCache()));
    const same = plans.note(spec);
    if (!same || !this.#specSaid.has(id)) {
      this.post({ type: 'spec', id, spec: structuredClone(spec) });
      this.#specSaid.add(id);
    }
    const trials = this.#trials.get(id);
    const fields = spec.measure?.kind === 'json' ? spec.measure.fields : [];
    // No trials yet, nothing to match: a design of millions of calls is not expanded for nothing.
    if (!trials?.columns.length) return trialTable([], fields);
    const plan = plans.plan(endpointIdentity(spec.endpoint, this.#baseURLs));
    const fieldsKey = JSON.stringify(fields);
    const last = this.#tables.get(id);
    if (last && last.plan === plan && last.batches === trials.batches && last.fields === fieldsKey) return last.table;
    // The trials come without messages; a trial's key hashes its messages, so the plan's are the same.
    const table = trials.columns.table(trials.columns.current(plan.order), fields, (key) => {
      const at = plan.order.get(key);
      return at === undefined ? null : plan.messages[at];
    });
    this.#tables.set(id, { plan, batches: trials.batches, fields: fieldsKey, table });
    return table;
  }

  #ask(ask: SandboxAsk): Promise<unknown> {
    const requestId = this.#nextAsk++;
    return new Promise((resolve, reject) => {
      this.#asks.set(requestId, { resolve, reject });
      this.post({ type: 'ask', requestId, ask });
    });
  }
}

function errorData(error: CellError): CellErrorData {
  return { message: error.message, kind: error.kind, line: error.line, column: error.column };
}

function assertNeverMessage(m: never): never {
  throw new Error(`Unknown message to the sandbox: ${JSON.stringify(m)}`);
}

/**
 * Also says "running" straight to the page (the relay frame's parent) and waits for the page to
 * answer: the relay frame may share this frame's thread, so a loop here would hold the relay and
 * the word with it, and a message leaves only once its task ends. The page takes the word only
 * from this frame and only as a cell id it knows (iframe-transport.ts, SandboxGate); forged by
 * cell code, it could at worst name the wrong cell as the one that stopped the sandbox.
 */
function tellPageRunning(id: string): Promise<void> {
  const page = typeof window === 'undefined' ? null : window.parent?.parent;
  if (!page || page === window.parent || page === window) return Promise.resolve();
  return new Promise((resolve) => {
    const heard = (e: MessageEvent) => {
      if (e.source !== page || (e.data as { motivelabHeard?: unknown } | null)?.motivelabHeard !== id) return;
      window.removeEventListener('message', heard);
      clearTimeout(timer);
      resolve();
    };
    // Never wait long on a page that does not answer (e.g. one that is closing).
    const timer = setTimeout(() => (window.removeEventListener('message', heard), resolve()), 1000);
    window.addEventListener('message', heard);
    page.postMessage({ motivelabRunning: id }, '*');
  });
}

/** The cells a `settle` names: an array of strings, or undefined (every cell) for anything else. */
function settleIds(ids: unknown): readonly string[] | undefined {
  return Array.isArray(ids) && ids.every((id) => typeof id === 'string') ? ids : undefined;
}
